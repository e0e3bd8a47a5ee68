/* test-presentation.c: the Wuhan briefing presented fullscreen, driven by its key bindings: each
 * slide's index and caption, jumping by number, blanking, step reveal, clicking a mark, and
 * leaving with Esc back to the window's chart. */
#define G_LOG_DOMAIN "test-presentation"

#include "zb-gtk-test.h"

#include "zb-presentation.h"

typedef struct
{
  ZbDataset      *dataset;
  ZbPresentation *presentation;
  guint           left;
  guint           left_at;
} Fixture;

static void
leave_cb (ZbPresentation *presentation,
          guint           slide,
          Fixture        *fixture)
{
  fixture->left++;
  fixture->left_at = slide;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GError) error = NULL;

  fixture->dataset = zb_dataset_load (path, &error);
  g_assert_no_error (error);
  fixture->presentation = zb_presentation_new (fixture->dataset,
                                               zb_dataset_lookup_briefing (fixture->dataset, "key-figures"),
                                               ZB_LANG_ZH, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (fixture->presentation), (gpointer *) &fixture->presentation);
  g_signal_connect (fixture->presentation, "leave", G_CALLBACK (leave_cb), fixture);
  zb_presentation_start (fixture->presentation, NULL, 0, NULL);
  zb_test_wait (300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->presentation != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->presentation));
  zb_test_wait (50);
  g_assert_null (fixture->presentation);
  g_assert_finalize_object (fixture->dataset);
}

/* A key press the way the window's shortcut controller handles it: the binding installed for
 * that key (no modifier) names an action, which runs with the binding's arguments. */
static void
press (GtkWidget *widget,
       guint      keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action)
              || gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval
              || gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != 0)
            continue;
          g_assert_true (gtk_widget_activate_action_variant (
            widget, gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
            gtk_shortcut_get_arguments (shortcut)));
          zb_test_wait (10);
          return;
        }
    }
  g_error ("no binding for the key %s", gdk_keyval_name (keyval));
}

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* The report's sentence around a figure, found from the report itself. */
static char *
sentence_of (ZbDataset           *dataset,
             const ZbObservation *obs)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  g_autofree char *raw = NULL;
  gsize start, end;

  g_assert_true (zb_report_get_sentence (report, obs->src_start, &start, &end));
  raw = zb_report_dup_range (report, start, end);
  return squeeze (raw);
}

/* The slide shows the chart the briefing puts at that place, quoting its figures' sentences. */
static void
assert_chart_slide (Fixture *fixture,
                    guint    slide)
{
  ZbBriefing *briefing = zb_dataset_lookup_briefing (fixture->dataset, "key-figures");
  ZbSlideDeck *deck = zb_presentation_get_deck (fixture->presentation);
  ZbSlide *entry = g_ptr_array_index (briefing->slides, slide - 1);
  ZbChartSpec *spec = zb_dataset_lookup_chart (fixture->dataset, entry->chart);
  g_autofree char *caption = squeeze (zb_presentation_get_caption (fixture->presentation));
  GPtrArray *figures = zb_slide_deck_get_figures (deck, slide);
  guint quoted = 0;

  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, slide);
  g_assert_cmpstr (zb_slide_deck_get_title (deck, slide), ==, spec->title.zh);
  for (guint i = 0; i < figures->len; i++)
    {
      ZbObservation *obs = g_ptr_array_index (figures, i);
      g_autofree char *sentence = NULL;

      if (obs->src_text == NULL)
        continue;
      sentence = sentence_of (fixture->dataset, obs);
      g_assert_nonnull (strstr (caption, sentence));
      quoted++;
    }
  g_assert_cmpuint (quoted, >, 0);
}

static void
test_step_through (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->presentation);
  ZbBriefing *briefing = zb_dataset_lookup_briefing (fixture->dataset, "key-figures");
  guint n = zb_presentation_get_n_slides (fixture->presentation);
  static const guint forward[] = { GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_space, GDK_KEY_Page_Down };
  static const guint back[] = { GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_BackSpace, GDK_KEY_Page_Up };

  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_cmpuint (n, >=, briefing->slides->len + 2);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 0);
  g_assert_cmpstr (zb_presentation_get_caption (fixture->presentation), ==, "");

  for (guint i = 1; i <= briefing->slides->len; i++)
    {
      press (widget, forward[i % G_N_ELEMENTS (forward)]);
      assert_chart_slide (fixture, i);
    }
  for (guint i = briefing->slides->len - 1; i >= 1; i--)
    {
      press (widget, back[i % G_N_ELEMENTS (back)]);
      assert_chart_slide (fixture, i);
    }
  press (widget, GDK_KEY_Left);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 0);
  /* Going back from the first slide stays there. */
  press (widget, GDK_KEY_Left);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 0);

  press (widget, GDK_KEY_End);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, n - 1);
  g_assert_cmpint (zb_slide_deck_get_kind (zb_presentation_get_deck (fixture->presentation), n - 1),
                   ==, ZB_SLIDE_KIND_SOURCES);
  press (widget, GDK_KEY_Right);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, n - 1);
  press (widget, GDK_KEY_Home);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 0);
}

