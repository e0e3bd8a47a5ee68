#include "config.h"

#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-extractor.h"
#include "zb-report.h"
#include "zb-units.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  ZbReport  *report;
  ZbDataset *dataset;
} Extracted;

static char *
source_path (const char *relative)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static void
extracted_clear (Extracted *e)
{
  g_clear_object (&e->dataset);
  g_clear_object (&e->report);
}

static void
extract_file (const char *relative,
              Extracted  *out)
{
  g_autofree char *path = source_path (relative);
  g_autoptr (GError) error = NULL;

  out->report = zb_report_new_from_file (path, &error);
  g_assert_no_error (error);
  out->dataset = zb_extract (out->report, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out->dataset);
}

/* Offset of the number written as number_text inside the first occurrence of context. */
static gsize
offset_in (ZbReport   *report,
           const char *context,
           const char *number_text)
{
  gsize len;
  const char *text = zb_report_get_text (report, &len);
  const char *hit = g_strstr_len (text, len, context);
  const char *num;

  if (hit == NULL)
    g_error ("“%s” is not in the report", context);
  num = strstr (hit, number_text);
  g_assert_nonnull (num);
  g_assert_cmpuint ((gsize) (num - hit), <, strlen (context));
  return (gsize) (num - text);
}

static ZbObservation *
observation_at (ZbDataset *dataset,
                gsize      offset)
{
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *obs = g_ptr_array_index (indicator->observations, j);

          if (obs->src_start == offset)
            return obs;
        }
    }
  return NULL;
}

static ZbExclusion *
exclusion_at (ZbDataset *dataset,
              gsize      offset)
{
  for (guint i = 0; i < zb_dataset_get_n_exclusions (dataset); i++)
    {
      ZbExclusion *exclusion = zb_dataset_get_exclusion (dataset, i);

      if (exclusion->start == offset)
        return exclusion;
    }
  return NULL;
}

static char *
join_qualifiers (const ZbObservation *obs)
{
  return g_strjoinv (",", obs->qualifiers);
}

/* The figure written number_text inside context: its value, unit, measure, status, period and
 * qualifiers ("" for none, else comma-separated in order). */
static ZbObservation *
check_figure (Extracted  *e,
              const char *context,
              const char *number_text,
              double      value,
              const char *unit,
              ZbMeasure   measure,
              ZbStatus    status,
              const char *period,
              const char *qualifiers)
{
  gsize offset = offset_in (e->report, context, number_text);
  ZbObservation *obs = observation_at (e->dataset, offset);
  g_autofree char *q = NULL;

  if (obs == NULL)
    g_error ("no observation for “%s” in “%s”", number_text, context);
  g_assert_cmpfloat (obs->value, ==, value);
  g_assert_cmpstr (obs->src_text, ==, number_text);
  g_assert_cmpuint (obs->src_end, ==, offset + strlen (number_text));
  g_assert_cmpstr (obs->indicator->unit, ==, unit);
  g_assert_cmpstr (zb_measure_to_string (obs->indicator->measure), ==, zb_measure_to_string (measure));
  g_assert_cmpstr (zb_status_to_string (obs->status), ==, zb_status_to_string (status));
  g_assert_cmpstr (obs->period, ==, period);
  q = join_qualifiers (obs);
  g_assert_cmpstr (q, ==, qualifiers);
  return obs;
}

static void
check_excluded (Extracted  *e,
                const char *context,
                const char *number_text,
                const char *reason)
{
  gsize offset = offset_in (e->report, context, number_text);
  ZbExclusion *exclusion = exclusion_at (e->dataset, offset);

  if (exclusion == NULL)
    g_error ("“%s” in “%s” is not excluded", number_text, context);
  g_assert_cmpstr (exclusion->reason, ==, reason);
  g_assert_cmpstr (exclusion->text, ==, number_text);
  g_assert_null (observation_at (e->dataset, offset));
}

/* Every number of the text (the token rule of zb-units) is in exactly one observation or
 * exclusion, and every span holds the bytes it claims. */
