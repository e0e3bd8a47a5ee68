#include "config.h"

#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-report.h"
#include "zb-sha256.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char *
data_path (const char *relative)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static ZbDataset *
load_tiny (void)
{
  g_autofree char *path = data_path ("tests/data/good/tiny.json");
  g_autoptr (GError) error = NULL;
  ZbDataset *dataset = zb_dataset_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
test_load_good (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  g_autofree char *path = data_path ("tests/data/good/tiny.json");
  g_autofree char *sha256 = file_sha256 (path);
  ZbIndicator *growth;
  ZbObservation *observation;
  gsize len;
  const char *text;

  g_assert_cmpstr (zb_dataset_get_path (dataset), ==, path);
  g_assert_cmpstr (zb_dataset_get_sha256 (dataset), ==, sha256);
  g_assert_false (zb_dataset_get_modified (dataset));
  g_assert_cmpstr (zb_text_get (zb_dataset_get_title (dataset), ZB_LANG_EN), ==, "Tiny report");
  g_assert_cmpstr (zb_text_get (zb_dataset_get_place (dataset), ZB_LANG_ZH), ==, "某市");
  g_assert_cmpstr (zb_dataset_get_delivered (dataset), ==, "2024-01-18");
  g_assert_nonnull (zb_dataset_get_report (dataset));

  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), ==, 4);
  g_assert_cmpuint (zb_dataset_get_n_charts (dataset), ==, 2);
  g_assert_cmpuint (zb_dataset_get_n_briefings (dataset), ==, 1);
  g_assert_cmpuint (zb_dataset_get_n_exclusions (dataset), ==, 2);

  growth = zb_dataset_lookup_indicator (dataset, "gdp-growth");
  g_assert_nonnull (growth);
  g_assert_true (growth == zb_dataset_get_indicator (dataset, 0));
  g_assert_cmpstr (growth->unit, ==, "%");
  g_assert_cmpint (growth->measure, ==, ZB_MEASURE_GROWTH_RATE);
  g_assert_cmpstr (growth->theme, ==, "economy");
  g_assert_cmpuint (growth->observations->len, ==, 2);

  observation = zb_indicator_find_observation (growth, "2024", ZB_STATUS_TARGET);
  g_assert_nonnull (observation);
  g_assert_cmpfloat (observation->value, ==, 6);
  g_assert_cmpstrv (observation->qualifiers, ((const char *[]) { "左右", NULL }));
  g_assert_false (observation->cumulative);
  g_assert_true (observation->indicator == growth);
  g_assert_null (zb_indicator_find_observation (growth, "2024", ZB_STATUS_ACTUAL));
  g_assert_true (zb_indicator_find_observation (growth, NULL, -1) == g_ptr_array_index (growth->observations, 0));

  /* Every span of the file points at its words in the report. */
  text = zb_report_get_text (zb_dataset_get_report (dataset), &len);
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *o = g_ptr_array_index (indicator->observations, j);

          g_assert_cmpuint (o->src_end, <=, len);
          g_assert_cmpint (strncmp (text + o->src_start, o->src_text, o->src_end - o->src_start), ==, 0);
        }
    }

  g_assert_null (zb_dataset_lookup_indicator (dataset, "nope"));
  g_assert_nonnull (zb_dataset_lookup_chart (dataset, "firms"));
  g_assert_null (zb_dataset_lookup_chart (dataset, "gdp"));
  g_assert_nonnull (zb_dataset_lookup_briefing (dataset, "overview"));
}