static void
test_jump (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->presentation);
  guint n = zb_presentation_get_n_slides (fixture->presentation);

  g_assert_cmpuint (n, >=, 12);
  press (widget, GDK_KEY_1);
  press (widget, GDK_KEY_2);
  g_assert_cmpstr (zb_presentation_get_typed_number (fixture->presentation), ==, "12");
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 0);
  press (widget, GDK_KEY_Return);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 11);
  g_assert_cmpstr (zb_presentation_get_typed_number (fixture->presentation), ==, "");

  press (widget, GDK_KEY_KP_3);
  press (widget, GDK_KEY_KP_Enter);
  assert_chart_slide (fixture, 2);

  /* Backspace corrects a digit; a number past the end goes to the last slide. */
  press (widget, GDK_KEY_9);
  press (widget, GDK_KEY_8);
  press (widget, GDK_KEY_BackSpace);
  g_assert_cmpstr (zb_presentation_get_typed_number (fixture->presentation), ==, "9");
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 2);
  press (widget, GDK_KEY_9);
  press (widget, GDK_KEY_Return);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, n - 1);

  /* Esc while typing only cancels the number. */
  press (widget, GDK_KEY_4);
  press (widget, GDK_KEY_Escape);
  g_assert_nonnull (fixture->presentation);
  g_assert_cmpuint (fixture->left, ==, 0);
  g_assert_cmpstr (zb_presentation_get_typed_number (fixture->presentation), ==, "");
  press (widget, GDK_KEY_Return);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, n - 1);
}

static void
test_blank_and_presenter (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->presentation);

  press (widget, GDK_KEY_Right);
  press (widget, GDK_KEY_b);
  g_assert_true (zb_presentation_get_blanked (fixture->presentation));
  /* The first key after a blank brings the same slide back. */
  press (widget, GDK_KEY_Right);
  g_assert_false (zb_presentation_get_blanked (fixture->presentation));
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 1);
  press (widget, GDK_KEY_period);
  press (widget, GDK_KEY_period);
  g_assert_false (zb_presentation_get_blanked (fixture->presentation));

  g_assert_false (zb_presentation_get_presenter_visible (fixture->presentation));
  press (widget, GDK_KEY_p);
  g_assert_true (zb_presentation_get_presenter_visible (fixture->presentation));
  press (widget, GDK_KEY_Right);
  assert_chart_slide (fixture, 2);
  zb_test_wait (100);
  press (widget, GDK_KEY_p);
  g_assert_false (zb_presentation_get_presenter_visible (fixture->presentation));
}

static void
test_reveal (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->presentation);
  ZbSlideDeck *deck = zb_presentation_get_deck (fixture->presentation);
  guint marks;

  press (widget, GDK_KEY_Right);
  marks = zb_slide_deck_get_n_marks (deck, 1);
  g_assert_cmpuint (marks, >=, 4);
  g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, -1);

  press (widget, GDK_KEY_r);
  g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, 1);
  /* A mark not shown yet cannot be clicked. */
  {
    double width, height, x, y;

    zb_presentation_get_slide_area (fixture->presentation, &width, &height);
    g_assert_true (zb_slide_deck_get_mark_center (deck, 1, marks - 1, width, height, ZB_THEME_LIGHT, &x, &y));
    g_assert_false (zb_presentation_click (fixture->presentation, x, y));
    g_assert_true (zb_slide_deck_get_mark_center (deck, 1, 0, width, height, ZB_THEME_LIGHT, &x, &y));
    g_assert_true (zb_presentation_click (fixture->presentation, x, y));
  }
  for (guint i = 2; i <= marks; i++)
    {
      press (widget, GDK_KEY_Right);
      g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 1);
      g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, (int) i);
    }
  press (widget, GDK_KEY_Left);
  g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, (int) marks - 1);
  press (widget, GDK_KEY_Right);
  press (widget, GDK_KEY_Right);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 2);
  g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, 1);
  /* Back to a slide shows all of it, ready to step back through. */
  press (widget, GDK_KEY_Left);
  g_assert_cmpuint (zb_presentation_get_slide (fixture->presentation), ==, 1);
  g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, (int) marks);

  press (widget, GDK_KEY_r);
  g_assert_cmpint (zb_presentation_get_revealed (fixture->presentation), ==, -1);
}

static void
test_click_mark (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->presentation);
  ZbSlideDeck *deck = zb_presentation_get_deck (fixture->presentation);
  g_autofree char *caption = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *clicked = NULL;
  double width, height, x, y;
  guint last;

  press (widget, GDK_KEY_Right);
  caption = g_strdup (zb_presentation_get_caption (fixture->presentation));
  zb_presentation_get_slide_area (fixture->presentation, &width, &height);
  last = zb_slide_deck_get_n_marks (deck, 1) - 1;
  g_assert_true (zb_slide_deck_get_mark_center (deck, 1, last, width, height,
                                                ZB_THEME_LIGHT, &x, &y));

  g_assert_true (zb_presentation_click (fixture->presentation, x, y));
  sentence = sentence_of (fixture->dataset, zb_slide_deck_get_mark (deck, 1, last)->observation);
  clicked = squeeze (zb_presentation_get_caption (fixture->presentation));
  g_assert_cmpstr (clicked, ==, sentence);

  g_assert_false (zb_presentation_click (fixture->presentation, 2, 2));
  g_assert_cmpstr (zb_presentation_get_caption (fixture->presentation), ==, caption);

  /* Leaving the slide forgets the click. */
  g_assert_true (zb_presentation_click (fixture->presentation, x, y));
  press (widget, GDK_KEY_Right);
  press (widget, GDK_KEY_Left);
  g_assert_cmpstr (zb_presentation_get_caption (fixture->presentation), ==, caption);
}