static void
check_complete (Extracted *e)
{
  gsize len;
  const char *text = zb_report_get_text (e->report, &len);
  g_autoptr (GHashTable) spans = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n_numbers = 0, n_items = 0;
  gsize pos = zb_report_get_text_start (e->report);

  for (guint i = 0; i < zb_dataset_get_n_indicators (e->dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (e->dataset, i);

      g_assert_true (zb_theme_is_valid (indicator->theme));
      g_assert_nonnull (indicator->name.zh);
      g_assert_cmpstr (indicator->name.zh, !=, "");
      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *obs = g_ptr_array_index (indicator->observations, j);
          g_autofree char *bytes = zb_report_dup_range (e->report, obs->src_start, obs->src_end);

          g_assert_cmpstr (bytes, ==, obs->src_text);
          g_assert_false (g_hash_table_contains (spans, GSIZE_TO_POINTER (obs->src_start)));
          g_hash_table_add (spans, GSIZE_TO_POINTER (obs->src_start));
          g_assert_true (obs->indicator == indicator);
          n_items++;
        }
    }
  for (guint i = 0; i < zb_dataset_get_n_exclusions (e->dataset); i++)
    {
      ZbExclusion *exclusion = zb_dataset_get_exclusion (e->dataset, i);
      g_autofree char *bytes = zb_report_dup_range (e->report, exclusion->start, exclusion->end);

      g_assert_cmpstr (bytes, ==, exclusion->text);
      g_assert_false (g_hash_table_contains (spans, GSIZE_TO_POINTER (exclusion->start)));
      g_hash_table_add (spans, GSIZE_TO_POINTER (exclusion->start));
      n_items++;
    }

  while (pos < len)
    {
      ZbNumber number;

      if (zb_number_scan (text, len, pos, &number))
        {
          if (!g_hash_table_contains (spans, GSIZE_TO_POINTER (number.start)))
            g_error ("the number at byte %" G_GSIZE_FORMAT " is neither an observation nor excluded",
                     number.start);
          n_numbers++;
          pos = number.end;
        }
      else
        pos = (gsize) (g_utf8_next_char (text + pos) - text);
    }
  g_assert_cmpuint (n_numbers, ==, n_items);
}

/* The dataset the extractor writes loads back through the validating loader. */
static void
check_round_trip (Extracted *e)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (zb_report_get_path (e->report));
  g_autofree char *data = NULL;
  g_autoptr (ZbDataset) loaded = NULL;
  gsize len = 0;

  data = zb_dataset_to_data (e->dataset, &len);
  loaded = zb_dataset_load_from_data (data, len, dir, "extracted.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_indicators (loaded), ==,
                    zb_dataset_get_n_indicators (e->dataset));
  g_assert_cmpuint (zb_dataset_get_n_exclusions (loaded), ==,
                    zb_dataset_get_n_exclusions (e->dataset));
}