static void
test_accessors (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  ZbIndicator *firms = zb_dataset_lookup_indicator (dataset, "new-firms");
  ZbChartSpec *chart = zb_dataset_lookup_chart (dataset, "gdp-growth");
  ZbBriefing *briefing = zb_dataset_get_briefing (dataset, 0);
  ZbSeriesRef *series;
  ZbReference *reference;
  ZbSlide *slide;
  ZbText empty = { NULL, NULL };
  ZbText zh_only = { (char *) "中文", (char *) "" };

  /* Labels fall back to the other language, then to "". */
  g_assert_cmpstr (zb_text_get (&firms->name, ZB_LANG_EN), ==, "新增规上工业企业");
  g_assert_cmpstr (zb_text_get (&empty, ZB_LANG_ZH), ==, "");
  g_assert_cmpstr (zb_text_get (&zh_only, ZB_LANG_EN), ==, "中文");
  g_assert_cmpstr (zb_text_get (NULL, ZB_LANG_EN), ==, "");

  g_assert_cmpint (chart->type, ==, ZB_CHART_COLUMN);
  g_assert_cmpstr (zb_text_get (&chart->subtitle, ZB_LANG_EN), ==, "Year on year");
  g_assert_cmpuint (chart->series->len, ==, 1);
  series = g_ptr_array_index (chart->series, 0);
  g_assert_cmpstr (series->indicator, ==, "gdp-growth");
  g_assert_null (series->period);
  g_assert_true (series->has_status);
  g_assert_cmpint (series->status, ==, ZB_STATUS_ACTUAL);
  g_assert_cmpstr (zb_text_get (&series->label, ZB_LANG_EN), ==, "Actual");
  reference = g_ptr_array_index (chart->references, 0);
  g_assert_cmpstr (reference->period, ==, "2024");
  g_assert_cmpint (reference->status, ==, ZB_STATUS_TARGET);
  series = g_ptr_array_index (zb_dataset_lookup_chart (dataset, "firms")->series, 0);
  g_assert_false (series->has_status);

  g_assert_cmpuint (briefing->slides->len, ==, 2);
  slide = g_ptr_array_index (briefing->slides, 0);
  g_assert_cmpstr (slide->chart, ==, "gdp-growth");
  g_assert_null (slide->note);
  slide = g_ptr_array_index (briefing->slides, 1);
  g_assert_cmpstr (slide->note, ==, "说明\n第二行");

  /* Duplicates are refused (and freed: a leak would show under valgrind / ASan). */
  g_assert_false (zb_dataset_add_indicator (dataset, zb_indicator_new ("gdp")));
  g_assert_false (zb_dataset_add_chart (dataset, zb_chart_spec_new ("firms", ZB_CHART_LINE)));
  g_assert_false (zb_dataset_add_briefing (dataset, zb_briefing_new ("overview")));
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), ==, 4);
  g_assert_true (zb_dataset_add_indicator (dataset, zb_indicator_new ("new")));
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), ==, 5);
  g_assert_nonnull (zb_dataset_lookup_indicator (dataset, "new"));

  zb_dataset_set_modified (dataset, TRUE);
  g_assert_true (zb_dataset_get_modified (dataset));
  zb_dataset_set_modified (dataset, FALSE);
  g_assert_false (zb_dataset_get_modified (dataset));
}

static void
test_get_latest (void)
{
  g_autoptr (ZbIndicator) indicator = zb_indicator_new ("x");
  ZbObservation *a, *b, *c;

  g_assert_null (zb_indicator_get_latest (indicator));
  a = zb_indicator_add_observation (indicator);
  a->status = ZB_STATUS_TARGET;
  g_assert_true (zb_indicator_get_latest (indicator) == a);
  b = zb_indicator_add_observation (indicator);
  b->status = ZB_STATUS_ACTUAL;
  c = zb_indicator_add_observation (indicator);
  c->status = ZB_STATUS_TARGET;
  /* The last achieved figure wins over a later target. */
  g_assert_true (zb_indicator_get_latest (indicator) == b);
  g_assert_nonnull (c->qualifiers);
  g_assert_null (c->qualifiers[0]);
}

static void
assert_same_data (ZbDataset *a,
                  ZbDataset *b)
{
  g_autofree char *data_a = zb_dataset_to_data (a, NULL);
  g_autofree char *data_b = zb_dataset_to_data (b, NULL);

  g_assert_cmpstr (data_a, ==, data_b);
}

