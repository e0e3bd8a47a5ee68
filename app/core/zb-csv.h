/* zb-csv.h: a chart's data as CSV, each value with the sentence it comes from.
 *
 * One row a value, RFC 4180 quoting, UTF-8 with a byte-order mark so that spreadsheet programs
 * read the Chinese text correctly. Columns: chart, indicator, name, period, cumulative, value,
 * unit, status, qualifiers, source_start, source_end, source_text, source.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

/* Every value the chart's series select (all of them, not the points a long line is reduced
 * to). Fails like zb_chart_layout_new when a series names an unknown indicator. */
GBytes *zb_csv_chart_to_bytes (ZbDataset         *dataset,
                               const ZbChartSpec *spec,
                               ZbLang             lang,
                               GError           **error);

/* Appends one CSV field, quoted when it must be. */
void    zb_csv_append_field (GString    *out,
                             const char *field);

G_END_DECLS
