#define G_LOG_DOMAIN "test-chart"

#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "zb-chart.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-face-hint.h"
#include "zb-text-render.h"
#include "zb-theme.h"

#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

/* Datasets built in code: no report, so every value is ours to choose. */

static ZbObservation *
add_obs (ZbIndicator *indicator,
         const char  *period,
         gboolean     cumulative,
         double       value,
         ZbStatus     status,
         const char  *qualifier)
{
  ZbObservation *obs = zb_indicator_add_observation (indicator);

  obs->period = g_strdup (period);
  obs->cumulative = cumulative;
  obs->value = value;
  obs->status = status;
  if (qualifier != NULL)
    {
      g_strfreev (obs->qualifiers);
      obs->qualifiers = g_new0 (char *, 2);
      obs->qualifiers[0] = g_strdup (qualifier);
    }
  return obs;
}

static ZbIndicator *
add_indicator (ZbDataset  *dataset,
               const char *id,
               const char *zh,
               const char *en,
               const char *unit)
{
  ZbIndicator *indicator = zb_indicator_new (id);

  indicator->name.zh = g_strdup (zh);
  indicator->name.en = g_strdup (en);
  g_free (indicator->unit);
  indicator->unit = g_strdup (unit);
  g_assert_true (zb_dataset_add_indicator (dataset, indicator));
  return indicator;
}

/* GDP growth of 2023 as the report gives it: cumulative, out of order on purpose. */
static ZbDataset *
gdp_dataset (const char *target_qualifier)
{
  ZbDataset *dataset = zb_dataset_new ();
  ZbIndicator *gdp = add_indicator (dataset, "gdp-growth", "地区生产总值增长", "GDP growth", "%");

  add_obs (gdp, "2023Q1-Q3", TRUE, 5.5, ZB_STATUS_ACTUAL, NULL);
  add_obs (gdp, "2023Q1", TRUE, 4.5, ZB_STATUS_ACTUAL, NULL);
  add_obs (gdp, "2023", FALSE, 5.7, ZB_STATUS_ACTUAL, NULL);
  add_obs (gdp, "2023H1", TRUE, 5.0, ZB_STATUS_ACTUAL, NULL);
  add_obs (gdp, "2024", FALSE, 6.0, ZB_STATUS_TARGET, target_qualifier);
  return dataset;
}

static ZbChartSpec *
gdp_spec (void)
{
  ZbChartSpec *spec = zb_chart_spec_new ("gdp", ZB_CHART_COLUMN);
  ZbSeriesRef *series = zb_chart_spec_add_series (spec, "gdp-growth");
  ZbReference *ref = zb_chart_spec_add_reference (spec, "gdp-growth");

  spec->title.zh = g_strdup ("2023年地区生产总值增长");
  spec->title.en = g_strdup ("GDP growth in 2023");
  series->has_status = TRUE;
  series->status = ZB_STATUS_ACTUAL;
  ref->period = g_strdup ("2024");
  ref->has_status = TRUE;
  ref->status = ZB_STATUS_TARGET;
  return spec;
}

/* The default render options for a chart of @width × @height in @lang. */
static ZbRenderOptions
chart_options (ZbLang lang,
               double width,
               double height)
{
  ZbRenderOptions options;

  zb_render_options_init (&options);
  options.lang = lang;
  options.width = width;
  options.height = height;
  return options;
}

static ZbChartLayout *
make_layout (ZbDataset         *dataset,
             const ZbChartSpec *spec,
             ZbLang             lang,
             double             width,
             double             height)
{
  ZbRenderOptions options = chart_options (lang, width, height);
  g_autoptr (GError) error = NULL;
  ZbChartLayout *layout;

  layout = zb_chart_layout_new (dataset, spec, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  return layout;
}

/* The observations zb_chart_dup_marked_observations () gives for @layout's chart and size are
 * its marks', in their order. */
static void
assert_marked_observations (ZbDataset         *dataset,
                            const ZbChartSpec *spec,
                            ZbLang             lang,
                            double             width,
                            double             height,
                            ZbChartLayout     *layout)
{
  ZbRenderOptions options = chart_options (lang, width, height);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) marked = NULL;

  marked = zb_chart_dup_marked_observations (dataset, spec, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marked->len, ==, zb_chart_layout_get_n_marks (layout));
  for (guint i = 0; i < marked->len; i++)
    g_assert_true (g_ptr_array_index (marked, i) == zb_chart_layout_get_mark (layout, i)->observation);
}

