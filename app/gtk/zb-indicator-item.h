/* zb-indicator-item.h: one row of the sidebar (a chart, an indicator or a group heading), and the
 * small formatting helpers every view of the GTK layer shares so that a figure reads the same in
 * the sidebar, the tooltip, the detail pane and the data table.
 */
#pragma once

#include <gtk/gtk.h>

#include "zb-dataset.h"

G_BEGIN_DECLS

typedef enum
{
  ZB_ITEM_HEADER,
  ZB_ITEM_CHART,
  ZB_ITEM_INDICATOR,
} ZbItemKind;

#define ZB_TYPE_INDICATOR_ITEM (zb_indicator_item_get_type ())
G_DECLARE_FINAL_TYPE (ZbIndicatorItem, zb_indicator_item, ZB, INDICATOR_ITEM, GObject)

ZbIndicatorItem *zb_indicator_item_new_header (const char *title);
ZbIndicatorItem *zb_indicator_item_new_chart (ZbDataset   *dataset,
                                              ZbChartSpec *chart,
                                              ZbLang       lang);
ZbIndicatorItem *zb_indicator_item_new_indicator (ZbDataset   *dataset,
                                                  ZbIndicator *indicator,
                                                  ZbLang       lang);

ZbItemKind       zb_indicator_item_get_kind (ZbIndicatorItem *self);
const char      *zb_indicator_item_get_title (ZbIndicatorItem *self);
const char      *zb_indicator_item_get_subtitle (ZbIndicatorItem *self);
const char      *zb_indicator_item_get_value_text (ZbIndicatorItem *self);
ZbIndicator     *zb_indicator_item_get_indicator (ZbIndicatorItem *self);
ZbChartSpec     *zb_indicator_item_get_chart (ZbIndicatorItem *self);
/* What the row says, one line each: the full name, the value with its unit, the other language's
 * name and the period (a heading: its title). The row's accessible description and tooltip. */
char            *zb_indicator_item_dup_description (ZbIndicatorItem *self);
/* Case-insensitive match of query against both names, the id, the unit and the latest value. */
gboolean         zb_indicator_item_matches (ZbIndicatorItem *self,
                                            const char      *query);

/* "4.5%", "力争6%左右" / "about 6%": the value with its unit and qualifiers. */
char            *zb_format_observation (const ZbObservation *observation,
                                        ZbLang               lang);
/* "2023年一季度" / "Q1 2023"; cumulative periods say so ("前三季度" / "Q1–Q3 2023"). */
char            *zb_format_period (const char *period,
                                   ZbLang      lang);
const char      *zb_status_label (ZbStatus status);
/* The label language the UI runs in: Chinese when the locale is Chinese. */
ZbLang           zb_lang_for_locale (void);
/* The sentence of the report the observation was written in, or NULL. */
char            *zb_observation_dup_sentence (ZbDataset           *dataset,
                                              const ZbObservation *observation);

G_END_DECLS
