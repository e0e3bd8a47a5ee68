#define G_LOG_DOMAIN "test-window"

#include "zb-briefing-editor.h"
#include "zb-gtk-test.h"
#include "zb-indicator-item.h"
#include "zb-report.h"

/* The must-show path: the Wuhan dataset, the GDP chart, the 2023Q1 mark chosen with the keyboard's
 * action, and its sentence in the detail pane with the figure highlighted. */
static void
test_gdp_chart_selection (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbChartView *chart_view = zb_window_get_chart_view (window);
  ZbDetailPane *detail = zb_window_get_detail_pane (window);
  ZbObservation *selected;
  const char *markup;
  const char *span;
  g_autofree char *description = NULL;

  g_assert_nonnull (zb_window_get_dataset (window));
  g_assert_nonnull (strstr (zb_window_get_title_text (window),
                            zb_text_get (zb_dataset_get_title (zb_window_get_dataset (window)),
                                         zb_window_get_lang (window))));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  g_assert_cmpstr (zb_window_get_chart (window)->id, ==, "gdp-growth-quarterly");
  g_assert_null (zb_detail_pane_get_sentence_markup (detail));

  /* Right arrow is bound to this action: from no selection it goes to the first mark. */
  gtk_widget_grab_focus (GTK_WIDGET (chart_view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart_view), "chart.select-next", NULL));
  selected = zb_window_get_selected_observation (window);
  g_assert_nonnull (selected);
  g_assert_cmpstr (selected->indicator->id, ==, "gdp-growth");
  g_assert_cmpstr (selected->period, ==, "2023Q1");
  g_assert_true (zb_detail_pane_get_observation (detail) == selected);

  markup = zb_detail_pane_get_sentence_markup (detail);
  g_assert_nonnull (markup);
  g_assert_true (g_str_has_prefix (markup, "经济增速逐季回升，一季度增长<span "));
  span = strstr (markup, "<span ");
  g_assert_nonnull (strstr (span, ">4.5%</span>，上半年增长5%"));
  g_assert_cmpstr (zb_detail_pane_get_highlight (detail), ==, "4.5%");
  g_assert_nonnull (strstr (zb_detail_pane_get_breadcrumb (detail), "2023年工作回顾"));

  /* The next mark is the half year, and the description names the selection. */
  gtk_widget_activate_action (GTK_WIDGET (chart_view), "chart.select-next", NULL);
  g_assert_cmpstr (zb_window_get_selected_observation (window)->period, ==, "2023H1");
  g_assert_cmpstr (zb_detail_pane_get_highlight (detail), ==, "5%");
  gtk_widget_activate_action (GTK_WIDGET (chart_view), "chart.select-previous", NULL);
  g_assert_cmpstr (zb_window_get_selected_observation (window)->period, ==, "2023Q1");
  description = zb_chart_view_dup_description (chart_view);
  g_assert_nonnull (description);
  g_assert_cmpuint (strlen (description), >, 0);

  /* The data table holds the chart's figures. */
  g_assert_cmpuint (zb_data_table_get_n_rows (zb_window_get_data_table (window)), ==,
                    zb_chart_layout_get_n_marks (zb_chart_view_get_layout (chart_view)));

  /* Nothing keeps the dataset alive once its window is gone. */
  {
    ZbDataset *dataset = zb_window_get_dataset (window);

    g_object_add_weak_pointer (G_OBJECT (dataset), (gpointer *) &dataset);
    zb_test_window_destroy (window);
    g_assert_null (dataset);
  }
}

static void
test_show_in_report (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbChartView *chart_view = zb_window_get_chart_view (window);
  GtkTextView *text_view = zb_report_view_get_text_view (zb_window_get_report_view (window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextMark *mark;
  GtkTextIter iter;
  GtkTextTag *current;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-in-report", NULL)
                  && zb_window_get_selected_observation (window) != NULL);
  gtk_widget_activate_action (GTK_WIDGET (chart_view), "chart.select-last", NULL);
  g_assert_cmpstr (zb_window_get_selected_observation (window)->period, ==, "2023");
  /* Enter on a mark is "show in report". */
  gtk_widget_activate_action (GTK_WIDGET (chart_view), "chart.activate", NULL);
  zb_test_wait (200);

  /* The figure is tagged as the current one, at the observation's offset. */
  current = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "current");
  g_assert_nonnull (current);
  iter = (GtkTextIter) { 0 };
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_to_tag_toggle (&iter, current));
  g_assert_cmpuint (zb_report_view_offset_at_iter (zb_window_get_report_view (window), &iter), ==,
                    zb_window_get_selected_observation (window)->src_start);
  mark = gtk_text_buffer_get_insert (buffer);
  g_assert_nonnull (mark);

  zb_test_window_destroy (window);
}

static GtkColumnViewColumn *
table_column (ZbDataTable *table,
              guint        index)
{
  GListModel *columns = gtk_column_view_get_columns (zb_data_table_get_column_view (table));

  return g_list_model_get_item (columns, index);
}

