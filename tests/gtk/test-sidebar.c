#define G_LOG_DOMAIN "test-sidebar"

#include "zb-gtk-test.h"
#include "zb-indicator-item.h"

/* The rows other than group headings, checked against what the search should have matched. */
static guint
count_rows (ZbSidebar  *sidebar,
            const char *zh_needle,
            const char *en_needle)
{
  GListModel *model = zb_sidebar_get_model (sidebar);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);
      ZbIndicator *indicator = zb_indicator_item_get_indicator (item);
      ZbChartSpec *chart = zb_indicator_item_get_chart (item);
      g_autofree char *en = NULL;

      if (zb_indicator_item_get_kind (item) == ZB_ITEM_HEADER)
        continue;
      n++;
      if (indicator == NULL && chart != NULL)
        continue;  /* a chart matches through its title */
      g_assert_nonnull (indicator);
      en = g_ascii_strdown (zb_text_get (&indicator->name, ZB_LANG_EN), -1);
      if (zh_needle != NULL && strstr (zb_text_get (&indicator->name, ZB_LANG_ZH), zh_needle) == NULL)
        g_assert_nonnull (strstr (zb_indicator_item_get_value_text (item), zh_needle));
      if (en_needle != NULL)
        g_assert_nonnull (strstr (en, en_needle));
    }
  return n;
}

static gboolean
model_has_indicator (ZbSidebar  *sidebar,
                     const char *id)
{
  GListModel *model = zb_sidebar_get_model (sidebar);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);
      ZbIndicator *indicator = zb_indicator_item_get_indicator (item);

      if (indicator != NULL && g_strcmp0 (indicator->id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_search (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbSidebar *sidebar = zb_window_get_sidebar (window);
  guint all = count_rows (sidebar, NULL, NULL);

  g_assert_cmpuint (all, >=, zb_dataset_get_n_indicators (zb_window_get_dataset (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  zb_sidebar_set_search_text (sidebar, "新能源汽车");
  g_assert_cmpuint (count_rows (sidebar, "新能源汽车", NULL), >=, 2);
  g_assert_true (model_has_indicator (sidebar, "nev-output-growth"));
  g_assert_true (model_has_indicator (sidebar, "nev-output"));
  g_assert_false (model_has_indicator (sidebar, "gdp-growth"));

  zb_sidebar_set_search_text (sidebar, "retail");
  g_assert_cmpuint (count_rows (sidebar, NULL, "retail"), >=, 1);
  g_assert_true (model_has_indicator (sidebar, "retail-sales-growth"));

  /* Case does not matter, and several words narrow the match. */
  zb_sidebar_set_search_text (sidebar, "RETAIL sales");
  g_assert_true (model_has_indicator (sidebar, "retail-sales-growth"));
  zb_sidebar_set_search_text (sidebar, "retail nonsenseword");
  g_assert_cmpuint (count_rows (sidebar, NULL, NULL), ==, 0);

  zb_sidebar_set_search_text (sidebar, "");
  g_assert_cmpuint (count_rows (sidebar, NULL, NULL), ==, all);

  zb_test_window_destroy (window);
}

static void
test_group_by_theme (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbSidebar *sidebar = zb_window_get_sidebar (window);
  GListModel *model = zb_sidebar_get_model (sidebar);
  guint headers_by_section = 0, headers_by_theme = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);

      headers_by_section += zb_indicator_item_get_kind (item) == ZB_ITEM_HEADER;
    }

  /* The toggle buttons name this action. */
  gtk_widget_activate_action (GTK_WIDGET (sidebar), "sidebar.group-by", "s", "theme");
  g_assert_cmpstr (zb_sidebar_get_group_by (sidebar), ==, "theme");
  model = zb_sidebar_get_model (sidebar);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);

      headers_by_theme += zb_indicator_item_get_kind (item) == ZB_ITEM_HEADER;
    }
  g_assert_cmpuint (headers_by_section, >, 3);
  g_assert_cmpuint (headers_by_theme, >, 3);
  g_assert_cmpuint (headers_by_theme, !=, headers_by_section);

  zb_test_window_destroy (window);
}

static guint
position_of (ZbSidebar  *sidebar,
             const char *indicator_id)
{
  GListModel *model = zb_sidebar_get_model (sidebar);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);
      ZbIndicator *indicator = zb_indicator_item_get_indicator (item);

      if (indicator != NULL && g_strcmp0 (indicator->id, indicator_id) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* Two indicators of different units: an ad-hoc chart of small multiples, kept in the dataset. */
static void
test_adhoc_chart (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbSidebar *sidebar = zb_window_get_sidebar (window);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (zb_sidebar_get_model (sidebar));
  ZbDataset *dataset = zb_window_get_dataset (window);
  guint n_charts = zb_dataset_get_n_charts (dataset);
  const ZbChartSpec *chart;

  /* A curated chart is already kept. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-chart", NULL);
  g_assert_cmpuint (zb_dataset_get_n_charts (dataset), ==, n_charts);

  gtk_selection_model_select_item (selection, position_of (sidebar, "retail-sales-growth"), TRUE);
  chart = zb_window_get_chart (window);
  g_assert_cmpuint (chart->series->len, ==, 1);
  g_assert_cmpstr (chart->series->pdata[0] != NULL ? ((ZbSeriesRef *) chart->series->pdata[0])->indicator : NULL,
                   ==, "retail-sales-growth");

  gtk_selection_model_select_item (selection, position_of (sidebar, "market-entities"), FALSE);
  chart = zb_window_get_chart (window);
  g_assert_cmpuint (chart->series->len, ==, 2);
  g_assert_cmpint (chart->type, ==, ZB_CHART_SMALL_MULTIPLES);
  g_assert_null (zb_chart_view_get_error (zb_window_get_chart_view (window)));
  g_assert_false (zb_dataset_get_modified (dataset));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-chart", NULL);
  g_assert_cmpuint (zb_dataset_get_n_charts (dataset), ==, n_charts + 1);
  g_assert_true (zb_dataset_get_modified (dataset));
  g_assert_true (zb_window_get_chart (window) == zb_dataset_get_chart (dataset, n_charts));
  g_assert_true (g_str_has_prefix (zb_window_get_title_text (window), "• "));

  zb_test_window_destroy (window);
}

/* The accessible description of the row showing item, read back through GTK's test API (GTK 4.8
 * has no getter: checking against a value it is not returns the value it is), or NULL if no row
 * of the list shows item's title. */
static char *
dup_row_description (ZbSidebar       *sidebar,
                     ZbIndicatorItem *item)
{
  GtkWidget *list = zb_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *title;

      if (box == NULL || !GTK_IS_BOX (box))
        continue;
      title = gtk_widget_get_first_child (gtk_widget_get_first_child (box));
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (title)), zb_indicator_item_get_title (item)) == 0)
        return gtk_test_accessible_check_property (GTK_ACCESSIBLE (box),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                   "\x01 not a description");
    }
  return NULL;
}

