/* zb-chart.h: chart layout, cairo rendering and hit-testing, shared by the screen and every export.
 *
 * A ZbChartLayout is computed once for a chart spec, a size and options (all text measured with
 * Pango); it then draws on any cairo_t (a GtkSnapshot's, a PNG/PDF/SVG surface's) and answers
 * "which mark is at x, y". Coordinates are in layout units: pixels at scale 1 (points for PDF).
 */
#pragma once

#include <cairo.h>

#include "zb-types.h"

G_BEGIN_DECLS

typedef enum
{
  ZB_THEME_LIGHT,
  ZB_THEME_DARK,
  ZB_THEME_CONTRAST,
} ZbTheme;

const char *zb_theme_to_string (ZbTheme theme);
gboolean    zb_theme_from_string (const char *str,
                                  ZbTheme    *out);

typedef struct
{
  double   width;          /* layout units */
  double   height;
  ZbLang   lang;
  ZbTheme  theme;
  double   font_scale;     /* 1.0; larger for presentation */
  gboolean source_footer;  /* quote the source sentence under the chart */
  gboolean transparent;    /* do not paint the background (the widget paints its own) */
  double   min_text_size;  /* body text at least this large (layout units), 0 for none: on screen
                            * text keeps the desktop's size however small the chart is */
} ZbRenderOptions;

void zb_render_options_init (ZbRenderOptions *options);

typedef struct _ZbFaceHint ZbFaceHint;

/* Loads the chart fonts into the calling thread's font map ahead of the first layout: a
 * command line can do this while its dataset loads in another thread. @hint is the face hint
 * (zb-face-hint.h) the caller started earlier, which this finishes, or NULL to start one now. */
void zb_chart_prepare_fonts (ZbLang      lang,
                             ZbFaceHint *hint);

typedef struct
{
  ZbIndicator   *indicator;
  ZbObservation *observation;
  double         x, y, width, height;  /* the mark's rectangle in layout units */
  char          *label;                /* "一季度 4.5%": for tooltips and accessibility */
  guint          panel;                /* small-multiples panel, 0 otherwise */
} ZbMark;

#define ZB_TYPE_CHART_LAYOUT (zb_chart_layout_get_type ())
G_DECLARE_FINAL_TYPE (ZbChartLayout, zb_chart_layout, ZB, CHART_LAYOUT, GObject)

/* Resolves spec's series against dataset and lays them out. Fails (ZB_EXPORT_ERROR_EMPTY,
 * ZB_DATASET_ERROR_REFERENCE) when a series names an unknown indicator or nothing is left to draw. */
ZbChartLayout *zb_chart_layout_new (ZbDataset             *dataset,
                                    const ZbChartSpec     *spec,
                                    const ZbRenderOptions *options,
                                    GError               **error);

void           zb_chart_layout_render (ZbChartLayout *self,
                                       cairo_t       *cr);
/* The background zb_chart_layout_render () paints under a chart of @theme (unless the options
 * say transparent): for an export that paints it ahead, while the chart is laid out. */
void           zb_chart_paint_background (ZbTheme  theme,
                                          cairo_t *cr,
                                          double   width,
                                          double   height);

/* The observations zb_chart_layout_new () with @options marks, in the order of its marks, found
 * without laying out any text where they do not depend on the chart's size (they do for a line
 * of more points than pixel columns, which is laid out). A briefing quotes the sentences of
 * what its charts mark. */
GPtrArray     *zb_chart_dup_marked_observations (ZbDataset             *dataset,
                                                 const ZbChartSpec     *spec,
                                                 const ZbRenderOptions *options,
                                                 GError               **error);

guint          zb_chart_layout_get_n_marks (ZbChartLayout *self);
const ZbMark  *zb_chart_layout_get_mark (ZbChartLayout *self,
                                         guint          index);
/* Index of the mark at (x, y), or -1. */
int            zb_chart_layout_hit_test (ZbChartLayout *self,
                                         double         x,
                                         double         y);
/* Index of the mark of that observation, or -1. */
int            zb_chart_layout_find_mark (ZbChartLayout       *self,
                                          const ZbObservation *observation);

/* View state drawn by the renderer: -1 for none. */
void           zb_chart_layout_set_selected (ZbChartLayout *self,
                                             int            index);
int            zb_chart_layout_get_selected (ZbChartLayout *self);
void           zb_chart_layout_set_hover (ZbChartLayout *self,
                                          int            index);
/* Step-by-step reveal for presentations: only the first n marks are drawn (-1: all). */
void           zb_chart_layout_set_reveal (ZbChartLayout *self,
                                           int            n);

/* A sentence or two for screen readers: what the chart shows, its range, the selected mark. */
char          *zb_chart_layout_describe (ZbChartLayout *self);

const ZbText  *zb_chart_layout_get_title (ZbChartLayout *self);
const char    *zb_chart_layout_get_id (ZbChartLayout *self);

typedef struct
{
  double x, y, width, height;
} ZbRect;

/* The boxes of every piece of text the chart draws (titles, ticks, labels), of ZbRect: for
 * checking that labels neither overlap nor leave the canvas. */
GArray        *zb_chart_layout_dup_text_rects (ZbChartLayout *self);

/* The distinct source sentences of the chart's marks in mark order (a table's "row N, column C"
 * for tabular data), at most 50; never NULL. */
GPtrArray     *zb_chart_layout_dup_sources (ZbChartLayout *self);

/* The observations of indicator a series selects, in the order the chart draws them (time
 * order for report periods). The array borrows them. */
GPtrArray     *zb_chart_series_dup_observations (ZbIndicator       *indicator,
                                                 const ZbSeriesRef *ref);

/* The report sentence an observation comes from (or its table position), or NULL. */
char          *zb_chart_observation_dup_source (ZbDataset           *dataset,
                                                const ZbObservation *observation);

G_END_DECLS
