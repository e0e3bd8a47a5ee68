/* zb-report-view.h: the whole report text with every figure of the dataset underlined; clicking
 * a figure names its observation, and "Show in report" scrolls to a sentence. */
#pragma once

#include <adwaita.h>

#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_REPORT_VIEW (zb_report_view_get_type ())
G_DECLARE_FINAL_TYPE (ZbReportView, zb_report_view, ZB, REPORT_VIEW, GtkWidget)

GtkWidget     *zb_report_view_new (void);
void           zb_report_view_set_dataset (ZbReportView *self,
                                           ZbDataset    *dataset);
GtkTextView   *zb_report_view_get_text_view (ZbReportView *self);
/* Highlights the observation's sentence and figure and scrolls them into view. */
void           zb_report_view_show_observation (ZbReportView  *self,
                                                ZbObservation *observation);
/* What a click at this byte offset of the report does: emits observation-activated and returns
 * the observation there, or NULL when no figure is there. */
ZbObservation *zb_report_view_activate_offset (ZbReportView *self,
                                               gsize         offset);
/* Byte offset of the report at the text view's buffer iterator. */
gsize          zb_report_view_offset_at_iter (ZbReportView      *self,
                                              const GtkTextIter *iter);
/* The number of underlined figures. */
guint          zb_report_view_get_n_figures (ZbReportView *self);

G_END_DECLS
