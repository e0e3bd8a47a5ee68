/* test-wuhan-dataset.c: the curated Wuhan 2024 dataset holds every number of its report, the key
 * figures are the report's, every theme has a chart, and the extractor agrees with it. */
#define G_LOG_DOMAIN "test-wuhan-dataset"

#include "config.h"

#include "dataset-checks.h"

#define REPORT_SHA256 "c5cf6061b4f8384998c1048cdf3ead3f96b98f23cc5d793062d8076f3deb1d52"

static ZbDataset *dataset;

static void
test_load (void)
{
  ZbReport *report = zb_dataset_get_report (dataset);

  g_assert_nonnull (report);
  g_assert_cmpstr (zb_report_get_sha256 (report), ==, REPORT_SHA256);
  g_assert_cmpstr (zb_dataset_get_delivered (dataset), ==, "2024-01-18");
  g_assert_cmpstr (zb_dataset_get_place (dataset)->zh, ==, "武汉市");
  g_assert_cmpstr (zb_dataset_get_place (dataset)->en, ==, "Wuhan");
  g_assert_nonnull (strstr (zb_dataset_get_title (dataset)->zh, "武汉市政府工作报告"));
  g_assert_cmpstr (zb_dataset_get_title (dataset)->en, ==, "Wuhan Government Work Report 2024");
}

static void
test_every_number (void)
{
  guint n = check_every_number (dataset);

  /* The report has a few hundred figures; a scan that found few would prove nothing. */
  g_assert_cmpuint (n, >, 300);
  g_test_message ("%u numbers: %u exclusions", n, zb_dataset_get_n_exclusions (dataset));
}

static void
test_sources_and_names (void)
{
  check_sources_and_names (dataset);
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), >=, 250);
}

static ZbObservation *
find (const char *id,
      const char *period,
      ZbStatus    status)
{
  ZbIndicator *indicator = zb_dataset_lookup_indicator (dataset, id);

  if (indicator == NULL)
    g_error ("no indicator “%s”", id);
  return zb_indicator_find_observation (indicator, period, (int) status);
}

static void
test_gdp (void)
{
  static const struct
  {
    const char *period;
    double      value;
    gboolean    cumulative;
    ZbStatus    status;
  } series[] = {
    { "2023Q1", 4.5, TRUE, ZB_STATUS_ACTUAL },
    { "2023H1", 5, TRUE, ZB_STATUS_ACTUAL },
    { "2023Q1-Q3", 5.5, TRUE, ZB_STATUS_ACTUAL },
    { "2023", 5.7, FALSE, ZB_STATUS_ACTUAL },
    { "2024", 6, FALSE, ZB_STATUS_TARGET },
  };
  ZbIndicator *growth = zb_dataset_lookup_indicator (dataset, "gdp-growth");
  ZbIndicator *gdp = zb_dataset_lookup_indicator (dataset, "gdp");
  ZbObservation *level;

  g_assert_nonnull (growth);
  g_assert_cmpstr (growth->unit, ==, "%");
  g_assert_cmpint (growth->measure, ==, ZB_MEASURE_GROWTH_RATE);
  g_assert_cmpstr (growth->theme, ==, "economy");
  g_assert_cmpuint (growth->observations->len, ==, G_N_ELEMENTS (series));
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    {
      ZbObservation *o = g_ptr_array_index (growth->observations, i);

      g_assert_cmpstr (o->period, ==, series[i].period);
      g_assert_cmpfloat (o->value, ==, series[i].value);
      g_assert_cmpint (o->cumulative, ==, series[i].cumulative);
      g_assert_cmpint (o->status, ==, series[i].status);
      /* The report sets 6% flat: no 左右 on it, nor on the actuals. */
      g_assert_cmpuint (g_strv_length (o->qualifiers), ==, 0);
    }

  g_assert_nonnull (gdp);
  g_assert_cmpstr (gdp->unit, ==, "万亿元");
  g_assert_cmpuint (gdp->observations->len, ==, 1);
  level = g_ptr_array_index (gdp->observations, 0);
  g_assert_cmpstr (level->period, ==, "2023");
  g_assert_cmpfloat (level->value, ==, 2);
  g_assert_cmpint (level->status, ==, ZB_STATUS_ACTUAL);
  g_assert_cmpstrv (level->qualifiers, ((const char *[]) { "突破", NULL }));
  g_assert_cmpstr (level->src_text, ==, "2");
}

