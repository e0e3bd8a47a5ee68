/* test-briefing-editor.c: adding, removing, reordering (keys and drop), renaming and keeping
 * several briefings, asserted on the dataset's ZbBriefing. */
#define G_LOG_DOMAIN "test-briefing-editor"

#include "zb-gtk-test.h"

#include "zb-briefing-editor.h"

typedef struct
{
  ZbDataset        *dataset;
  GtkWindow        *window;
  ZbBriefingEditor *editor;
  guint             changes;
  char             *presented;
} Fixture;

static void
changed_cb (ZbBriefingEditor *editor,
            Fixture          *fixture)
{
  fixture->changes++;
}

static void
present_cb (ZbBriefingEditor *editor,
            const char       *id,
            Fixture          *fixture)
{
  g_free (fixture->presented);
  fixture->presented = g_strdup (id);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GError) error = NULL;

  fixture->dataset = zb_dataset_load (path, &error);
  g_assert_no_error (error);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 420, 700);
  fixture->editor = ZB_BRIEFING_EDITOR (zb_briefing_editor_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->editor));
  zb_briefing_editor_set_dataset (fixture->editor, fixture->dataset, ZB_LANG_ZH);
  g_signal_connect (fixture->editor, "changed", G_CALLBACK (changed_cb), fixture);
  g_signal_connect (fixture->editor, "present", G_CALLBACK (present_cb), fixture);
  gtk_window_present (fixture->window);
  zb_test_wait (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  zb_test_wait (50);
  g_free (fixture->presented);
  g_assert_finalize_object (fixture->dataset);
}

/* The key through the editor's shortcut controllers, as a key press would go. */
static void
press (GtkWidget       *widget,
       guint            keyval,
       GdkModifierType  modifiers)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action)
              || gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval
              || gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != modifiers)
            continue;
          gtk_widget_activate_action_variant (widget,
                                              gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                                              gtk_shortcut_get_arguments (shortcut));
          zb_test_wait (10);
          return;
        }
    }
  g_error ("no binding for %s", gdk_keyval_name (keyval));
}

static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
chart_at (Fixture *fixture,
          guint    index)
{
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (fixture->editor);

  g_assert_cmpuint (index, <, briefing->slides->len);
  return ((ZbSlide *) g_ptr_array_index (briefing->slides, index))->chart;
}

static GStrv
dup_order (Fixture *fixture)
{
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (fixture->editor);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv order;

  for (guint i = 0; i < briefing->slides->len; i++)
    g_strv_builder_add (builder, chart_at (fixture, i));
  order = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return order;
}

/* A chart of the dataset that the briefing does not show. */
static const char *
chart_outside (Fixture *fixture)
{
  g_auto (GStrv) order = dup_order (fixture);

  for (guint i = 0; i < zb_dataset_get_n_charts (fixture->dataset); i++)
    {
      const char *id = zb_dataset_get_chart (fixture->dataset, i)->id;

      if (!g_strv_contains ((const char *const *) order, id))
        return id;
    }
  g_assert_not_reached ();
}

