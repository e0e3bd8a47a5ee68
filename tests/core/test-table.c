#define G_LOG_DOMAIN "test-table"

#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zb-chart.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-file.h"
#include "zb-table.h"

static ZbDataset *
load_table (const char *name,
            GError    **error)
{
  g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "tests", "data", "tables", name, NULL);

  return zb_table_load (path, error);
}

static ZbObservation *
obs_at (ZbIndicator *indicator,
        guint        index)
{
  g_assert_cmpuint (index, <, indicator->observations->len);
  return g_ptr_array_index (indicator->observations, index);
}

/* Periods down the first column, a title line, a unit line and notes under the data. */
static void
test_long_with_notes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = load_table ("gdp-quarterly.csv", &error);
  ZbIndicator *gdp, *services;
  static const char *const periods[] = { "2023Q1", "2023H1", "2023Q1-Q3", "2023" };
  static const double values[] = { 4.5, 5.0, 5.5, 5.7 };

  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), ==, 2);
  g_assert_cmpstr (zb_table_get_source (dataset), ==, "gdp-quarterly.csv");
  g_assert_cmpstr (zb_table_get_title (dataset), ==, "2023年武汉市地区生产总值增长情况");
  g_assert_cmpuint (strlen (zb_table_get_sha256 (dataset)), ==, 64);

  gdp = zb_dataset_get_indicator (dataset, 0);
  services = zb_dataset_get_indicator (dataset, 1);
  g_assert_cmpstr (gdp->name.zh, ==, "地区生产总值增速");
  g_assert_cmpstr (gdp->unit, ==, "%");  /* from the 单位 line */
  g_assert_cmpuint (gdp->observations->len, ==, 4);  /* the notes are not data */
  for (guint i = 0; i < 4; i++)
    {
      ZbObservation *obs = obs_at (gdp, i);
      g_autofree char *label = g_strdup_printf ("row %u, column B", i + 4);

      g_assert_cmpstr (obs->period, ==, periods[i]);
      g_assert_cmpfloat (obs->value, ==, values[i]);
      g_assert_cmpstr (obs->src_label, ==, label);
      g_assert_null (obs->src_text);
    }
  g_assert_true (obs_at (gdp, 2)->cumulative);
  g_assert_cmpstr (obs_at (services, 3)->src_label, ==, "row 7, column C");
  g_assert_cmpfloat (obs_at (services, 3)->value, ==, 6.4);
}

/* Years across the header (the bureau's usual layout), units in brackets, thousands separators,
 * a BOM, CRLF and a missing value. */
static void
test_wide (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = load_table ("wide-annual.csv", &error);
  ZbIndicator *gdp, *retail;

  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), ==, 3);
  gdp = zb_dataset_get_indicator (dataset, 0);
  g_assert_cmpstr (gdp->name.zh, ==, "地区生产总值");
  g_assert_cmpstr (gdp->unit, ==, "亿元");
  g_assert_cmpuint (gdp->observations->len, ==, 5);
  g_assert_cmpstr (obs_at (gdp, 0)->period, ==, "2019");
  g_assert_cmpfloat (obs_at (gdp, 4)->value, ==, 20011.65);
  g_assert_cmpstr (obs_at (gdp, 4)->src_label, ==, "row 2, column F");
  g_assert_cmpstr (zb_dataset_get_indicator (dataset, 1)->unit, ==, "万人");

  retail = zb_dataset_get_indicator (dataset, 2);
  g_assert_cmpuint (retail->observations->len, ==, 4);  /* "…" is missing, not zero */
  g_assert_cmpstr (obs_at (retail, 3)->period, ==, "2023");
}

static void
test_tsv_and_quotes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = load_table ("sectors.tsv", &error);
  ZbIndicator *growth;

  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), ==, 1);
  growth = zb_dataset_get_indicator (dataset, 0);
  g_assert_cmpstr (growth->unit, ==, "%");
  g_assert_cmpuint (growth->observations->len, ==, 8);
  g_assert_cmpstr (obs_at (growth, 0)->period, ==, "接待游客");
  /* A quoted name with a line break in it is one cell; the row is counted where it starts. */
  g_assert_cmpstr (obs_at (growth, 7)->period, ==, "规模以上工业增加值\n（含能源）");
  g_assert_cmpstr (obs_at (growth, 7)->src_label, ==, "row 9, column B");
}

static void
test_gbk (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = load_table ("districts-gbk.csv", &error);
  ZbIndicator *gdp;

  g_assert_no_error (error);
  gdp = zb_dataset_get_indicator (dataset, 0);
  g_assert_cmpstr (gdp->name.zh, ==, "生产总值");
  g_assert_cmpstr (gdp->unit, ==, "亿元");
  g_assert_cmpstr (obs_at (gdp, 0)->period, ==, "江岸区");
  g_assert_cmpfloat (obs_at (gdp, 2)->value, ==, 865.2);
}