static void
test_round_trip (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  g_autoptr (ZbDataset) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = data_path ("tests/data/good");
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  ZbObservation *observation;
  gsize len;

  data = zb_dataset_to_data (dataset, &len);
  g_assert_cmpuint (strlen (data), ==, len);
  again = zb_dataset_load_from_data (data, len, dir, "round.json", &error);
  g_assert_no_error (error);
  data2 = zb_dataset_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data2);

  /* Numbers as written, UTF-8 unescaped, 2-space indent, stable key order. */
  g_assert_true (g_str_has_prefix (data, "{\n  \"format\": \"zhibiao-dataset\",\n  \"version\": 1,\n"));
  g_assert_nonnull (strstr (data, "\"value\": 5.7,"));
  g_assert_nonnull (strstr (data, "\"value\": 6,"));
  g_assert_nonnull (strstr (data, "\"value\": 1200,"));
  g_assert_null (strstr (data, "6.0"));
  g_assert_nonnull (strstr (data, "\"zh\": \"地区生产总值增长\""));
  g_assert_null (strstr (data, "\\u"));
  g_assert_nonnull (strstr (data, "\"note\": \"说明\\n第二行\""));
  g_assert_nonnull (strstr (data, "\"text\": \"tiny.txt\""));
  g_assert_true (strstr (data, "\"indicators\"") < strstr (data, "\"charts\""));
  g_assert_true (strstr (data, "\"charts\"") < strstr (data, "\"briefings\""));
  g_assert_true (strstr (data, "\"briefings\"") < strstr (data, "\"excluded\""));

  /* Sections come from the report, with parents by id. */
  g_assert_nonnull (strstr (data, "\"title\": \"产业\""));
  g_assert_nonnull (strstr (data, "\"parent\": null"));

  /* Values that are not short decimals survive exactly. */
  observation = g_ptr_array_index (zb_dataset_lookup_indicator (again, "gdp")->observations, 0);
  observation->value = 0.1 + 0.2;
  g_clear_pointer (&data, g_free);
  data = zb_dataset_to_data (again, &len);
  g_clear_object (&dataset);
  dataset = zb_dataset_load_from_data (data, len, dir, "round.json", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((ZbObservation *) g_ptr_array_index (zb_dataset_lookup_indicator (dataset, "gdp")->observations, 0))->value,
                     ==, 0.1 + 0.2);
  assert_same_data (dataset, again);
}

static void
test_build_and_save (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  g_autoptr (ZbDataset) loaded = NULL;
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *report_path = data_path ("tests/data/good/tiny.txt");
  g_autofree char *tmp = g_dir_make_tmp ("zb-dataset-XXXXXX", &error);
  g_autofree char *sub = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *saved = NULL;
  ZbIndicator *indicator;
  ZbObservation *observation;
  ZbExclusion *exclusion;
  ZbChartSpec *chart;

  g_assert_no_error (error);
  report = zb_report_new_from_file (report_path, &error);
  g_assert_no_error (error);

  zb_dataset_set_report (dataset, report, NULL);
  g_assert_true (zb_dataset_get_report (dataset) == report);
  zb_dataset_set_title (dataset, &(ZbText) { (char *) "小报告", NULL });
  zb_dataset_set_delivered (dataset, "2024-01-18");
  indicator = zb_indicator_new ("growth");
  indicator->name.zh = g_strdup ("增长");
  g_free (indicator->unit);
  indicator->unit = g_strdup ("%");
  observation = zb_indicator_add_observation (indicator);
  observation->period = g_strdup ("2023");
  observation->value = 5.7;
  observation->src_start = 75;
  observation->src_end = 78;
  observation->src_text = g_strdup ("5.7");
  g_assert_true (zb_dataset_add_indicator (dataset, indicator));
  exclusion = g_new0 (ZbExclusion, 1);
  exclusion->start = 25;
  exclusion->end = 29;
  exclusion->text = g_strdup ("2023");
  exclusion->reason = g_strdup ("date");
  zb_dataset_add_exclusion (dataset, exclusion);
  chart = zb_chart_spec_new ("c", ZB_CHART_LINE);
  chart->title.en = g_strdup ("Growth");
  zb_chart_spec_add_series (chart, "growth");
  zb_chart_spec_add_reference (chart, "growth")->period = g_strdup ("2023");
  g_assert_true (zb_dataset_add_chart (dataset, chart));
  {
    ZbBriefing *briefing = zb_briefing_new ("b");

    zb_briefing_add_slide (briefing, "c");
    g_assert_true (zb_dataset_add_briefing (dataset, briefing));
  }

  /* A dataset saved in another folder than its report names the report relative to itself. */
  sub = g_build_filename (tmp, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  path = g_build_filename (sub, "built.json", NULL);
  zb_dataset_set_modified (dataset, TRUE);
  g_assert_true (zb_dataset_save (dataset, path, &error));
  g_assert_no_error (error);
  g_assert_false (zb_dataset_get_modified (dataset));
  g_assert_cmpstr (zb_dataset_get_path (dataset), ==, path);
  sha256 = file_sha256 (path);
  g_assert_cmpstr (zb_dataset_get_sha256 (dataset), ==, sha256);

  loaded = zb_dataset_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (zb_dataset_get_sha256 (loaded), ==, sha256);
  g_assert_cmpuint (zb_dataset_get_n_exclusions (loaded), ==, 1);
  g_assert_cmpstr (zb_text_get (zb_dataset_get_title (loaded), ZB_LANG_EN), ==, "小报告");
  g_assert_null (zb_dataset_get_title (loaded)->en);
  g_assert_cmpstr (zb_dataset_get_delivered (loaded), ==, "2024-01-18");
  g_assert_cmpstr (zb_text_get (zb_dataset_get_place (loaded), ZB_LANG_ZH), ==, "");
  g_assert_cmpstr (zb_report_get_sha256 (zb_dataset_get_report (loaded)), ==,
                   zb_report_get_sha256 (report));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"text\": \"../../"));
  g_assert_nonnull (strstr (saved, "/tests/data/good/tiny.txt\""));
  assert_same_data (dataset, loaded);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static void
