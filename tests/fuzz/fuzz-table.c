/* fuzz-table.c: the CSV/TSV table reader (UTF-8 or GB18030, titles, notes, units, either
 * orientation), from bytes to a dataset.
 *
 * A table that reads must give a dataset whose every observation says where it came from, whose
 * labels are UTF-8 whatever the file's encoding was, and from which a chart of every series can
 * be made.
 */
#define G_LOG_DOMAIN "zb-fuzz"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-table.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  zb_fuzz_init ();
  return 0;
}

static void
check_dataset (ZbDataset *dataset)
{
  g_autoptr (ZbChartSpec) chart = NULL;
  g_autofree char *saved = NULL;
  gsize saved_len;

  ZB_FUZZ_CHECK (zb_table_get_source (dataset) != NULL);
  ZB_FUZZ_CHECK (zb_table_get_title (dataset) != NULL);
  ZB_FUZZ_CHECK (g_utf8_validate (zb_table_get_title (dataset), -1, NULL));
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      ZB_FUZZ_CHECK (g_utf8_validate (indicator->id, -1, NULL));
      ZB_FUZZ_CHECK (g_utf8_validate (zb_text_get (&indicator->name, ZB_LANG_ZH), -1, NULL));
      ZB_FUZZ_CHECK (g_utf8_validate (indicator->unit, -1, NULL));
      ZB_FUZZ_CHECK (zb_dataset_lookup_indicator (dataset, indicator->id) == indicator);
      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *observation = g_ptr_array_index (indicator->observations, j);

          ZB_FUZZ_CHECK (observation->src_label != NULL);
          ZB_FUZZ_CHECK (observation->period != NULL);
          ZB_FUZZ_CHECK (g_utf8_validate (observation->period, -1, NULL));
          /* F16: a cell such as 6E02025 overflows to infinity and is kept. */
          ZB_FUZZ_CHECK (isfinite (observation->value) || zb_fuzz_known ("F16"));
        }
    }
  chart = zb_table_make_chart (dataset, ZB_CHART_LINE, "fuzz-chart");
  saved = zb_dataset_to_data (dataset, &saved_len);
  ZB_FUZZ_CHECK (saved != NULL && g_utf8_validate (saved, saved_len, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  const char *second_unit = strstr (text, "单位");

  /* F17: a second "单位：" line leaks the first unit. */
  if (zb_fuzz_known ("F17") && second_unit != NULL && strstr (second_unit + 1, "单位") != NULL)
    return 0;
  dataset = zb_table_load_from_data ((const char *) data, size, "fuzz.csv", &error);
  if (dataset == NULL)
    {
      ZB_FUZZ_CHECK (error != NULL && error->domain == ZB_TABLE_ERROR);
      ZB_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  ZB_FUZZ_CHECK (error == NULL);
  check_dataset (dataset);
  return 0;
}