static void
test_period_labels (void)
{
  static const char *const zh[] = { "一季度", "上半年", "前三季度", "全年" };
  static const char *const en[] = { "Q1", "H1", "Q1–Q3", "Full year" };
  static const char *const periods[] = { "2023Q1", "2023H1", "2023Q1-Q3", "2023" };
  g_autoptr (ZbDataset) dataset = gdp_dataset (NULL);
  g_autoptr (ZbChartSpec) spec = gdp_spec ();

  for (int lang = ZB_LANG_ZH; lang <= ZB_LANG_EN; lang++)
    {
      g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, lang, 1600, 900);
      const char *const *want = lang == ZB_LANG_ZH ? zh : en;

      g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 4);
      for (guint i = 0; i < 4; i++)
        {
          const ZbMark *mark = zb_chart_layout_get_mark (layout, i);

          g_test_message ("mark %u: %s", i, mark->label);
          /* In time order, whatever the file's order, and labelled as cumulative. */
          g_assert_cmpstr (mark->observation->period, ==, periods[i]);
          g_assert_true (g_str_has_prefix (mark->label, want[i]));
          g_assert_null (strstr (mark->label, "Q2"));
          if (i > 0)
            g_assert_cmpfloat (mark->x, >, zb_chart_layout_get_mark (layout, i - 1)->x);
        }
    }
}

static void
test_qualifier_label (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  ZbIndicator *gdp = add_indicator (dataset, "gdp", "地区生产总值", "GDP", "万亿元");
  g_autoptr (ZbChartSpec) spec = zb_chart_spec_new ("gdp-level", ZB_CHART_COLUMN);
  g_autoptr (ZbChartLayout) layout = NULL;

  add_obs (gdp, "2023", FALSE, 2.0, ZB_STATUS_ACTUAL, "突破");
  zb_chart_spec_add_series (spec, "gdp");
  layout = make_layout (dataset, spec, ZB_LANG_ZH, 800, 600);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 1);
  g_test_message ("%s", zb_chart_layout_get_mark (layout, 0)->label);
  g_assert_nonnull (strstr (zb_chart_layout_get_mark (layout, 0)->label, "> 2万亿"));
}

static ZbDataset *
sectors_dataset (guint        n,
                 ZbChartSpec **spec_out,
                 ZbChartType  type)
{
  static const char *const names[] = {
    "接待游客", "新能源汽车产量", "普惠小微贷款余额", "绿色贷款余额", "制造业中长期贷款余额",
    "综合保税区进出口总额", "社会消费品零售总额", "规模以上工业增加值", "固定资产投资",
    "一般公共预算收入", "实际使用外资", "城乡居民人均可支配收入",
  };
  static const double values[] = { 62.4, 47.0, 25.8, 25.4, 21.9, 12.5, 8.6, 4.4, 1.2, 8.1, 0.05, 6.3 };
  ZbDataset *dataset = zb_dataset_new ();
  ZbChartSpec *spec = zb_chart_spec_new ("sectors", type);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("sector-%u", i);
      g_autofree char *en = g_strdup_printf ("Sector number %u with a long English name", i);
      ZbIndicator *indicator = add_indicator (dataset, id, names[i], en, "%");

      add_obs (indicator, "2023", FALSE, values[i], ZB_STATUS_ACTUAL, NULL);
      zb_chart_spec_add_series (spec, id);
    }
  spec->title.zh = g_strdup ("2023年主要领域增长速度");
  *spec_out = spec;
  return dataset;
}

static void
test_ranked_bar (void)
{
  ZbChartSpec *spec = NULL;
  g_autoptr (ZbDataset) dataset = sectors_dataset (12, &spec, ZB_CHART_BAR);
  g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, ZB_LANG_ZH, 1600, 900);
  double ratio = 0;

  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      const ZbMark *mark = zb_chart_layout_get_mark (layout, i);

      /* Largest first, top to bottom; lengths proportional to the values. */
      if (i > 0)
        {
          const ZbMark *prev = zb_chart_layout_get_mark (layout, i - 1);
          g_assert_cmpfloat (mark->observation->value, <=, prev->observation->value);
          g_assert_cmpfloat (mark->y, >, prev->y);
        }
      if (ratio == 0)
        ratio = mark->width / mark->observation->value;
      g_assert_cmpfloat (fabs (mark->width - ratio * mark->observation->value), <, 1e-6);
      g_assert_cmpfloat (mark->width, <=, 1600);
    }
  zb_chart_spec_free (spec);
}

static void
assert_texts_fit (ZbChartLayout *layout,
                  double         width,
                  double         height)
{
  g_autoptr (GArray) rects = zb_chart_layout_dup_text_rects (layout);

  g_assert_cmpuint (rects->len, >, 0);
  for (guint i = 0; i < rects->len; i++)
    {
      ZbRect *a = &g_array_index (rects, ZbRect, i);

      /* Inside the canvas (half a unit of rounding allowed). */
      g_assert_cmpfloat (a->x, >=, -0.5);
      g_assert_cmpfloat (a->y, >=, -0.5);
      g_assert_cmpfloat (a->x + a->width, <=, width + 0.5);
      g_assert_cmpfloat (a->y + a->height, <=, height + 0.5);
      for (guint j = i + 1; j < rects->len; j++)
        {
          ZbRect *b = &g_array_index (rects, ZbRect, j);
          double ox = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
          double oy = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

          if (ox > 0.5 && oy > 0.5)
            g_error ("text %u (%g,%g %gx%g) overlaps text %u (%g,%g %gx%g)", i, a->x, a->y, a->width,
                     a->height, j, b->x, b->y, b->width, b->height);
        }
    }
}

