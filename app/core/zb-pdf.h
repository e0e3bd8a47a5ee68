/* zb-pdf.h: a PDF writer for what charts and slides draw.
 *
 * cairo's PDF surface records every page, replays it to find what needs a fallback image,
 * replays it again to write it, and formats each number with printf: about a quarter of a
 * millisecond a page, the most of a briefing's export. Charts and slides draw only solid fills,
 * strokes, clips and text in CFF faces, which this writes directly. The drawing code still
 * talks to cairo (zb-text-render.h routes its fills, strokes and text here), so the screen,
 * PNG, SVG and PDF are drawn by the same code. What this cannot write is reported, and the
 * caller draws the document with cairo instead.
 *
 * Coordinates are cairo's device space of a page of width × height points, y down; paths and
 * text are read from the cairo_t they were made on, with its transformation.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _ZbPdf ZbPdf;

/* The document's information dictionary; NULL members are left out. */
typedef struct
{
  const char *title;
  const char *subject;
  const char *keywords;
  const char *creator;
} ZbPdfInfo;

/* One glyph of a text run: its CID in the font (whose advance zb_pdf_set_width () gave) and
 * where it stands in user space (its origin on the baseline). A glyph may begin a span of
 * @span_glyphs glyphs that stand for @span_text (@span_length bytes of UTF-8) instead of what
 * their CIDs map to: an ellipsis standing for the text it hides, a character drawn with two
 * glyphs. */
typedef struct
{
  guint       cid;
  double      x;
  double      y;
  guint       span_glyphs;
  const char *span_text;
  gsize       span_length;
} ZbPdfGlyph;

/* A CID-keyed CFF font program and what its descriptor says of it. */
typedef struct
{
  const guint8 *cff;
  gsize         cff_length;
  const char   *postscript_name;
  const char   *registry;
  const char   *ordering;
  int           supplement;
  double        bbox[4];      /* in thousandths of an em */
  double        ascent;
  double        descent;
} ZbPdfFontProgram;

ZbPdf   *zb_pdf_new          (double width,
                              double height);
void     zb_pdf_free         (ZbPdf *pdf);

void     zb_pdf_begin_page   (ZbPdf *pdf);
void     zb_pdf_end_page     (ZbPdf *pdf);

/* q and Q, for cairo_save () and cairo_restore () around a clip. */
void     zb_pdf_save         (ZbPdf *pdf);
void     zb_pdf_restore      (ZbPdf *pdf);

/* The current path of @cr filled, stroked or made the clip, with its source, line style and fill
 * rule. FALSE (nothing written) for what this does not write: a source that is not one colour,
 * a stroke under a transformation that is not a uniform scale. */
gboolean zb_pdf_fill         (ZbPdf   *pdf,
                              cairo_t *cr);
gboolean zb_pdf_stroke       (ZbPdf   *pdf,
                              cairo_t *cr);
gboolean zb_pdf_clip         (ZbPdf   *pdf,
                              cairo_t *cr);
/* cairo_paint_with_alpha (): the whole page, within the clip. */
gboolean zb_pdf_paint        (ZbPdf   *pdf,
                              cairo_t *cr,
                              double   alpha);

/* A new font, to be given its program before zb_pdf_finish (); returns its number. */
guint    zb_pdf_add_font     (ZbPdf *pdf);
/* The text @cid stands for (@length bytes of UTF-8), for search and copy. A CID has one text:
 * FALSE when it already stands for another (one glyph for "·" and "・"), which the caller then
 * gives as a span of its own (ZbPdfGlyph). */
gboolean zb_pdf_map_text     (ZbPdf      *pdf,
                              guint       font,
                              guint       cid,
                              const char *text,
                              gssize      length);
/* The advance of @cid in thousandths of the font size, as the font's widths give it, for every
 * glyph of it shown: the first one set is kept. */
void     zb_pdf_set_width    (ZbPdf  *pdf,
                              guint   font,
                              guint   cid,
                              double  advance);
/* Glyphs of @font at @size (user space), in @rgb (opaque) or, when it is NULL, in the source of
 * @cr. FALSE as for zb_pdf_fill (), and for a CID without a width. */
gboolean zb_pdf_show_glyphs  (ZbPdf            *pdf,
                              cairo_t          *cr,
                              guint             font,
                              double            size,
                              const double     *rgb,
                              const ZbPdfGlyph *glyphs,
                              guint             n_glyphs);
void     zb_pdf_set_font_program (ZbPdf                  *pdf,
                                  guint                   font,
                                  const ZbPdfFontProgram *program);

/* The whole file. */
GBytes  *zb_pdf_finish       (ZbPdf           *pdf,
                              const ZbPdfInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZbPdf, zb_pdf_free)

G_END_DECLS
