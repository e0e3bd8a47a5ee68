#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zb-chart.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-export.h"
#include "zb-slide.h"
#include "zb-test-files.h"
#include "zb-text-render.h"
#include "zb-theme.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define GDP_CHART "gdp-growth-quarterly"

static ZbDataset *wuhan;
static char *tmp_dir;

static ZbDataset *
load_wuhan (void)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (wuhan != NULL)
    return wuhan;
  path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "wuhan-2024.json", NULL);
  wuhan = zb_dataset_load (path, &error);
  g_assert_no_error (error);
  return wuhan;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
init_options (ZbRenderOptions *options,
              double           width,
              double           height,
              ZbLang           lang,
              ZbTheme          theme)
{
  zb_render_options_init (options);
  options->width = width;
  options->height = height;
  options->lang = lang;
  options->theme = theme;
}

/* Runs a program and returns its standard output; NULL (and the test skipped) when the tool is
 * missing. */
static char *
run (const char *const *argv,
     int               *status,
     char             **err)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  char *out = NULL;
  int wait_status = 0;

  if (program == NULL && !g_path_is_absolute (argv[0]))
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, err, &wait_status, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

/* The "Pages:" field of pdfinfo's output, or -1. */
static int
pdf_pages (const char *info)
{
  const char *p = strstr (info, "Pages:");

  return p != NULL ? atoi (p + strlen ("Pages:")) : -1;
}

static char *
strip_space (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0x00AD)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Pixels ---------------------------------------------------------------------------------------- */

typedef struct
{
  int x0, x1;   /* columns */
  int top, bottom;
} Bar;

static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       int             *r,
       int             *g,
       int             *b)
{
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 px = *(guint32 *) (data + y * stride + x * 4);

  *r = (px >> 16) & 0xff;
  *g = (px >> 8) & 0xff;
  *b = px & 0xff;
}

static gboolean
is_color (cairo_surface_t *surface,
          int              x,
          int              y,
          const ZbColor   *color,
          int              tolerance)
{
  int r, g, b;

  pixel (surface, x, y, &r, &g, &b);
  return abs (r - (int) lround (color->red * 255)) + abs (g - (int) lround (color->green * 255))
         + abs (b - (int) lround (color->blue * 255)) < tolerance;
}

/* The columns of bar colour, left to right, each with its top and bottom row. */
static GArray *
find_bars (cairo_surface_t *surface,
           const ZbColor   *color)
{
  int W = cairo_image_surface_get_width (surface), H = cairo_image_surface_get_height (surface);
  GArray *bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  Bar bar = { -1, -1, -1, -1 };

  for (int x = 0; x < W; x++)
    {
      int count = 0;
      for (int y = 0; y < H; y++)
        count += is_color (surface, x, y, color, 60);
      if (count >= 5 && bar.x0 < 0)
        bar.x0 = x;
      if (count < 5 && bar.x0 >= 0)
        {
          bar.x1 = x - 1;
          g_array_append_val (bars, bar);
          bar.x0 = -1;
        }
    }
  for (guint i = 0; i < bars->len; i++)
    {
      Bar *b = &g_array_index (bars, Bar, i);
      int xm = (b->x0 + b->x1) / 2;

      b->top = b->bottom = -1;
      for (int y = 0; y < H; y++)
        if (is_color (surface, xm, y, color, 60))
          {
            if (b->top < 0)
              b->top = y;
            b->bottom = y;
          }
    }
  return bars;
}