static void
test_labels_fit (void)
{
  static const ZbChartType types[] = { ZB_CHART_COLUMN, ZB_CHART_BAR, ZB_CHART_LINE };
  static const double sizes[][2] = { { 1600, 900 }, { 800, 450 }, { 595, 842 }, { 400, 300 } };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (int lang = ZB_LANG_ZH; lang <= ZB_LANG_EN; lang++)
        {
          ZbChartSpec *spec = NULL;
          g_autoptr (ZbDataset) dataset = sectors_dataset (12, &spec, types[t]);
          g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, lang, sizes[s][0], sizes[s][1]);

          g_test_message ("type %d, %gx%g, lang %d", types[t], sizes[s][0], sizes[s][1], lang);
          assert_texts_fit (layout, sizes[s][0], sizes[s][1]);
          /* The full name is in the mark even where the axis label is shortened. */
          for (guint i = 0; i < zb_chart_layout_get_n_marks (layout); i++)
            {
              const ZbMark *mark = zb_chart_layout_get_mark (layout, i);
              g_assert_nonnull (strstr (mark->label, zb_text_get (&mark->indicator->name, lang)));
            }
          zb_chart_spec_free (spec);
        }

  {
    g_autoptr (ZbDataset) dataset = gdp_dataset ("左右");
    g_autoptr (ZbChartSpec) spec = gdp_spec ();
    g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, ZB_LANG_EN, 640, 360);
    assert_texts_fit (layout, 640, 360);
  }
}

/* Every curated chart of the Wuhan dataset, in both languages, from a slide down to a small
 * window: no label overlaps another or leaves the canvas, and every mark is hit at its centre. */
static void
test_curated_charts_fit (void)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 842, 595 }, { 640, 400 }, { 480, 320 } };
  g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "wuhan-2024.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_charts (dataset), >=, 12);
  for (guint c = 0; c < zb_dataset_get_n_charts (dataset); c++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (int lang = ZB_LANG_ZH; lang <= ZB_LANG_EN; lang++)
        {
          ZbChartSpec *spec = zb_dataset_get_chart (dataset, c);
          g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, lang, sizes[s][0], sizes[s][1]);

          g_test_message ("%s at %gx%g, lang %d", spec->id, sizes[s][0], sizes[s][1], lang);
          assert_texts_fit (layout, sizes[s][0], sizes[s][1]);
          assert_marked_observations (dataset, spec, lang, sizes[s][0], sizes[s][1], layout);
          for (guint i = 0; i < zb_chart_layout_get_n_marks (layout); i++)
            {
              const ZbMark *mark = zb_chart_layout_get_mark (layout, i);
              int hit = zb_chart_layout_hit_test (layout, mark->x + mark->width / 2, mark->y + mark->height / 2);
              const ZbMark *found;

              g_assert_cmpint (hit, >=, 0);
              found = zb_chart_layout_get_mark (layout, hit);
              /* Its own mark, unless another (a target equal to the actual) sits on the very same spot. */
              if (found->observation != mark->observation)
                {
                  g_assert_cmpfloat (fabs (found->x + found->width / 2 - mark->x - mark->width / 2), <, 0.01);
                  g_assert_cmpfloat (fabs (found->y + found->height / 2 - mark->y - mark->height / 2), <, 0.01);
                }
            }
        }
}

/* In a window the chart keeps the desktop's text size, shrinking it only where panels would
 * otherwise collide: every curated chart at window sizes, with the chart view's minimum, fits
 * without overlaps and with text larger than the chart's own size would give. */
static void
test_screen_text (void)
{
  /* Width, height, and the least height of a line of text: at 640×400 every chart keeps the
   * minimum (11 px ticks, lines of 14 units); at 480×320 the eight panels of a chart may shrink
   * it, but stay above the chart's own size (6.5 px ticks, lines of 9.4 units). */
  static const double sizes[][3] = { { 640, 400, 14 }, { 480, 320, 10 } };
  g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "wuhan-2024.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, &error);

  g_assert_no_error (error);
  for (guint c = 0; c < zb_dataset_get_n_charts (dataset); c++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        ZbChartSpec *spec = zb_dataset_get_chart (dataset, c);
        ZbRenderOptions options;
        g_autoptr (ZbChartLayout) layout = NULL;
        g_autoptr (GArray) rects = NULL;

        zb_render_options_init (&options);
        options.width = sizes[s][0];
        options.height = sizes[s][1];
        options.lang = ZB_LANG_EN;
        options.min_text_size = 13;
        layout = zb_chart_layout_new (dataset, spec, &options, &error);
        g_assert_no_error (error);
        g_test_message ("%s at %gx%g", spec->id, sizes[s][0], sizes[s][1]);
        assert_texts_fit (layout, sizes[s][0], sizes[s][1]);
        rects = zb_chart_layout_dup_text_rects (layout);
        for (guint i = 0; i < rects->len; i++)
          g_assert_cmpfloat (g_array_index (rects, ZbRect, i).height, >, sizes[s][2]);
      }
}

