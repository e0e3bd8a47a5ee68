/* test-national-dataset.c: the curated dataset of the State Council's 2024 report holds every
 * number of its report, its key figures are the report's, and the extractor agrees with it. */
#define G_LOG_DOMAIN "test-national-dataset"

#include "config.h"

#include "dataset-checks.h"


static ZbDataset *dataset;

static void
test_load (void)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize len;

  g_assert_nonnull (report);
  /* The checksum the file records is the report's. */
  path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "reports", "china-national-2024.txt",
                           NULL);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (zb_report_get_sha256 (report), ==, sha256);
  g_assert_cmpstr (zb_dataset_get_delivered (dataset), ==, "2024-03-05");
  g_assert_cmpstr (zb_dataset_get_place (dataset)->en, ==, "China");
  g_assert_nonnull (strstr (zb_dataset_get_title (dataset)->zh, "政府工作报告"));
}

static void
test_every_number (void)
{
  /* The national report writes most of its figures in Chinese numerals; 51 in Arabic ones. */
  g_assert_cmpuint (check_every_number (dataset), ==, 51);
}

static void
test_sources_and_names (void)
{
  check_sources_and_names (dataset);
}

/* The figures the report leads with, read off the report by hand. */
static const struct
{
  const char *id;
  const char *period;
  ZbStatus    status;
  double      value;
  const char *unit;
  const char *qualifiers;  /* joined by "," */
  const char *words;       /* the report's words just before the number */
} key_figures[] = {
  { "gdp", "2023", ZB_STATUS_ACTUAL, 126, "万亿元", "超过", "国内生产总值超过" },
  { "gdp-growth", "2023", ZB_STATUS_ACTUAL, 5.2, "%", "", "万亿元，增长" },
  { "urban-jobs", "2023", ZB_STATUS_ACTUAL, 1244, "万人", "", "城镇新增就业" },
  { "surveyed-unemployment", "2023", ZB_STATUS_ACTUAL, 5.2, "%", "", "失业率平均为" },
  { "cpi", "2023", ZB_STATUS_ACTUAL, 0.2, "%", "", "居民消费价格上涨" },
  { "grain-output", "2023", ZB_STATUS_ACTUAL, 1.39, "万亿斤", "", "粮食产量" },
  { "disposable-income-growth", "2023", ZB_STATUS_ACTUAL, 6.1, "%", "", "可支配收入增长" },
  { "urbanisation-rate", "2023", ZB_STATUS_ACTUAL, 66.2, "%", "", "城镇化率提高到" },
  { "gdp-growth", "2024", ZB_STATUS_TARGET, 5, "%", "左右", "国内生产总值增长" },
  { "urban-jobs", "2024", ZB_STATUS_TARGET, 1200, "万人", "以上", "城镇新增就业" },
  { "surveyed-unemployment", "2024", ZB_STATUS_TARGET, 5.5, "%", "左右", "城镇调查失业率" },
  { "cpi", "2024", ZB_STATUS_TARGET, 3, "%", "左右", "居民消费价格涨幅" },
  { "grain-output", "2024", ZB_STATUS_TARGET, 1.3, "万亿斤", "以上", "粮食产量" },
  { "energy-intensity-cut", "2024", ZB_STATUS_TARGET, 2.5, "%", "左右", "能耗降低" },
  { "deficit-ratio", "2024", ZB_STATUS_TARGET, 3, "%", "", "赤字率拟按" },
  { "deficit", "2024", ZB_STATUS_TARGET, 4.06, "万亿元", "", "赤字规模" },
  { "budget-spending", "2024", ZB_STATUS_TARGET, 28.5, "万亿元", "", "预算支出规模" },
  { "local-special-bonds", "2024", ZB_STATUS_TARGET, 3.9, "万亿元", "", "地方政府专项债券" },
  { "ultra-long-special-bonds", "2024", ZB_STATUS_TARGET, 1, "万亿元", "", "今年先发行" },
  { "central-budget-investment", "2024", ZB_STATUS_TARGET, 7000, "亿元", "", "拟安排" },
};