static cairo_surface_t *
export_png (const char *chart,
            double      width,
            double      height,
            double      scale,
            ZbTheme     theme,
            ZbLang      lang,
            const char *name)
{
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path (name);
  cairo_surface_t *surface;

  init_options (&options, width, height, lang, theme);
  g_assert_true (zb_export_chart_by_id (load_wuhan (), chart, ZB_EXPORT_FORMAT_PNG, &options, scale, path, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* The PNG encoder (zb-export.c writes its own deflate stream) loses nothing: read back by libpng,
 * which checks every chunk's CRC and the stream's adler32, each file holds exactly the pixels the
 * chart renders to, background and all (an export paints the background in a thread of its own
 * while the chart is laid out). Sizes cover one stream and two halves made in two threads, odd
 * widths and heights, scales, every theme, and rows too wide for a match with the row above. */
static void
test_png_lossless (void)
{
  ZbDataset *dataset = load_wuhan ();
  const struct { double width, height, scale; ZbTheme theme; } sizes[] = {
    { 64, 64, 1, ZB_THEME_LIGHT },
    { 333, 201, 1, ZB_THEME_DARK },
    { 1601, 899, 1, ZB_THEME_CONTRAST },
    { 960, 541, 2, ZB_THEME_LIGHT },
    { 3700, 300, 3, ZB_THEME_DARK },     /* 11,100 pixels a row */
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      ZbRenderOptions options;
      g_autoptr (ZbChartLayout) layout = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("lossless-%u.png", i);
      cairo_surface_t *file = export_png (GDP_CHART, sizes[i].width, sizes[i].height, sizes[i].scale,
                                          sizes[i].theme, ZB_LANG_ZH, name);
      int width = (int) ceil (sizes[i].width * sizes[i].scale);
      int height = (int) ceil (sizes[i].height * sizes[i].scale);
      cairo_surface_t *direct = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      cairo_t *cr = cairo_create (direct);
      int differing = 0;

      init_options (&options, sizes[i].width, sizes[i].height, ZB_LANG_ZH, sizes[i].theme);
      layout = zb_chart_layout_new (dataset, zb_dataset_lookup_chart (dataset, GDP_CHART), &options, &error);
      g_assert_no_error (error);
      cairo_scale (cr, sizes[i].scale, sizes[i].scale);
      zb_chart_layout_render (layout, cr);
      cairo_destroy (cr);
      cairo_surface_flush (direct);

      g_assert_cmpint (cairo_image_surface_get_width (file), ==, width);
      g_assert_cmpint (cairo_image_surface_get_height (file), ==, height);
      for (int y = 0; y < height; y++)
        {
          const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (file) + y * cairo_image_surface_get_stride (file));
          const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (direct) + y * cairo_image_surface_get_stride (direct));

          for (int x = 0; x < width; x++)
            differing += (a[x] & 0xffffff) != (b[x] & 0xffffff);
        }
      g_test_message ("%d × %d: %d pixels differ", width, height, differing);
      g_assert_cmpint (differing, ==, 0);
      cairo_surface_destroy (direct);
      cairo_surface_destroy (file);
    }
}

/* The GDP chart as a file: bars in period order, their lengths proportional to the values, the
 * dashed target line at the height of 6.0, and each bar's centre hitting its own observation. */
static void
test_png_gdp (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbIndicator *gdp = zb_dataset_lookup_indicator (dataset, "gdp-growth");
  static const char *const periods[] = { "2023Q1", "2023H1", "2023Q1-Q3", "2023" };
  const ZbPalette *pal = zb_theme_get_palette (ZB_THEME_LIGHT);
  cairo_surface_t *surface = export_png (GDP_CHART, 1600, 900, 1, ZB_THEME_LIGHT, ZB_LANG_ZH, "gdp.png");
  g_autoptr (GArray) bars = find_bars (surface, &pal->series[0]);
  g_autoptr (ZbChartLayout) layout = NULL;
  ZbRenderOptions options;
  double values[4], k, baseline, expected, sum = 0, weight = 0;
  int best = 0, x_from, x_to;

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 900);
  g_assert_cmpuint (bars->len, ==, 4);

  init_options (&options, 1600, 900, ZB_LANG_ZH, ZB_THEME_LIGHT);
  layout = zb_chart_layout_new (dataset, zb_dataset_lookup_chart (dataset, GDP_CHART), &options, NULL);
  g_assert_nonnull (layout);

  for (guint i = 0; i < 4; i++)
    {
      Bar *bar = &g_array_index (bars, Bar, i);
      ZbObservation *obs = zb_indicator_find_observation (gdp, periods[i], ZB_STATUS_ACTUAL);
      int hit = zb_chart_layout_hit_test (layout, (bar->x0 + bar->x1) / 2.0, (bar->top + bar->bottom) / 2.0);

      g_assert_nonnull (obs);
      values[i] = obs->value;
      g_test_message ("bar %u: x %d-%d, rows %d-%d, value %g", i, bar->x0, bar->x1, bar->top, bar->bottom, values[i]);
      /* Left to right in period order: the hit test names the observation drawn there. */
      g_assert_cmpint (hit, >=, 0);
      g_assert_true (zb_chart_layout_get_mark (layout, hit)->observation == obs);
      /* All bars stand on the same baseline. */
      g_assert_cmpint (bar->bottom, ==, g_array_index (bars, Bar, 0).bottom);
    }

  baseline = g_array_index (bars, Bar, 0).bottom + 1;
  k = (baseline - g_array_index (bars, Bar, 3).top) / values[3];
  for (guint i = 0; i < 4; i++)
    {
      Bar *bar = &g_array_index (bars, Bar, i);
      double height = baseline - bar->top;
      g_assert_cmpfloat (fabs (height - k * values[i]), <=, 1.0);
    }

  /* The target line: the rows where the reference colour runs across the bars' span. */
  x_from = g_array_index (bars, Bar, 0).x0;
  x_to = g_array_index (bars, Bar, 3).x1;
  for (int y = 0; y < 900; y++)
    {
      int count = 0;
      for (int x = x_from; x <= x_to; x++)
        count += is_color (surface, x, y, &pal->reference, 90);
      best = MAX (best, count);
    }
  g_assert_cmpint (best, >, (x_to - x_from) / 4);
  for (int y = 0; y < 900; y++)
    {
      int count = 0;
      for (int x = x_from; x <= x_to; x++)
        count += is_color (surface, x, y, &pal->reference, 90);
      if (count >= best / 2)
        {
          sum += (y + 0.5) * count;
          weight += count;
        }
    }
  expected = baseline - k * 6.0;
  g_test_message ("target line at %.2f, 6.0 maps to %.2f", sum / weight, expected);
  g_assert_cmpfloat (fabs (sum / weight - expected), <=, 1.0);
  cairo_surface_destroy (surface);

  /* HiDPI: twice the pixels, the same drawing. */
  surface = export_png (GDP_CHART, 800, 450, 2, ZB_THEME_LIGHT, ZB_LANG_EN, "gdp@2.png");
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 900);
  g_clear_pointer (&bars, g_array_unref);
  bars = find_bars (surface, &pal->series[0]);
  g_assert_cmpuint (bars->len, ==, 4);
  cairo_surface_destroy (surface);
}

static void
test_png_dark (void)
{
  cairo_surface_t *surface = export_png (GDP_CHART, 800, 450, 1, ZB_THEME_DARK, ZB_LANG_ZH, "dark.png");
  const ZbPalette *pal = zb_theme_get_palette (ZB_THEME_DARK);
  g_autoptr (GArray) bars = find_bars (surface, &pal->series[0]);
  int dark = 0, total = 0;

  /* Mostly dark pixels, and the bars still there in the dark theme's colour. */
  for (int y = 0; y < 450; y += 3)
    for (int x = 0; x < 800; x += 3)
      {
        int r, g, b;
        pixel (surface, x, y, &r, &g, &b);
        dark += 0.2126 * r + 0.7152 * g + 0.0722 * b < 60;
        total++;
      }
  g_assert_cmpfloat ((double) dark / total, >, 0.7);
  g_assert_cmpuint (bars->len, ==, 4);
  cairo_surface_destroy (surface);
}