/* A long table whose only text that is not ASCII is a note under its rows: GB18030 there makes
 * the whole table read as GB18030, and a stray byte makes it fail. */
static void
test_long_encodings (void)
{
  g_autoptr (GString) csv = g_string_new ("index,value\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *gbk = NULL;
  gsize gbk_len = 0;
  const guint n = 120000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "%u,%u.25\n", i, i);
  g_string_append (csv, "注：数据来源于统计局\n");
  gbk = g_convert (csv->str, csv->len, "GB18030", "UTF-8", NULL, &gbk_len, &error);
  g_assert_no_error (error);
  dataset = zb_table_load_from_data (gbk, gbk_len, "long-gbk.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_dataset_get_indicator (dataset, 0)->observations->len, ==, n);
  g_clear_object (&dataset);

  csv->str[csv->len * 3 / 4] = (char) 0xff;
  dataset = zb_table_load_from_data (csv->str, csv->len, "long-bad.csv", &error);
  g_assert_null (dataset);
  g_assert_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_PARSE);
}

static void
test_errors (void)
{
  static const struct
  {
    const char *name;
    int         code;
    const char *words;
  } cases[] = {
    { "empty.csv", ZB_TABLE_ERROR_EMPTY, "no table" },
    { "no-numbers.csv", ZB_TABLE_ERROR_EMPTY, "no numbers" },
    { "unclosed-quote.csv", ZB_TABLE_ERROR_PARSE, "line 2" },
    { "missing.csv", ZB_TABLE_ERROR_IO, "Cannot read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ZbDataset) dataset = load_table (cases[i].name, &error);

      g_assert_null (dataset);
      g_assert_error (error, ZB_TABLE_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }

  {
    g_autoptr (GError) error = NULL;
    static const char binary[] = "a,b\n1,\0\x01\x02";
    g_autoptr (ZbDataset) dataset = zb_table_load_from_data (binary, sizeof binary - 1, "binary.csv", &error);
    g_assert_null (dataset);
    g_assert_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_PARSE);
  }
}

/* What is not a file to read is refused before it is opened or read, with words that say so;
 * a file is read whole, however many reads it takes. */
static void
test_not_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("zb-table-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.csv", NULL);
  g_autofree char *big = g_build_filename (dir, "big.csv", NULL);
  g_autofree char *whole = g_build_filename (dir, "whole.csv", NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  const char *paths[] = { dir, fifo, big };
  const char *words[] = { "not a file", "not a file", "larger than" };
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  gsize length = 0;
  goffset size = 0;
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* Sparse: as large as it says, without the disk. */
  fd = g_open (big, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 600 * 1024 * 1024), ==, 0);
  close (fd);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ZbDataset) dataset = zb_table_load (paths[i], &error);

      g_assert_null (dataset);
      g_assert_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_IO);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, words[i]));
    }

  g_assert_cmpint (zb_file_read_regular (fifo, 1000, &contents, &length, &size, &message), ==,
                   ZB_FILE_READ_NOT_REGULAR);
  g_assert_cmpint (zb_file_read_regular (big, 1000, &contents, &length, &size, &message), ==,
                   ZB_FILE_READ_TOO_LARGE);
  g_assert_cmpint (size, ==, (goffset) 600 * 1024 * 1024);
  g_assert_null (contents);

  /* More than one read's worth, with a NUL inside. */
  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (text, "row %u,%u\n", i, i);
  g_string_append_c (text, '\0');
  g_string_append (text, "end");
  g_assert_true (g_file_set_contents (whole, text->str, (gssize) text->len, NULL));
  g_assert_cmpint (zb_file_read_regular (whole, (goffset) text->len, &contents, &length, &size, &message), ==,
                   ZB_FILE_READ_OK);
  g_assert_cmpuint (length, ==, text->len);
  g_assert_cmpint (size, ==, (goffset) text->len);
  g_assert_true (memcmp (contents, text->str, text->len) == 0);
  g_assert_cmpint (contents[length], ==, '\0');
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (zb_file_read_regular (whole, (goffset) text->len - 1, &contents, &length, &size, &message), ==,
                   ZB_FILE_READ_TOO_LARGE);
  g_assert_cmpint (zb_file_read_regular (dir, 1000, &contents, &length, &size, &message), ==,
                   ZB_FILE_READ_FOLDER);
  g_assert_cmpint (zb_file_read_regular (fifo + 1, 1000, &contents, &length, &size, &message), ==,
                   ZB_FILE_READ_MISSING);

  /* A file that says it is empty and is not (as /proc's are) is read to its end all the same,
   * growing the buffer; and refused once past the limit. */
  if (g_file_test ("/proc/self/smaps", G_FILE_TEST_IS_REGULAR))
    {
      g_clear_pointer (&contents, g_free);
      g_assert_cmpint (zb_file_read_regular ("/proc/self/smaps", 64 * 1024 * 1024, &contents, &length, &size, &message), ==,
                       ZB_FILE_READ_OK);
      g_assert_cmpint (size, ==, 0);
      g_assert_cmpuint (length, >, 8192);
      g_assert_cmpuint (strlen (contents), ==, length);
      g_clear_pointer (&contents, g_free);
      g_assert_cmpint (zb_file_read_regular ("/proc/self/smaps", 1000, &contents, &length, &size, &message), ==,
                       ZB_FILE_READ_TOO_LARGE);
      g_assert_null (contents);
    }

  g_unlink (fifo);
  g_unlink (big);
  g_unlink (whole);
  g_rmdir (dir);
}

