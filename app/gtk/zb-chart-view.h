/* zb-chart-view.h: a chart on screen. It never draws by itself: it hands the cairo context of
 * gtk_snapshot_append_cairo to the core renderer, so the screen shows what an export writes. */
#pragma once

#include <adwaita.h>

#include "zb-chart.h"
#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_CHART_VIEW (zb_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (ZbChartView, zb_chart_view, ZB, CHART_VIEW, GtkWidget)

GtkWidget     *zb_chart_view_new (void);
/* spec belongs to the caller (usually the dataset) and must outlive its use here. */
void           zb_chart_view_set_chart (ZbChartView       *self,
                                        ZbDataset         *dataset,
                                        const ZbChartSpec *spec);
const ZbChartSpec *zb_chart_view_get_chart (ZbChartView *self);
void           zb_chart_view_set_lang (ZbChartView *self,
                                       ZbLang       lang);
ZbLang         zb_chart_view_get_lang (ZbChartView *self);
ZbTheme        zb_chart_view_get_theme (ZbChartView *self);
/* The layout drawn now, or NULL (no chart, or it failed: see get_error). */
ZbChartLayout *zb_chart_view_get_layout (ZbChartView *self);
const GError  *zb_chart_view_get_error (ZbChartView *self);
/* The observations of the chart's marks, in mark order. */
GPtrArray     *zb_chart_view_dup_observations (ZbChartView *self);

ZbObservation *zb_chart_view_get_selected_observation (ZbChartView *self);
/* FALSE when the observation has no mark in this chart. */
gboolean       zb_chart_view_select_observation (ZbChartView   *self,
                                                 ZbObservation *observation);
/* The accessible description: what the chart shows and the selected mark. */
char          *zb_chart_view_dup_description (ZbChartView *self);

/* Lays out the dataset's first chart as a view would, on the calling thread's default font map,
 * and throws it away: the fonts, their shaping tables and glyphs are then loaded. For the
 * start-up thread, which hands its font map to the main thread afterwards. */
void           zb_chart_view_warm_fonts (ZbDataset *dataset,
                                         ZbLang     lang);

G_END_DECLS