static void
test_wuhan (void)
{
  Extracted e = { 0 };
  ZbObservation *q1, *h1, *q3, *year, *target, *jobs, *jobs_target;
  ZbObservation *a, *b, *c;

  extract_file ("data/reports/wuhan-2024.txt", &e);

  /* The GDP series: one indicator, cumulative year-on-year growth, actual. */
  q1 = check_figure (&e, "一季度增长4.5%", "4.5", 4.5, "%", ZB_MEASURE_GROWTH_RATE,
                     ZB_STATUS_ACTUAL, "2023Q1", "");
  h1 = check_figure (&e, "上半年增长5%", "5", 5, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_ACTUAL,
                     "2023H1", "");
  q3 = check_figure (&e, "前三季度增长5.5%", "5.5", 5.5, "%", ZB_MEASURE_GROWTH_RATE,
                     ZB_STATUS_ACTUAL, "2023Q1-Q3", "");
  year = check_figure (&e, "全年增长5.7%", "5.7", 5.7, "%", ZB_MEASURE_GROWTH_RATE,
                       ZB_STATUS_ACTUAL, "2023", "");
  g_assert_true (q1->cumulative);
  g_assert_true (h1->cumulative);
  g_assert_true (q3->cumulative);
  g_assert_false (year->cumulative);
  g_assert_true (q1->indicator == h1->indicator);
  g_assert_true (q1->indicator == q3->indicator);
  g_assert_true (q1->indicator == year->indicator);

  check_figure (&e, "地区生产总值突破2万亿元", "2", 2, "万亿元", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL,
                "2023", "突破");
  g_assert_cmpstr (observation_at (e.dataset, offset_in (e.report, "地区生产总值突破2万亿元", "2"))
                     ->indicator->name.zh, ==, "地区生产总值");
  /* The report sets 6% without 左右. */
  target = check_figure (&e, "地区生产总值增长6%", "6", 6, "%", ZB_MEASURE_GROWTH_RATE,
                         ZB_STATUS_TARGET, "2024", "");
  g_assert_cmpstr (target->indicator->name.zh, ==, "地区生产总值");

  /* 2023 actual and 2024 target of one subject are one indicator. */
  jobs = check_figure (&e, "城镇新增就业29.26万人", "29.26", 29.26, "万人", ZB_MEASURE_CHANGE,
                       ZB_STATUS_ACTUAL, "2023", "");
  jobs_target = check_figure (&e, "城镇新增就业25万人以上", "25", 25, "万人", ZB_MEASURE_CHANGE,
                              ZB_STATUS_TARGET, "2024", "以上");
  g_assert_true (jobs->indicator == jobs_target->indicator);
  g_assert_cmpstr (jobs->indicator->name.zh, ==, "城镇新增就业");
  /* A first guess of the theme from the subject. */
  g_assert_cmpstr (jobs->indicator->theme, ==, "livelihood");
  g_assert_cmpstr (target->indicator->theme, ==, "economy");
  g_assert_cmpstr (observation_at (e.dataset, offset_in (e.report, "新增江滩公园162万平方米", "162"))
                     ->indicator->theme, ==, "environment");

  check_figure (&e, "居民消费价格涨幅3%左右", "3", 3, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_TARGET,
                "2024", "左右");
  check_figure (&e, "经营主体超过206万户", "206", 206, "万户", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL,
                "2023", "超过");
  check_figure (&e, "惠及经营主体53万余户", "53", 53, "万户", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL,
                "2023", "余");
  check_figure (&e, "促消费活动2300余场", "2300", 2300, "场", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL,
                "2023", "余");
  check_figure (&e, "技术合同成交额2198亿元", "2198", 2198, "亿元", ZB_MEASURE_LEVEL,
                ZB_STATUS_ACTUAL, "2023", "");
  /* 超 and 达 are written out as the qualifiers 超过 and 达到. */
  check_figure (&e, "占规上工业比重超55%", "55", 55, "%", ZB_MEASURE_SHARE, ZB_STATUS_ACTUAL, "2023",
                "超过");
  check_figure (&e, "总量达1.45万家", "1.45", 1.45, "万家", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2023",
                "达到");
  /* 突破 before other words is a verb ("突破……10项关键核心技术"), not a bound. */
  check_figure (&e, "计算平台等10项关键核心技术", "10", 10, "项", ZB_MEASURE_LEVEL, ZB_STATUS_TARGET,
                "2024", "");
  check_figure (&e, "水质优良率达90.9%", "90.9", 90.9, "%", ZB_MEASURE_SHARE, ZB_STATUS_TARGET, "2024",
                "达到");
  check_figure (&e, "新增城市骨干道路58公里", "58", 58, "公里", ZB_MEASURE_CHANGE, ZB_STATUS_ACTUAL,
                "2023", "");
  check_figure (&e, "力争科技贷款增长10%", "10", 10, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_TARGET,
                "2024", "力争");
  check_figure (&e, "新增外排流量200立方米/秒以上", "200", 200, "立方米/秒", ZB_MEASURE_CHANGE,
                ZB_STATUS_TARGET, "2024", "以上");
  check_figure (&e, "新增污水处理能力44.5万吨/日", "44.5", 44.5, "万吨/日", ZB_MEASURE_CHANGE,
                ZB_STATUS_ACTUAL, "2023", "");
  /* 签约 is not the qualifier 约. */
  check_figure (&e, "签约50亿元以上工业项目45个", "45", 45, "个", ZB_MEASURE_LEVEL, ZB_STATUS_TARGET,
                "2024", "");
  check_excluded (&e, "签约50亿元以上工业项目45个", "50", "threshold");

  /* "A、B、C分别增长x、y、z": each number its own subject. */
  a = check_figure (&e, "分别增长21.9%、25.4%、25.8%", "21.9", 21.9, "%", ZB_MEASURE_GROWTH_RATE,
                    ZB_STATUS_ACTUAL, "2023", "");
  b = check_figure (&e, "分别增长21.9%、25.4%、25.8%", "25.4", 25.4, "%", ZB_MEASURE_GROWTH_RATE,
                    ZB_STATUS_ACTUAL, "2023", "");
  c = check_figure (&e, "分别增长21.9%、25.4%、25.8%", "25.8", 25.8, "%", ZB_MEASURE_GROWTH_RATE,
                    ZB_STATUS_ACTUAL, "2023", "");
  g_assert_cmpstr (a->indicator->name.zh, ==, "制造业贷款");
  g_assert_cmpstr (b->indicator->name.zh, ==, "绿色贷款");
  g_assert_cmpstr (c->indicator->name.zh, ==, "普惠小微贷款");

  /* A rank is a figure; the numbers of names, dates and ordinals are not. */
  check_figure (&e, "国家技术创新示范企业增至27家，居副省级城市第1", "1", 1, "", ZB_MEASURE_RANK,
                ZB_STATUS_ACTUAL, "2023", "");
  check_excluded (&e, "——2024年1月18日", "2024", "date");
  check_excluded (&e, "——2024年1月18日", "1", "date");
  check_excluded (&e, "——2024年1月18日", "18", "date");
  check_excluded (&e, "一、2023年工作回顾", "2023", "date");
  check_excluded (&e, "开通运营地铁19号线", "19", "name");
  check_excluded (&e, "入选国家5G工厂", "5", "name");
  check_excluded (&e, "“410”工程", "410", "name");
  check_excluded (&e, "新中国成立75周年", "75", "ordinal");
  check_excluded (&e, "新增3A级以上旅游景区", "3", "name");

  g_assert_cmpstr (zb_dataset_get_delivered (e.dataset), ==, "2024-01-18");
  g_assert_cmpstr (zb_dataset_get_title (e.dataset)->zh, ==, "武汉市政府工作报告");
  g_assert_cmpstr (zb_dataset_get_place (e.dataset)->zh, ==, "武汉市");
  g_assert_true (zb_dataset_get_report (e.dataset) == e.report);

  check_complete (&e);
  check_round_trip (&e);
  extracted_clear (&e);
}

