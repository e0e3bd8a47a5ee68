/* zb-window-private.h: what the files of ZbWindow share (window, actions, files). */
#pragma once

#include "zb-briefing-editor.h"
#include "zb-window.h"

G_BEGIN_DECLS

struct _ZbWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *content_box;
  ZbSidebar            *sidebar;
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  AdwFlap              *flap;
  GtkPaned             *paned;
  AdwViewStack         *view_stack;
  ZbChartView          *chart_view;
  AdwBin               *table_page;
  GtkScrolledWindow    *briefing_page;
  ZbDetailPane         *detail_pane;
  ZbReportView         *report_view;
  /* Made when first shown or needed (_zb_window_ensure_*): NULL until then. */
  ZbDataTable          *data_table;
  ZbBriefingEditor     *briefing_editor;
  GMenu                *recent_section;

  GSettings            *settings;     /* NULL when the schema is not installed */
  ZbDataset            *dataset;
  ZbChartSpec          *adhoc_chart;  /* a chart of sidebar-selected indicators, owned */
  const ZbChartSpec    *chart;        /* shown: the dataset's or adhoc_chart */
  ZbLang                lang;
  char                 *chart_language;
  char                 *title_text;
  char                 *last_error;
  GtkWindow            *export_dialog;  /* weak */
  GtkWindow            *presentation;   /* weak */
  gboolean              close_confirmed;
  void                (*after_save) (ZbWindow *self);  /* continuation of a save asked for by a close */
  GFile                *pending_file;                  /* dropped or picked, waiting for confirmation */
};

/* zb-window-actions.c */
void     _zb_window_class_init_actions (GtkWidgetClass *widget_class);
/* Presents briefing_id (NULL: the dataset's first) from chart_id (NULL: the title slide). */
void     _zb_window_present (ZbWindow   *self,
                             const char *briefing_id,
                             const char *chart_id);
void     _zb_window_present_briefing (ZbWindow   *self,
                                      const char *briefing_id);
void     _zb_window_update_actions (ZbWindow *self);

/* zb-window-files.c */
void     _zb_window_init_files (ZbWindow *self);
void     _zb_window_open_action (ZbWindow *self);
void     _zb_window_import_action (ZbWindow *self);
void     _zb_window_save_action (ZbWindow *self);
void     _zb_window_save_as_action (ZbWindow *self);
void     _zb_window_open_recent (ZbWindow   *self,
                                 const char *uri);
void     _zb_window_update_recent (ZbWindow *self);
/* Runs then (with self) now when nothing is unsaved, or after the user saved or discarded. */
void     _zb_window_confirm_discard (ZbWindow *self,
                                     void    (*then) (ZbWindow *self));
void     _zb_window_set_error (ZbWindow     *self,
                               const char   *heading,
                               const GError *error);

/* zb-window.c */
void     _zb_window_update_title (ZbWindow *self);
ZbDataTable      *_zb_window_ensure_data_table (ZbWindow *self);
ZbBriefingEditor *_zb_window_ensure_briefing_editor (ZbWindow *self);
void     _zb_window_set_chart_spec (ZbWindow          *self,
                                    const ZbChartSpec *chart);
ZbChartSpec *_zb_window_steal_adhoc_chart (ZbWindow *self);

G_END_DECLS
