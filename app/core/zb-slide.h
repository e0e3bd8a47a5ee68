/* zb-slide.h: the slides of a briefing, laid out and drawn with cairo, without a display.
 *
 * A ZbSlideDeck turns a dataset's briefing into slides: a title slide, one slide a chart (its
 * title, the chart, the source sentences of its figures as a caption with the figures
 * highlighted, the section they sit in, the slide number) and optionally a closing "Sources"
 * slide. The same deck draws the presentation on screen, the PDF and the PNG folder, so what is
 * handed out is what was shown. Type is sized from the slide's height, for a projector.
 */
#pragma once

#include <cairo.h>

#include "zb-chart.h"

G_BEGIN_DECLS

typedef enum
{
  ZB_SLIDE_KIND_TITLE,
  ZB_SLIDE_KIND_CHART,
  ZB_SLIDE_KIND_SOURCES,
} ZbSlideKind;

/* A block of text as laid out on a slide: the box it was given and the size of the text set in
 * it, both in layout units. Text fits when its size lies inside the box. */
typedef struct
{
  const char *role;        /* "title", "subtitle", "caption", "section", "number", "meta", … */
  double      x, y, width, height;
  double      text_width, text_height;
  double      font_size;   /* layout units, after any shrinking */
  gboolean    ellipsized;
} ZbSlideText;

/* The size of a slide page in the PDF, in points: 13.33 × 7.5 inches, the common 16:9 page. */
#define ZB_SLIDE_PDF_WIDTH  960.0
#define ZB_SLIDE_PDF_HEIGHT 540.0

#define ZB_TYPE_SLIDE_DECK (zb_slide_deck_get_type ())
G_DECLARE_FINAL_TYPE (ZbSlideDeck, zb_slide_deck, ZB, SLIDE_DECK, GObject)

/* Copies what it needs of briefing, which may be one made up on the spot (not in the dataset).
 * Fails with ZB_DATASET_ERROR_REFERENCE naming the slide when a chart is unknown or cannot be
 * drawn, and with ZB_EXPORT_ERROR_EMPTY when the briefing has no slides. */
ZbSlideDeck     *zb_slide_deck_new (ZbDataset         *dataset,
                                    const ZbBriefing  *briefing,
                                    ZbLang             lang,
                                    gboolean           sources_slide,
                                    GError           **error);

ZbDataset       *zb_slide_deck_get_dataset (ZbSlideDeck *self);
ZbLang           zb_slide_deck_get_lang (ZbSlideDeck *self);
guint            zb_slide_deck_get_n_slides (ZbSlideDeck *self);
ZbSlideKind      zb_slide_deck_get_kind (ZbSlideDeck *self,
                                         guint        index);
/* The heading of the slide: the chart title, the briefing title, or "Sources". */
const char      *zb_slide_deck_get_title (ZbSlideDeck *self,
                                          guint        index);
/* The chart of a chart slide, NULL for the others. */
const ZbChartSpec *zb_slide_deck_get_chart (ZbSlideDeck *self,
                                            guint        index);
/* The first chart slide showing chart_id, or -1. */
int              zb_slide_deck_find_chart (ZbSlideDeck *self,
                                           const char  *chart_id);
/* The caption as plain text: the source sentences, or the selected mark's sentence. "" when none. */
const char      *zb_slide_deck_get_caption (ZbSlideDeck *self,
                                            guint        index);
/* The speaker notes: the briefing's note for the slide, else the source sentences. */
const char      *zb_slide_deck_get_notes (ZbSlideDeck *self,
                                          guint        index);
/* The figures a chart slide shows (its marks, then its reference lines), of ZbObservation*. */
GPtrArray       *zb_slide_deck_get_figures (ZbSlideDeck *self,
                                            guint        index);

/* Lays the slide out for a size and theme (cached until either changes) and draws it from (0, 0).
 * reveal: draw only the first n marks of the chart (-1: all). */
void             zb_slide_deck_render (ZbSlideDeck *self,
                                       guint        index,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height,
                                       ZbTheme      theme,
                                       int          reveal);
/* The marks of the slide's chart, 0 for other slides. */
guint            zb_slide_deck_get_n_marks (ZbSlideDeck *self,
                                            guint        index);
/* The centre of a mark in slide coordinates when laid out at that size; FALSE for no such mark. */
gboolean         zb_slide_deck_get_mark_center (ZbSlideDeck *self,
                                                guint        index,
                                                guint        mark,
                                                double       width,
                                                double       height,
                                                ZbTheme      theme,
                                                double      *x,
                                                double      *y);
int              zb_slide_deck_hit_test (ZbSlideDeck *self,
                                         guint        index,
                                         double       width,
                                         double       height,
                                         ZbTheme      theme,
                                         double       x,
                                         double       y);
/* Selects a mark (-1: none): the chart outlines it and the caption quotes its sentence only. */
void             zb_slide_deck_set_selected (ZbSlideDeck *self,
                                             guint        index,
                                             int          mark);
int              zb_slide_deck_get_selected (ZbSlideDeck *self,
                                             guint        index);
/* The mark (its rectangle in the chart's own coordinates). */
const ZbMark    *zb_slide_deck_get_mark (ZbSlideDeck *self,
                                         guint        index,
                                         guint        mark);

/* The text blocks of the slide laid out at that size, for checking that nothing overflows. */
GArray          *zb_slide_deck_dup_texts (ZbSlideDeck *self,
                                          guint        index,
                                          double       width,
                                          double       height,
                                          ZbTheme      theme);

/* One page a slide, 16:9, vector; with notes, each page grows a notes area under the slide.
 * Written to a temporary file and moved into place. */
gboolean         zb_slide_deck_export_pdf (ZbSlideDeck *self,
                                           const char  *path,
                                           ZbTheme      theme,
                                           gboolean     with_notes,
                                           GError     **error);
/* slide-01.png, slide-02.png … at width × height in directory (created when missing). Each file
 * is written atomically; numbered slides left over from a longer deck are removed. */
gboolean         zb_slide_deck_export_png (ZbSlideDeck *self,
                                           const char  *directory,
                                           int          width,
                                           int          height,
                                           ZbTheme      theme,
                                           GError     **error);
/* The file name of slide index in a PNG folder: "slide-01.png". */
char            *zb_slide_deck_png_name (ZbSlideDeck *self,
                                         guint        index);

/* Starts the helper thread that lays a long deck's slides out beside the thread drawing its PDF
 * (zb_slide_deck_export_pdf ()) before the deck is made, so that its fonts are ready by the time
 * the deck is: for a caller about to make a deck to export. The next such export takes it;
 * zb_slide_stop_layout_helper () ends it if none did, and returns TRUE if it had to. */
void             zb_slide_start_layout_helper (void);
gboolean         zb_slide_stop_layout_helper  (void);

/* For tests: FALSE has a deck's PDF laid out by the drawing thread alone. */
void             zb_slide_deck_set_layout_ahead (gboolean enabled);

G_END_DECLS