static void
test_shows_default (Fixture       *fixture,
                    gconstpointer  data)
{
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (fixture->editor);
  GtkWidget *list = find_child (GTK_WIDGET (fixture->editor), GTK_TYPE_LIST_BOX);
  guint rows = 0;

  g_assert_nonnull (briefing);
  g_assert_cmpstr (briefing->id, ==, "key-figures");
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    rows += GTK_IS_LIST_BOX_ROW (row);
  g_assert_cmpuint (rows, ==, briefing->slides->len);
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, 0);
  g_assert_false (zb_dataset_get_modified (fixture->dataset));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.present", NULL));
  g_assert_cmpstr (fixture->presented, ==, "key-figures");
  g_assert_false (zb_dataset_get_modified (fixture->dataset));
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (fixture->editor);
  guint n = briefing->slides->len;
  const char *chart = chart_outside (fixture);
  g_autofree char *second = g_strdup (chart_at (fixture, 1));

  /* Nothing to add until the window says which chart is on screen. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.add-current", NULL);
  g_assert_cmpuint (briefing->slides->len, ==, n);

  zb_briefing_editor_set_current_chart (fixture->editor, chart);
  zb_briefing_editor_select (fixture->editor, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.add-current", NULL));
  g_assert_cmpuint (briefing->slides->len, ==, n + 1);
  g_assert_cmpstr (chart_at (fixture, 1), ==, chart);
  g_assert_cmpstr (chart_at (fixture, 2), ==, second);
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, 1);
  g_assert_true (zb_dataset_get_modified (fixture->dataset));
  g_assert_cmpuint (fixture->changes, ==, 1);

  g_assert_false (zb_briefing_editor_add_chart (fixture->editor, "no-such-chart"));
  g_assert_cmpuint (briefing->slides->len, ==, n + 1);
  g_assert_cmpuint (fixture->changes, ==, 1);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (fixture->editor);
  guint n = briefing->slides->len;
  g_autofree char *second = g_strdup (chart_at (fixture, 1));
  g_autofree char *fourth = g_strdup (chart_at (fixture, 3));
  GtkWidget *list = find_child (GTK_WIDGET (fixture->editor), GTK_TYPE_LIST_BOX);

  zb_briefing_editor_select (fixture->editor, 0);
  press (list, GDK_KEY_Delete, 0);
  g_assert_cmpuint (briefing->slides->len, ==, n - 1);
  g_assert_cmpstr (chart_at (fixture, 0), ==, second);
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, 0);

  /* The row's own remove button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.remove-at", "u", 1));
  g_assert_cmpuint (briefing->slides->len, ==, n - 2);
  g_assert_cmpstr (chart_at (fixture, 1), ==, fourth);
  g_assert_true (zb_dataset_get_modified (fixture->dataset));
  g_assert_cmpuint (fixture->changes, ==, 2);

  g_assert_false (zb_briefing_editor_remove_slide (fixture->editor, 100));
  while (briefing->slides->len > 0)
    g_assert_true (zb_briefing_editor_remove_slide (fixture->editor, 0));
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, -1);
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *editor = GTK_WIDGET (fixture->editor);
  g_auto (GStrv) before = dup_order (fixture);
  guint n = g_strv_length (before);
  GtkWidget *list = find_child (editor, GTK_TYPE_LIST_BOX);
  GtkListBoxRow *row;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  zb_briefing_editor_select (fixture->editor, 0);
  press (editor, GDK_KEY_Down, GDK_ALT_MASK);
  g_assert_cmpstr (chart_at (fixture, 0), ==, before[1]);
  g_assert_cmpstr (chart_at (fixture, 1), ==, before[0]);
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, 1);
  press (editor, GDK_KEY_Down, GDK_ALT_MASK);
  g_assert_cmpstr (chart_at (fixture, 2), ==, before[0]);
  press (editor, GDK_KEY_Up, GDK_ALT_MASK);
  press (editor, GDK_KEY_Up, GDK_ALT_MASK);
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, 0);
  {
    g_auto (GStrv) after = dup_order (fixture);
    g_assert_true (g_strv_equal ((const char *const *) before, (const char *const *) after));
  }
  /* The first slide cannot go further up. */
  press (editor, GDK_KEY_Up, GDK_ALT_MASK);
  g_assert_cmpstr (chart_at (fixture, 0), ==, before[0]);
  g_assert_true (zb_dataset_get_modified (fixture->dataset));
  g_assert_cmpuint (fixture->changes, ==, 4);

  /* A drop of the last row on the first row's drop target moves it to the top. */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  {
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (row));

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (controller))
          target = GTK_DROP_TARGET (controller);
      }
  }
  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, n - 1);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_true (dropped);
  g_assert_cmpstr (chart_at (fixture, 0), ==, before[n - 1]);
  g_assert_cmpstr (chart_at (fixture, 1), ==, before[0]);
  g_assert_cmpstr (chart_at (fixture, n - 1), ==, before[n - 2]);
  g_assert_cmpint (zb_briefing_editor_get_selected (fixture->editor), ==, 0);

  g_assert_false (zb_briefing_editor_move_slide (fixture->editor, 0, n));
}

