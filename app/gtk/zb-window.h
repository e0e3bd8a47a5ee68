/* zb-window.h: the main window: sidebar, chart, data table, detail pane and report text. */
#pragma once

#include <adwaita.h>

#include "zb-chart-view.h"
#include "zb-data-table.h"
#include "zb-dataset.h"
#include "zb-detail-pane.h"
#include "zb-report-view.h"
#include "zb-sidebar.h"

G_BEGIN_DECLS

#define ZB_TYPE_WINDOW (zb_window_get_type ())
G_DECLARE_FINAL_TYPE (ZbWindow, zb_window, ZB, WINDOW, AdwApplicationWindow)

ZbWindow      *zb_window_new (GtkApplication *application);

/* Shows dataset (the window takes a reference); modified marks an unsaved import. */
void           zb_window_set_dataset (ZbWindow  *self,
                                      ZbDataset *dataset);
ZbDataset     *zb_window_get_dataset (ZbWindow *self);
/* Loads a dataset (.json) or imports a report's plain text (.txt). On failure the open dataset
 * stays, the error is shown in a dialog and kept as the last error. */
gboolean       zb_window_open_file (ZbWindow *self,
                                    GFile    *file);
/* Shows dataset, already loaded or imported from file, as zb_window_open_file does after loading:
 * the application preloads the file named on the command line while the display starts. */
void           zb_window_open_loaded (ZbWindow  *self,
                                      GFile     *file,
                                      ZbDataset *dataset);
/* The message of the last failed open, import, save or export, or NULL. */
const char    *zb_window_get_last_error (ZbWindow *self);

/* FALSE when the dataset has no chart of that id. */
gboolean       zb_window_show_chart (ZbWindow   *self,
                                     const char *chart_id);
const ZbChartSpec *zb_window_get_chart (ZbWindow *self);
/* Shows the observation in a chart that holds it (the current one if it can), selects its mark. */
void           zb_window_select_observation (ZbWindow      *self,
                                             ZbObservation *observation);
ZbObservation *zb_window_get_selected_observation (ZbWindow *self);
ZbLang         zb_window_get_lang (ZbWindow *self);

ZbSidebar     *zb_window_get_sidebar (ZbWindow *self);
ZbChartView   *zb_window_get_chart_view (ZbWindow *self);
ZbDetailPane  *zb_window_get_detail_pane (ZbWindow *self);
ZbReportView  *zb_window_get_report_view (ZbWindow *self);
ZbDataTable   *zb_window_get_data_table (ZbWindow *self);
/* The export dialog while it is open, else NULL. */
GtkWindow     *zb_window_get_export_dialog (ZbWindow *self);
/* The presentation (F5) while it runs, else NULL. */
GtkWindow     *zb_window_get_presentation (ZbWindow *self);
/* Title shown in the header bar (the dataset's, with a mark when unsaved). */
const char    *zb_window_get_title_text (ZbWindow *self);
void           zb_window_add_toast (ZbWindow *self,
                                    AdwToast *toast);

G_END_DECLS
