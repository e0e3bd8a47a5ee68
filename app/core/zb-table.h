/* zb-table.h: a CSV or TSV table of the kind a statistics bureau publishes, read as a dataset.
 *
 * The reader takes UTF-8 (with or without a BOM) or GB18030 text, comma- or tab-separated, with
 * optional title lines above the header and notes (注：…, 数据来源：…) below the data. Series run
 * down the columns (periods in the first column) or along the rows (periods in the header);
 * a unit in brackets after a series name ("地区生产总值（亿元）") or a "单位：…" line is kept.
 * Every value's source is "row N, column C" of the file.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

/* Tables larger than this are refused before reading. */
#define ZB_TABLE_MAX_SIZE (512 * 1024 * 1024)

ZbDataset   *zb_table_load (const char *path,
                            GError    **error);
/* display_name names the table in messages and in the charts' source line. */
ZbDataset   *zb_table_load_from_data (const char *data,
                                      gsize       len,
                                      const char *display_name,
                                      GError    **error);

/* The file name a dataset was read from when it came from a table, else NULL. */
const char  *zb_table_get_source (ZbDataset *dataset);
/* The table's own title line, or its file name. NULL when the dataset is not a table. */
const char  *zb_table_get_title (ZbDataset *dataset);

/* Lower-case hex SHA-256 of the table's bytes as read, or NULL when the dataset is not a table. */
const char  *zb_table_get_sha256 (ZbDataset *dataset);

/* A chart of every series of a table dataset, titled with the table's title. */
ZbChartSpec *zb_table_make_chart (ZbDataset   *dataset,
                                  ZbChartType  type,
                                  const char  *id);

G_END_DECLS