/* The GDP chart's four bars come from one sentence, quoted once. (Several marks sharing a
 * sentence is the case that once freed a string the set of seen sentences still held; the ASan
 * run of this test watches it.) */
static void
test_sources (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "wuhan-2024.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, &error);
  g_autoptr (ZbChartLayout) layout = NULL;
  g_autoptr (GPtrArray) sources = NULL;

  g_assert_no_error (error);
  layout = make_layout (dataset, zb_dataset_lookup_chart (dataset, "gdp-growth-quarterly"), ZB_LANG_ZH, 800, 450);
  sources = zb_chart_layout_dup_sources (layout);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 4);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (sources, 0), "一季度增长4.5%"));
  g_assert_nonnull (strstr (g_ptr_array_index (sources, 0), "全年增长5.7%"));
}

/* A window being resized asks for every size, down to nothing: the layout copes, with finite
 * marks, and draws without a cairo error. */
static void
test_tiny_sizes (void)
{
  static const double sizes[][2] = { { 1, 1 }, { 12, 8 }, { 60, 40 }, { 150, 90 }, { 5000, 60 }, { 60, 3000 } };
  g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "wuhan-2024.json", NULL);
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, NULL);

  g_assert_nonnull (dataset);
  for (guint c = 0; c < zb_dataset_get_n_charts (dataset); c++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        ZbChartSpec *spec = zb_dataset_get_chart (dataset, c);
        g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, ZB_LANG_EN, sizes[s][0], sizes[s][1]);
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) sizes[s][0], (int) sizes[s][1]);
        cairo_t *cr = cairo_create (surface);

        for (guint i = 0; i < zb_chart_layout_get_n_marks (layout); i++)
          {
            const ZbMark *mark = zb_chart_layout_get_mark (layout, i);
            g_assert_true (isfinite (mark->x) && isfinite (mark->y));
            g_assert_true (isfinite (mark->width) && isfinite (mark->height));
            g_assert_cmpfloat (mark->width, >=, 0);
            g_assert_cmpfloat (mark->height, >=, 0);
          }
        zb_chart_layout_set_selected (layout, 0);
        zb_chart_layout_set_hover (layout, 1);
        zb_chart_layout_set_reveal (layout, 1);
        zb_chart_layout_render (layout, cr);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

static void
test_hit_test (void)
{
  ZbChartSpec *spec = NULL;
  g_autoptr (ZbDataset) dataset = sectors_dataset (12, &spec, ZB_CHART_BAR);
  g_autoptr (ZbChartLayout) layout = make_layout (dataset, spec, ZB_LANG_ZH, 1600, 900);
  g_autoptr (ZbDataset) gdp = gdp_dataset (NULL);
  g_autoptr (ZbChartSpec) gdp_line = gdp_spec ();
  g_autoptr (ZbChartLayout) line = NULL;

  for (guint i = 0; i < zb_chart_layout_get_n_marks (layout); i++)
    {
      const ZbMark *mark = zb_chart_layout_get_mark (layout, i);
      double cx = mark->x + mark->width / 2, cy = mark->y + mark->height / 2;

      g_assert_cmpint (zb_chart_layout_hit_test (layout, cx, cy), ==, (int) i);
      g_assert_cmpint (zb_chart_layout_find_mark (layout, mark->observation), ==, (int) i);
    }
  /* The bar of 0.05% is a sliver: a generous target still finds it. */
  {
    int last = (int) zb_chart_layout_get_n_marks (layout) - 1;
    const ZbMark *thin = zb_chart_layout_get_mark (layout, last);
    g_assert_cmpfloat (thin->observation->value, ==, 0.05);
    g_assert_cmpint (zb_chart_layout_hit_test (layout, thin->x + 4, thin->y + thin->height / 2), ==, last);
  }
  g_assert_cmpint (zb_chart_layout_hit_test (layout, 2, 2), ==, -1);
  g_assert_cmpint (zb_chart_layout_hit_test (layout, 1599, 899), ==, -1);

  /* Points of a line: nothing to aim at but a dot; a few units off still hits. */
  gdp_line->type = ZB_CHART_LINE;
  line = make_layout (gdp, gdp_line, ZB_LANG_ZH, 1600, 900);
  for (guint i = 0; i < zb_chart_layout_get_n_marks (line); i++)
    {
      const ZbMark *mark = zb_chart_layout_get_mark (line, i);
      g_assert_cmpint (zb_chart_layout_hit_test (line, mark->x, mark->y), ==, (int) i);
      g_assert_cmpint (zb_chart_layout_hit_test (line, mark->x + 5, mark->y - 5), ==, (int) i);
    }
  zb_chart_spec_free (spec);
}