static const char *
dropdown_text (Fixture *fixture)
{
  GtkWidget *dropdown = find_child (GTK_WIDGET (fixture->editor), GTK_TYPE_DROP_DOWN);
  GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (fixture->editor);
  GtkWidget *entry = find_child (GTK_WIDGET (fixture->editor), GTK_TYPE_ENTRY);
  g_autofree char *english = g_strdup (briefing->title.en);

  zb_briefing_editor_rename (fixture->editor, "武汉关键数字");
  g_assert_cmpstr (briefing->title.zh, ==, "武汉关键数字");
  g_assert_cmpstr (briefing->title.en, ==, english);
  g_assert_cmpstr (dropdown_text (fixture), ==, "武汉关键数字");
  g_assert_true (zb_dataset_get_modified (fixture->dataset));

  /* Typing in the title entry, then Enter. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "给市领导的简报");
  g_assert_cmpstr (briefing->title.zh, ==, "给市领导的简报");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (dropdown_text (fixture), ==, "给市领导的简报");

  zb_briefing_editor_set_note (fixture->editor, 0, "先讲全年增速");
  g_assert_cmpstr (((ZbSlide *) g_ptr_array_index (briefing->slides, 0))->note, ==, "先讲全年增速");
  zb_briefing_editor_set_note (fixture->editor, 0, "");
  g_assert_null (((ZbSlide *) g_ptr_array_index (briefing->slides, 0))->note);
}

static void
test_several_briefings (Fixture       *fixture,
                        gconstpointer  data)
{
  guint n = zb_dataset_get_n_briefings (fixture->dataset);
  GtkWidget *dropdown = find_child (GTK_WIDGET (fixture->editor), GTK_TYPE_DROP_DOWN);
  ZbBriefing *made;
  const char *chart = zb_dataset_get_chart (fixture->dataset, 0)->id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.new", NULL));
  g_assert_cmpuint (zb_dataset_get_n_briefings (fixture->dataset), ==, n + 1);
  made = zb_briefing_editor_get_briefing (fixture->editor);
  g_assert_cmpstr (made->id, !=, "key-figures");
  g_assert_true (zb_dataset_lookup_briefing (fixture->dataset, made->id) == made);
  g_assert_cmpuint (made->slides->len, ==, 0);
  g_assert_cmpstr (dropdown_text (fixture), ==, "新简报");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, n);
  g_assert_true (zb_dataset_get_modified (fixture->dataset));
  /* Saved empty, it still loads (save refuses what would not). */
  {
    g_autofree char *base = zb_test_source_path ("data");
    g_autoptr (GError) error = NULL;
    g_autoptr (ZbDataset) loaded = NULL;
    gsize len;
    g_autofree char *json = zb_dataset_to_data (fixture->dataset, &len);

    loaded = zb_dataset_load_from_data (json, len, base, "saved.json", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (zb_dataset_lookup_briefing (loaded, made->id)->slides->len, ==, 0);
  }

  g_assert_true (zb_briefing_editor_add_chart (fixture->editor, chart));
  g_assert_cmpuint (made->slides->len, ==, 1);

  /* Picking the first briefing in the dropdown edits it again. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_cmpstr (zb_briefing_editor_get_briefing (fixture->editor)->id, ==, "key-figures");
  g_assert_true (zb_briefing_editor_select_briefing (fixture->editor, made->id));
  g_assert_true (zb_briefing_editor_get_briefing (fixture->editor) == made);
  g_assert_false (zb_briefing_editor_select_briefing (fixture->editor, "no-such-briefing"));

  /* The new briefing is saved with the dataset and loads back. */
  {
    g_autofree char *base = zb_test_source_path ("data");
    g_autoptr (GError) error = NULL;
    g_autoptr (ZbDataset) loaded = NULL;
    ZbBriefing *again;
    gsize len;
    g_autofree char *json = zb_dataset_to_data (fixture->dataset, &len);

    loaded = zb_dataset_load_from_data (json, len, base, "saved.json", &error);
    g_assert_no_error (error);
    again = zb_dataset_lookup_briefing (loaded, made->id);
    g_assert_nonnull (again);
    g_assert_cmpstr (again->title.zh, ==, "新简报");
    g_assert_cmpstr (((ZbSlide *) g_ptr_array_index (again->slides, 0))->chart, ==, chart);
  }
}

/* Deleting removes the briefing from the dataset and shows the remaining first one. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  guint n = zb_dataset_get_n_briefings (fixture->dataset);
  ZbBriefing *made;
  g_autofree char *made_id = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.new", NULL));
  made = zb_briefing_editor_get_briefing (fixture->editor);
  made_id = g_strdup (made->id);
  g_assert_cmpuint (zb_dataset_get_n_briefings (fixture->dataset), ==, n + 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "briefing.delete", NULL));
  g_assert_cmpuint (zb_dataset_get_n_briefings (fixture->dataset), ==, n);
  g_assert_null (zb_dataset_lookup_briefing (fixture->dataset, made_id));
  g_assert_cmpstr (zb_briefing_editor_get_briefing (fixture->editor)->id, ==, "key-figures");
  g_assert_cmpstr (dropdown_text (fixture), !=, "新简报");

  /* The last one goes too: the editor shows none and cannot delete further. */
  while (zb_dataset_get_n_briefings (fixture->dataset) > 0)
    g_assert_true (zb_briefing_editor_delete_briefing (fixture->editor));
  g_assert_null (zb_briefing_editor_get_briefing (fixture->editor));
  g_assert_false (zb_briefing_editor_delete_briefing (fixture->editor));
  g_assert_false (zb_dataset_remove_briefing (fixture->dataset, "key-figures"));
}

