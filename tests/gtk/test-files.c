#define G_LOG_DOMAIN "test-files"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zb-gtk-test.h"
#include "zb-indicator-item.h"

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autofree char *dir = g_dir_make_tmp ("zb-files-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Hostile files through the window's own open path: each is refused with a message naming what
 * is wrong, in bounded time, and the Wuhan dataset stays open. The messages go to the test log,
 * for the table of the reliability note. */
typedef struct
{
  const char *what;
  const char *path;      /* relative to the source tree, or NULL when made by the test */
  const char *expected;  /* a substring of the message */
} HostileCase;

static void
check_refused (ZbWindow   *window,
               ZbDataset  *before,
               const char *what,
               const char *path,
               const char *expected)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gint64 start = g_get_monotonic_time ();

  g_assert_false (zb_window_open_file (window, file));
  g_test_message ("%s: %s (%.0f ms)", what, zb_window_get_last_error (window),
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_nonnull (zb_window_get_last_error (window));
  if (strstr (zb_window_get_last_error (window), expected) == NULL)
    g_error ("%s: “%s” lacks “%s”", what, zb_window_get_last_error (window), expected);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_true (zb_window_get_dataset (window) == before);
  g_assert_nonnull (zb_window_get_chart (window));
}

static void
test_hostile_files (void)
{
  static const HostileCase cases[] = {
    { "JSON nested 100,000 deep", "tests/data/bad/deep-nesting.json", "nested deeper than 64 levels" },
    { "NaN as a value", "tests/data/bad/value-nan.json", "NaN" },
    { "1e309 as a value", "tests/data/bad/value-infinite.json", "expected a finite number" },
    { "invalid UTF-8 dataset", "tests/data/bad/invalid-utf8.json", "not valid UTF-8" },
    { "invalid UTF-8 report", "tests/data/bad/invalid-utf8-report.json", "is not valid UTF-8" },
    { "report changed after the dataset was made", "tests/data/bad/checksum-mismatch.json", "changed since the dataset was made" },
    { "chart naming an unknown indicator", "tests/data/bad/chart-unknown-indicator.json", "no indicator has the id" },
    { "a report text that is not UTF-8", "tests/data/reports/invalid-utf8.txt", "UTF-8" },
    { "a binary file", "tests/data/reports/binary.bin", "UTF-8" },
    { "a text that is not a report", "tests/data/reports/not-report.txt", "does not look like a government work report" },
  };
  ZbWindow *window = zb_test_window_new ();
  ZbDataset *before = zb_window_get_dataset (window);
  g_autofree char *dir = g_dir_make_tmp ("zb-hostile-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = zb_test_source_path (cases[i].path);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      check_refused (window, before, cases[i].what, path, cases[i].expected);
    }

  /* A pipe would block a reader for ever; a folder is no file; 65 MB (sparse) is over the limit. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  check_refused (window, before, "a FIFO", fifo, "not a regular file");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  check_refused (window, before, "a folder", folder, "folder");
  {
    FILE *f = fopen (huge, "w");

    g_assert_nonnull (f);
    g_assert_cmpint (ftruncate (fileno (f), 65 * 1024 * 1024), ==, 0);
    fclose (f);
  }
  check_refused (window, before, "a 65 MB dataset", huge, "larger than 64 MB are refused");

  g_unlink (fifo);
  g_unlink (huge);
  g_rmdir (folder);
  g_rmdir (dir);
  zb_test_window_destroy (window);
}

/* A broken file: the loader's message (file name, line and column) is shown, and the Wuhan
 * dataset stays open. */
static void
test_broken_dataset (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbDataset *before = zb_window_get_dataset (window);
  g_autofree char *title = g_strdup (zb_window_get_title_text (window));
  g_autofree char *path = write_temp ("broken.json", "{\n  \"format\": \"zhibiao-dataset\",\n  \"version\": 1,\n  \"report\": {");
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_assert_null (zb_window_get_last_error (window));
  g_assert_false (zb_window_open_file (window, file));
  g_assert_nonnull (zb_window_get_last_error (window));
  /* The file, then the line where the JSON breaks off. */
  g_assert_nonnull (strstr (zb_window_get_last_error (window), "broken.json:4:"));

  g_assert_true (zb_window_get_dataset (window) == before);
  g_assert_cmpstr (zb_window_get_title_text (window), ==, title);
  g_assert_nonnull (zb_window_get_chart (window));
  g_assert_cmpuint (zb_report_view_get_n_figures (zb_window_get_report_view (window)), >, 200);

  /* A file that is not there: the same, with a message that names it. */
  {
    g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/zb-missing.json");

    g_assert_false (zb_window_open_file (window, missing));
    g_assert_nonnull (strstr (zb_window_get_last_error (window), "zb-missing.json"));
    g_assert_true (zb_window_get_dataset (window) == before);
  }

  remove_temp (path);
  zb_test_window_destroy (window);
}

static void
test_import_report (void)
{
  ZbWindow *window = zb_test_window_new ();
  g_autofree char *path = zb_test_source_path ("data/reports/china-national-2024.txt");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  ZbDataset *dataset;

  g_assert_true (zb_window_open_file (window, file));
  dataset = zb_window_get_dataset (window);
  g_assert_nonnull (dataset);
  g_assert_cmpuint (zb_dataset_get_n_indicators (dataset), >, 20);
  /* An import is not on disk until it is saved. */
  g_assert_true (zb_dataset_get_modified (dataset));
  g_assert_true (g_str_has_prefix (zb_window_get_title_text (window), "• "));
  g_assert_cmpuint (zb_report_view_get_n_figures (zb_window_get_report_view (window)), >, 20);
  /* No curated charts yet: the first indicator is charted instead of an empty card. */
  g_assert_cmpuint (zb_dataset_get_n_charts (dataset), ==, 0);
  g_assert_nonnull (zb_window_get_chart (window));
  g_assert_nonnull (zb_chart_view_get_layout (zb_window_get_chart_view (window)));

  zb_test_window_destroy (window);
}

/* Save writes the kept chart into the file it was opened from and clears the unsaved mark. */
static void
test_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("zb-save-XXXXXX", NULL);
  g_autofree char *reports = g_build_filename (dir, "reports", NULL);
  g_autofree char *json_src = zb_test_source_path ("data/wuhan-2024.json");
  g_autofree char *text_src = zb_test_source_path ("data/reports/wuhan-2024.txt");
  g_autofree char *json = g_build_filename (dir, "wuhan-2024.json", NULL);
  g_autofree char *text = g_build_filename (reports, "wuhan-2024.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (json);
  ZbWindow *window = zb_window_new (NULL);
  GtkSelectionModel *selection;
  GListModel *model;
  gsize len;

  g_assert_true (g_file_get_contents (json_src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (json, contents, len, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (g_mkdir (reports, 0700), ==, 0);
  g_assert_true (g_file_get_contents (text_src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (text, contents, len, NULL));

  g_assert_true (zb_window_open_file (window, file));
  gtk_window_present (GTK_WINDOW (window));

  /* Pick the first indicator row and keep its chart. */
  model = zb_sidebar_get_model (zb_window_get_sidebar (window));
  selection = GTK_SELECTION_MODEL (model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);

      if (zb_indicator_item_get_indicator ((ZbIndicatorItem *) item) != NULL)
        {
          gtk_selection_model_select_item (selection, i, TRUE);
          break;
        }
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-chart", NULL);
  g_assert_true (zb_dataset_get_modified (zb_window_get_dataset (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_null (zb_window_get_last_error (window));
  g_assert_false (zb_dataset_get_modified (zb_window_get_dataset (window)));
  g_assert_false (g_str_has_prefix (zb_window_get_title_text (window), "• "));
  g_assert_true (g_file_get_contents (json, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"custom-1\""));

  zb_test_window_destroy (window);
  g_unlink (json);
  g_unlink (text);
  g_rmdir (reports);
  g_rmdir (dir);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A dataset dropped on the window opens as if chosen with Ctrl+O. */
static void
test_drop_file (void)
{
  ZbWindow *window = zb_test_window_new ();
  ZbDataset *before = zb_window_get_dataset (window);
  g_autofree char *path = zb_test_source_path ("data/china-national-2024.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  GSList *files = g_slist_append (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  if (!g_file_query_exists (file, NULL))
    {
      g_test_skip ("no national dataset");
      g_slist_free (files);
      zb_test_window_destroy (window);
      return;
    }
  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);

  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (zb_window_get_dataset (window) != before);
  g_assert_cmpstr (zb_dataset_get_delivered (zb_window_get_dataset (window)), ==, "2024-03-05");

  zb_test_window_destroy (window);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
destroyed_cb (GtkWidget *widget,
              gboolean  *destroyed)
{
  *destroyed = TRUE;
}

/* Closing with unsaved changes asks first; Cancel keeps the window, Discard closes it. */
static void
test_close_unsaved (void)
{
  ZbWindow *window = zb_test_window_new ();
  AdwMessageDialog *dialog;
  gboolean destroyed = FALSE;

  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  zb_dataset_set_modified (zb_window_get_dataset (window), TRUE);

  gtk_window_close (GTK_WINDOW (window));
  zb_test_wait (50);
  g_assert_false (destroyed);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  adw_message_dialog_response (dialog, "cancel");
  zb_test_wait (50);
  g_assert_false (destroyed);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_close (GTK_WINDOW (window));
  zb_test_wait (50);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  zb_test_wait (50);
  g_assert_true (destroyed);
}

/* The window size is kept in GSettings and the next window starts with it. */
static void
test_window_size_setting (void)
{
  ZbWindow *window = zb_test_window_new ();
  int width, height;
  g_autoptr (GSettings) settings = zb_settings_new ();

  if (settings == NULL)
    {
      g_test_skip ("the GSettings schema could not be compiled");
      zb_test_window_destroy (window);
      return;
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_close (GTK_WINDOW (window));
  zb_test_wait (50);
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  window = zb_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  zb_test_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add_func ("/files/broken-dataset", test_broken_dataset);
  g_test_add_func ("/files/hostile", test_hostile_files);
  g_test_add_func ("/files/import-report", test_import_report);
  g_test_add_func ("/files/save", test_save);
  g_test_add_func ("/files/close-unsaved", test_close_unsaved);
  g_test_add_func ("/files/drop-file", test_drop_file);
  g_test_add_func ("/files/window-size-setting", test_window_size_setting);

  return g_test_run ();
}
