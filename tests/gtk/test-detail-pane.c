#define G_LOG_DOMAIN "test-detail-pane"

#include "zb-gtk-test.h"

static void
activated_cb (ZbDetailPane   *pane,
              ZbObservation  *observation,
              ZbObservation **out)
{
  *out = observation;
}

static GtkListBoxRow *
find_row (GtkWidget     *widget,
          ZbObservation *observation)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && g_object_get_data (G_OBJECT (widget), "zb-observation") == observation)
    return GTK_LIST_BOX_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBoxRow *row = find_row (child, observation);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static void
test_sentence_and_citation (void)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GError) error = NULL;
  ZbDataset *dataset = zb_dataset_load (path, &error);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  ZbDetailPane *pane = ZB_DETAIL_PANE (zb_detail_pane_new ());
  ZbIndicator *indicator;
  ZbObservation *actual, *target, *activated = NULL;
  g_autofree char *citation = NULL;
  const char *markup;

  g_assert_no_error (error);
  gtk_window_set_child (window, GTK_WIDGET (pane));
  gtk_window_present (window);
  zb_detail_pane_set_lang (pane, ZB_LANG_ZH);
  g_assert_null (zb_detail_pane_get_sentence_markup (pane));

  indicator = zb_dataset_lookup_indicator (dataset, "market-entities");
  g_assert_nonnull (indicator);
  actual = zb_indicator_find_observation (indicator, "2023", -1);
  target = zb_indicator_find_observation (indicator, "2024", -1);
  g_assert_nonnull (actual);
  g_assert_nonnull (target);

  zb_detail_pane_set_observation (pane, dataset, actual);
  /* The number with its unit is the highlighted span, inside its own sentence. */
  g_assert_cmpstr (zb_detail_pane_get_highlight (pane), ==, "206万户");
  markup = zb_detail_pane_get_sentence_markup (pane);
  g_assert_nonnull (strstr (markup, "经营主体超过<span "));
  g_assert_nonnull (strstr (markup, ">206万户</span>"));
  g_assert_null (strstr (markup, "\n"));

  citation = zb_detail_pane_dup_citation (pane);
  g_assert_nonnull (strstr (citation, "经营主体超过206万户"));
  g_assert_nonnull (strstr (citation, zb_text_get (zb_dataset_get_title (dataset), ZB_LANG_ZH)));
  g_assert_nonnull (strstr (citation, "2024-01-18"));

  /* The other figure of the indicator (the 2024 target) is listed and can be picked. */
  g_signal_connect (pane, "observation-activated", G_CALLBACK (activated_cb), &activated);
  g_assert_nonnull (find_row (GTK_WIDGET (pane), target));
  g_signal_emit_by_name (find_row (GTK_WIDGET (pane), target), "activate");
  g_assert_true (activated == target);

  zb_detail_pane_set_observation (pane, dataset, NULL);
  g_assert_null (zb_detail_pane_get_sentence_markup (pane));

  gtk_window_destroy (window);
  zb_test_wait (50);
  g_assert_finalize_object (dataset);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add_func ("/detail-pane/sentence-and-citation", test_sentence_and_citation);

  return g_test_run ();
}