test_find_observation_at (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  ZbIndicator *growth = zb_dataset_lookup_indicator (dataset, "gdp-growth");
  ZbObservation *first = g_ptr_array_index (growth->observations, 0);
  ZbIndicator *extra;
  ZbObservation *added;

  g_assert_cmpuint (first->src_start, ==, 75);
  g_assert_true (zb_dataset_find_observation_at (dataset, 75) == first);
  g_assert_true (zb_dataset_find_observation_at (dataset, 77) == first);
  g_assert_null (zb_dataset_find_observation_at (dataset, 78));
  g_assert_null (zb_dataset_find_observation_at (dataset, 74));
  g_assert_null (zb_dataset_find_observation_at (dataset, 0));
  g_assert_null (zb_dataset_find_observation_at (dataset, G_MAXSIZE));
  g_assert_true (zb_dataset_find_observation_at (dataset, 150)->indicator
                 == zb_dataset_lookup_indicator (dataset, "new-firms"));

  /* The index notices observations added after it was built. */
  extra = zb_indicator_new ("extra");
  g_assert_true (zb_dataset_add_indicator (dataset, extra));
  added = zb_indicator_add_observation (extra);
  added->src_start = 0;
  added->src_end = 3;
  added->src_text = g_strdup ("政");
  g_assert_true (zb_dataset_find_observation_at (dataset, 2) == added);
  g_assert_null (zb_dataset_find_observation_at (dataset, 3));
}

static void
test_find_observation_at_many (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  const guint n = 100000;
  ZbIndicator *a = zb_indicator_new ("a");
  ZbIndicator *b = zb_indicator_new ("b");

  /* Interleaved between two indicators, added out of order: spans at 10 i .. 10 i + 4. */
  for (guint i = 0; i < n; i++)
    {
      ZbObservation *o = zb_indicator_add_observation (i % 2 ? a : b);

      o->src_start = (gsize) (n - 1 - i) * 10;
      o->src_end = o->src_start + 4;
      o->src_text = g_strdup ("1234");
    }
  zb_dataset_add_indicator (dataset, a);
  zb_dataset_add_indicator (dataset, b);

  for (gsize offset = 0; offset < (gsize) n * 10; offset += 7)
    {
      ZbObservation *found = zb_dataset_find_observation_at (dataset, offset);

      if (offset % 10 < 4)
        {
          g_assert_nonnull (found);
          g_assert_cmpuint (found->src_start, ==, offset - offset % 10);
        }
      else
        g_assert_null (found);
    }
}

