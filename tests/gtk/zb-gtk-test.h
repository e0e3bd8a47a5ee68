/* zb-gtk-test.h: what every widget test shares: a private GSettings schema, a display, the
 * Wuhan dataset in a window, and waiting for the main loop. */
#pragma once

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zb-application.h"
#include "zb-error.h"
#include "zb-report.h"
#include "zb-test-files.h"
#include "zb-window.h"

static inline char *
zb_test_source_path (const char *relative)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

/* The temporary folders zb_test_init () made, removed when the test program exits. */
static char *zb_test_tmp_dirs[2];

static inline void
zb_test_remove_tmp_dirs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (zb_test_tmp_dirs); i++)
    if (zb_test_tmp_dirs[i] != NULL)
      zb_test_remove_tree (zb_test_tmp_dirs[i]);
}

/* Compiles the schema of the source tree into a temporary folder, so settings are exercised
 * without installing anything (GSETTINGS_BACKEND=memory keeps them out of the user's). */
static inline void
zb_test_init (int    *argc,
              char ***argv)
{
  char *schema_dir = zb_test_tmp_dirs[0] = g_dir_make_tmp ("zb-schemas-XXXXXX", NULL);
  g_autofree char *data_dir = zb_test_source_path ("data");
  g_autofree char *command = g_strdup_printf ("glib-compile-schemas --targetdir=%s %s",
                                              schema_dir, data_dir);
  int status = -1;

  if (schema_dir != NULL && g_spawn_command_line_sync (command, NULL, NULL, &status, NULL)
      && status == 0)
    g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Recent files go to a throw-away folder, not to the user's list. */
  zb_test_tmp_dirs[1] = g_dir_make_tmp ("zb-data-home-XXXXXX", NULL);
  if (zb_test_tmp_dirs[1] != NULL)
    g_setenv ("XDG_DATA_HOME", zb_test_tmp_dirs[1], TRUE);
  atexit (zb_test_remove_tmp_dirs);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  zb_ensure_resources ();

  /* What AdwApplication does for the app: the bundled style sheet. */
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/zhibiao/Zhibiao/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

static gboolean
zb_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for ms milliseconds, so layout, drawing and idle work happen. */
static inline void
zb_test_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, zb_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until nothing is left to do, such as the sidebar's idle growth (slow
 * builds, such as the sanitizers', take a while). */
static inline void
zb_test_wait_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_main_context_pending (NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* The first widget of type in widget's tree, depth first. */
static inline GtkWidget *
zb_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = zb_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A window showing the Wuhan dataset, presented and drawn. */
static inline ZbWindow *
zb_test_window_new (void)
{
  g_autofree char *path = zb_test_source_path ("data/wuhan-2024.json");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  ZbWindow *window = zb_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  g_assert_true (zb_window_open_file (window, file));
  gtk_window_present (GTK_WINDOW (window));
  zb_test_wait (300);
  return window;
}

static inline void
zb_test_window_destroy (ZbWindow *window)
{
  /* Closing would ask about unsaved changes; a test throws them away. */
  gtk_window_destroy (GTK_WINDOW (window));
  zb_test_wait (50);
}

/* Byte offset of needle in the report text of the window's dataset. */
static inline gsize
zb_test_report_offset (ZbWindow   *window,
                       const char *needle)
{
  ZbReport *report = zb_dataset_get_report (zb_window_get_dataset (window));
  gsize len;
  const char *text = zb_report_get_text (report, &len);
  const char *hit = strstr (text, needle);

  g_assert_nonnull (hit);
  return hit - text;
}
