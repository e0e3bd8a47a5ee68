/* test-pdf.c: what zb-pdf writes for fills, strokes, clips and colours, read back from the file. */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "zb-pdf.h"

/* The streams of a PDF inflated, one after the other (zb-pdf deflates every stream). */
static char *
inflated_streams (GBytes *pdf)
{
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  const char *end = data + length;
  GString *out = g_string_new (NULL);

  /* (memmem: the streams hold NUL bytes) */
  for (const char *p = data; (p = memmem (p, end - p, ">>\nstream\n", 10)) != NULL;)
    {
      const char *start = p + strlen (">>\nstream\n");
      const char *stop = memmem (start, end - start, "\nendstream", 10);
      guint8 buffer[65536];
      uLongf inflated = sizeof buffer;

      g_assert_nonnull (stop);
      g_assert_cmpint (uncompress (buffer, &inflated, (const Bytef *) start, stop - start), ==, Z_OK);
      g_string_append_len (out, (const char *) buffer, inflated);
      g_string_append_c (out, '\n');
      p = stop + strlen ("\nendstream");
    }
  return g_string_free (out, FALSE);
}

/* (memmem: a PDF holds NUL bytes in its streams) */
static void
assert_in (GBytes     *bytes,
           const char *part)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (memmem (data, length, part, strlen (part)) == NULL)
    g_error ("“%s” is not in the file", part);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

/* One page of shapes as a chart draws them, scaled by 2 as a PNG at scale 2 would be. */
static void
test_shapes (void)
{
  g_autoptr (ZbPdf) pdf = zb_pdf_new (200, 100);
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  static const double dash[] = { 3, 1.5 };
  ZbPdfInfo info = { "图表 chart", "Report (2024)", "chart=x", NULL };
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *content = NULL;

  zb_pdf_begin_page (pdf);
  cairo_scale (cr, 2, 2);

  /* A bar: a rectangle, half transparent. */
  cairo_set_source_rgba (cr, 1, 0, 0, 0.5);
  cairo_rectangle (cr, 10, 20, 30, 5.25);
  g_assert_true (zb_pdf_fill (pdf, cr));
  cairo_new_path (cr);

  /* A dashed line at a third of a unit: widths and dashes scale with the transformation. */
  cairo_set_source_rgb (cr, 0, 0, 1);
  cairo_set_line_width (cr, 1.0 / 3);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, 0, 40);
  cairo_line_to (cr, -12.5, 45);
  g_assert_true (zb_pdf_stroke (pdf, cr));
  cairo_new_path (cr);

  /* A clip with a hole, between q and Q. */
  zb_pdf_save (pdf);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, 0, 0, 100, 50);
  cairo_rectangle (cr, 10, 10, 5, 5);
  g_assert_true (zb_pdf_clip (pdf, cr));
  cairo_new_path (cr);
  g_assert_true (zb_pdf_paint (pdf, cr, 0.5));
  zb_pdf_restore (pdf);

  /* What it cannot write it says so, and writes nothing. */
  {
    cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, 10, 0);

    cairo_pattern_add_color_stop_rgb (gradient, 0, 0, 0, 0);
    cairo_pattern_add_color_stop_rgb (gradient, 1, 1, 1, 1);
    cairo_set_source (cr, gradient);
    cairo_rectangle (cr, 0, 0, 5, 5);
    g_assert_false (zb_pdf_fill (pdf, cr));
    cairo_new_path (cr);
    cairo_pattern_destroy (gradient);
  }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_scale (cr, 1, 2);
  cairo_move_to (cr, 0, 0);
  cairo_line_to (cr, 1, 1);
  g_assert_false (zb_pdf_stroke (pdf, cr));
  cairo_new_path (cr);

  zb_pdf_end_page (pdf);
  bytes = zb_pdf_finish (pdf, &info);
  g_assert_nonnull (bytes);
  content = inflated_streams (bytes);
  g_test_message ("%s", content);

  g_assert_true (g_str_has_prefix (g_bytes_get_data (bytes, NULL), "%PDF-1.5\n"));
  assert_in (bytes, "/MediaBox [ 0 0 200 100 ]");
  assert_in (bytes, "/Count 1");
  assert_in (bytes, "/Subject (Report \\(2024\\))");
  assert_in (bytes, "/Keywords (chart=x)");
  /* 图表 chart in UTF-16BE after a byte order mark */
  assert_in (bytes, "/Title <feff56fe8868002000630068006100720074>");
  assert_in (bytes, "/ExtGState << /a0 << /CA 0.5 /ca 0.5 >> /a1 << /CA 1 /ca 1 >> >>");
  assert_in (bytes, "startxref");

  /* y down from the top, as cairo's device space */
  assert_contains (content, "1 0 0 -1 0 100 cm\n");
  assert_contains (content, "/a0 gs\n1 0 0 rg\n20 40 60 10.5 re\nf\n");
  /* alpha back to 1 for the opaque stroke: a second state */
  assert_contains (content, "/a1 gs\n0 0 1 RG\n0.667 w\n1 J\n[ 6 3 ] 0 d\n0 80 m\n-25 90 l\nS\n");
  assert_contains (content, "q\n0 0 200 100 re\n20 20 10 10 re\nW* n\n");
  assert_contains (content, "0 0 200 100 re f\nQ\n");
  g_assert_null (strstr (content, "NaN"));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pdf/shapes", test_shapes);
  return g_test_run ();
}