/* A save never writes a file that would not load again. */
static void
test_save_refuses_invalid (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("zb-dataset-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp, "edited.json", NULL);
  ZbChartSpec *chart = zb_chart_spec_new ("orphan", ZB_CHART_LINE);
  ZbIndicator *indicator = zb_indicator_new ("no-period");

  g_assert_no_error (error);
  zb_chart_spec_add_series (chart, "removed-indicator");
  g_assert_true (zb_dataset_add_chart (dataset, chart));
  g_assert_false (zb_dataset_save (dataset, path, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE);
  g_assert_nonnull (strstr (error->message, "$.charts[2].series[0].indicator: no indicator has the id “removed-indicator”"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Once the chart names a real indicator, an observation without a period is what is left. */
  g_free (((ZbSeriesRef *) g_ptr_array_index (chart->series, 0))->indicator);
  ((ZbSeriesRef *) g_ptr_array_index (chart->series, 0))->indicator = g_strdup ("gdp");
  zb_indicator_add_observation (indicator)->src_label = g_strdup ("row 1");
  g_assert_true (zb_dataset_add_indicator (dataset, indicator));
  g_assert_false (zb_dataset_save (dataset, path, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "$.indicators[4].observations[0].period: expected a period"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A value from a table has a label instead of a span, and that saves and loads. */
  ((ZbObservation *) g_ptr_array_index (indicator->observations, 0))->period = g_strdup ("2023");
  g_assert_true (zb_dataset_save (dataset, path, &error));
  g_assert_no_error (error);
  {
    g_autoptr (ZbDataset) loaded = zb_dataset_load (path, &error);
    ZbObservation *observation;

    g_assert_no_error (error);
    observation = g_ptr_array_index (zb_dataset_lookup_indicator (loaded, "no-period")->observations, 0);
    g_assert_cmpstr (observation->src_label, ==, "row 1");
    g_assert_null (observation->src_text);
    assert_same_data (dataset, loaded);
  }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static ZbObservation *
add_span (ZbIndicator *indicator,
          gsize        start,
          gsize        end)
{
  ZbObservation *observation = zb_indicator_add_observation (indicator);

  observation->src_start = start;
  observation->src_end = end;
  return observation;
}

/* Spans should not nest, but if a hand-edited dataset has them the innermost one wins. */
static void
test_find_observation_at_nested (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  ZbIndicator *indicator = zb_indicator_new ("a");
  ZbObservation *outer = add_span (indicator, 0, 100);
  ZbObservation *inner = add_span (indicator, 50, 52);
  ZbObservation *shared_long = add_span (indicator, 60, 70);
  ZbObservation *shared_short = add_span (indicator, 60, 62);
  ZbObservation *later = add_span (indicator, 200, 203);

  zb_dataset_add_indicator (dataset, indicator);
  g_assert_true (zb_dataset_find_observation_at (dataset, 10) == outer);
  g_assert_true (zb_dataset_find_observation_at (dataset, 51) == inner);
  g_assert_true (zb_dataset_find_observation_at (dataset, 52) == outer);
  g_assert_true (zb_dataset_find_observation_at (dataset, 61) == shared_long);
  g_assert_true (zb_dataset_find_observation_at (dataset, 65) == shared_long);
  g_assert_true (zb_dataset_find_observation_at (dataset, 99) == outer);
  g_assert_null (zb_dataset_find_observation_at (dataset, 100));
  g_assert_null (zb_dataset_find_observation_at (dataset, 150));
  g_assert_true (zb_dataset_find_observation_at (dataset, 202) == later);
  g_assert_null (zb_dataset_find_observation_at (dataset, 203));
  (void) shared_short;
}

static void
test_save_fails_cleanly (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("zb-dataset-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp, "old.json", NULL);
  g_autofree char *missing = g_build_filename (tmp, "no", "such", "dir.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *old_sha256 = NULL;
  struct rlimit saved_limit;
  struct rlimit small_limit;
  GDir *dir;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));

  g_assert_false (zb_dataset_save (dataset, missing, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  old_sha256 = g_strdup (zb_dataset_get_sha256 (dataset));
  zb_dataset_set_modified (dataset, TRUE);

  /* A read-only folder stops everybody but root. */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (tmp, 0555), ==, 0);
      g_assert_false (zb_dataset_save (dataset, path, &error));
      g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "Cannot save"));
      g_assert_nonnull (strstr (error->message, path));
      g_clear_error (&error);
      g_assert_cmpint (g_chmod (tmp, 0755), ==, 0);
      g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
      g_assert_cmpstr (before, ==, "old contents\n");
      g_clear_pointer (&before, g_free);
    }

  /* A disk that fills up half way through (a file size limit stops root as well): the old
   * file stays whole and no temporary file is left behind. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  small_limit = saved_limit;
  small_limit.rlim_cur = 512;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small_limit), ==, 0);
  g_assert_false (zb_dataset_save (dataset, path, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("save error: %s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "old contents\n");
  g_assert_true (zb_dataset_get_modified (dataset));
  g_assert_cmpstr (zb_dataset_get_sha256 (dataset), ==, old_sha256);
  g_assert_cmpstr (zb_dataset_get_path (dataset), !=, path);

  dir = g_dir_open (tmp, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "old.json");
  g_assert_null (g_dir_read_name (dir));
  g_dir_close (dir);

  /* And once there is room again, the save replaces the old file. */
  g_assert_true (zb_dataset_save (dataset, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_true (g_str_has_prefix (after, "{\n  \"format\": \"zhibiao-dataset\""));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* Saving through a link replaces the file it names and keeps the link; the file keeps its
 * permissions; a pipe in the dataset's place is refused and left as it is. */
static void
test_save_respects_target (void)
{
  g_autoptr (ZbDataset) dataset = load_tiny ();
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("zb-dataset-XXXXXX", &error);
  g_autofree char *real = g_build_filename (tmp, "real.json", NULL);
  g_autofree char *link = g_build_filename (tmp, "link.json", NULL);
  g_autofree char *fifo = g_build_filename (tmp, "fifo.json", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (real, "{}", -1, NULL));
  g_assert_cmpint (g_chmod (real, 0600), ==, 0);
  g_assert_cmpint (symlink ("real.json", link), ==, 0);

  g_assert_true (zb_dataset_save (dataset, link, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_stat (real, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\n  \"format\": \"zhibiao-dataset\""));

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_false (zb_dataset_save (dataset, fifo, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  g_assert_cmpint (g_remove (fifo), ==, 0);
  g_assert_cmpint (g_remove (link), ==, 0);
  g_assert_cmpint (g_remove (real), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* The checksum of datasets and tables is SHA-256 however it is computed: every length around
 * the block and padding boundaries, and a long buffer. */
static void
test_sha256 (void)
{
  g_autofree guchar *data = g_malloc (3 * 1024 * 1024 + 7);
  GRand *rand = g_rand_new_with_seed (42);
  const gsize long_lengths[] = { 1024 * 1024, 3 * 1024 * 1024 + 7 };

  for (gsize i = 0; i < 3 * 1024 * 1024 + 7; i++)
    data[i] = (guchar) g_rand_int (rand);
  g_rand_free (rand);
  for (gsize len = 0; len <= 300; len++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
      g_autofree char *got = zb_sha256_hex (data, len);

      g_assert_cmpstr (got, ==, expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (long_lengths); i++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, long_lengths[i]);
      g_autofree char *got = zb_sha256_hex (data, long_lengths[i]);

      g_assert_cmpstr (got, ==, expected);
    }
  {
    g_autofree char *empty = zb_sha256_hex ("", 0);
    g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/load-good", test_load_good);
  g_test_add_func ("/dataset/accessors", test_accessors);
  g_test_add_func ("/dataset/get-latest", test_get_latest);
  g_test_add_func ("/dataset/round-trip", test_round_trip);
  g_test_add_func ("/dataset/build-and-save", test_build_and_save);
  g_test_add_func ("/dataset/find-observation-at", test_find_observation_at);
  g_test_add_func ("/dataset/find-observation-at-many", test_find_observation_at_many);
  g_test_add_func ("/dataset/find-observation-at-nested", test_find_observation_at_nested);
  g_test_add_func ("/dataset/save-fails-cleanly", test_save_fails_cleanly);
  g_test_add_func ("/dataset/save-refuses-invalid", test_save_refuses_invalid);
  g_test_add_func ("/dataset/save-respects-target", test_save_respects_target);
  g_test_add_func ("/dataset/sha256", test_sha256);

  return g_test_run ();
}