/* Every row tells assistive technologies what its tooltip would: the full name, the value with
 * its unit, the other language's name and the period. */
static void
test_row_description (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbSidebar *sidebar = zb_window_get_sidebar (window);
  GListModel *model = zb_sidebar_get_model (sidebar);
  g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, position_of (sidebar, "gdp-growth"));
  ZbIndicator *gdp = zb_indicator_item_get_indicator (item);
  g_autofree char *expected = zb_indicator_item_dup_description (item);
  g_autofree char *description = NULL;
  g_autofree char *value = zb_format_observation (zb_indicator_get_latest (gdp),
                                                  zb_window_get_lang (window));

  /* The text: both names and the value with its unit. */
  g_assert_nonnull (strstr (expected, zb_text_get (&gdp->name, ZB_LANG_ZH)));
  g_assert_nonnull (strstr (expected, zb_text_get (&gdp->name, ZB_LANG_EN)));
  g_assert_cmpstr (zb_indicator_item_get_value_text (item), ==, value);
  g_assert_nonnull (strstr (value, "%"));
  g_assert_nonnull (strstr (expected, value));

  /* The row on screen carries it. */
  description = dup_row_description (sidebar, item);
  g_assert_cmpstr (description, ==, expected);

  /* A row bound again to another item says what the new one is. */
  zb_sidebar_set_search_text (sidebar, "retail");
  zb_test_wait (100);
  {
    g_autoptr (ZbIndicatorItem) retail = g_list_model_get_item (model, position_of (sidebar, "retail-sales-growth"));
    g_autofree char *retail_expected = zb_indicator_item_dup_description (retail);
    g_autofree char *retail_description = dup_row_description (sidebar, retail);

    g_assert_nonnull (strstr (retail_expected, zb_indicator_item_get_value_text (retail)));
    g_assert_cmpstr (retail_description, ==, retail_expected);
  }

  zb_test_window_destroy (window);
}

/* The rows the list view has now (the sidebar's model would complete them). */
static guint
n_listed (ZbSidebar *sidebar)
{
  GtkWidget *list = zb_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_LIST_VIEW);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
}

typedef void (*Rebuild) (ZbWindow *window);