/* Key figures, read off the report by hand. */
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
  { "market-entities", "2023", ZB_STATUS_ACTUAL, 206, "万户", "超过", "经营主体超过" },
  { "market-entities", "2024", ZB_STATUS_TARGET, 225, "万户", "力争,超过", "经营主体超" },
  { "above-scale-entities", "2023", ZB_STATUS_ACTUAL, 1.7, "万家", "达到", "单位达到" },
  { "advantage-industries-share", "2023", ZB_STATUS_ACTUAL, 55, "%", "超过", "比重超" },
  { "port-container-throughput", "2023", ZB_STATUS_ACTUAL, 279, "万标箱", "", "吞吐量" },
  { "rail-transit-length", "2023", ZB_STATUS_ACTUAL, 540, "公里", "达到", "总里程达到" },
  { "tourists", "2023", ZB_STATUS_ACTUAL, 3.33, "亿人次", "", "接待游客" },
  { "tourists-growth", "2023", ZB_STATUS_ACTUAL, 62.4, "%", "", "增长" },
  { "ecommerce-turnover", "2023", ZB_STATUS_ACTUAL, 1.7, "万亿元", "突破", "交易额突破" },
  { "retail-sales-growth", "2023", ZB_STATUS_ACTUAL, 8.6, "%", "", "零售总额增长" },
  { "projects-signed", "2023", ZB_STATUS_ACTUAL, 1020, "个", "", "产业项目" },
  { "projects-started", "2023", ZB_STATUS_ACTUAL, 917, "个", "", "新开工亿元以上项目" },
  { "projects-started", "2024", ZB_STATUS_TARGET, 920, "个", "以上", "开工亿元以上项目" },
  { "projects-completed", "2023", ZB_STATUS_ACTUAL, 464, "个", "", "建成投产亿元以上项目" },
  { "tax-fee-relief", "2023", ZB_STATUS_ACTUAL, 328.7, "亿元", "", "退税缓费" },
  { "manufacturing-loans-growth", "2023", ZB_STATUS_ACTUAL, 21.9, "%", "", "分别增长" },
  { "green-loans-growth", "2023", ZB_STATUS_ACTUAL, 25.4, "%", "", "21.9%、" },
  { "inclusive-micro-loans-growth", "2023", ZB_STATUS_ACTUAL, 25.8, "%", "", "25.4%、" },
  { "tech-contract-turnover", "2023", ZB_STATUS_ACTUAL, 2198, "亿元", "", "技术合同成交额" },
  { "tech-contract-turnover", "2024", ZB_STATUS_TARGET, 2400, "亿元", "突破", "成交额突破" },
  { "tech-smes", "2023", ZB_STATUS_ACTUAL, 1.25, "万家", "", "评价入库" },
  { "high-tech-enterprises", "2023", ZB_STATUS_ACTUAL, 1.45, "万家", "达到", "总量达" },
  { "high-tech-enterprises", "2024", ZB_STATUS_TARGET, 1.55, "万家", "力争,达到", "企业达到" },
  { "nev-output-growth", "2023", ZB_STATUS_ACTUAL, 47, "%", "", "新能源汽车产量增长" },
  { "software-revenue", "2023", ZB_STATUS_ACTUAL, 3000, "亿元", "突破", "营业收入突破" },
  { "digital-economy-share", "2023", ZB_STATUS_ACTUAL, 48, "%", "达到", "比重达" },
  { "digital-economy-share", "2024", ZB_STATUS_TARGET, 50, "%", "力争,达到", "比重达到" },
  { "bonded-zones-trade-growth", "2023", ZB_STATUS_ACTUAL, 12.5, "%", "", "进出口总额增长" },
  { "livelihood-spending-share", "2023", ZB_STATUS_ACTUAL, 78.8, "%", "", "民生支出占比" },
  { "urban-jobs", "2023", ZB_STATUS_ACTUAL, 29.26, "万人", "", "城镇新增就业" },
  { "urban-jobs", "2024", ZB_STATUS_TARGET, 25, "万人", "以上", "城镇新增就业" },
  { "cpi", "2024", ZB_STATUS_TARGET, 3, "%", "左右", "居民消费价格涨幅" },
  { "fixed-investment-growth", "2024", ZB_STATUS_TARGET, 8, "%", "", "固定资产投资增长" },
  { "foreign-trade-growth", "2024", ZB_STATUS_TARGET, 8, "%", "", "外贸进出口总额增长" },
  { "nev-output", "2024", ZB_STATUS_TARGET, 50, "万辆", "突破", "产量突破" },
  { "water-quality-good-share", "2024", ZB_STATUS_TARGET, 90.9, "%", "达到", "优良率达" },
  { "affordable-rental-homes", "2023", ZB_STATUS_ACTUAL, 5.86, "万套", "", "保障性租赁住房" },
  { "sewage-capacity", "2023", ZB_STATUS_ACTUAL, 44.5, "万吨/日", "", "污水处理能力" },
  { "tax-relief-beneficiaries", "2023", ZB_STATUS_ACTUAL, 53, "万户", "余", "惠及经营主体" },
};