static void
test_national (void)
{
  Extracted e = { 0 };
  ZbObservation *actual, *target;

  extract_file ("data/reports/china-national-2024.txt", &e);

  check_figure (&e, "国内生产总值超过126万亿元", "126", 126, "万亿元", ZB_MEASURE_LEVEL,
                ZB_STATUS_ACTUAL, "2023", "超过");
  actual = check_figure (&e, "126万亿元，增长5.2%", "5.2", 5.2, "%", ZB_MEASURE_GROWTH_RATE,
                         ZB_STATUS_ACTUAL, "2023", "");
  target = check_figure (&e, "国内生产总值增长5%左右", "5", 5, "%", ZB_MEASURE_GROWTH_RATE,
                         ZB_STATUS_TARGET, "2024", "左右");
  g_assert_true (actual->indicator == target->indicator);
  check_figure (&e, "城镇新增就业1244万人", "1244", 1244, "万人", ZB_MEASURE_CHANGE,
                ZB_STATUS_ACTUAL, "2023", "");
  check_figure (&e, "城镇新增就业1200万人以上", "1200", 1200, "万人", ZB_MEASURE_CHANGE,
                ZB_STATUS_TARGET, "2024", "以上");
  /* A rate is a share of a whole. */
  check_figure (&e, "城镇调查失业率5.5%左右", "5.5", 5.5, "%", ZB_MEASURE_SHARE, ZB_STATUS_TARGET,
                "2024", "左右");
  check_figure (&e, "城镇调查失业率平均为5.2%", "5.2", 5.2, "%", ZB_MEASURE_SHARE, ZB_STATUS_ACTUAL,
                "2023", "");
  check_figure (&e, "居民消费价格上涨0.2%", "0.2", 0.2, "%", ZB_MEASURE_GROWTH_RATE,
                ZB_STATUS_ACTUAL, "2023", "");
  check_figure (&e, "赤字率拟按3%安排", "3", 3, "%", ZB_MEASURE_SHARE, ZB_STATUS_TARGET, "2024", "");
  check_figure (&e, "赤字规模4.06万亿元", "4.06", 4.06, "万亿元", ZB_MEASURE_LEVEL, ZB_STATUS_TARGET,
                "2024", "");
  check_figure (&e, "常住人口城镇化率提高到66.2%", "66.2", 66.2, "%", ZB_MEASURE_SHARE,
                ZB_STATUS_ACTUAL, "2023", "");
  check_figure (&e, "6600多万纳税人", "6600", 6600, "万", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2023",
                "多");
  check_excluded (&e, "国产大飞机C919", "919", "name");
  check_excluded (&e, "中国－东盟自贸区3.0版", "3.0", "name");
  g_assert_cmpstr (zb_dataset_get_delivered (e.dataset), ==, "2024-03-05");
  g_assert_cmpstr (zb_dataset_get_place (e.dataset)->zh, ==, "中国");

  check_complete (&e);
  check_round_trip (&e);
  extracted_clear (&e);
}