static ZbObservation *
find_key_figure (guint i)
{
  ZbIndicator *indicator = zb_dataset_lookup_indicator (dataset, key_figures[i].id);
  ZbObservation *o;

  if (indicator == NULL)
    g_error ("no indicator “%s”", key_figures[i].id);
  o = zb_indicator_find_observation (indicator, key_figures[i].period, (int) key_figures[i].status);
  if (o == NULL)
    g_error ("%s has no %s observation for %s", key_figures[i].id,
             zb_status_to_string (key_figures[i].status), key_figures[i].period);
  return o;
}

static void
test_key_figures (void)
{
  gsize len;
  const char *text = zb_report_get_text (zb_dataset_get_report (dataset), &len);

  for (guint i = 0; i < G_N_ELEMENTS (key_figures); i++)
    {
      ZbObservation *o = find_key_figure (i);
      g_autofree char *qualifiers = g_strjoinv (",", o->qualifiers);
      gsize n = strlen (key_figures[i].words);

      g_assert_cmpfloat_with_epsilon (o->value, key_figures[i].value, 1e-9);
      g_assert_cmpstr (o->indicator->unit, ==, key_figures[i].unit);
      g_assert_cmpstr (qualifiers, ==, key_figures[i].qualifiers);
      g_assert_cmpuint (o->src_start, >=, n);
      g_assert_cmpint (memcmp (text + o->src_start - n, key_figures[i].words, n), ==, 0);
    }
}

/* The extractor finds the key figures with their values, units and qualifiers, and agrees with
 * the curated dataset on every span. */
static void
test_extractor (void)
{
  g_autoptr (ZbDataset) extracted = check_extract (dataset);
  g_autoptr (GPtrArray) disagreements = check_extractor_agrees (dataset, extracted);

  for (guint i = 0; i < G_N_ELEMENTS (key_figures); i++)
    {
      ZbObservation *o = find_key_figure (i);
      ZbObservation *e = check_extracted_at (extracted, o->src_start);
      g_autofree char *curated = g_strjoinv (",", o->qualifiers);
      g_autofree char *found = NULL;

      if (e == NULL)
        g_error ("the extractor misses %s %s “%s”", key_figures[i].id, key_figures[i].period,
                 o->src_text);
      found = g_strjoinv (",", e->qualifiers);
      g_assert_cmpuint (e->src_end, ==, o->src_end);
      g_assert_cmpfloat_with_epsilon (e->value, o->value, 1e-9);
      g_assert_cmpstr (e->indicator->unit, ==, o->indicator->unit);
      g_assert_cmpint (e->status, ==, o->status);
      /* The words that bound or hedge the figure (超过, 以上, 左右) are found; the extractor may
       * note more (平均). */
      if (*curated != '\0')
        g_assert_cmpstr (found, ==, curated);
    }

  for (guint i = 0; i < disagreements->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (disagreements, i));
  g_assert_cmpuint (disagreements->len, ==, 0);
}

static void
test_sections (void)
{
  g_autofree char *path = curated_dataset_path ("china-national-2024");

  check_sections (dataset, path);
  /* 一、二、三 and the ten （一） of this year's tasks. */
  g_assert_cmpuint (zb_report_get_n_sections (zb_dataset_get_report (dataset)), ==, 3 + 10);
}

static void
test_list (void)
{
  g_autofree char *path = curated_dataset_path ("china-national-2024");

  check_list (dataset, path);
}

static void
test_up_to_date (void)
{
  check_up_to_date ("china-national-2024");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  path = curated_dataset_path ("china-national-2024");
  dataset = zb_dataset_load (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/national-dataset/load", test_load);
  g_test_add_func ("/national-dataset/every-number", test_every_number);
  g_test_add_func ("/national-dataset/sources-and-names", test_sources_and_names);
  g_test_add_func ("/national-dataset/key-figures", test_key_figures);
  g_test_add_func ("/national-dataset/extractor", test_extractor);
  g_test_add_func ("/national-dataset/sections", test_sections);
  g_test_add_func ("/national-dataset/list", test_list);
  g_test_add_func ("/national-dataset/up-to-date", test_up_to_date);

  ret = g_test_run ();
  g_clear_object (&dataset);
  return ret;
}