/* A dataset without briefings: Ctrl+B's action makes one. */
static void
test_first_briefing (void)
{
  g_autoptr (ZbDataset) dataset = zb_dataset_new ();
  ZbBriefingEditor *editor = ZB_BRIEFING_EDITOR (zb_briefing_editor_new ());
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) wuhan = zb_dataset_load (path, &error);
  ZbChartSpec *spec;

  g_assert_no_error (error);
  g_object_ref_sink (editor);
  zb_briefing_editor_set_dataset (editor, dataset, ZB_LANG_EN);
  g_assert_null (zb_briefing_editor_get_briefing (editor));
  g_assert_false (zb_briefing_editor_add_chart (editor, "gdp"));

  spec = zb_chart_spec_new ("gdp", ZB_CHART_COLUMN);
  zb_dataset_add_chart (dataset, spec);
  zb_briefing_editor_set_current_chart (editor, "gdp");
  gtk_widget_activate_action (GTK_WIDGET (editor), "briefing.add-current", NULL);
  g_assert_cmpuint (zb_dataset_get_n_briefings (dataset), ==, 1);
  g_assert_cmpstr (zb_briefing_editor_get_briefing (editor)->title.en, ==, "New briefing");
  g_assert_cmpuint (zb_briefing_editor_get_briefing (editor)->slides->len, ==, 1);
  g_assert_true (zb_dataset_get_modified (dataset));
  g_object_unref (editor);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add ("/briefing-editor/shows-default", Fixture, NULL, fixture_set_up, test_shows_default, fixture_tear_down);
  g_test_add ("/briefing-editor/add", Fixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/briefing-editor/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  g_test_add ("/briefing-editor/move", Fixture, NULL, fixture_set_up, test_move, fixture_tear_down);
  g_test_add ("/briefing-editor/rename", Fixture, NULL, fixture_set_up, test_rename, fixture_tear_down);
  g_test_add ("/briefing-editor/several-briefings", Fixture, NULL, fixture_set_up,
              test_several_briefings, fixture_tear_down);
  g_test_add ("/briefing-editor/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add_func ("/briefing-editor/first-briefing", test_first_briefing);

  return g_test_run ();
}