static char *
table_row (ZbDataTable *table,
           guint        row)
{
  g_autofree char *tsv = zb_data_table_dup_tsv (table);
  g_auto (GStrv) lines = g_strsplit (tsv, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), >, row + 1);
  return g_strdup (lines[row + 1]);
}

/* The data table sorts periods by time (Q1, H1, Q1–Q3, year) and values by size. */
static void
test_data_table_sort (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbDataTable *table = zb_window_get_data_table (window);
  GtkColumnView *view = zb_data_table_get_column_view (table);
  g_autoptr (GtkColumnViewColumn) period = NULL;
  g_autoptr (GtkColumnViewColumn) value = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *largest = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "table");
  g_assert_cmpuint (zb_data_table_get_n_rows (table), ==, 4);

  period = table_column (table, 1);
  gtk_column_view_sort_by_column (view, period, GTK_SORT_ASCENDING);
  first = table_row (table, 0);
  last = table_row (table, 3);
  g_assert_nonnull (strstr (first, "\t4.5\t"));
  g_assert_nonnull (strstr (last, "\t5.7\t"));

  value = table_column (table, 2);
  gtk_column_view_sort_by_column (view, value, GTK_SORT_DESCENDING);
  largest = table_row (table, 0);
  g_assert_nonnull (strstr (largest, "\t5.7\t"));

  zb_test_window_destroy (window);
}

/* F5 and Shift+F5 present from the window; leaving returns to the chart it showed. Ctrl+B's
 * action puts the chart on screen into the briefing. */
static void
test_present_and_brief (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbDataset *dataset = zb_window_get_dataset (window);
  ZbBriefing *briefing;
  guint n_slides;
  GtkWindow *presentation;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "sector-growth-2023");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present-from-chart", NULL));
  presentation = zb_window_get_presentation (window);
  g_assert_nonnull (presentation);
  zb_test_wait (100);
  gtk_widget_activate_action (GTK_WIDGET (presentation), "slides.leave", NULL);
  zb_test_wait (100);
  g_assert_null (zb_window_get_presentation (window));
  g_assert_cmpstr (zb_window_get_chart (window)->id, ==, "sector-growth-2023");

  g_assert_cmpuint (zb_dataset_get_n_briefings (dataset), >, 0);
  briefing = zb_dataset_get_briefing (dataset, 0);
  n_slides = briefing->slides->len;
  g_assert_false (zb_dataset_get_modified (dataset));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-to-briefing", NULL);
  g_assert_cmpuint (briefing->slides->len, ==, n_slides + 1);
  g_assert_true (zb_dataset_get_modified (dataset));
  g_assert_true (g_str_has_prefix (zb_window_get_title_text (window), "• "));

  zb_test_window_destroy (window);
}

/* The chart labels' language switches every view at once. */
static void
test_chart_language (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbDataset *dataset = zb_window_get_dataset (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.chart-language", "s", "zh");
  g_assert_cmpint (zb_window_get_lang (window), ==, ZB_LANG_ZH);
  g_assert_cmpstr (zb_window_get_title_text (window), ==, zb_text_get (zb_dataset_get_title (dataset), ZB_LANG_ZH));
  g_assert_cmpint (zb_chart_view_get_lang (zb_window_get_chart_view (window)), ==, ZB_LANG_ZH);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.chart-language", "s", "en");
  g_assert_cmpint (zb_window_get_lang (window), ==, ZB_LANG_EN);
  g_assert_cmpstr (zb_window_get_title_text (window), ==, zb_text_get (zb_dataset_get_title (dataset), ZB_LANG_EN));
  g_assert_cmpint (zb_chart_view_get_lang (zb_window_get_chart_view (window)), ==, ZB_LANG_EN);

  zb_test_window_destroy (window);
}

/* The data table, the briefing editor and the shortcuts window are made when first needed, not
 * with the window; made late, they show what the window shows by then. */
static void
test_pages_made_when_needed (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbChartView *chart_view = zb_window_get_chart_view (window);
  ZbDataset *dataset = zb_window_get_dataset (window);
  ZbIndicator *gdp = zb_dataset_lookup_indicator (dataset, "gdp-growth");
  ZbBriefingEditor *editor;
  ZbDataTable *table;
  GtkWindow *overlay;
  GLogLevelFlags fatal;
  g_autofree char *first_row = NULL;

  g_assert_null (zb_test_find_descendant (GTK_WIDGET (window), ZB_TYPE_DATA_TABLE));

  /* Chosen before the table exists: English labels, the GDP chart and its first mark. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.chart-language", "s", "en");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  gtk_widget_activate_action (GTK_WIDGET (chart_view), "chart.select-next", NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "table");
  zb_test_wait (100);
  table = zb_window_get_data_table (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (table)));
  g_assert_cmpuint (zb_data_table_get_n_rows (table), ==, 4);
  first_row = table_row (table, 0);
  g_assert_true (g_str_has_prefix (first_row, zb_text_get (&gdp->name, ZB_LANG_EN)));
  g_assert_true (gtk_selection_model_is_selected (
                   gtk_column_view_get_model (zb_data_table_get_column_view (table)), 0));
  /* Once made, it follows the chart. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s",
                              zb_dataset_get_chart (dataset, 1)->id);
  g_assert_cmpuint (zb_data_table_get_n_rows (table), ==,
                    zb_chart_layout_get_n_marks (zb_chart_view_get_layout (chart_view)));

  /* The briefing view holds an editor of this dataset's first briefing. */
  g_assert_null (zb_test_find_descendant (GTK_WIDGET (window), ZB_TYPE_BRIEFING_EDITOR));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "briefing");
  zb_test_wait (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (zb_window_get_detail_pane (window))));
  editor = ZB_BRIEFING_EDITOR (zb_test_find_descendant (GTK_WIDGET (window), ZB_TYPE_BRIEFING_EDITOR));
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  g_assert_true (zb_briefing_editor_get_briefing (editor) == zb_dataset_get_briefing (dataset, 0));

  /* Ctrl+? builds the shortcuts window on its first use. GTK 4.8's shortcuts window warns that
   * a key label measures -3 px wide (it did when built with the window too): not fatal here. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  zb_test_wait (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  gtk_window_close (overlay);
  zb_test_wait (50);
  g_log_set_always_fatal (fatal);

  zb_test_window_destroy (window);
}

/* The sidebar's list gets the rows the tallest monitor can show (30 px a row at least) for the
 * first frame and every other row right after it; a cut-off name shows its whole text as a
 * tooltip. */