static guint32
crc_bitwise (const guint8 *data,
             gsize         len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
  return crc ^ 0xffffffffu;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The text chunks of the PNG at @path, key to value; every chunk's CRC must be right. */
static GHashTable *
png_texts (const char *path)
{
  g_autofree char *contents = NULL;
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const guint8 *p;
  gsize len, pos = 8;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  p = (const guint8 *) contents;
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  while (pos + 12 <= len)
    {
      guint32 n = be32 (p + pos);
      const char *type = (const char *) p + pos + 4;

      g_assert_cmpuint (pos + 12 + n, <=, len);
      g_assert_cmpuint (be32 (p + pos + 8 + n), ==, crc_bitwise (p + pos + 4, n + 4));
      if (memcmp (type, "tEXt", 4) == 0 || memcmp (type, "iTXt", 4) == 0)
        {
          const char *key = (const char *) p + pos + 8;
          gsize key_len = strlen (key);
          const char *value = key + key_len + 1;
          gsize value_len = n - key_len - 1;

          if (memcmp (type, "iTXt", 4) == 0)
            {
              /* compression flag, method, language tag, translated keyword */
              value += 2;
              value += strlen (value) + 1;
              value += strlen (value) + 1;
              value_len = (const char *) p + pos + 8 + n - value;
            }
          g_hash_table_insert (texts, g_strdup (key), g_strndup (value, value_len));
        }
      pos += 12 + n;
    }
  g_assert_cmpuint (pos, ==, len);
  return texts;
}

static void
test_png_metadata (void)
{
  ZbDataset *dataset = load_wuhan ();
  g_autofree char *path = tmp_path ("gdp.png");
  g_autoptr (GHashTable) texts = NULL;
  cairo_surface_t *surface = export_png (GDP_CHART, 640, 360, 1, ZB_THEME_LIGHT, ZB_LANG_ZH, "gdp.png");

  cairo_surface_destroy (surface);
  /* Every chunk's CRC is right, and the text chunks carry the provenance. */
  texts = png_texts (path);
  g_assert_cmpstr (g_hash_table_lookup (texts, "Zhibiao-Chart"), ==, GDP_CHART);
  g_assert_cmpstr (g_hash_table_lookup (texts, "Zhibiao-Dataset-SHA256"), ==, zb_dataset_get_sha256 (dataset));
  g_assert_cmpstr (g_hash_table_lookup (texts, "Source"), ==, zb_text_get (zb_dataset_get_title (dataset), ZB_LANG_ZH));
  g_assert_cmpstr (g_hash_table_lookup (texts, "Title"), ==,
                   zb_text_get (&zb_dataset_lookup_chart (dataset, GDP_CHART)->title, ZB_LANG_ZH));
}

static void
test_pdf (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("gdp.pdf");
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *keywords = NULL;
  const char *info_argv[] = { "pdfinfo", path, NULL };
  const char *text_argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *fonts_argv[] = { "pdffonts", path, NULL };

  init_options (&options, 842, 595, ZB_LANG_ZH, ZB_THEME_LIGHT);
  g_assert_true (zb_export_chart_by_id (dataset, GDP_CHART, ZB_EXPORT_FORMAT_PDF, &options, 1, path, &error));
  g_assert_no_error (error);

  info = run (info_argv, NULL, NULL);
  if (info == NULL)
    {
      g_test_skip ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  g_test_message ("%s", info);
  g_assert_cmpint (pdf_pages (info), ==, 1);
  g_assert_nonnull (strstr (info, "2023年地区生产总值增长"));
  /* written by zb-pdf, not left to cairo */
  g_assert_nonnull (strstr (info, "Producer:        Zhibiao"));
  keywords = g_strdup_printf ("chart=%s; dataset-sha256=%s", GDP_CHART, zb_dataset_get_sha256 (dataset));
  g_assert_nonnull (strstr (info, keywords));

  /* Text, not outlines: the Chinese is searchable. */
  text = run (text_argv, NULL, NULL);
  flat = strip_space (text);
  g_test_message ("%s", flat);
  g_assert_nonnull (strstr (flat, "2023年地区生产总值增长"));
  g_assert_nonnull (strstr (flat, "前三季度"));
  g_assert_nonnull (strstr (flat, "5.7%"));

  fonts = run (fonts_argv, NULL, NULL);
  if (fonts != NULL)
    {
      g_test_message ("%s", fonts);
      /* embedded (a subset) */
      g_assert_nonnull (strstr (fonts, "yes yes"));
    }
}

static void
test_svg (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("sectors.svg");
  g_autofree char *contents = NULL;
  g_autofree char *desc = NULL;
  const char *lint_argv[] = { "xmllint", "--noout", path, NULL };
  int status = -1;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  init_options (&options, 1600, 900, ZB_LANG_EN, ZB_THEME_CONTRAST);
  g_assert_true (zb_export_chart_by_id (dataset, "sector-growth-2023", ZB_EXPORT_FORMAT_SVG, &options, 1, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  desc = g_strdup_printf ("chart=\"sector-growth-2023\" dataset-sha256=\"%s\"", zb_dataset_get_sha256 (dataset));
  g_assert_nonnull (strstr (contents, desc));
  g_assert_nonnull (strstr (contents, "<title>Growth by sector in 2023</title>"));
  g_assert_nonnull (strstr (contents, "<desc>"));

  out = run (lint_argv, &status, &err);
  if (out == NULL)
    {
      g_test_skip ("xmllint is not installed");
      return;
    }
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

static void
test_csv (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("gdp.csv");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  ZbIndicator *gdp = zb_dataset_lookup_indicator (dataset, "gdp-growth");
  ZbObservation *q1 = zb_indicator_find_observation (gdp, "2023Q1", ZB_STATUS_ACTUAL);
  g_autofree char *sentence = zb_chart_observation_dup_source (dataset, q1);

  init_options (&options, 1600, 900, ZB_LANG_ZH, ZB_THEME_LIGHT);
  g_assert_true (zb_export_chart_by_id (dataset, GDP_CHART, ZB_EXPORT_FORMAT_CSV, &options, 1, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf" "chart,indicator,name,period"));
  lines = g_strsplit (contents, "\r\n", -1);
  /* header, four actual values in period order, and the empty string after the last \r\n */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[1], GDP_CHART ",gdp-growth,地区生产总值增长,2023Q1,true,4.5,%,actual,"));
  g_assert_true (g_str_has_prefix (lines[4], GDP_CHART ",gdp-growth,地区生产总值增长,2023,false,5.7,%,actual,"));
  g_assert_nonnull (sentence);
  g_assert_nonnull (strstr (sentence, "4.5"));
  g_strstrip (sentence);
  /* The sentence, quoted only if it holds a comma or quote. */
  g_assert_nonnull (strstr (lines[1], sentence));
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* zhibiao export --briefing writes the slides the presentation shows: one page a slide (title,
 * charts, sources), each chart's title and the sentences of its figures as Chinese text; as PNG,
 * one file a slide; an unknown briefing is refused by name. */
static void
test_briefing (void)
{
  ZbDataset *dataset = load_wuhan ();
  const char *binary = g_getenv ("ZB_BINARY");
  ZbBriefing *briefing;
  g_autoptr (ZbSlideDeck) deck = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("briefing.pdf");
  g_autofree char *folder = tmp_path ("briefing-png");
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *info_argv[] = { "pdfinfo", path, NULL };
  const char *text_argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status = -1;

  g_assert_nonnull (binary);
  g_assert_cmpuint (zb_dataset_get_n_briefings (dataset), >, 0);
  briefing = zb_dataset_get_briefing (dataset, 0);
  deck = zb_slide_deck_new (dataset, briefing, ZB_LANG_ZH, TRUE, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { binary, "export", "--briefing", briefing->id, "-o", path, NULL };
    out = run (argv, &status, &err);
  }
  g_assert_cmpint (status, ==, 0);

  info = run (info_argv, NULL, NULL);
  if (info == NULL)
    {
      g_test_skip ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  /* A title slide, a slide a chart, then the sources. */
  g_assert_cmpint (pdf_pages (info), ==, (int) zb_slide_deck_get_n_slides (deck));
  g_assert_cmpint (pdf_pages (info), >, (int) briefing->slides->len + 1);
  /* Its provenance, as a chart's PDF gives it. */
  {
    g_autofree char *keywords = g_strdup_printf ("briefing=%s; dataset-sha256=%s", briefing->id,
                                                 zb_dataset_get_sha256 (dataset));

    g_assert_nonnull (strstr (info, keywords));
    g_assert_nonnull (strstr (info, zb_text_get (zb_dataset_get_title (dataset), ZB_LANG_ZH)));
    g_assert_nonnull (strstr (info, "Producer:        Zhibiao"));
  }

  text = run (text_argv, NULL, NULL);
  flat = strip_space (text);
  {
    g_autofree char *title = strip_space (zb_text_get (&briefing->title, ZB_LANG_ZH));
    g_assert_nonnull (strstr (flat, title));
  }
  for (guint i = 0; i < briefing->slides->len; i++)
    {
      ZbSlide *slide = g_ptr_array_index (briefing->slides, i);
      ZbChartSpec *spec = zb_dataset_lookup_chart (dataset, slide->chart);
      g_autofree char *title = strip_space (zb_text_get (&spec->title, ZB_LANG_ZH));

      g_test_message ("slide %u: %s", i + 2, title);
      g_assert_nonnull (strstr (flat, title));
    }
  {
    ZbIndicator *gdp = zb_dataset_lookup_indicator (dataset, "gdp-growth");
    ZbObservation *q1 = zb_indicator_find_observation (gdp, "2023Q1", ZB_STATUS_ACTUAL);
    g_autofree char *sentence = zb_chart_observation_dup_source (dataset, q1);
    g_autofree char *flat_sentence = strip_space (sentence);

    g_test_message ("%s", flat_sentence);
    g_assert_nonnull (strstr (flat, flat_sentence));
  }

  /* As PNG: a folder with one 1920×1080 image a slide. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { binary, "export", "--briefing", briefing->id, "--format", "png", "-o", folder, NULL };
    out = run (argv, &status, &err);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_files (folder), ==, zb_slide_deck_get_n_slides (deck));
  {
    g_autofree char *first = g_build_filename (folder, "slide-01.png", NULL);
    cairo_surface_t *surface = cairo_image_surface_create_from_png (first);

    g_autoptr (GHashTable) texts = NULL;

    g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1920);
    g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1080);
    cairo_surface_destroy (surface);
    texts = png_texts (first);
    g_assert_cmpstr (g_hash_table_lookup (texts, "Zhibiao-Chart"), ==, briefing->id);
    g_assert_cmpstr (g_hash_table_lookup (texts, "Zhibiao-Dataset-SHA256"), ==, zb_dataset_get_sha256 (dataset));
  }

  /* An unknown briefing is refused, naming it and the ones there are. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { binary, "export", "--briefing", "no-such-briefing", "-o", path, NULL };
    out = run (argv, &status, &err);
  }
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "no-such-briefing"));
  g_assert_nonnull (strstr (err, briefing->id));
}

static void
assert_intact (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old chart");
}

/* Every failure says what went wrong and leaves the file that was there as it was. */
static void
test_errors (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = tmp_path ("errors");
  g_autofree char *path = NULL;
  g_autofree char *missing = tmp_path ("no-such-folder/chart.png");
  g_autofree char *readonly = tmp_path ("readonly");
  g_autofree char *readonly_file = NULL;
  ZbExportFormat format;
  double w, h;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  path = g_build_filename (folder, "chart.png", NULL);
  g_assert_true (g_file_set_contents (path, "the old chart", -1, NULL));
  init_options (&options, 800, 450, ZB_LANG_ZH, ZB_THEME_LIGHT);

  g_assert_false (zb_export_chart_by_id (dataset, "no-such-chart", ZB_EXPORT_FORMAT_PNG, &options, 1, path, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_UNKNOWN_CHART);
  g_assert_nonnull (strstr (error->message, "no-such-chart"));
  g_assert_nonnull (strstr (error->message, GDP_CHART));  /* it lists the charts there are */
  g_clear_error (&error);
  assert_intact (path);

  g_assert_false (zb_export_format_from_string ("bmp", &format));
  g_assert_false (zb_export_chart_by_id (dataset, GDP_CHART, (ZbExportFormat) 42, &options, 1, path, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_FORMAT);
  g_clear_error (&error);
  assert_intact (path);

  for (guint i = 0; i < 2; i++)
    {
      options.width = i == 0 ? 0 : 100000;
      g_assert_false (zb_export_chart_by_id (dataset, GDP_CHART, ZB_EXPORT_FORMAT_PNG, &options, 1, path, &error));
      g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
      assert_intact (path);
    }
  options.width = 800;
  g_assert_false (zb_export_parse_size ("0x0", &w, &h, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE);
  g_assert_nonnull (strstr (error->message, "too small"));
  g_clear_error (&error);
  g_assert_false (zb_export_parse_size ("100000x900", &w, &h, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);
  g_assert_false (zb_export_parse_size ("huge", &w, &h, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_true (zb_export_parse_size ("a4-landscape", &w, &h, &error));
  g_assert_cmpfloat (w, ==, 842);
  g_assert_cmpfloat (h, ==, 595);
  g_assert_true (zb_export_parse_size ("1600x900", &w, &h, &error));
  g_assert_cmpfloat (w, ==, 1600);

  g_assert_false (zb_export_chart_by_id (dataset, GDP_CHART, ZB_EXPORT_FORMAT_PNG, &options, 1, missing, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  /* A read-only folder with the old file in it: refused, the file untouched, no stray
   * temporary file. */
  g_assert_cmpint (g_mkdir (readonly, 0755), ==, 0);
  readonly_file = g_build_filename (readonly, "chart.pdf", NULL);
  g_assert_true (g_file_set_contents (readonly_file, "the old chart", -1, NULL));
  g_assert_cmpint (g_chmod (readonly, 0555), ==, 0);
  g_assert_false (zb_export_chart_by_id (dataset, GDP_CHART, ZB_EXPORT_FORMAT_PDF, &options, 1, readonly_file, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  assert_intact (readonly_file);
  g_assert_cmpuint (count_files (readonly), ==, 1);
  g_assert_cmpint (g_chmod (readonly, 0755), ==, 0);

  /* And when it works, the old file is replaced whole, with nothing left beside it. */
  g_assert_true (zb_export_chart_by_id (dataset, GDP_CHART, ZB_EXPORT_FORMAT_PNG, &options, 1, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (folder), ==, 1);
}

static void
test_all (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbRenderOptions options;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = tmp_path ("all");
  g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  init_options (&options, 640, 360, ZB_LANG_EN, ZB_THEME_DARK);
  g_assert_true (zb_export_all (dataset, ZB_EXPORT_FORMAT_SVG, &options, 1, folder, written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, zb_dataset_get_n_charts (dataset));
  g_assert_cmpuint (count_files (folder), ==, zb_dataset_get_n_charts (dataset));
  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    {
      g_autofree char *name = g_strconcat (zb_dataset_get_chart (dataset, i)->id, ".svg", NULL);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

/* The command line draws the same charts, and its errors are one line on stderr. */
static void
test_cli (void)
{
  const char *binary = g_getenv ("ZB_BINARY");
  g_autofree char *png = tmp_path ("cli.png");
  g_autofree char *csv = tmp_path ("cli-table.png");
  g_autofree char *table = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "tests", "data", "tables",
                                             "gdp-quarterly.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  if (binary == NULL)
    {
      g_test_skip ("ZB_BINARY is not set");
      return;
    }
  {
    const char *argv[] = { binary, "export", "--chart", GDP_CHART, "--size", "800x450", "--lang", "en", "-o", png, NULL };
    out = run (argv, &status, &err);
  }
  if (err != NULL && strstr (err, "not available in this build") != NULL)
    {
      g_test_skip ("this build's zhibiao has no export command linked in");
      return;
    }
  g_assert_cmpint (status, ==, 0);
  {
    cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
    cairo_surface_destroy (surface);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *argv[] = { binary, "export", "--chart", GDP_CHART, "--format", "bmp", "-o", png, NULL };
    out = run (argv, &status, &err);
  }
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Unknown format “bmp”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *argv[] = { binary, "export", "--chart", "nope", "-o", png, NULL };
    out = run (argv, &status, &err);
  }
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "No chart “nope”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *argv[] = { binary, "export", "--table", table, "--type", "column", "-o", csv, NULL };
    out = run (argv, &status, &err);
  }
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
}

/* The pages of the PDF at @path rasterised by pdftoppm, one string of bytes a page; NULL when
 * pdftoppm is missing. */
static GPtrArray *
rasterise_pdf (const char *path)
{
  g_autofree char *prefix = g_strconcat (path, "-page", NULL);
  const char *argv[] = { "pdftoppm", "-r", "60", path, prefix, NULL };
  g_autofree char *out = NULL;
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int status = -1;

  out = run (argv, &status, NULL);
  if (out == NULL)
    return NULL;
  g_assert_cmpint (status, ==, 0);
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *page = NULL;
      char *contents;
      gsize length;

      /* pdftoppm pads the page number to the width of the last one. */
      for (int digits = 1; digits <= 3 && page == NULL; digits++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%0*u.ppm", prefix, digits, i);

          if (g_file_test (name, G_FILE_TEST_EXISTS))
            page = g_steal_pointer (&name);
        }
      if (page == NULL)
        break;
      g_assert_true (g_file_get_contents (page, &contents, &length, NULL));
      g_ptr_array_add (pages, g_bytes_new_take (contents, length));
      g_unlink (page);
    }
  return g_steal_pointer (&pages);
}

/* The pixels of a binary PPM page, after its header ("P6 width height 255"). */
static const guint8 *
ppm_pixels (GBytes *page,
            gsize  *length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (page, &size);
  gsize i = 0;

  /* Four tokens, each ended by one white space character. */
  for (int tokens = 0; tokens < 4; tokens++)
    {
      while (i < size && g_ascii_isspace (data[i]))
        i++;
      while (i < size && !g_ascii_isspace (data[i]))
        i++;
      i++;
    }
  g_assert_cmpuint (i, <=, size);
  *length = size - i;
  return data + i;
}

/* Two pages alike to the eye: the same size, and where a pixel differs by more than a quarter of
 * the range it is an edge shifted by rounding, a pixel in a thousand at most; on average the
 * pixels differ by under one level in 255. */
static void
assert_pages_close (GBytes *a,
                    GBytes *b)
{
  gsize length_a, length_b, far = 0;
  const guint8 *pa = ppm_pixels (a, &length_a), *pb = ppm_pixels (b, &length_b);
  guint64 total = 0;

  g_assert_cmpuint (length_a, ==, length_b);
  g_assert_cmpuint (length_a, >, 0);
  for (gsize i = 0; i < length_a; i++)
    {
      int d = ABS ((int) pa[i] - (int) pb[i]);

      total += d;
      if (d > 64)
        far++;
    }
  g_test_message ("mean difference %.3f, %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " values far apart",
                  (double) total / length_a, far, length_a);
  g_assert_cmpfloat ((double) total / length_a, <, 1.0);
  g_assert_cmpuint (far * 1000, <=, length_a);
}

/* Two PDFs look the same: every page of one rasterises to exactly the pixels of the other, or,
 * when @close, to pixels as close as assert_pages_close () asks. FALSE when pdftoppm is missing
 * (the test is skipped). */
static gboolean
assert_pdfs_look_alike_full (const char *a,
                             const char *b,
                             gboolean    close)
{
  g_autoptr (GPtrArray) pages_a = rasterise_pdf (a);
  g_autoptr (GPtrArray) pages_b = rasterise_pdf (b);

  if (pages_a == NULL)
    {
      g_test_skip ("pdftoppm (poppler-utils) is not installed");
      return FALSE;
    }
  g_assert_nonnull (pages_b);
  g_assert_cmpuint (pages_a->len, >, 0);
  g_assert_cmpuint (pages_a->len, ==, pages_b->len);
  for (guint i = 0; i < pages_a->len; i++)
    {
      g_test_message ("%s: page %u", a, i + 1);
      if (close)
        assert_pages_close (g_ptr_array_index (pages_a, i), g_ptr_array_index (pages_b, i));
      else
        g_assert_true (g_bytes_equal (g_ptr_array_index (pages_a, i), g_ptr_array_index (pages_b, i)));
    }
  return TRUE;
}

static gboolean
assert_pdfs_look_alike (const char *a,
                        const char *b)
{
  return assert_pdfs_look_alike_full (a, b, FALSE);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* PDFs embed fonts subset by HarfBuzz (zb-text-render) and are written by zb-pdf. Drawn by cairo
 * with the subsets, the pages must look exactly as when cairo embeds the whole faces itself;
 * written by zb-pdf, alike to the eye (coordinates are rounded to a thousandth of a point), with
 * the same text for search and copy, and the fonts keep their names. */
static void
test_pdf_subset_fonts (void)
{
  ZbDataset *dataset = load_wuhan ();
  ZbRenderOptions options;
  g_autoptr (ZbSlideDeck) deck = NULL;
  g_autoptr (GError) error = NULL;
  const struct { ZbLang lang; ZbTheme theme; const char *chart; } charts[] = {
    { ZB_LANG_ZH, ZB_THEME_LIGHT, GDP_CHART },
    { ZB_LANG_EN, ZB_THEME_DARK, GDP_CHART },
    { ZB_LANG_ZH, ZB_THEME_CONTRAST, NULL },   /* the first chart of the dataset */
  };

  for (guint i = 0; i <= G_N_ELEMENTS (charts); i++)
    {
      g_autofree char *written = g_strdup_printf ("%s/written-%u.pdf", tmp_dir, i);
      g_autofree char *subset = g_strdup_printf ("%s/subset-%u.pdf", tmp_dir, i);
      g_autofree char *whole = g_strdup_printf ("%s/whole-%u.pdf", tmp_dir, i);
      const char *fonts_argv[] = { "pdffonts", written, NULL };
      const char *written_text_argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", written, "-", NULL };
      const char *whole_text_argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", whole, "-", NULL };
      g_autofree char *fonts = NULL;
      g_autofree char *written_text = NULL;
      g_autofree char *whole_text = NULL;

      for (int pass = 0; pass < 3; pass++)
        {
          const char *path = pass == 0 ? written : pass == 1 ? subset : whole;

          zb_text_render_set_writer (pass == 0);
          zb_text_render_set_subsetting (pass < 2);
          if (i < G_N_ELEMENTS (charts))
            {
              const char *id = charts[i].chart != NULL ? charts[i].chart : zb_dataset_get_chart (dataset, 0)->id;

              init_options (&options, 842, 595, charts[i].lang, charts[i].theme);
              g_assert_true (zb_export_chart_by_id (dataset, id, ZB_EXPORT_FORMAT_PDF, &options, 1, path, &error));
            }
          else
            {
              /* The briefing with its notes: highlighted spans, wrapped paragraphs, many pages. */
              if (deck == NULL)
                deck = zb_slide_deck_new (dataset, zb_dataset_get_briefing (dataset, 0), ZB_LANG_ZH, TRUE, &error);
              g_assert_no_error (error);
              g_assert_true (zb_slide_deck_export_pdf (deck, path, ZB_THEME_LIGHT, TRUE, &error));
            }
          g_assert_no_error (error);
        }
      zb_text_render_set_subsetting (TRUE);
      zb_text_render_set_writer (TRUE);

      if (!assert_pdfs_look_alike (subset, whole))
        return;
      assert_pdfs_look_alike_full (written, whole, TRUE);
      /* The subsets are small: the whole document is smaller than cairo's own subsetting makes it. */
      g_test_message ("%s: %" G_GSIZE_FORMAT " bytes, cairo with these subsets %" G_GSIZE_FORMAT
                      ", with its own %" G_GSIZE_FORMAT, written, file_size (written), file_size (subset),
                      file_size (whole));
      g_assert_cmpuint (file_size (subset), <=, file_size (whole));
      g_assert_cmpuint (file_size (written), <=, file_size (whole));
      /* (in the order the page draws it: pdftotext's own reading order guesses at lines) */
      written_text = run (written_text_argv, NULL, NULL);
      whole_text = run (whole_text_argv, NULL, NULL);
      if (written_text != NULL)
        {
          g_autofree char *a = strip_space (written_text);
          g_autofree char *b = strip_space (whole_text);

          g_assert_cmpstr (a, ==, b);
        }
      fonts = run (fonts_argv, NULL, NULL);
      if (fonts != NULL)
        {
          g_test_message ("%s", fonts);
          g_assert_nonnull (strstr (fonts, "NotoSansCJKsc-Regular"));
          g_assert_nonnull (strstr (fonts, "CID Type 0C"));
          g_assert_null (strstr (fonts, "Type 3"));
        }
    }
}

static void
draw_mixed_text (cairo_t  *cr,
                 guint     page,
                 gpointer  user_data)
{
  /* Plain runs in two weights and a colour span (drawn from subsets), next to what is left to
   * Pango: an underline, a glyph no font has (a hex box), right-to-left Arabic and Latin in a
   * TrueType face, with line spacing that moves runs off the line's baseline. */
  static const char *const markup[] = {
    "国内生产总值 <b>增长5.7%</b> <span foreground='#c01c28'>突破2万亿元</span>",
    "<u>下划线 underline</u> 与普通文字",
    "\xee\x80\x80 私用区字符 and العربية right to left",
    "<span font_family='DejaVu Sans'>DejaVu Latin</span> 与中文混排，一段很长很长的文字要折成好几行才能放得下，看行距是否一致",
  };
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (ZB_CHART_FONT_FAMILY " 18");
  PangoFontDescription *synthetic = pango_font_description_from_string ("Z003 18");

  /* Z003 (fonts-urw-base35) is a CFF face with no bold: fontconfig answers bold with the same
   * face emboldened by cairo, which must stay bold in the PDF (a review found it drawn plain). */
  pango_layout_set_font_description (layout, synthetic);
  pango_layout_set_text (layout, "Z003 regular", -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 20, 450);
  zb_text_render_layout (cr, layout);
  pango_font_description_set_weight (synthetic, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, synthetic);
  pango_layout_set_text (layout, "Z003 bold", -1);
  cairo_move_to (cr, 220, 450);
  zb_text_render_layout (cr, layout);
  pango_font_description_free (synthetic);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, 300 * PANGO_SCALE);
  pango_layout_set_line_spacing (layout, 1.6);
  pango_layout_set_alignment (layout, page == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (markup); i++)
    {
      pango_layout_set_markup (layout, markup[i], -1);
      cairo_set_source_rgb (cr, 0.1, 0.2, 0.3);
      cairo_move_to (cr, 20, 20 + 110 * i);
      zb_text_render_layout (cr, layout);
    }
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
test_pdf_subset_mixed_text (void)
{
  g_autofree char *subset = tmp_path ("mixed-subset.pdf");
  g_autofree char *whole = tmp_path ("mixed-whole.pdf");
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  const char *text_argv[] = { "pdftotext", "-enc", "UTF-8", subset, "-", NULL };

  for (int pass = 0; pass < 2; pass++)
    {
      cairo_surface_t *surface = cairo_pdf_surface_create (pass == 0 ? subset : whole, 400, 500);

      zb_text_render_set_subsetting (pass == 0);
      g_assert_cmpint (zb_text_render_pdf (surface, 2, draw_mixed_text, NULL), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
    }
  zb_text_render_set_subsetting (TRUE);
  if (!assert_pdfs_look_alike (subset, whole))
    return;

  text = run (text_argv, NULL, NULL);
  if (text == NULL)
    return;
  flat = strip_space (text);
  g_test_message ("%s", flat);
  g_assert_nonnull (strstr (flat, "国内生产总值增长5.7%突破2万亿元"));
  g_assert_nonnull (strstr (flat, "下划线underline与普通文字"));
}

/* @text in the chart font at 18 px, in black, at (20, 20). */
static void
draw_text_line (cairo_t    *cr,
                const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (ZB_CHART_FONT_FAMILY " 18");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 20, 20);
  zb_text_render_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

/* How draw_text_and_square () fills its square: through zb-pdf, or in ways zb-pdf must leave
 * to cairo. */
enum { SQUARE_WRAPPED, SQUARE_CAIRO_FILL, SQUARE_CAIRO_CLIP, SQUARE_OPERATOR, SQUARE_UNSAVED_CLIP };

/* A page of plain text and a red square, filled as @user_data says. */
static void
draw_text_and_square (cairo_t  *cr,
                      guint     page,
                      gpointer  user_data)
{
  draw_text_line (cr, "国内生产总值 GDP");
  cairo_set_source_rgb (cr, 1, 0, 0);
  switch (GPOINTER_TO_INT (user_data))
    {
    case SQUARE_CAIRO_FILL:
      cairo_rectangle (cr, 20, 100, 60, 60);
      cairo_fill (cr);
      break;
    case SQUARE_CAIRO_CLIP:
      /* A clip zb-pdf never sees: the square must not spill past it. */
      cairo_rectangle (cr, 20, 100, 30, 60);
      cairo_clip (cr);
      cairo_rectangle (cr, 20, 100, 60, 60);
      zb_draw_fill (cr);
      break;
    case SQUARE_OPERATOR:
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_rectangle (cr, 20, 100, 60, 60);
      zb_draw_fill (cr);
      break;
    case SQUARE_UNSAVED_CLIP:
      cairo_rectangle (cr, 0, 0, 400, 500);
      zb_draw_clip (cr);
      cairo_rectangle (cr, 20, 100, 60, 60);
      zb_draw_fill (cr);
      break;
    default:
      cairo_rectangle (cr, 20, 100, 60, 60);
      zb_draw_fill (cr);
    }
}

/* The PDF of @n_pages of @draw_page through zb_text_render_pdf_bytes (), in @path; returns
 * pdfinfo's Producer line (NULL without poppler-utils). */
static char *
write_pdf_bytes (const char           *path,
                 guint                 n_pages,
                 ZbTextRenderPageFunc  draw_page,
                 gpointer              user_data)
{
  ZbPdfInfo info = { "标题 title", NULL, NULL, NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *out = NULL;
  cairo_status_t status;
  char *producer;

  bytes = zb_text_render_pdf_bytes (400, 500, &info, n_pages, draw_page, user_data, &status);
  g_assert_cmpint (status, ==, CAIRO_STATUS_SUCCESS);
  g_assert_nonnull (bytes);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  out = run (info_argv, NULL, NULL);
  if (out == NULL)
    return NULL;
  g_assert_nonnull (strstr (out, "标题 title"));
  producer = strstr (out, "Producer:");
  g_assert_nonnull (producer);
  return g_strndup (producer, strcspn (producer, "\n"));
}

/* zb-pdf writes a page it can write, and leaves to cairo one it cannot: text it does not write
 * (an underline, right-to-left text, a TrueType face, a synthetic bold) or anything drawn with
 * cairo directly, which must not be lost. */
static void
test_pdf_writer_falls_back (void)
{
  g_autofree char *written = tmp_path ("writer-plain.pdf");
  g_autofree char *around = tmp_path ("writer-around.pdf");
  g_autofree char *mixed = tmp_path ("writer-mixed.pdf");
  g_autofree char *mixed_cairo = tmp_path ("writer-mixed-cairo.pdf");
  g_autofree char *producer = NULL;
  g_autoptr (GPtrArray) pages = NULL;
  cairo_surface_t *surface;

  producer = write_pdf_bytes (written, 1, draw_text_and_square, NULL);
  if (producer == NULL)
    {
      g_test_skip ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  g_assert_nonnull (strstr (producer, "Zhibiao"));
  g_clear_pointer (&producer, g_free);

  producer = write_pdf_bytes (around, 1, draw_text_and_square, GINT_TO_POINTER (SQUARE_CAIRO_FILL));
  g_assert_nonnull (strstr (producer, "cairo"));
  g_clear_pointer (&producer, g_free);
  /* A clip made with cairo, another operator, a clip with no save to end it: cairo's too. */
  for (int mode = SQUARE_CAIRO_CLIP; mode <= SQUARE_UNSAVED_CLIP; mode++)
    {
      g_autofree char *other = tmp_path ("writer-other.pdf");

      producer = write_pdf_bytes (other, 1, draw_text_and_square, GINT_TO_POINTER (mode));
      g_test_message ("square %d: %s", mode, producer);
      g_assert_nonnull (strstr (producer, "cairo"));
      g_clear_pointer (&producer, g_free);
    }
  /* Both have the square, at 60 dpi around (41, 108). */
  for (int i = 0; i < 2; i++)
    {
      gsize length;
      const guint8 *pixels;
      g_autoptr (GPtrArray) raster = rasterise_pdf (i == 0 ? written : around);

      g_assert_nonnull (raster);
      pixels = ppm_pixels (g_ptr_array_index (raster, 0), &length);
      g_assert_cmpuint (length, ==, 334 * 417 * 3);
      pixels += (108 * 334 + 41) * 3;
      g_assert_cmpuint (pixels[0], >, 200);
      g_assert_cmpuint (pixels[1], <, 50);
      g_assert_cmpuint (pixels[2], <, 50);
    }

  producer = write_pdf_bytes (mixed, 2, draw_mixed_text, NULL);
  g_assert_nonnull (strstr (producer, "cairo"));
  surface = cairo_pdf_surface_create (mixed_cairo, 400, 500);
  g_assert_cmpint (zb_text_render_pdf (surface, 2, draw_mixed_text, NULL), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  assert_pdfs_look_alike (mixed, mixed_cairo);
}

/* Characters that share one glyph in Noto Sans CJK (a figure dash and an en dash, a middle dot,
 * a bullet and a katakana middle dot) */
static void
draw_shared_glyphs (cairo_t  *cr,
                    guint     page,
                    gpointer  user_data)
{
  draw_text_line (cr, "1‒2 3–4 a·b c•d・e");
}

/* ... are each found as what they are in zb-pdf's PDF, not as the first of them the glyph drew. */
static void
test_pdf_shared_glyphs (void)
{
  g_autofree char *path = tmp_path ("shared-glyphs.pdf");
  const char *text_argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *producer = write_pdf_bytes (path, 1, draw_shared_glyphs, NULL);
  g_autofree char *text = NULL;

  if (producer == NULL)
    {
      g_test_skip ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  g_assert_nonnull (strstr (producer, "Zhibiao"));
  text = run (text_argv, NULL, NULL);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "1‒2 3–4 a·b c•d・e"));
}

/* Drawing text leaves the caller's path alone, as pango_cairo_show_layout does: a rectangle
 * built before the text (with no current point after it) is still there to be filled. */
static void
test_text_keeps_path (void)
{
  for (int scaled = 0; scaled < 2; scaled++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 100);
      cairo_t *cr = cairo_create (surface);
      PangoLayout *layout = pango_cairo_create_layout (cr);
      guint32 pixel;

      pango_layout_set_text (layout, "文字 text", -1);
      if (scaled)
        zb_text_layout_set_scale (layout, 1.5);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_rectangle (cr, 60, 60, 30, 30);
      cairo_new_sub_path (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      zb_text_render_layout (cr, layout);
      cairo_set_source_rgb (cr, 1, 0, 0);
      cairo_fill (cr);
      cairo_surface_flush (surface);
      pixel = *(guint32 *) (cairo_image_surface_get_data (surface) + 70 * cairo_image_surface_get_stride (surface) + 70 * 4);
      g_assert_cmphex (pixel & 0xffffff, ==, 0xff0000);
      g_object_unref (layout);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("zb-test-export-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/export/png-gdp", test_png_gdp);
  g_test_add_func ("/export/png-dark", test_png_dark);
  g_test_add_func ("/export/png-metadata", test_png_metadata);
  g_test_add_func ("/export/png-lossless", test_png_lossless);
  g_test_add_func ("/export/pdf", test_pdf);
  g_test_add_func ("/export/pdf-subset-fonts", test_pdf_subset_fonts);
  g_test_add_func ("/export/pdf-subset-mixed-text", test_pdf_subset_mixed_text);
  g_test_add_func ("/export/pdf-writer-falls-back", test_pdf_writer_falls_back);
  g_test_add_func ("/export/pdf-shared-glyphs", test_pdf_shared_glyphs);
  g_test_add_func ("/export/text-keeps-path", test_text_keeps_path);
  g_test_add_func ("/export/svg", test_svg);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/briefing", test_briefing);
  g_test_add_func ("/export/errors", test_errors);
  g_test_add_func ("/export/all", test_all);
  g_test_add_func ("/export/cli", test_cli);

  status = g_test_run ();
  g_clear_object (&wuhan);
  zb_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