static void
test_key_figures (void)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  gsize len;
  const char *text = zb_report_get_text (report, &len);

  g_assert_cmpuint (G_N_ELEMENTS (key_figures), >=, 25);
  for (guint i = 0; i < G_N_ELEMENTS (key_figures); i++)
    {
      ZbObservation *o = find (key_figures[i].id, key_figures[i].period, key_figures[i].status);
      g_autofree char *qualifiers = NULL;
      gsize n = strlen (key_figures[i].words);

      if (o == NULL)
        g_error ("%s has no %s observation for %s", key_figures[i].id,
                 zb_status_to_string (key_figures[i].status), key_figures[i].period);
      g_assert_cmpfloat_with_epsilon (o->value, key_figures[i].value, 1e-9);
      g_assert_cmpstr (o->indicator->unit, ==, key_figures[i].unit);
      g_assert_false (o->cumulative);
      qualifiers = g_strjoinv (",", o->qualifiers);
      g_assert_cmpstr (qualifiers, ==, key_figures[i].qualifiers);
      /* The span is the figure of those words, not an equal number elsewhere. */
      g_assert_cmpuint (o->src_start, >=, n);
      g_assert_cmpint (memcmp (text + o->src_start - n, key_figures[i].words, n), ==, 0);
    }
}

static void
test_themes (void)
{
  g_autoptr (GHashTable) charted = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    {
      ZbChartSpec *chart = zb_dataset_get_chart (dataset, i);

      for (guint j = 0; j < chart->series->len; j++)
        {
          ZbSeriesRef *ref = g_ptr_array_index (chart->series, j);
          ZbIndicator *indicator = zb_dataset_lookup_indicator (dataset, ref->indicator);

          g_assert_nonnull (indicator);
          g_hash_table_add (charted, indicator->theme);
        }
    }
  for (guint i = 0; curated_themes[i] != NULL; i++)
    if (!g_hash_table_contains (charted, curated_themes[i]))
      g_error ("no chart shows an indicator of the theme “%s”", curated_themes[i]);
}

static void
test_charts (void)
{
  ZbChartSpec *gdp = zb_dataset_lookup_chart (dataset, "gdp-growth-quarterly");
  ZbBriefing *briefing = zb_dataset_lookup_briefing (dataset, "key-figures");
  ZbSeriesRef *series;
  ZbReference *reference;
  ZbObservation *target;

  g_assert_cmpuint (zb_dataset_get_n_charts (dataset), >=, 12);

  g_assert_nonnull (gdp);
  g_assert_cmpint (gdp->type, ==, ZB_CHART_COLUMN);
  g_assert_cmpuint (gdp->series->len, ==, 1);
  series = g_ptr_array_index (gdp->series, 0);
  g_assert_cmpstr (series->indicator, ==, "gdp-growth");
  g_assert_true (series->has_status);
  g_assert_cmpint (series->status, ==, ZB_STATUS_ACTUAL);
  g_assert_cmpuint (gdp->references->len, ==, 1);
  reference = g_ptr_array_index (gdp->references, 0);
  target = find (reference->indicator, reference->period,
                 reference->has_status ? reference->status : (ZbStatus) -1);
  g_assert_nonnull (target);
  g_assert_cmpfloat (target->value, ==, 6);
  g_assert_cmpint (target->status, ==, ZB_STATUS_TARGET);

  g_assert_nonnull (briefing);
  g_assert_cmpuint (briefing->slides->len, >=, 8);
  g_assert_cmpuint (briefing->slides->len, <=, 10);
  for (guint i = 0; i < briefing->slides->len; i++)
    g_assert_nonnull (zb_dataset_lookup_chart (dataset,
                                               ((ZbSlide *) g_ptr_array_index (briefing->slides, i))->chart));

  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    {
      ZbChartSpec *chart = zb_dataset_get_chart (dataset, i);
      const char *unit = NULL;

      g_assert_nonnull (chart->title.zh);
      g_assert_nonnull (chart->title.en);
      g_assert_nonnull (chart->subtitle.zh);
      g_assert_nonnull (chart->subtitle.en);
      g_assert_cmpuint (chart->series->len, >, 0);
      /* One axis for all series unless the chart is small multiples. */
      for (guint j = 0; j < chart->series->len; j++)
        {
          ZbSeriesRef *ref = g_ptr_array_index (chart->series, j);
          ZbIndicator *indicator = zb_dataset_lookup_indicator (dataset, ref->indicator);

          g_assert_nonnull (indicator);
          if (ref->period != NULL || ref->has_status)
            g_assert_nonnull (zb_indicator_find_observation (indicator, ref->period,
                                                             ref->has_status ? (int) ref->status : -1));
          if (chart->type == ZB_CHART_SMALL_MULTIPLES)
            continue;
          if (unit == NULL)
            unit = indicator->unit;
          else if (strcmp (unit, indicator->unit) != 0)
            g_error ("chart “%s” mixes the units “%s” and “%s” on one axis", chart->id, unit,
                     indicator->unit);
        }
    }
}