static void
test_spacing (void)
{
  Extracted e = { 0 };
  ZbObservation *low, *high;

  extract_file ("tests/data/reports/spacing.txt", &e);

  /* Full-width digits and per cent sign, with an ideographic space before them. */
  check_figure (&e, "地区生产总值增长　４.５％", "４.５", 4.5, "%", ZB_MEASURE_GROWTH_RATE,
                ZB_STATUS_ACTUAL, "2024", "");
  check_figure (&e, "城镇登记失业率 3.1 %", "3.1", 3.1, "%", ZB_MEASURE_SHARE, ZB_STATUS_ACTUAL,
                "2024", "");
  /* 增长率 names a rate; it is not a growth. */
  check_figure (&e, "人口自然增长率为 2.5‰", "2.5", 2.5, "‰", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL,
                "2024", "");
  check_figure (&e, "出生率7.8‰", "7.8", 7.8, "‰", ZB_MEASURE_SHARE, ZB_STATUS_ACTUAL, "2024", "");
  /* A range: two figures, the first taking the unit of the second. */
  low = check_figure (&e, "新建 3—5个", "3", 3, "个", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024",
                      "");
  high = check_figure (&e, "新建 3—5个", "5", 5, "个", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024",
                       "");
  g_assert_true (low->indicator == high->indicator);
  check_figure (&e, "培育10~20家", "10", 10, "家", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024", "");
  check_figure (&e, "培育10~20家", "20", 20, "家", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024", "");
  check_figure (&e, "建成5G基站1,200个", "1,200", 1200, "个", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL,
                "2024", "");
  check_excluded (&e, "建成5G基站", "5", "name");
  check_excluded (&e, "开通地铁19号线", "19", "name");
  check_excluded (&e, "新增3A级景区", "3", "name");
  check_excluded (&e, "5A级景区", "5", "name");
  /* A hedge one linking word away (约占), and 约 inside 签约 that hedges nothing. */
  check_figure (&e, "工业投资约占30%", "30", 30, "%", ZB_MEASURE_SHARE, ZB_STATUS_ACTUAL, "2024",
                "约");
  check_figure (&e, "签约企业12家", "12", 12, "家", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024", "");
  check_figure (&e, "力争全市规模以上工业增加值增长8%以上", "8", 8, "%", ZB_MEASURE_GROWTH_RATE,
                ZB_STATUS_TARGET, "2025", "力争,以上");

  check_complete (&e);
  extracted_clear (&e);
}

static void
check_small_report (Extracted *e)
{
  check_figure (e, "地区生产总值增长6.1%", "6.1", 6.1, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_ACTUAL,
                "2024", "");
  check_figure (e, "一般公共预算收入达到120亿元", "120", 120, "亿元", ZB_MEASURE_LEVEL,
                ZB_STATUS_ACTUAL, "2024", "达到");
  check_figure (e, "新增城镇就业3.5万人", "3.5", 3.5, "万人", ZB_MEASURE_CHANGE, ZB_STATUS_ACTUAL,
                "2024", "");
  /* 新增 is a change; 新建 counts what was built. */
  check_figure (e, "新建学校12所", "12", 12, "所", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024", "");
  check_figure (e, "医院3家", "3", 3, "家", ZB_MEASURE_LEVEL, ZB_STATUS_ACTUAL, "2024", "");
  check_figure (e, "地区生产总值增长6%左右", "6", 6, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_TARGET,
                "2025", "左右");
  check_figure (e, "城镇新增就业3万人以上", "3", 3, "万人", ZB_MEASURE_CHANGE, ZB_STATUS_TARGET, "2025",
                "以上");
  check_figure (e, "力争社会消费品零售总额增长7%", "7", 7, "%", ZB_MEASURE_GROWTH_RATE,
                ZB_STATUS_TARGET, "2025", "力争");
  check_excluded (e, "——2025年2月10日", "10", "date");
  g_assert_cmpstr (zb_dataset_get_delivered (e->dataset), ==, "2025-02-10");
  g_assert_cmpstr (zb_dataset_get_place (e->dataset)->zh, ==, "某市");
  check_complete (e);
  check_round_trip (e);
}

static void
test_crlf (void)
{
  Extracted e = { 0 };

  extract_file ("tests/data/reports/crlf.txt", &e);
  check_small_report (&e);
  extracted_clear (&e);
}

/* With a BOM, every offset is three bytes later than in the same text without one. */
static void
test_bom (void)
{
  Extracted e = { 0 };
  g_autoptr (ZbReport) plain = NULL;
  g_autoptr (ZbDataset) plain_dataset = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  const char *text;

  extract_file ("tests/data/reports/bom.txt", &e);
  check_small_report (&e);

  text = zb_report_get_text (e.report, &len);
  bytes = g_bytes_new (text + 3, len - 3);
  plain = zb_report_new_from_bytes (bytes, "plain.txt", &error);
  g_assert_no_error (error);
  plain_dataset = zb_extract (plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_indicators (plain_dataset), ==,
                    zb_dataset_get_n_indicators (e.dataset));
  for (guint i = 0; i < zb_dataset_get_n_indicators (plain_dataset); i++)
    {
      ZbIndicator *p = zb_dataset_get_indicator (plain_dataset, i);
      ZbIndicator *b = zb_dataset_get_indicator (e.dataset, i);

      g_assert_cmpstr (p->id, ==, b->id);
      for (guint j = 0; j < p->observations->len; j++)
        {
          ZbObservation *po = g_ptr_array_index (p->observations, j);
          ZbObservation *bo = g_ptr_array_index (b->observations, j);

          g_assert_cmpuint (po->src_start + 3, ==, bo->src_start);
          g_assert_cmpfloat (po->value, ==, bo->value);
        }
    }
  extracted_clear (&e);
}

/* Numbered headings, names that hold numbers, and a plan's own year. */
static void
test_numbered (void)
{
  Extracted e = { 0 };

  extract_file ("tests/data/reports/numbered.txt", &e);
  check_excluded (&e, "向好\n1.工业", "1", "section-number");
  check_excluded (&e, "\n2.消费", "2", "section-number");
  check_figure (&e, "工业增加值增长7.5%", "7.5", 7.5, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_ACTUAL,
                "2024", "");
  check_excluded (&e, "PM2.5平均浓度", "2.5", "name");
  check_figure (&e, "PM2.5平均浓度35微克/立方米", "35", 35, "微克/立方米", ZB_MEASURE_LEVEL,
                ZB_STATUS_ACTUAL, "2024", "");
  check_excluded (&e, "12345政务服务便民热线", "12345", "name");
  check_excluded (&e, "《中国制造2025》", "2025", "name");
  check_excluded (&e, "第19届亚运会", "19", "ordinal");
  check_excluded (&e, "7×24小时", "7", "name");
  check_excluded (&e, "7×24小时", "24", "name");
  check_excluded (&e, "到2027年", "2027", "date");
  check_figure (&e, "比重达到12%以上", "12", 12, "%", ZB_MEASURE_SHARE, ZB_STATUS_TARGET, "2027",
                "达到,以上");
  check_excluded (&e, "1—11月出口", "1", "date");
  check_excluded (&e, "1—11月出口", "11", "date");
  g_assert_cmpstr (observation_at (e.dataset, offset_in (e.report, "出口增长3%", "3"))->indicator->name.zh,
                   ==, "出口");
  check_figure (&e, "能耗下降2.5个百分点", "2.5", 2.5, "个百分点", ZB_MEASURE_CHANGE,
                ZB_STATUS_TARGET, "2025", "");
  check_complete (&e);
  check_round_trip (&e);
  extracted_clear (&e);
}

/* A report at the end of a term: a five-year review, five-year goals, and years named in the
 * sentences of this year's work. */
static void
test_five_years (void)
{
  Extracted e = { 0 };
  ZbObservation *past, *now;

  extract_file ("tests/data/reports/five-years.txt", &e);
  past = check_figure (&e, "年均增长6.5%", "6.5", 6.5, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_ACTUAL,
                       "2018-2022", "年均");
  check_figure (&e, "城镇新增就业累计达到120万人", "120", 120, "万人", ZB_MEASURE_CHANGE,
                ZB_STATUS_ACTUAL, "2018-2022", "累计,达到");
  check_figure (&e, "地区生产总值突破3万亿元", "3", 3, "万亿元", ZB_MEASURE_LEVEL, ZB_STATUS_TARGET,
                "2027", "突破");
  check_figure (&e, "城镇化率提高到75%", "75", 75, "%", ZB_MEASURE_SHARE, ZB_STATUS_TARGET,
                "2023-2027", "");
  /* In this year's work: 去年 and an earlier year are results, not goals. */
  check_figure (&e, "去年全市固定资产投资增长4%", "4", 4, "%", ZB_MEASURE_GROWTH_RATE,
                ZB_STATUS_ACTUAL, "2022", "");
  check_figure (&e, "2022年社会消费品零售总额下降1.5%", "1.5", 1.5, "%", ZB_MEASURE_GROWTH_RATE,
                ZB_STATUS_ACTUAL, "2022", "");
  g_assert_cmpstr (observation_at (e.dataset, offset_in (e.report, "下降1.5%", "1.5"))->indicator->name.zh,
                   ==, "社会消费品零售总额");
  now = check_figure (&e, "今年地区生产总值增长6.5%左右", "6.5", 6.5, "%", ZB_MEASURE_GROWTH_RATE,
                      ZB_STATUS_TARGET, "2023", "左右");
  g_assert_true (past->indicator == now->indicator);
  check_complete (&e);
  check_round_trip (&e);
  extracted_clear (&e);
}

static void
test_no_headings (void)
{
  Extracted e = { 0 };

  extract_file ("tests/data/reports/no-headings.txt", &e);
  g_assert_cmpuint (zb_report_get_n_sections (e.report), ==, 0);
  /* Without a section or a word of intent, a figure's status is unknown. */
  check_figure (&e, "工业增加值增长6.2%", "6.2", 6.2, "%", ZB_MEASURE_GROWTH_RATE, ZB_STATUS_OTHER,
                observation_at (e.dataset, offset_in (e.report, "6.2%", "6.2"))->period, "");
  check_figure (&e, "居民人均可支配收入达到5.2万元", "5.2", 5.2, "万元", ZB_MEASURE_LEVEL,
                ZB_STATUS_OTHER, observation_at (e.dataset, offset_in (e.report, "5.2万元", "5.2"))->period,
                "达到");
  check_complete (&e);
  extracted_clear (&e);
}

static void
test_not_report (void)
{
  g_autofree char *path = source_path ("tests/data/reports/not-report.txt");
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = zb_report_new_from_file (path, &error);
  g_autoptr (ZbDataset) dataset = NULL;

  g_assert_no_error (error);
  dataset = zb_extract (report, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_NOT_REPORT);
  g_assert_nonnull (strstr (error->message, "not-report.txt"));
}

/* Megabytes without a full stop, and a list of thirty thousand figures: every look-around is
 * bounded, so this takes a second, not hours. */
static void
test_huge (void)
{
  g_autoptr (GString) text = g_string_new ("一、2023年工作回顾\n");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  Extracted e = { 0 };
  guint clauses = 20000, items = 30000;
  ZbObservation *first, *last;

  for (guint i = 0; i < clauses; i++)
    g_string_append (text, "投资增长5%，消费增长6.5%，");
  g_string_append (text, "\n各类项目分别为");
  for (guint i = 0; i < items; i++)
    g_string_append_printf (text, "%u个、", i + 1);
  g_string_append (text, "1个。\n");

  bytes = g_bytes_new (text->str, text->len);
  e.report = zb_report_new_from_bytes (bytes, "huge.txt", &error);
  g_assert_no_error (error);
  e.dataset = zb_extract (e.report, NULL, &error);
  g_assert_no_error (error);

  first = observation_at (e.dataset, offset_in (e.report, "投资增长5%", "5"));
  g_assert_nonnull (first);
  g_assert_cmpstr (zb_measure_to_string (first->indicator->measure), ==, "growth_rate");
  last = observation_at (e.dataset, offset_in (e.report, "30000个、", "30000"));
  g_assert_nonnull (last);
  g_assert_cmpfloat (last->value, ==, 30000);
  g_assert_cmpstr (last->indicator->unit, ==, "个");
  check_complete (&e);
  extracted_clear (&e);
}

/* Inputs found by review and fuzzing: a number no double holds, a year range written backwards,
 * an impossible date in the heading. Each used to give a dataset that would not save or load. */
static void
test_hostile_numbers (void)
{
  g_autoptr (GString) text = g_string_new ("政府工作报告\n——2024年2月31日在武汉市第十五届人民代表大会第三次会议上\n"
                                           "一、2023年工作回顾\n地区生产总值增长");
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  Extracted e = { 0 };
  ZbObservation *obs;
  ZbExclusion *big;

  for (int i = 0; i < 400; i++)
    g_string_append_c (text, '9');
  g_string_append (text, "%。\n2023—2023年，投资年均增长5%。2025—2021年，消费年均增长6%。\n");
  /* On disk, so that the round trip can load the report back beside the dataset. */
  tmp = g_dir_make_tmp ("zb-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmp, "hostile.txt", NULL);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  e.report = zb_report_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_null (zb_report_get_delivered (e.report));
  e.dataset = zb_extract (e.report, NULL, &error);
  g_assert_no_error (error);

  big = exclusion_at (e.dataset, offset_in (e.report, "增长999", "9"));
  g_assert_nonnull (big);
  g_assert_cmpstr (big->reason, ==, "too-large");
  obs = observation_at (e.dataset, offset_in (e.report, "投资年均增长5%", "5"));
  g_assert_nonnull (obs);
  g_assert_cmpstr (obs->period, !=, "2023-2023");
  obs = observation_at (e.dataset, offset_in (e.report, "消费年均增长6%", "6"));
  g_assert_nonnull (obs);
  g_assert_cmpstr (obs->period, !=, "2025-2021");
  check_complete (&e);
  check_round_trip (&e);
  extracted_clear (&e);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* More figures than any report has: refused with a clear error instead of gigabytes of dataset. */
static void
test_too_many_figures (void)
{
  g_autoptr (GString) text = g_string_new ("一、2023年工作回顾\n各类项目分别为");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (ZbDataset) dataset = NULL;

  for (guint i = 0; i <= ZB_EXTRACT_MAX_FIGURES; i++)
    g_string_append (text, "1个、");
  g_string_append (text, "1个。\n");
  bytes = g_bytes_new (text->str, text->len);
  report = zb_report_new_from_bytes (bytes, "many.txt", &error);
  g_assert_no_error (error);
  dataset = zb_extract (report, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "many.txt"));
}

/* Texts made at random from the pieces of the genre: whatever the mix, every number is an
 * observation or an exclusion, every span is right, and the result loads back. */
static void
test_random (void)
{
  static const char *const pieces[] = {
    "一、", "（二）", "\n", "\r\n", "1.", "2024年", "1月", "18日", "第", "届", "增长", "下降",
    "达到", "超过", "突破", "约", "近", "力争", "以上", "左右", "余", "多", "万", "亿", "万亿元",
    "亿元", "%", "％", "‰", "个百分点", "个", "家", "万人", "号线", "周年", "、", "，", "。", "；",
    "—", "-", "～", "至", "分别", "等", "“", "”", "《", "》", "5G", "C", "A级", "+", "×", ".",
    "．", ",", "，", " ", "\u3000", "地区生产总值", "城镇新增就业", "目标", "要", "将", "比上年",
    "一季度", "前三季度", "上半年", "全年", "回顾", "重点工作", "占比", "新增", "居", "排名",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240118);
  g_autofree char *dir = g_dir_make_tmp ("zb-random-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "random.txt", NULL);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;
      Extracted e = { 0 };
      guint n = (guint) g_rand_int_range (rand, 1, 120);

      for (guint i = 0; i < n; i++)
        {
          if (g_rand_int_range (rand, 0, 3) == 0)
            {
              guint digits = (guint) g_rand_int_range (rand, 1, 7);

              for (guint d = 0; d < digits; d++)
                {
                  if (g_rand_int_range (rand, 0, 8) == 0)
                    g_string_append_unichar (text, 0xFF10 + (gunichar) g_rand_int_range (rand, 0, 10));
                  else
                    g_string_append_c (text, (char) ('0' + g_rand_int_range (rand, 0, 10)));
                }
            }
          else
            g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }
      if (text->len == 0 || strspn (text->str, " \r\n") == text->len)
        continue;

      bytes = g_bytes_new (text->str, text->len);
      e.report = zb_report_new_from_bytes (bytes, "random.txt", &error);
      if (e.report == NULL)
        {
          g_assert_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_EMPTY);
          continue;
        }
      e.dataset = zb_extract (e.report, "random.txt", &error);
      if (e.dataset == NULL)
        {
          g_assert_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_NOT_REPORT);
          g_clear_object (&e.report);
          continue;
        }
      check_complete (&e);
      {
        gsize len = 0;
        g_autofree char *data = zb_dataset_to_data (e.dataset, &len);
        g_autoptr (ZbDataset) loaded = NULL;

        /* The validating loader reads the same bytes from the folder it is given. */
        g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
        loaded = zb_dataset_load_from_data (data, len, dir, "random.json", &error);
        if (error != NULL)
          g_error ("round %u: %s\n%s", round, error->message, text->str);
      }
      extracted_clear (&e);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* Runs the real binary: "zhibiao extract ARGS…"; returns its exit status. */
static int
run_extract (const char *const *args,
             char              **out,
             char              **err)
{
  const char *binary = g_getenv ("ZB_BINARY");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, (char *) "extract");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  if (*err != NULL && strstr (*err, "not available in this build") != NULL)
    g_error ("zhibiao was linked without its extract command: %s", *err);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

static void
check_cli_error (const char *relative,
                 const char *message_part)
{
  g_autofree char *path = source_path (relative);
  const char *args[] = { path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = run_extract (args, &out, &err);

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "zhibiao extract: "));
  if (strstr (err, message_part) == NULL)
    g_error ("“%s” not in the message “%s”", message_part, err);
}

static void
test_cli_errors (void)
{
  const char *no_args[] = { NULL };
  const char *two_args[] = { "a.txt", "b.txt", NULL };
  const char *bad_option[] = { "--no-such-option", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  check_cli_error ("tests/data/reports/binary.bin", "binary");
  check_cli_error ("tests/data/reports/not-report.txt", "does not look like a government work report");
  check_cli_error ("tests/data/reports/empty.txt", "empty");
  check_cli_error ("tests/data/reports/invalid-utf8.txt", "not valid UTF-8");
  check_cli_error ("tests/data/reports/no-such-file.txt", "Cannot read");

  g_assert_cmpint (run_extract (no_args, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_extract (two_args, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_extract (bad_option, &out, &err), ==, 2);
}

static void
test_cli_output (void)
{
  g_autofree char *report = source_path ("tests/data/reports/crlf.txt");
  g_autofree char *dir = g_dir_make_tmp ("zb-extract-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "out.json", NULL);
  g_autofree char *copy = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr (ZbDataset) loaded = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  /* The report beside the output: the dataset names it by its relative path. */
  g_assert_true (g_file_get_contents (report, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
  {
    const char *args[] = { copy, "-o", json, NULL };

    g_assert_cmpint (run_extract (args, &out, &err), ==, 0);
  }
  g_assert_cmpstr (err, ==, "");
  loaded = zb_dataset_load (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_indicators (loaded), >, 5);
  {
    g_autofree char *saved = NULL;

    g_assert_true (g_file_get_contents (json, &saved, NULL, NULL));
    g_assert_nonnull (strstr (saved, "\"text\": \"report.txt\""));
  }

  /* Without -o, the dataset goes to standard output. */
  {
    const char *args[] = { copy, NULL };

    g_assert_cmpint (run_extract (args, &out2, &err2), ==, 0);
  }
  g_assert_true (g_str_has_prefix (out2, "{"));
  g_assert_nonnull (strstr (out2, "zhibiao-dataset"));

  g_unlink (json);
  g_unlink (copy);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extractor/wuhan", test_wuhan);
  g_test_add_func ("/extractor/hostile-numbers", test_hostile_numbers);
  g_test_add_func ("/extractor/too-many-figures", test_too_many_figures);
  g_test_add_func ("/extractor/national", test_national);
  g_test_add_func ("/extractor/spacing", test_spacing);
  g_test_add_func ("/extractor/crlf", test_crlf);
  g_test_add_func ("/extractor/bom", test_bom);
  g_test_add_func ("/extractor/numbered", test_numbered);
  g_test_add_func ("/extractor/five-years", test_five_years);
  g_test_add_func ("/extractor/no-headings", test_no_headings);
  g_test_add_func ("/extractor/not-report", test_not_report);
  g_test_add_func ("/extractor/huge", test_huge);
  g_test_add_func ("/extractor/random", test_random);
  g_test_add_func ("/extractor/cli/errors", test_cli_errors);
  g_test_add_func ("/extractor/cli/output", test_cli_output);

  return g_test_run ();
}
