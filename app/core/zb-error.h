/* zb-error.h: the error domains of every failure a user can cause. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ZB_REPORT_ERROR  (zb_report_error_quark ())
#define ZB_DATASET_ERROR (zb_dataset_error_quark ())
#define ZB_EXPORT_ERROR  (zb_export_error_quark ())
#define ZB_TABLE_ERROR   (zb_table_error_quark ())

typedef enum
{
  ZB_REPORT_ERROR_IO,         /* cannot read the file (missing, a directory, permissions) */
  ZB_REPORT_ERROR_ENCODING,   /* not valid UTF-8, or binary */
  ZB_REPORT_ERROR_EMPTY,      /* no text at all */
  ZB_REPORT_ERROR_NOT_REPORT, /* text, but not a government work report (no figures, no sections) */
  ZB_REPORT_ERROR_TOO_LARGE,
} ZbReportError;

typedef enum
{
  ZB_DATASET_ERROR_IO,       /* cannot read or write the file */
  ZB_DATASET_ERROR_PARSE,    /* not JSON: message carries line and column */
  ZB_DATASET_ERROR_FORMAT,   /* not a zhibiao-dataset, or an unknown version */
  ZB_DATASET_ERROR_INVALID,  /* a value of the wrong type or out of range: message carries the JSON path */
  ZB_DATASET_ERROR_REPORT,   /* the report text is missing, changed (checksum) or not UTF-8 */
  ZB_DATASET_ERROR_SPAN,     /* a source span is out of range, splits a character or does not match */
  ZB_DATASET_ERROR_DUPLICATE,/* two items share an id */
  ZB_DATASET_ERROR_REFERENCE,/* a chart or briefing names something that does not exist */
  ZB_DATASET_ERROR_TOO_LARGE,
} ZbDatasetError;

typedef enum
{
  ZB_EXPORT_ERROR_UNKNOWN_CHART,
  ZB_EXPORT_ERROR_FORMAT,
  ZB_EXPORT_ERROR_SIZE,
  ZB_EXPORT_ERROR_IO,
  ZB_EXPORT_ERROR_EMPTY, /* nothing to draw */
} ZbExportError;

typedef enum
{
  ZB_TABLE_ERROR_IO,
  ZB_TABLE_ERROR_PARSE,
  ZB_TABLE_ERROR_EMPTY,
} ZbTableError;

GQuark zb_report_error_quark (void);
GQuark zb_dataset_error_quark (void);
GQuark zb_export_error_quark (void);
GQuark zb_table_error_quark (void);

G_END_DECLS
