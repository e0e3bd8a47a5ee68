/* zb-sidebar.h: the dataset's curated charts, then every indicator grouped by the report's
 * sections or by theme, with search and multi-selection for ad-hoc charts. */
#pragma once

#include <adwaita.h>

#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_SIDEBAR (zb_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (ZbSidebar, zb_sidebar, ZB, SIDEBAR, GtkWidget)

GtkWidget   *zb_sidebar_new (void);
void         zb_sidebar_set_dataset (ZbSidebar *self,
                                     ZbDataset *dataset);
void         zb_sidebar_set_lang (ZbSidebar *self,
                                  ZbLang     lang);
/* "section" or "theme". */
const char  *zb_sidebar_get_group_by (ZbSidebar *self);
void         zb_sidebar_set_group_by (ZbSidebar  *self,
                                      const char *group_by);
void         zb_sidebar_set_search_text (ZbSidebar  *self,
                                         const char *text);
void         zb_sidebar_focus_search (ZbSidebar *self);
/* The rows shown (headers included), of ZbIndicatorItem. */
GListModel  *zb_sidebar_get_model (ZbSidebar *self);
/* The selected chart when one chart row is selected, else NULL. */
ZbChartSpec *zb_sidebar_get_selected_chart (ZbSidebar *self);
/* The selected indicators, in list order (empty when a chart is selected). */
GPtrArray   *zb_sidebar_dup_selected_indicators (ZbSidebar *self);
/* Selects the row of chart (or indicator) without emitting selection-changed. */
void         zb_sidebar_select_chart (ZbSidebar         *self,
                                      const ZbChartSpec *chart);
void         zb_sidebar_select_indicator (ZbSidebar         *self,
                                          const ZbIndicator *indicator);

G_END_DECLS