static void
test_sidebar_rows_after_first_frame (void)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  ZbWindow *window = zb_window_new (NULL);
  GtkListView *list;
  GListModel *shown;
  GListModel *monitors;
  int tallest = 0;
  guint n_shown, n_long = 0, n_short = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  g_assert_true (zb_window_open_file (window, file));
  list = GTK_LIST_VIEW (zb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  g_assert_nonnull (list);
  shown = G_LIST_MODEL (gtk_list_view_get_model (list));
  monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      tallest = MAX (tallest, geometry.height);
    }
  g_assert_cmpint (tallest, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown) * 30, >=, (guint) tallest);
  g_assert_cmpuint (g_list_model_get_n_items (shown), <,
                    zb_dataset_get_n_indicators (zb_window_get_dataset (window)));

  gtk_window_present (GTK_WINDOW (window));
  zb_test_wait (300);
  /* The rest come in idle steps. */
  zb_test_wait_idle ();
  /* Read before asking the sidebar, which would complete the rows itself. */
  n_shown = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_shown, ==,
                    g_list_model_get_n_items (zb_sidebar_get_model (zb_window_get_sidebar (window))));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *title;
      g_autoptr (GtkTooltip) tooltip = NULL;
      gboolean has_tooltip = FALSE;

      if (box == NULL || !GTK_IS_BOX (box))
        continue;
      title = gtk_widget_get_first_child (gtk_widget_get_first_child (box));
      tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
      g_signal_emit_by_name (box, "query-tooltip", 1, 1, FALSE, tooltip, &has_tooltip);
      g_assert_cmpint (has_tooltip, ==, g_utf8_strlen (gtk_label_get_text (GTK_LABEL (title)), -1) > 24);
      n_long += has_tooltip;
      n_short += !has_tooltip;
    }
  g_assert_cmpuint (n_long, >, 0);
  g_assert_cmpuint (n_short, >, 0);

  zb_test_window_destroy (window);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

/* Ctrl+C's action: the chart as an image, and as text with values, periods and the source. */
static void
test_copy_chart (void)
{
  ZbWindow *window = zb_test_window_new ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  GdkContentFormats *formats;
  g_autofree char *text = NULL;
  const char *title;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy", NULL));
  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "image/png"));

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  title = zb_text_get (&zb_window_get_chart (window)->title, zb_window_get_lang (window));
  g_assert_true (g_str_has_prefix (text, title));
  g_assert_nonnull (strstr (text, "2023Q1") != NULL ? strstr (text, "2023Q1") : strstr (text, "4.5"));
  g_assert_nonnull (strstr (text, "\t4.5\t"));
  g_assert_nonnull (strstr (text, "\t5.7\t"));
  g_assert_nonnull (strstr (text, "经济增速逐季回升"));
  g_assert_nonnull (strstr (text, "2024-01-18"));

  zb_test_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add_func ("/window/gdp-chart-selection", test_gdp_chart_selection);
  g_test_add_func ("/window/show-in-report", test_show_in_report);
  g_test_add_func ("/window/copy-chart", test_copy_chart);
  g_test_add_func ("/window/chart-language", test_chart_language);
  g_test_add_func ("/window/data-table-sort", test_data_table_sort);
  g_test_add_func ("/window/present-and-brief", test_present_and_brief);
  g_test_add_func ("/window/pages-made-when-needed", test_pages_made_when_needed);
  g_test_add_func ("/window/sidebar-rows-after-first-frame", test_sidebar_rows_after_first_frame);

  return g_test_run ();
}