static void
test_errors (void)
{
  g_autoptr (ZbDataset) dataset = gdp_dataset (NULL);
  g_autoptr (ZbChartSpec) spec = zb_chart_spec_new ("missing", ZB_CHART_COLUMN);
  g_autoptr (ZbChartSpec) empty = zb_chart_spec_new ("empty", ZB_CHART_COLUMN);
  g_autoptr (ZbChartSpec) bad_ref = gdp_spec ();
  g_autoptr (GError) error = NULL;
  ZbRenderOptions options;
  ZbSeriesRef *series;

  zb_render_options_init (&options);
  zb_chart_spec_add_series (spec, "no-such-indicator");
  g_assert_null (zb_chart_layout_new (dataset, spec, &options, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE);
  g_assert_nonnull (strstr (error->message, "no-such-indicator"));
  g_clear_error (&error);

  series = zb_chart_spec_add_series (empty, "gdp-growth");
  series->period = g_strdup ("1999");
  g_assert_null (zb_chart_layout_new (dataset, empty, &options, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_EMPTY);
  g_clear_error (&error);

  g_free (((ZbReference *) g_ptr_array_index (bad_ref->references, 0))->indicator);
  ((ZbReference *) g_ptr_array_index (bad_ref->references, 0))->indicator = g_strdup ("nowhere");
  g_assert_null (zb_chart_layout_new (dataset, bad_ref, &options, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE);
}

static void
test_describe (void)
{
  g_autoptr (ZbDataset) dataset = gdp_dataset ("左右");
  g_autoptr (ZbChartSpec) spec = gdp_spec ();
  g_autoptr (ZbChartLayout) zh = make_layout (dataset, spec, ZB_LANG_ZH, 1600, 900);
  g_autoptr (ZbChartLayout) en = make_layout (dataset, spec, ZB_LANG_EN, 1600, 900);
  g_autofree char *text_zh = NULL;
  g_autofree char *text_en = NULL;
  g_autofree char *selected = NULL;

  text_zh = zb_chart_layout_describe (zh);
  text_en = zb_chart_layout_describe (en);
  g_test_message ("%s\n%s", text_zh, text_en);
  g_assert_nonnull (strstr (text_zh, "2023年地区生产总值增长"));
  g_assert_nonnull (strstr (text_zh, "4个数值"));
  g_assert_nonnull (strstr (text_zh, "一季度 4.5%"));
  g_assert_nonnull (strstr (text_zh, "全年 5.7%"));
  g_assert_nonnull (strstr (text_zh, "≈ 6%"));
  g_assert_nonnull (strstr (text_en, "4 values"));
  g_assert_nonnull (strstr (text_en, "lowest Q1 4.5%"));

  zb_chart_layout_set_selected (en, 2);
  g_assert_cmpint (zb_chart_layout_get_selected (en), ==, 2);
  selected = zb_chart_layout_describe (en);
  g_assert_nonnull (strstr (selected, "Selected: Q1–Q3 5.5%"));
  zb_chart_layout_set_selected (en, 99);
  g_assert_cmpint (zb_chart_layout_get_selected (en), ==, -1);
}

static void
test_small_multiples (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  ZbIndicator *firms = add_indicator (dataset, "firms", "高新技术企业", "High-tech firms", "万家");
  ZbIndicator *turnover = add_indicator (dataset, "turnover", "技术合同成交额", "Contract turnover", "亿元");
  g_autoptr (ZbChartSpec) spec = zb_chart_spec_new ("innovation", ZB_CHART_COLUMN);
  g_autoptr (ZbChartLayout) layout = NULL;
  const ZbMark *a, *b;

  add_obs (firms, "2023", FALSE, 1.45, ZB_STATUS_ACTUAL, NULL);
  add_obs (firms, "2024", FALSE, 1.55, ZB_STATUS_TARGET, NULL);
  add_obs (turnover, "2023", FALSE, 2198, ZB_STATUS_ACTUAL, NULL);
  add_obs (turnover, "2024", FALSE, 2400, ZB_STATUS_TARGET, "突破");
  zb_chart_spec_add_series (spec, "firms");
  zb_chart_spec_add_series (spec, "turnover");

  /* Different units never share an axis: one panel each, each bar scaled in its own panel. */
  layout = make_layout (dataset, spec, ZB_LANG_ZH, 1600, 900);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 4);
  a = zb_chart_layout_get_mark (layout, 0);
  b = zb_chart_layout_get_mark (layout, 2);
  g_assert_cmpuint (a->panel, ==, 0);
  g_assert_cmpuint (b->panel, ==, 1);
  g_assert_cmpfloat (a->height, >, 10);
  g_assert_cmpfloat (b->height, >, 10);
  assert_texts_fit (layout, 1600, 900);
}

static void
test_dumbbell (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  ZbIndicator *jobs = add_indicator (dataset, "jobs", "城镇新增就业", "New urban jobs", "万人");
  g_autoptr (ZbChartSpec) spec = zb_chart_spec_new ("jobs", ZB_CHART_DUMBBELL);
  g_autoptr (ZbChartLayout) layout = NULL;
  const ZbMark *actual, *target;

  add_obs (jobs, "2023", FALSE, 29.26, ZB_STATUS_ACTUAL, NULL);
  add_obs (jobs, "2024", FALSE, 25, ZB_STATUS_TARGET, "以上");
  zb_chart_spec_add_series (spec, "jobs");
  layout = make_layout (dataset, spec, ZB_LANG_ZH, 1200, 600);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 2);
  actual = zb_chart_layout_get_mark (layout, 0);
  target = zb_chart_layout_get_mark (layout, 1);
  g_assert_cmpint (actual->observation->status, ==, ZB_STATUS_ACTUAL);
  g_assert_cmpint (target->observation->status, ==, ZB_STATUS_TARGET);
  /* Same row, positions in value order, and the target says "at least". */
  g_assert_cmpfloat (actual->y, ==, target->y);
  g_assert_cmpfloat (target->x, <, actual->x);
  g_assert_nonnull (strstr (target->label, "≥"));
  assert_texts_fit (layout, 1200, 600);
}

/* A million points: reduced to the extremes of each pixel column, and drawn exactly where the
 * full line would be: every column's painted span covers the data's span in that column. */
static void
test_large_line (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  ZbIndicator *walk = add_indicator (dataset, "walk", "随机游走", "Random walk", "");
  g_autoptr (ZbChartSpec) spec = zb_chart_spec_new ("walk", ZB_CHART_LINE);
  g_autoptr (ZbChartLayout) layout = NULL;
  const guint n = 1000000;
  const int W = 1200, H = 600;
  double v = 0, a, b, x0, xs;
  guint32 seed = 12345;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_marks, checked = 0;
  const ZbMark *m0, *m1;
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  guint8 *data;
  int stride;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *period = NULL;
      ZbObservation *obs = zb_indicator_add_observation (walk);

      seed = seed * 1664525u + 1013904223u;
      v += ((seed >> 8) % 2001 - 1000) / 1000.0;
      obs->period = g_strdup_printf ("%u", i);
      obs->value = v;
    }
  zb_chart_spec_add_series (spec, "walk");
  zb_render_options_init (&options);
  options.width = W;
  options.height = H;
  layout = zb_chart_layout_new (dataset, spec, &options, &error);
  g_assert_no_error (error);
  n_marks = zb_chart_layout_get_n_marks (layout);
  g_test_message ("%u marks", n_marks);
  g_assert_cmpuint (n_marks, >, 100);
  g_assert_cmpuint (n_marks, <=, 4 * W);
  /* Which points it marks depends on the size: found from the layout. */
  assert_marked_observations (dataset, spec, ZB_LANG_ZH, W, H, layout);

  /* The marks give the mapping: y = a + b v, x = x0 + xs i. */
  m0 = zb_chart_layout_get_mark (layout, 0);
  m1 = zb_chart_layout_get_mark (layout, n_marks - 1);
  for (guint i = 1; i < n_marks && m1->observation->value == m0->observation->value; i++)
    m1 = zb_chart_layout_get_mark (layout, i);
  b = (m1->y - m0->y) / (m1->observation->value - m0->observation->value);
  a = m0->y - b * m0->observation->value;
  m1 = zb_chart_layout_get_mark (layout, n_marks - 1);
  xs = (m1->x - m0->x) / (atof (m1->observation->period) - atof (m0->observation->period));
  x0 = m0->x - xs * atof (m0->observation->period);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cr = cairo_create (surface);
  zb_chart_layout_render (layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* Every tenth whole column inside the line's span. */
  for (int col = (int) ceil (x0) + 2; col < (int) floor (x0 + xs * (n - 1)) - 2; col += 10)
    {
      guint first = (guint) MAX (0, ceil ((col - x0) / xs));
      guint last = (guint) MIN (n - 1, floor ((col + 1 - x0) / xs));
      double lo = INFINITY, hi = -INFINITY;
      int top = -1, bottom = -1;
      const ZbColor *c = &zb_theme_get_palette (ZB_THEME_LIGHT)->series[0];

      for (guint i = first; i <= last; i++)
        {
          double y = a + b * ((ZbObservation *) g_ptr_array_index (walk->observations, i))->value;
          lo = MIN (lo, y);
          hi = MAX (hi, y);
        }
      for (int row = 0; row < H; row++)
        {
          guint32 px = *(guint32 *) (data + row * stride + col * 4);
          int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, bl = px & 0xff;
          /* tinted by the line's blue (grid and text are grey, the background white) */
          (void) g;
          (void) c;
          if (bl - r > 30)
            {
              if (top < 0)
                top = row;
              bottom = row;
            }
        }
      g_assert_cmpint (top, >=, 0);
      g_assert_cmpfloat (fabs (top - lo), <=, 2.5);
      g_assert_cmpfloat (fabs (bottom - hi), <=, 2.5);
      checked++;
    }
  g_assert_cmpuint (checked, >, 50);
  cairo_surface_destroy (surface);
}

static void
test_theme_background (void)
{
  g_autoptr (ZbDataset) dataset = gdp_dataset (NULL);
  g_autoptr (ZbChartSpec) spec = gdp_spec ();

  for (ZbTheme theme = ZB_THEME_LIGHT; theme <= ZB_THEME_CONTRAST; theme++)
    {
      ZbRenderOptions options;
      g_autoptr (ZbChartLayout) layout = NULL;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 200);
      cairo_t *cr = cairo_create (surface);
      guint32 px;
      double lum;
      ZbTheme parsed;

      zb_render_options_init (&options);
      options.width = 320;
      options.height = 200;
      options.theme = theme;
      layout = zb_chart_layout_new (dataset, spec, &options, NULL);
      zb_chart_layout_render (layout, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      px = *(guint32 *) cairo_image_surface_get_data (surface);
      lum = (0.2126 * ((px >> 16) & 0xff) + 0.7152 * ((px >> 8) & 0xff) + 0.0722 * (px & 0xff)) / 255;
      if (theme == ZB_THEME_DARK)
        g_assert_cmpfloat (lum, <, 0.2);
      else
        g_assert_cmpfloat (lum, >, 0.9);
      cairo_surface_destroy (surface);

      g_assert_true (zb_theme_from_string (zb_theme_to_string (theme), &parsed));
      g_assert_cmpint (parsed, ==, theme);
    }
  g_assert_false (zb_theme_from_string ("purple", NULL));
}

/* Charts and slides lay text out at ZB_TEXT_REFERENCE_SIZE and scale it (zb-text-render.h). That
 * holds only while text has the same shape at every size: laid out directly at other sizes, in
 * both weights and wrapped, text must measure what the scaled reference layout says, to a
 * hundredth of a pixel, and break into the same lines. */
static void
test_text_scales_linearly (void)
{
  static const double sizes[] = { 7.25, 9.5, 13.75, 21.5, 31.25, 48 };
  const char *text = "2023年地区生产总值增长5.7%，GDP growth by quarter (cumulative) 累计同比：一季度、上半年、前三季度";
  PangoContext *context = zb_theme_create_pango_context ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int bold = 0; bold < 2; bold++)
      {
        double scale = sizes[i] / ZB_TEXT_REFERENCE_SIZE;
        PangoLayout *direct = pango_layout_new (context);
        PangoLayout *scaled = pango_layout_new (context);
        PangoFontDescription *font = pango_font_description_from_string (ZB_CHART_FONT_FAMILY);
        double wrap = 14 * sizes[i];   /* about 14 characters a line */
        double dx, dy, dw, dh, sx, sy, sw, sh;
        PangoRectangle logical;

        pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_absolute_size (font, sizes[i] * PANGO_SCALE);
        pango_layout_set_font_description (direct, font);
        pango_layout_set_width (direct, (int) (wrap * PANGO_SCALE));
        pango_layout_set_text (direct, text, -1);
        pango_layout_get_extents (direct, NULL, &logical);
        dx = logical.x / (double) PANGO_SCALE;
        dy = logical.y / (double) PANGO_SCALE;
        dw = logical.width / (double) PANGO_SCALE;
        dh = logical.height / (double) PANGO_SCALE;

        pango_font_description_set_absolute_size (font, ZB_TEXT_REFERENCE_SIZE * PANGO_SCALE);
        pango_layout_set_font_description (scaled, font);
        pango_layout_set_width (scaled, (int) (wrap / scale * PANGO_SCALE));
        pango_layout_set_text (scaled, text, -1);
        zb_text_layout_set_scale (scaled, scale);
        zb_text_layout_get_extents (scaled, &sx, &sy, &sw, &sh);

        g_test_message ("%g px %s: %.3f × %.3f direct, %.3f × %.3f scaled", sizes[i], bold ? "bold" : "regular",
                        dw, dh, sw, sh);
        g_assert_cmpint (pango_layout_get_line_count (direct), >, 1);
        g_assert_cmpint (pango_layout_get_line_count (direct), ==, pango_layout_get_line_count (scaled));
        for (int line = 0; line < pango_layout_get_line_count (direct); line++)
          g_assert_cmpint (pango_layout_get_line_readonly (direct, line)->length, ==,
                           pango_layout_get_line_readonly (scaled, line)->length);
        g_assert_cmpfloat (fabs (dx - sx), <, 0.01);
        g_assert_cmpfloat (fabs (dy - sy), <, 0.01);
        g_assert_cmpfloat (fabs (dw - sw), <, 0.01 * pango_layout_get_line_count (direct) + 0.02);
        g_assert_cmpfloat (fabs (dh - sh), <, 0.01 * pango_layout_get_line_count (direct) + 0.02);
        pango_font_description_free (font);
        g_object_unref (direct);
        g_object_unref (scaled);
      }
  g_object_unref (context);
}