static gboolean
in_a_dumbbell (const char *id)
{
  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    {
      ZbChartSpec *chart = zb_dataset_get_chart (dataset, i);

      if (chart->type != ZB_CHART_DUMBBELL && chart->type != ZB_CHART_SMALL_MULTIPLES)
        continue;
      for (guint j = 0; j < chart->series->len; j++)
        {
          ZbSeriesRef *ref = g_ptr_array_index (chart->series, j);

          if (strcmp (ref->indicator, id) == 0 && ref->period == NULL && !ref->has_status)
            return TRUE;
        }
    }
  return FALSE;
}

/* Every indicator with a 2023 actual and a 2024 target is drawn as actual against target. */
static void
test_actual_vs_target (void)
{
  guint n = 0;

  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      if (zb_indicator_find_observation (indicator, "2023", ZB_STATUS_ACTUAL) == NULL
          || zb_indicator_find_observation (indicator, "2024", ZB_STATUS_TARGET) == NULL)
        continue;
      n++;
      if (!in_a_dumbbell (indicator->id))
        g_error ("“%s” has a 2023 actual and a 2024 target but no actual-vs-target chart",
                 indicator->id);
    }
  g_assert_cmpuint (n, >=, 20);
}

static void
test_sections (void)
{
  g_autofree char *path = curated_dataset_path ("wuhan-2024");

  check_sections (dataset, path);
  /* 一、二、三 and the seven （一） of the review and the ten of this year's work. */
  g_assert_cmpuint (zb_report_get_n_sections (zb_dataset_get_report (dataset)), ==, 3 + 7 + 10);
}

static void
test_list (void)
{
  g_autofree char *path = curated_dataset_path ("wuhan-2024");

  check_list (dataset, path);
}

/* The extractor finds every curated figure with the same span, value and unit, and everything it
 * finds is a curated figure or an exclusion. */
static void
test_extractor (void)
{
  g_autoptr (ZbDataset) extracted = check_extract (dataset);
  g_autoptr (GPtrArray) disagreements = check_extractor_agrees (dataset, extracted);

  for (guint i = 0; i < disagreements->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (disagreements, i));
  g_assert_cmpuint (disagreements->len, ==, 0);
}

static void
test_up_to_date (void)
{
  check_up_to_date ("wuhan-2024");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  path = curated_dataset_path ("wuhan-2024");
  dataset = zb_dataset_load (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/wuhan-dataset/load", test_load);
  g_test_add_func ("/wuhan-dataset/every-number", test_every_number);
  g_test_add_func ("/wuhan-dataset/sources-and-names", test_sources_and_names);
  g_test_add_func ("/wuhan-dataset/gdp", test_gdp);
  g_test_add_func ("/wuhan-dataset/key-figures", test_key_figures);
  g_test_add_func ("/wuhan-dataset/themes", test_themes);
  g_test_add_func ("/wuhan-dataset/charts", test_charts);
  g_test_add_func ("/wuhan-dataset/actual-vs-target", test_actual_vs_target);
  g_test_add_func ("/wuhan-dataset/sections", test_sections);
  g_test_add_func ("/wuhan-dataset/list", test_list);
  g_test_add_func ("/wuhan-dataset/up-to-date", test_up_to_date);
  g_test_add_func ("/wuhan-dataset/extractor", test_extractor);

  ret = g_test_run ();
  g_clear_object (&dataset);
  return ret;
}
