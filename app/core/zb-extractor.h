/* zb-extractor.h: every figure of a report's plain text, as a dataset.
 *
 * Each Arabic number of the text (the token rule of zb-units.h) becomes either an observation of
 * an indicator — value, unit, measure, status, qualifiers, period and its source span — or an
 * exclusion with a reason:
 *   "date"           2024年, 1月, 18日, 2021—2025年
 *   "ordinal"        第2批, 75周年
 *   "name"           5G, C919, 19号线, 3A级, “965”, 500强, 1+8
 *   "section-number" the "1." of a numbered heading
 * Observations of the same subject, unit and measure share an indicator. Indicator ids are
 * stable for a given subject ("x-" and eight hex digits of a hash); the names are the Chinese
 * words before the number, for a person to curate.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

/* report is the text; text_path is what the dataset's "text" names (relative to where the
 * dataset will be written), or NULL for the report's own path. Fails with ZB_REPORT_ERROR_NOT_REPORT
 * when the text has neither a section heading nor a single figure. */
ZbDataset *zb_extract (ZbReport   *report,
                       const char *text_path,
                       GError    **error);

G_END_DECLS