/* The face hint (zb-face-hint) names the files Pango chose for chart text, whatever it held
 * before: a hint with junk, a relative path and a file that does not exist is harmless, and is
 * replaced by one whose every line is a font file that exists, among them the face a chart's
 * Chinese text is set in. */
static void
test_face_hint (void)
{
  g_autofree char *path = zb_face_hint_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *hint = NULL;
  g_autofree char *again = NULL;
  g_auto (GStrv) lines = NULL;
  PangoContext *context;
  PangoLayout *layout;
  PangoLayoutRun *run;
  FcPattern *pattern;
  FcChar8 *file;
  int index;
  g_autofree char *expected = NULL;
  guint n = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "junk\n-1 /nope\n3 relative.ttc\n0 /nonexistent/font.ttc\n", -1, NULL));
  zb_chart_prepare_fonts (ZB_LANG_ZH, NULL);
  g_assert_true (g_file_get_contents (path, &hint, NULL, NULL));
  g_test_message ("hint: %s", hint);

  lines = g_strsplit (hint, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++, n++)
    {
      const char *space = strchr (lines[i], ' ');

      g_assert_nonnull (space);
      g_assert_true (g_ascii_isdigit (lines[i][0]));
      g_assert_true (g_file_test (space + 1, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpuint (n, >=, 1);

  /* The face Pango sets a chart's Chinese in is one of them. */
  context = zb_theme_create_pango_context ();
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, zb_text_reference_font (FALSE));
  pango_layout_set_text (layout, "地区生产总值", -1);
  run = pango_layout_get_line_readonly (layout, 0)->runs->data;
  pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (run->item->analysis.font));
  g_assert_cmpint (FcPatternGetString (pattern, FC_FILE, 0, &file), ==, FcResultMatch);
  g_assert_cmpint (FcPatternGetInteger (pattern, FC_INDEX, 0, &index), ==, FcResultMatch);
  expected = g_strdup_printf ("%d %s\n", index, (const char *) file);
  g_assert_nonnull (strstr (hint, expected));
  g_object_unref (layout);
  g_object_unref (context);

  /* A second run finds the hint right and leaves it as it is. */
  zb_chart_prepare_fonts (ZB_LANG_ZH, NULL);
  g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
  g_assert_cmpstr (again, ==, hint);

  /* Pipes never block it (a hang shows as the test's timeout): one named in the hint is not
   * opened, and one in the hint's place is neither read nor replaced. */
  {
    g_autofree char *fifo = g_build_filename (dir, "fifo.ttc", NULL);
    g_autofree char *naming = g_strdup_printf ("0 %s\n", fifo);
    GStatBuf st;

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_assert_true (g_file_set_contents (path, naming, -1, NULL));
    zb_chart_prepare_fonts (ZB_LANG_ZH, NULL);
    g_clear_pointer (&again, g_free);
    g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
    g_assert_cmpstr (again, ==, hint);

    g_assert_cmpint (g_remove (path), ==, 0);
    g_assert_cmpint (mkfifo (path, 0600), ==, 0);
    zb_chart_prepare_fonts (ZB_LANG_ZH, NULL);
    g_assert_cmpint (g_lstat (path, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    g_assert_cmpint (g_remove (path), ==, 0);
    g_assert_cmpint (g_remove (fifo), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/period-labels", test_period_labels);
  g_test_add_func ("/chart/qualifier-label", test_qualifier_label);
  g_test_add_func ("/chart/ranked-bar", test_ranked_bar);
  g_test_add_func ("/chart/labels-fit", test_labels_fit);
  g_test_add_func ("/chart/hit-test", test_hit_test);
  g_test_add_func ("/chart/curated-charts-fit", test_curated_charts_fit);
  g_test_add_func ("/chart/screen-text", test_screen_text);
  g_test_add_func ("/chart/sources", test_sources);
  g_test_add_func ("/chart/tiny-sizes", test_tiny_sizes);
  g_test_add_func ("/chart/errors", test_errors);
  g_test_add_func ("/chart/describe", test_describe);
  g_test_add_func ("/chart/small-multiples", test_small_multiples);
  g_test_add_func ("/chart/dumbbell", test_dumbbell);
  g_test_add_func ("/chart/large-line", test_large_line);
  g_test_add_func ("/chart/theme-background", test_theme_background);
  g_test_add_func ("/chart/text-scales-linearly", test_text_scales_linearly);
  g_test_add_func ("/chart/face-hint", test_face_hint);

  return g_test_run ();
}