/* A long table (read in two halves at once) keeps its rows in order, each with its own cell.
 * Its series stay compact until their observations are asked for, and an observation made
 * alone is the one the whole series then holds. */
static void
test_long_table (void)
{
  g_autoptr (GString) csv = g_string_new ("index,value,double\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  const guint n = 50001;
  ZbIndicator *values, *doubled;
  ZbObservation *alone;
  const double *compact;
  guint n_compact = 0;

  for (guint i = 0; i < n; i++)
    {
      if (i == 777)
        g_string_append_printf (csv, "%u,…,%u\n", i, 2 * i);  /* a missing value */
      else
        g_string_append_printf (csv, "%u,%u.5,%u\n", i, i, 2 * i);
    }
  dataset = zb_table_load_from_data (csv->str, csv->len, "long.csv", &error);
  g_assert_no_error (error);

  values = zb_dataset_peek_indicator (dataset, 0);
  compact = zb_indicator_peek_values (values, &n_compact);
  g_assert_nonnull (compact);
  g_assert_cmpuint (n_compact, ==, n - 1);
  g_assert_cmpuint (zb_indicator_get_n_observations (values), ==, n - 1);
  g_assert_cmpfloat (compact[776], ==, 776.5);
  g_assert_cmpfloat (compact[777], ==, 778.5);  /* the missing value is not a row */
  g_assert_cmpfloat (compact[n - 2], ==, n - 1 + 0.5);
  alone = zb_indicator_get_observation (values, 40000);
  g_assert_cmpstr (alone->src_label, ==, "row 40003, column B");
  g_assert_cmpstr (alone->period, ==, "40001");
  g_assert_true (zb_indicator_get_observation (values, 40000) == alone);
  g_assert_cmpuint (values->observations->len, ==, 0);

  /* A chart draws the compact values and makes observations for its marks alone. */
  {
    g_autoptr (ZbChartSpec) spec = zb_chart_spec_new ("long", ZB_CHART_LINE);
    g_autoptr (ZbChartLayout) layout = NULL;
    ZbRenderOptions options;
    guint n_marks;

    zb_chart_spec_add_series (spec, values->id);
    zb_render_options_init (&options);
    layout = zb_chart_layout_new (dataset, spec, &options, &error);
    g_assert_no_error (error);
    n_marks = zb_chart_layout_get_n_marks (layout);
    g_assert_cmpuint (n_marks, >, 1000);
    g_assert_cmpuint (n_marks, <, 10000);
    for (guint i = 0; i < n_marks; i += 97)
      {
        const ZbMark *mark = zb_chart_layout_get_mark (layout, i);
        guint row = (guint) g_ascii_strtoull (mark->observation->period, NULL, 10);
        g_autofree char *label = g_strdup_printf ("row %u, column %s", row + 2,
                                                  mark->indicator == values ? "B" : "C");

        g_assert_true (mark->indicator == values);
        g_assert_cmpstr (mark->observation->src_label, ==, label);
        g_assert_cmpfloat (mark->observation->value, ==, row + 0.5);
      }
    g_assert_nonnull (zb_indicator_peek_values (values, NULL));
  }
  /* Two columns share the axis: each period's pair of values, however long the table. */
  {
    g_autoptr (ZbChartSpec) spec = zb_table_make_chart (dataset, ZB_CHART_LINE, "both");
    g_autoptr (ZbChartLayout) layout = NULL;
    ZbRenderOptions options;

    zb_render_options_init (&options);
    layout = zb_chart_layout_new (dataset, spec, &options, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 2 * n - 1);
    g_assert_cmpfloat (zb_chart_layout_get_mark (layout, 1)->observation->value, ==, 0.0);
    g_assert_cmpfloat (zb_chart_layout_get_mark (layout, 2 * 500)->observation->value, ==, 500.5);
    g_assert_cmpfloat (zb_chart_layout_get_mark (layout, 2 * 500 + 1)->observation->value, ==, 1000.0);
  }

  g_assert_true (zb_dataset_get_indicator (dataset, 0) == values);
  doubled = zb_dataset_get_indicator (dataset, 1);
  g_assert_null (zb_indicator_peek_values (values, NULL));
  g_assert_true (obs_at (values, 40000) == alone);
  g_assert_cmpuint (values->observations->len, ==, n - 1);
  g_assert_cmpuint (doubled->observations->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      ZbObservation *d = obs_at (doubled, i);
      g_autofree char *period = g_strdup_printf ("%u", i);
      g_autofree char *label = g_strdup_printf ("row %u, column C", i + 2);

      g_assert_cmpstr (d->period, ==, period);
      g_assert_cmpfloat (d->value, ==, 2.0 * i);
      g_assert_cmpstr (d->src_label, ==, label);
      g_assert_true (d->indicator == doubled);
    }
  for (guint i = 0; i < n - 1; i++)
    {
      ZbObservation *v = obs_at (values, i);
      guint row = i < 777 ? i : i + 1;

      g_assert_cmpfloat (v->value, ==, row + 0.5);
      g_assert_true (v->indicator == values);
    }
}

/* A table draws like a dataset, its sources being cells. */
static void
test_chart (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = load_table ("gdp-quarterly.csv", &error);
  g_autoptr (ZbChartSpec) spec = zb_table_make_chart (dataset, ZB_CHART_COLUMN, "table");
  g_autoptr (ZbChartLayout) layout = NULL;
  g_autoptr (GPtrArray) sources = NULL;
  ZbRenderOptions options;

  g_assert_no_error (error);
  zb_render_options_init (&options);
  options.source_footer = TRUE;
  layout = zb_chart_layout_new (dataset, spec, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 8);
  g_assert_true (g_str_has_prefix (zb_chart_layout_get_mark (layout, 0)->label, "地区生产总值增速 · 2023年一季度"));
  sources = zb_chart_layout_dup_sources (layout);
  g_assert_cmpuint (sources->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (sources, 0), ==, "row 4, column B");
}

/* Category names in a right-to-left script stand right-aligned against the bars, as the others
 * do: Pango mirrors the alignment of a right-to-left paragraph, which put such a name off the
 * chart's left edge. */
static void
test_right_to_left_labels (void)
{
  static const char csv[] = "name,value\nالعربية,5\nEnglish,4\nעברית,3\n中文,2\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = zb_table_load_from_data (csv, strlen (csv), "rtl.csv", &error);
  g_autoptr (ZbChartSpec) spec = NULL;
  g_autoptr (ZbChartLayout) layout = NULL;
  g_autoptr (GArray) rects = NULL;
  ZbRenderOptions options;
  double right = -1;

  g_assert_no_error (error);
  spec = zb_table_make_chart (dataset, ZB_CHART_BAR, "rtl");
  zb_render_options_init (&options);
  options.width = 1200;
  options.height = 700;
  layout = zb_chart_layout_new (dataset, spec, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 4);
  rects = zb_chart_layout_dup_text_rects (layout);
  for (guint m = 0; m < 4; m++)
    {
      const ZbMark *mark = zb_chart_layout_get_mark (layout, m);
      double centre = mark->y + mark->height / 2;
      const ZbRect *name = NULL;

      /* The bar's name: the text left of the bar, level with it. */
      for (guint i = 0; i < rects->len; i++)
        {
          const ZbRect *r = &g_array_index (rects, ZbRect, i);

          if (r->x + r->width <= mark->x + 0.5 && fabs (r->y + r->height / 2 - centre) < mark->height / 2)
            name = r;
        }
      g_assert_nonnull (name);
      g_assert_cmpfloat (name->width, >, 10);
      g_assert_cmpfloat (name->x, >=, 0);
      if (right < 0)
        right = name->x + name->width;
      g_assert_cmpfloat (fabs (name->x + name->width - right), <, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/table/long-with-notes", test_long_with_notes);
  g_test_add_func ("/table/wide", test_wide);
  g_test_add_func ("/table/tsv-and-quotes", test_tsv_and_quotes);
  g_test_add_func ("/table/gbk", test_gbk);
  g_test_add_func ("/table/errors", test_errors);
  g_test_add_func ("/table/not-files", test_not_files);
  g_test_add_func ("/table/long-encodings", test_long_encodings);
  g_test_add_func ("/table/long", test_long_table);
  g_test_add_func ("/table/chart", test_chart);
  g_test_add_func ("/table/right-to-left-labels", test_right_to_left_labels);

  return g_test_run ();
}
