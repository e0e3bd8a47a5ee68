#define G_LOG_DOMAIN "test-chart-view"

#include "zb-gtk-test.h"

typedef struct
{
  GtkWindow   *window;
  ZbChartView *view;
  ZbDataset   *dataset;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GError) error = NULL;

  fixture->dataset = zb_dataset_load (path, &error);
  g_assert_no_error (error);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 500);
  fixture->view = ZB_CHART_VIEW (zb_chart_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  zb_chart_view_set_lang (fixture->view, ZB_LANG_ZH);
  zb_chart_view_set_chart (fixture->view, fixture->dataset,
                           zb_dataset_lookup_chart (fixture->dataset, "gdp-growth-quarterly"));
  gtk_window_present (fixture->window);
  zb_test_wait (300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (fixture->window);
  zb_test_wait (50);
  g_assert_finalize_object (fixture->dataset);
}

/* What is on screen, through the widget's own snapshot. */
static GdkTexture *
render_view (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static double
luma_at (GdkTexture *texture,
         int         x,
         int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc (width * height * 4);
  const guchar *p;

  gdk_texture_download (texture, pixels, width * 4);
  p = pixels + (gsize) y * width * 4 + (gsize) x * 4;  /* B G R A, premultiplied */
  return (0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2]) / 255.0;
}

static void
test_draws_marks (Fixture       *fixture,
                  gconstpointer  data)
{
  ZbChartLayout *layout = zb_chart_view_get_layout (fixture->view);
  g_autoptr (GdkTexture) texture = NULL;
  const ZbMark *q1, *year;
  double bar, background;

  g_assert_nonnull (layout);
  g_assert_cmpuint (zb_chart_layout_get_n_marks (layout), ==, 4);
  q1 = zb_chart_layout_get_mark (layout, 0);
  year = zb_chart_layout_get_mark (layout, 3);
  g_assert_cmpstr (q1->observation->period, ==, "2023Q1");
  /* Bars grow with the value: 5.7% is taller than 4.5%. */
  g_assert_cmpfloat (year->height, >, q1->height);
  g_assert_cmpint (zb_chart_layout_hit_test (layout, q1->x + q1->width / 2, q1->y + q1->height / 2), ==, 0);

  texture = render_view (fixture);
  bar = luma_at (texture, q1->x + q1->width / 2, q1->y + q1->height / 2);
  background = luma_at (texture, 4, gtk_widget_get_height (GTK_WIDGET (fixture->view)) / 2);
  g_assert_cmpfloat (fabs (bar - background), >, 0.2);
}

static void
mark_activated_cb (ZbChartView    *view,
                   ZbObservation  *observation,
                   ZbObservation **out)
{
  *out = observation;
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  ZbObservation *activated = NULL;
  g_autofree char *description = NULL;

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->view)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->view)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  g_signal_connect (fixture->view, "mark-activated", G_CALLBACK (mark_activated_cb), &activated);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chart.select-last", NULL);
  g_assert_cmpstr (zb_chart_view_get_selected_observation (fixture->view)->period, ==, "2023");
  /* At the end, the next mark is still the last. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chart.select-next", NULL);
  g_assert_cmpstr (zb_chart_view_get_selected_observation (fixture->view)->period, ==, "2023");
  g_assert_cmpint (zb_chart_layout_get_selected (zb_chart_view_get_layout (fixture->view)), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chart.select-previous", NULL);
  g_assert_cmpstr (zb_chart_view_get_selected_observation (fixture->view)->period, ==, "2023Q1-Q3");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chart.activate", NULL);
  g_assert_true (activated == zb_chart_view_get_selected_observation (fixture->view));

  description = zb_chart_view_dup_description (fixture->view);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "5.5"));

  /* Another chart drops the selection: its marks are other figures. */
  zb_chart_view_set_chart (fixture->view, fixture->dataset,
                           zb_dataset_lookup_chart (fixture->dataset, "sector-growth-2023"));
  g_assert_null (zb_chart_view_get_selected_observation (fixture->view));
}

static void
test_dark_theme (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GdkTexture) light = NULL;
  g_autoptr (GdkTexture) dark = NULL;
  int y = gtk_widget_get_height (GTK_WIDGET (fixture->view)) / 2;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  zb_test_wait (100);
  g_assert_cmpint (zb_chart_view_get_theme (fixture->view), ==, ZB_THEME_LIGHT);
  light = render_view (fixture);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  zb_test_wait (100);
  g_assert_cmpint (zb_chart_view_get_theme (fixture->view), ==, ZB_THEME_DARK);
  dark = render_view (fixture);

  g_assert_cmpfloat (luma_at (light, 4, y), >, 0.7);
  g_assert_cmpfloat (luma_at (dark, 4, y), <, 0.3);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add ("/chart-view/draws-marks", Fixture, NULL, fixture_set_up, test_draws_marks, fixture_tear_down);
  g_test_add ("/chart-view/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/chart-view/dark-theme", Fixture, NULL, fixture_set_up, test_dark_theme, fixture_tear_down);

  return g_test_run ();
}
