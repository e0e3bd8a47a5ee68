#include "config.h"

#include "zb-error.h"

G_DEFINE_QUARK (zb-report-error-quark, zb_report_error)
G_DEFINE_QUARK (zb-dataset-error-quark, zb_dataset_error)
G_DEFINE_QUARK (zb-export-error-quark, zb_export_error)
G_DEFINE_QUARK (zb-table-error-quark, zb_table_error)