static void
test_escape (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->presentation);

  press (widget, GDK_KEY_Right);
  press (widget, GDK_KEY_Right);
  press (widget, GDK_KEY_Escape);
  zb_test_wait (50);
  g_assert_cmpuint (fixture->left, ==, 1);
  g_assert_cmpuint (fixture->left_at, ==, 2);
  g_assert_null (fixture->presentation);
}

static ZbPresentation *
find_presentation (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ZB_IS_PRESENTATION (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ZB_PRESENTATION (window);
    }
  return NULL;
}

/* From the window's current chart (Shift+F5's action), a few slides on, then Esc: the window
 * shows the chart it showed before. */
static void
test_from_window (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbDataset *dataset = zb_window_get_dataset (window);
  ZbBriefing *briefing = zb_dataset_lookup_briefing (dataset, "key-figures");
  const char *chart = ((ZbSlide *) g_ptr_array_index (briefing->slides, 2))->chart;
  ZbPresentation *presentation;

  g_assert_true (zb_window_show_chart (window, chart));
  zb_test_wait (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present-from-chart", NULL));
  zb_test_wait (200);
  presentation = find_presentation ();
  g_assert_nonnull (presentation);
  g_object_add_weak_pointer (G_OBJECT (presentation), (gpointer *) &presentation);
  g_assert_cmpuint (zb_presentation_get_slide (presentation), ==, 3);
  g_assert_cmpstr (zb_slide_deck_get_chart (zb_presentation_get_deck (presentation), 3)->id, ==, chart);

  press (GTK_WIDGET (presentation), GDK_KEY_Right);
  press (GTK_WIDGET (presentation), GDK_KEY_Right);
  g_assert_cmpuint (zb_presentation_get_slide (presentation), ==, 5);
  press (GTK_WIDGET (presentation), GDK_KEY_Escape);
  zb_test_wait (100);
  g_assert_null (presentation);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (zb_window_get_chart (window)->id, ==, chart);

  zb_test_window_destroy (window);
}

/* A chart that the briefing does not show is presented among every chart of the dataset. */
static void
test_chart_outside_briefing (void)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, &error);
  ZbBriefing *briefing;
  ZbPresentation *presentation;
  const char *outside = NULL;

  g_assert_no_error (error);
  briefing = zb_dataset_lookup_briefing (dataset, "key-figures");
  for (guint i = 0; i < zb_dataset_get_n_charts (dataset) && outside == NULL; i++)
    {
      const char *id = zb_dataset_get_chart (dataset, i)->id;
      gboolean shown = FALSE;

      for (guint j = 0; j < briefing->slides->len; j++)
        shown |= g_str_equal (((ZbSlide *) g_ptr_array_index (briefing->slides, j))->chart, id);
      if (!shown)
        outside = id;
    }
  g_assert_nonnull (outside);

  presentation = zb_presentation_run (NULL, dataset, NULL, outside, ZB_LANG_EN, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (presentation), (gpointer *) &presentation);
  g_assert_cmpstr (zb_slide_deck_get_chart (zb_presentation_get_deck (presentation),
                                            zb_presentation_get_slide (presentation))->id, ==, outside);
  g_assert_cmpuint (zb_presentation_get_n_slides (presentation), >=, zb_dataset_get_n_charts (dataset) + 1);
  gtk_window_destroy (GTK_WINDOW (presentation));
  zb_test_wait (50);
  g_assert_null (presentation);

  g_assert_null (zb_presentation_run (NULL, dataset, "no-such-briefing", NULL, ZB_LANG_ZH, &error));
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add ("/presentation/step-through", Fixture, NULL, fixture_set_up, test_step_through, fixture_tear_down);
  g_test_add ("/presentation/jump", Fixture, NULL, fixture_set_up, test_jump, fixture_tear_down);
  g_test_add ("/presentation/blank-and-presenter", Fixture, NULL, fixture_set_up,
              test_blank_and_presenter, fixture_tear_down);
  g_test_add ("/presentation/reveal", Fixture, NULL, fixture_set_up, test_reveal, fixture_tear_down);
  g_test_add ("/presentation/click-mark", Fixture, NULL, fixture_set_up, test_click_mark, fixture_tear_down);
  g_test_add ("/presentation/escape", Fixture, NULL, fixture_set_up, test_escape, fixture_tear_down);
  g_test_add_func ("/presentation/from-window", test_from_window);
  g_test_add_func ("/presentation/chart-outside-briefing", test_chart_outside_briefing);

  return g_test_run ();
}
