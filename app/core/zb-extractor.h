/* zb-extractor.h: every figure of a report's plain text, as a dataset.
 *
 * Each Arabic number of the text (the token rule of zb-units.h) becomes either an observation of
 * an indicator — value, unit, measure, status, qualifiers, period and its source span — or an
 * exclusion with a reason:
 *   "date"           2024年, 1月, 18日, 2021—2025年
 *   "ordinal"        第2批, 75周年
 *   "name"           5G, C919, 19号线, 3A级, “965”, 500强, 1+8
 *   "section-number" the "1." of a numbered heading
 *   "threshold"      50亿元以上 naming a class of projects, not a figure
 *   "too-large"      a number a double cannot hold
 * Observations of the same subject, unit and measure share an indicator. Indicator ids are
 * stable for a given subject ("x-" and eight hex digits of a hash); the names are the Chinese
 * words before the number, for a person to curate.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

/* More figures than this is not a report but a hostile text (ZB_REPORT_ERROR_TOO_LARGE). */
#define ZB_EXTRACT_MAX_FIGURES 100000

/* report is the text; text_path is what the dataset's "text" names (relative to where the
 * dataset will be written), or NULL for the report's own path. Fails with ZB_REPORT_ERROR_NOT_REPORT
 * when the text has neither a section heading nor a single figure, ZB_REPORT_ERROR_TOO_LARGE with
 * more than ZB_EXTRACT_MAX_FIGURES figures. */
ZbDataset *zb_extract (ZbReport   *report,
                       const char *text_path,
                       GError    **error);

G_END_DECLS