static void
rebuild_by_theme (ZbWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (zb_window_get_sidebar (window)), "sidebar.group-by", "s",
                              g_strcmp0 (zb_sidebar_get_group_by (zb_window_get_sidebar (window)), "theme") == 0
                              ? "section" : "theme");
}

static void
rebuild_search_cleared (ZbWindow *window)
{
  zb_sidebar_set_search_text (zb_window_get_sidebar (window), "增长");
  zb_sidebar_set_search_text (zb_window_get_sidebar (window), "");
}

static void
rebuild_other_dataset (ZbWindow *window)
{
  g_autofree char *path = zb_test_source_path ("data/china-national-2024.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_assert_true (zb_window_open_file (window, file));
}

/* A rebuild in a drawn window gives the list the rows a screen shows, and the rest after the next
 * frame, as at start-up; meanwhile any row can be selected, and the selection is the one asked
 * for. */
static void
test_rebuild_grows (void)
{
  static const Rebuild rebuilds[] = { rebuild_by_theme, rebuild_search_cleared, rebuild_other_dataset };
  ZbWindow *window = zb_test_window_new ();
  ZbSidebar *sidebar = zb_window_get_sidebar (window);

  for (guint i = 0; i < G_N_ELEMENTS (rebuilds); i++)
    {
      ZbDataset *dataset;
      ZbIndicator *far = NULL;
      g_autofree char *far_id = NULL;
      guint n_first, n_all, far_position = 0;
      GListModel *model;
      g_autoptr (GPtrArray) selected = NULL;
      g_autoptr (GtkBitset) selection = NULL;

      /* Grows to every row. */
      zb_test_wait_idle ();
      rebuilds[i] (window);
      n_first = n_listed (sidebar);
      zb_test_wait (100);
      zb_test_wait_idle ();
      n_all = n_listed (sidebar);
      g_assert_cmpuint (n_first, <, n_all);
      g_assert_cmpuint (n_all, ==, g_list_model_get_n_items (zb_sidebar_get_model (sidebar)));

      /* The last indicator of the list, selected right after the next rebuild. */
      model = zb_sidebar_get_model (sidebar);
      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, j);

          if (zb_indicator_item_get_indicator (item) != NULL)
            {
              far = zb_indicator_item_get_indicator (item);
              far_position = j;
            }
        }
      g_assert_nonnull (far);
      g_assert_cmpuint (far_position, >=, n_first);
      far_id = g_strdup (far->id);
      dataset = zb_window_get_dataset (window);
      rebuilds[i] (window);
      rebuilds[i] (window);  /* the grouping back as it was; the same dataset again */
      g_assert_true (zb_window_get_dataset (window) != dataset || i != 2);
      g_assert_cmpuint (n_listed (sidebar), ==, n_first);
      if (i == 2)
        far = zb_dataset_lookup_indicator (zb_window_get_dataset (window), far_id);
      zb_sidebar_select_indicator (sidebar, far);
      selected = zb_sidebar_dup_selected_indicators (sidebar);
      g_assert_cmpuint (selected->len, ==, 1);
      g_assert_true (g_ptr_array_index (selected, 0) == far);
      selection = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (zb_sidebar_get_model (sidebar)));
      g_assert_cmpuint (gtk_bitset_get_size (selection), ==, 1);
      g_assert_cmpuint (gtk_bitset_get_nth (selection, 0), ==, far_position);
      g_assert_cmpuint (n_listed (sidebar), ==, n_all);
    }

  zb_test_window_destroy (window);
}

/* Before the window is first drawn the list holds only the rows a screen shows; every indicator
 * can still be selected (the window does so for a dataset without charts, or from the report). */
static void
test_select_before_drawn (void)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  ZbWindow *window = zb_window_new (NULL);
  ZbSidebar *sidebar = zb_window_get_sidebar (window);
  ZbDataset *dataset;

  g_assert_true (zb_window_open_file (window, file));
  dataset = zb_window_get_dataset (window);
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);
      g_autoptr (GPtrArray) selected = NULL;

      zb_sidebar_select_indicator (sidebar, indicator);
      selected = zb_sidebar_dup_selected_indicators (sidebar);
      g_assert_cmpuint (selected->len, ==, 1);
      g_assert_true (g_ptr_array_index (selected, 0) == indicator);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add_func ("/sidebar/search", test_search);
  g_test_add_func ("/sidebar/group-by-theme", test_group_by_theme);
  g_test_add_func ("/sidebar/adhoc-chart", test_adhoc_chart);
  g_test_add_func ("/sidebar/select-before-drawn", test_select_before_drawn);
  g_test_add_func ("/sidebar/row-description", test_row_description);
  g_test_add_func ("/sidebar/rebuild-grows", test_rebuild_grows);

  return g_test_run ();
}
