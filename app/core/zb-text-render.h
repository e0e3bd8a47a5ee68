/* zb-text-render.h: how every chart and slide puts a Pango layout on a cairo surface.
 *
 * On screen and in PNG and SVG files a layout is drawn as Pango draws it. In a PDF, the fonts
 * cairo would embed are whole Noto Sans CJK faces: at the end of the document cairo copies and
 * parses each face's 19 MB CFF table to keep the few dozen glyphs used, some 15 ms a face.
 * zb_text_render_pdf () draws a document twice instead: the first pass only collects the glyphs
 * each face shows, HarfBuzz subsets each face to those glyphs (well under a millisecond), and the
 * second pass draws the same glyphs at the same positions, with the same text behind them for
 * search and copy, from the small faces. The PDF still embeds real CFF outlines.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "zb-pdf.h"

G_BEGIN_DECLS

/* Charts and slides lay their text out at one size, ZB_TEXT_REFERENCE_SIZE, and show it scaled
 * to its own: Pango has fontconfig sort the whole font list anew for every size it meets (about
 * a millisecond each), while with unhinted metrics (zb_theme_create_pango_context) text has the
 * same shape at every size, its extents scaling to within 0.01 px and its lines breaking alike. */
#define ZB_TEXT_REFERENCE_SIZE 20.0

/* The chart font (ZB_CHART_FONT_FAMILY) at the reference size, regular or bold: every chart and
 * slide text is set in one of the two, made once for the process. */
const PangoFontDescription *zb_text_reference_font (gboolean bold);

/* A sample of chart text (Chinese, Latin, digits, signs) in the reference font, laid out on
 * @context: laying it out in both weights has Pango choose and load every face a chart uses. */
PangoLayout *zb_text_sample_layout (PangoContext *context,
                                    gboolean      bold);
/* The same sample itemized and shaped on @context, not laid out: Pango's font sets are made and
 * HarfBuzz shapes, but no FreeType face is opened (cairo opens one when text is first measured),
 * so this may run while another thread opens faces. */
void         zb_text_sample_shape  (PangoContext *context,
                                    gboolean      bold);

/* The factor from @layout's size to the size it is shown at (1 unless set). */
void   zb_text_layout_set_scale   (PangoLayout *layout,
                                   double       scale);
double zb_text_layout_get_scale   (PangoLayout *layout);

/* The logical extents of @layout as shown, in user units. */
void   zb_text_layout_get_extents (PangoLayout *layout,
                                   double      *x,
                                   double      *y,
                                   double      *width,
                                   double      *height);

/* Draws @layout, scaled by its scale, with its top-left corner at the current point of @cr, in
 * the source of @cr. */
void zb_text_render_layout (cairo_t     *cr,
                            PangoLayout *layout);

/* Draws page @page of a document on @cr; it must draw the same thing each time it is called. */
typedef void (*ZbTextRenderPageFunc) (cairo_t  *cr,
                                      guint     page,
                                      gpointer  user_data);

/* Draws @n_pages pages into @surface, a PDF surface, with cairo_show_page () after each, and
 * finishes the surface. Returns the first error of the drawing or of the surface. */
cairo_status_t zb_text_render_pdf (cairo_surface_t      *surface,
                                   guint                 n_pages,
                                   ZbTextRenderPageFunc  draw_page,
                                   gpointer              user_data);

/* A PDF of @n_pages pages of @width × @height points with @info: written by zb-pdf when the
 * pages hold only what it writes (solid fills and strokes, clips, plain text in CID-keyed CFF
 * faces such as Noto Sans CJK), else drawn by zb_text_render_pdf (). NULL with @status set when
 * drawing fails. */
GBytes *zb_text_render_pdf_bytes (double                width,
                                  double                height,
                                  const ZbPdfInfo      *info,
                                  guint                 n_pages,
                                  ZbTextRenderPageFunc  draw_page,
                                  gpointer              user_data,
                                  cairo_status_t       *status);

/* What charts and slides paint with, in place of cairo_fill () and the rest: cairo's own unless
 * zb_text_render_pdf_bytes () is writing the page, which then goes to zb-pdf. Anything drawn
 * with cairo directly during that makes the document cairo's to draw. */
void zb_draw_fill             (cairo_t *cr);
void zb_draw_fill_preserve    (cairo_t *cr);
void zb_draw_stroke           (cairo_t *cr);
void zb_draw_clip             (cairo_t *cr);
void zb_draw_paint_with_alpha (cairo_t *cr,
                               double   alpha);
/* cairo_save () and cairo_restore (); zb-pdf keeps a clip between them. */
void zb_draw_save             (cairo_t *cr);
void zb_draw_restore          (cairo_t *cr);

/* A cairo write function (cairo_pdf_surface_create_for_stream () and the like) that appends to
 * the GByteArray @closure. */
cairo_status_t zb_cairo_append_bytes (void                *closure,
                                      const unsigned char *data,
                                      unsigned int         length);

/* For tests: FALSE makes zb_text_render_pdf () draw with the original faces, as Pango would,
 * and zb_text_render_pdf_bytes () with cairo. */
void zb_text_render_set_subsetting (gboolean enabled);
/* For tests: FALSE makes zb_text_render_pdf_bytes () draw with cairo. */
void zb_text_render_set_writer     (gboolean enabled);

G_END_DECLS
