/* zb-print.h: printing the current chart through GtkPrintOperation, one chart a page. */
#pragma once

#include <gtk/gtk.h>

#include "zb-chart.h"
#include "zb-dataset.h"

G_BEGIN_DECLS

/* A print operation that draws the chart (light theme, source footer) to fit the page. */
GtkPrintOperation *zb_print_operation_new (ZbDataset         *dataset,
                                           const ZbChartSpec *chart,
                                           ZbLang             lang);
/* Shows the print dialog and prints; FALSE with error when printing failed. */
gboolean           zb_print_chart (GtkWindow         *parent,
                                   ZbDataset         *dataset,
                                   const ZbChartSpec *chart,
                                   ZbLang             lang,
                                   GError           **error);

G_END_DECLS
