/* zb-export-dialog.h: export the current chart: format, size, scale, language, theme, source
 * footer, a live preview, then a file chooser. */
#pragma once

#include <adwaita.h>

#include "zb-chart.h"
#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_EXPORT_DIALOG (zb_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ZbExportDialog, zb_export_dialog, ZB, EXPORT_DIALOG, AdwWindow)

/* chart belongs to the caller and must outlive the dialog. */
ZbExportDialog *zb_export_dialog_new (GtkWindow         *parent,
                                      ZbDataset         *dataset,
                                      const ZbChartSpec *chart,
                                      ZbLang             lang);
/* "png", "pdf", "svg" or "csv". */
void            zb_export_dialog_set_format (ZbExportDialog *self,
                                             const char     *format);
const char     *zb_export_dialog_get_format (ZbExportDialog *self);
/* "slide", "a4", "a4-landscape" or "custom". */
void            zb_export_dialog_set_size (ZbExportDialog *self,
                                           const char     *size);
/* The file name the chooser suggests: CHART-ID.EXT. */
char           *zb_export_dialog_dup_file_name (ZbExportDialog *self);
/* Writes the chart with the dialog's settings (what the chooser's Save does); emits "exported". */
gboolean        zb_export_dialog_export_to_file (ZbExportDialog *self,
                                                 GFile          *file,
                                                 GError        **error);

G_END_DECLS
