#define G_LOG_DOMAIN "test-report-view"

#include "zb-gtk-test.h"

static gboolean
iter_has_figure_tag (ZbWindow *window,
                     gsize     offset)
{
  ZbReportView *view = zb_window_get_report_view (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (zb_report_view_get_text_view (view));
  GtkTextTag *figure = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "figure");
  GtkTextIter iter;

  /* Walk to the character at the byte offset through the view's own mapping. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (zb_report_view_offset_at_iter (view, &iter) < offset && gtk_text_iter_forward_char (&iter))
    ;
  g_assert_cmpuint (zb_report_view_offset_at_iter (view, &iter), ==, offset);
  return gtk_text_iter_has_tag (&iter, figure);
}

/* Sentence to chart: a figure of another chart switches the chart and selects its mark. */
static void
test_click_figure (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbReportView *view = zb_window_get_report_view (window);
  ZbObservation *clicked;
  ZbObservation *selected;
  gsize offset;

  g_assert_cmpuint (zb_report_view_get_n_figures (view), >, 200);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  offset = zb_test_report_offset (window, "206万户");
  g_assert_true (iter_has_figure_tag (window, offset));
  /* Text that is no figure is not underlined and selects nothing. */
  g_assert_false (iter_has_figure_tag (window, zb_test_report_offset (window, "经营主体超过")));
  g_assert_null (zb_report_view_activate_offset (view, zb_test_report_offset (window, "经营主体超过")));
  g_assert_null (zb_window_get_selected_observation (window));

  clicked = zb_report_view_activate_offset (view, offset + 1);
  g_assert_nonnull (clicked);
  selected = zb_window_get_selected_observation (window);
  g_assert_true (selected == clicked);
  g_assert_cmpstr (selected->indicator->id, ==, "market-entities");
  g_assert_cmpstr (selected->period, ==, "2023");
  g_assert_cmpstr (zb_window_get_chart (window)->id, !=, "gdp-growth-quarterly");
  g_assert_cmpint (zb_chart_layout_find_mark (zb_chart_view_get_layout (zb_window_get_chart_view (window)),
                                              selected), >=, 0);
  g_assert_cmpstr (zb_detail_pane_get_highlight (zb_window_get_detail_pane (window)), ==, "206万户");

  /* A figure of the chart on screen keeps the chart and moves the selection. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  clicked = zb_report_view_activate_offset (view, zb_test_report_offset (window, "5.7%"));
  g_assert_nonnull (clicked);
  g_assert_cmpstr (zb_window_get_chart (window)->id, ==, "gdp-growth-quarterly");
  g_assert_cmpstr (zb_window_get_selected_observation (window)->indicator->id, ==, "gdp-growth");
  g_assert_cmpstr (zb_window_get_selected_observation (window)->period, ==, "2023");

  zb_test_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add_func ("/report-view/click-figure", test_click_figure);

  return g_test_run ();
}
