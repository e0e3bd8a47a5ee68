/* zb-text-render.h: how every chart and slide puts a Pango layout on a cairo surface.
 *
 * On screen and in PNG files a layout is drawn as Pango draws it. In a PDF the fonts cairo would
 * embed are the whole Noto Sans CJK faces, whose 19 MB CFF table cairo copies and parses before
 * it keeps the few glyphs used; zb_text_render_pdf () first collects the glyphs a document
 * shows, subsets each face to them with HarfBuzz, and draws the same glyphs, at the same
 * positions and with the same text behind them, from the small faces.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* Draws @layout with its top-left corner at the current point of @cr, in the source of @cr. */
void zb_text_render_layout (cairo_t     *cr,
                            PangoLayout *layout);

G_END_DECLS
