#define G_LOG_DOMAIN "test-export-dialog"

#include <glib/gstdio.h>

#include "zb-gtk-test.h"
#include "zb-export-dialog.h"
#include "zb-print.h"

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
exported_cb (ZbExportDialog *dialog,
             GFile          *file,
             GFile         **out)
{
  g_set_object (out, file);
}

static ZbExportDialog *
open_export_dialog (ZbWindow *window)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = zb_window_get_export_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (ZB_IS_EXPORT_DIALOG (dialog));
  zb_test_wait (100);  /* the live preview draws */
  return ZB_EXPORT_DIALOG (dialog);
}

/* Ctrl+E's action, then the dialog's export with a slide-sized PNG at 2×. */
static void
test_export_png (void)
{
  ZbWindow *window = zb_test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("zb-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "gdp.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) exported = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  ZbExportDialog *dialog;
  gsize len;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  dialog = open_export_dialog (window);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);

  zb_export_dialog_set_format (dialog, "png");
  zb_export_dialog_set_size (dialog, "slide");
  name = zb_export_dialog_dup_file_name (dialog);
  g_assert_cmpstr (name, ==, "gdp-growth-quarterly.png");

  g_assert_true (zb_export_dialog_export_to_file (dialog, file, &error));
  g_assert_no_error (error);
  g_assert_nonnull (exported);
  g_assert_true (g_file_equal (exported, file));

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  /* IHDR: width and height at the slide preset, scale 1 by default. */
  g_assert_cmpuint (read_be32 ((const guint8 *) data + 16), ==, 1920);
  g_assert_cmpuint (read_be32 ((const guint8 *) data + 20), ==, 1080);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (zb_window_get_export_dialog (window));
  g_unlink (path);
  g_rmdir (dir);
  zb_test_window_destroy (window);
}

static void
test_export_pdf_and_csv (void)
{
  ZbWindow *window = zb_test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("zb-export-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "gdp.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "gdp.csv", NULL);
  g_autoptr (GFile) pdf_file = g_file_new_for_path (pdf);
  g_autoptr (GFile) csv_file = g_file_new_for_path (csv);
  g_autofree char *data = NULL;
  ZbExportDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart", "s", "gdp-growth-quarterly");
  dialog = open_export_dialog (window);

  zb_export_dialog_set_format (dialog, "pdf");
  zb_export_dialog_set_size (dialog, "a4-landscape");
  g_assert_true (zb_export_dialog_export_to_file (dialog, pdf_file, NULL));
  g_assert_true (g_file_get_contents (pdf, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_clear_pointer (&data, g_free);

  zb_export_dialog_set_format (dialog, "csv");
  g_assert_cmpstr (zb_export_dialog_get_format (dialog), ==, "csv");
  g_assert_true (zb_export_dialog_export_to_file (dialog, csv_file, NULL));
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "4.5"));
  g_assert_nonnull (strstr (data, "经济增速逐季回升"));

  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The next export starts from the last one's format and folder (GSettings). */
  {
    g_autoptr (GSettings) settings = zb_settings_new ();

    if (settings != NULL)
      {
        g_autofree char *folder = g_settings_get_string (settings, "last-export-folder");

        dialog = open_export_dialog (window);
        g_assert_cmpstr (zb_export_dialog_get_format (dialog), ==, "csv");
        g_assert_cmpstr (folder, ==, dir);
        gtk_window_destroy (GTK_WINDOW (dialog));
      }
  }
  g_unlink (pdf);
  g_unlink (csv);
  g_rmdir (dir);
  zb_test_window_destroy (window);
}

/* A folder that does not exist: a clear error, no file, and the dialog stays usable. */
static void
test_export_failure (void)
{
  ZbWindow *window = zb_test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("zb-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "missing", "gdp.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  ZbExportDialog *dialog = open_export_dialog (window);

  g_assert_false (zb_export_dialog_export_to_file (dialog, file, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_rmdir (dir);
  zb_test_window_destroy (window);
}

/* Ctrl+P's print operation, sent to a PDF file instead of a printer. */
static void
test_print_to_pdf (void)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autofree char *dir = g_dir_make_tmp ("zb-print-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "print.pdf", NULL);
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, NULL);
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_nonnull (dataset);
  operation = zb_print_operation_new (dataset, zb_dataset_lookup_chart (dataset, "gdp-growth-quarterly"),
                                      ZB_LANG_ZH);
  gtk_print_operation_set_export_filename (operation, pdf);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_cmpuint (len, >, 2000);

  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  zb_test_init (&argc, &argv);

  g_test_add_func ("/export-dialog/png", test_export_png);
  g_test_add_func ("/export-dialog/pdf-and-csv", test_export_pdf_and_csv);
  g_test_add_func ("/export-dialog/failure", test_export_failure);
  g_test_add_func ("/export-dialog/print-to-pdf", test_print_to_pdf);

  return g_test_run ();
}
