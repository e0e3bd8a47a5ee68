/* fuzz-dataset.c: the dataset loader, from bytes to a validated dataset and back.
 *
 * Reports are resolved against tests/fuzz/base, whose links point at the real reports, so that
 * seeds from data/ and tests/data/good/ reach span checking instead of stopping at a missing file.
 * A dataset that loads must survive a walk of everything it holds and a save/load round trip that
 * writes the same bytes again (the loader promises a lossless round trip).
 */
#define G_LOG_DOMAIN "zb-fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "zb-dataset.h"
#include "zb-error.h"

static char *base_dir;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  zb_fuzz_init ();
  base_dir = g_build_filename (ZB_SOURCE_DATADIR, "..", "tests", "fuzz", "base", NULL);
  return 0;
}

static void
walk (ZbDataset *dataset)
{
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      ZB_FUZZ_CHECK (zb_dataset_lookup_indicator (dataset, indicator->id) == indicator);
      zb_indicator_get_latest (indicator);
      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *observation = g_ptr_array_index (indicator->observations, j);

          ZB_FUZZ_CHECK (observation->qualifiers != NULL);
          ZB_FUZZ_CHECK (zb_indicator_find_observation (indicator, observation->period, -1) != NULL);
          if (observation->src_text != NULL && observation->src_end > observation->src_start)
            ZB_FUZZ_CHECK (zb_dataset_find_observation_at (dataset, observation->src_start) != NULL);
        }
    }
  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    {
      ZbChartSpec *chart = zb_dataset_get_chart (dataset, i);

      ZB_FUZZ_CHECK (zb_dataset_lookup_chart (dataset, chart->id) == chart);
    }
  for (guint i = 0; i < zb_dataset_get_n_briefings (dataset); i++)
    {
      ZbBriefing *briefing = zb_dataset_get_briefing (dataset, i);

      ZB_FUZZ_CHECK (zb_dataset_lookup_briefing (dataset, briefing->id) == briefing);
    }
  for (guint i = 0; i < zb_dataset_get_n_exclusions (dataset); i++)
    ZB_FUZZ_CHECK (zb_dataset_get_exclusion (dataset, i)->text != NULL);
}

static gboolean
is_only_boms_and_spaces (const char *data,
                         gsize       size)
{
  for (gsize i = 0; i < size;)
    {
      if (i + 3 <= size && memcmp (data + i, "\xEF\xBB\xBF", 3) == 0)
        i += 3;
      else if (g_ascii_isspace (data[i]))
        i++;
      else
        return FALSE;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) again_error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autoptr (ZbDataset) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize saved_len, saved_again_len;

  /* F14: a text of only byte order marks and spaces makes the loader pass a NULL root to
   * json-glib, which logs a critical. */
  if (zb_fuzz_known ("F14") && is_only_boms_and_spaces ((const char *) data, size))
    return 0;
  dataset = zb_dataset_load_from_data ((const char *) data, size, base_dir, "fuzz.json", &error);
  if (dataset == NULL)
    {
      /* Every refusal must say why, in the dataset domain, in valid UTF-8. */
      ZB_FUZZ_CHECK (error != NULL);
      ZB_FUZZ_CHECK (error->domain == ZB_DATASET_ERROR);
      /* F2: json-glib quotes bytes cut mid-character; F3, F15: escaped surrogates in keys. */
      if (!g_utf8_validate (error->message, -1, NULL) && !zb_fuzz_known ("F2")
          && !zb_fuzz_known ("F15"))
        {
          g_autofree char *escaped = g_strescape (error->message, NULL);

          g_printerr ("error message is not UTF-8: %s\n", escaped);
          abort ();
        }
      ZB_FUZZ_CHECK (error->message[0] != '\0');
      return 0;
    }
  ZB_FUZZ_CHECK (error == NULL);
  walk (dataset);

  saved = zb_dataset_to_data (dataset, &saved_len);
  ZB_FUZZ_CHECK (saved != NULL);
  /* F3, F15: an escaped lone surrogate loads as invalid UTF-8, which then cannot load again. */
  if ((zb_fuzz_known ("F3") || zb_fuzz_known ("F15")) && !g_utf8_validate (saved, saved_len, NULL))
    return 0;
  again = zb_dataset_load_from_data (saved, saved_len, base_dir, "saved.json", &again_error);
  if (again == NULL)
    {
      g_printerr ("the saved dataset does not load again: %s\n", again_error->message);
      abort ();
    }
  saved_again = zb_dataset_to_data (again, &saved_again_len);
  ZB_FUZZ_CHECK (saved_len == saved_again_len && memcmp (saved, saved_again, saved_len) == 0);
  return 0;
}
