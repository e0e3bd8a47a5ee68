/* zb-clipboard.h: a chart on the clipboard as an image and as text, so a paste into a slide, a
 * document or a spreadsheet each gets what fits. */
#pragma once

#include <gtk/gtk.h>

#include "zb-chart.h"
#include "zb-dataset.h"

G_BEGIN_DECLS

/* Slide-sized PNG (light theme, source footer) and text: values, units, periods and citation. */
GdkContentProvider *zb_clipboard_chart_provider_new (ZbDataset         *dataset,
                                                     const ZbChartSpec *chart,
                                                     ZbLang             lang,
                                                     const char        *text,
                                                     GError           **error);
gboolean            zb_clipboard_copy_chart (GdkClipboard      *clipboard,
                                             ZbDataset         *dataset,
                                             const ZbChartSpec *chart,
                                             ZbLang             lang,
                                             const char        *text,
                                             GError           **error);

G_END_DECLS
