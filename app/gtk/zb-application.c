#define G_LOG_DOMAIN "zb-application"

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "zb-application.h"
#include "zb-chart-view.h"
#include "zb-dataset.h"
#include "zb-indicator-item.h"
#include "zb-resources.h"
#include "zb-window.h"

struct _ZbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GThread        *preload;       /* loads the dataset to show while the display starts */
  char           *preload_path;  /* the file it loads, or will once the window is sure */
};

G_DEFINE_FINAL_TYPE (ZbApplication, zb_application, ADW_TYPE_APPLICATION)

void
zb_ensure_resources (void)
{
  (void) zb_get_resource ();
}

ZbTheme
zb_style_theme (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (adw_style_manager_get_high_contrast (manager))
    return ZB_THEME_CONTRAST;
  return adw_style_manager_get_dark (manager) ? ZB_THEME_DARK : ZB_THEME_LIGHT;
}

GSettings *
zb_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed; settings will not be kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

char *
zb_application_dup_default_dataset_path (void)
{
  const char *source = ZB_SOURCE_DATADIR "/wuhan-2024.json";

  if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return g_strdup (source);
  return g_strdup (PKGDATADIR "/wuhan-2024.json");
}

static void
apply_color_scheme (ZbApplication *self,
                    const char    *scheme)
{
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (scheme, "light") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

static void
color_scheme_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  ZbApplication *self = user_data;
  const char *scheme = g_variant_get_string (parameter, NULL);

  if (g_strcmp0 (scheme, "light") != 0 && g_strcmp0 (scheme, "dark") != 0)
    scheme = "follow";
  g_simple_action_set_state (action, g_variant_new_string (scheme));
  apply_color_scheme (self, scheme);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "color-scheme", scheme);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Zhibiao developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Zhibiao"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Explore the figures of a government work report, see the "
                                      "sentence each one comes from, and export the charts"),
                        "developer-name", _("The Zhibiao developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window gives it the chance to ask about unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

typedef struct
{
  ZbDataset    *dataset;   /* NULL if it failed to load */
  PangoFontMap *font_map;
} Preload;

/* Start-up runs slow things one after the other: connecting to the display, loading the dataset
 * (JSON, checksum and spans of the report) and, for the first text drawn, loading the fonts
 * (fontconfig, the CJK font's file and shaping tables). The last two do not need the display, so
 * they run on a thread meanwhile. Pango's default font map is one a thread: the thread lays the
 * first chart out on a font map of its own, which the main thread then takes as its default. */
static gpointer
preload_thread (gpointer data)
{
  const char *path = data;
  Preload *preload = g_new0 (Preload, 1);

  preload->font_map = pango_cairo_font_map_new ();
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (preload->font_map));
  preload->dataset = zb_dataset_load (path, NULL);
  if (preload->dataset != NULL)
    zb_chart_view_warm_fonts (preload->dataset, zb_lang_for_locale ());
  pango_cairo_font_map_set_default (NULL);
  return preload;
}

/* Called from startup, which GApplication runs only in the process that shows the window: not
 * for --help or a bad option (answered while parsing the command line), nor in a second instance
 * that hands its files to the first (g_application_get_is_remote). Before the display is opened,
 * so that loading overlaps it. */
static void
start_preload (ZbApplication *self)
{
  if (self->preload_path == NULL || self->preload != NULL
      || g_application_get_is_remote (G_APPLICATION (self)))
    return;
  self->preload = g_thread_new ("zb-preload", preload_thread, self->preload_path);
}

/* The preloaded dataset if it is the one of path (NULL: any), else NULL; either way the thread
 * is done with, and its font map is this thread's default from now on (before the first widget
 * asks for one). A failed preload gives NULL too: opening the file again shows the loader's
 * message. */
static ZbDataset *
join_preload (ZbApplication *self,
              const char    *path)
{
  GThread *thread = g_steal_pointer (&self->preload);
  g_autofree char *preload_path = g_steal_pointer (&self->preload_path);
  g_autofree Preload *preload = thread != NULL ? g_thread_join (thread) : NULL;
  g_autoptr (ZbDataset) dataset = NULL;

  if (preload == NULL)
    return NULL;
  dataset = preload->dataset;
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (preload->font_map));
  g_object_unref (preload->font_map);
  if (path != NULL && g_strcmp0 (path, preload_path) != 0)
    return NULL;
  return g_steal_pointer (&dataset);
}

/* The file the window will show, read from the command line before GApplication parses it, so
 * its loading can start before the display is opened: the last argument that is not an option
 * (several files open one after the other). Report texts are imported, not preloaded. */
static char *
dup_file_to_preload (char **argv)
{
  const char *last = NULL;
  gboolean options_done = FALSE;
  g_autoptr (GFile) file = NULL;
  g_autofree char *lower = NULL;

  for (int i = 1; argv[i] != NULL; i++)
    {
      if (!options_done && g_str_equal (argv[i], "--"))
        options_done = TRUE;
      else if (options_done || argv[i][0] != '-')
        last = argv[i];
    }
  if (last == NULL)
    return zb_application_dup_default_dataset_path ();

  lower = g_ascii_strdown (last, -1);
  if (!g_str_has_suffix (lower, ".json"))
    return NULL;
  file = g_file_new_for_commandline_arg (last);
  return g_file_get_path (file);
}

static ZbWindow *
ensure_window (ZbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (zb_window_new (GTK_APPLICATION (self)));
  return ZB_WINDOW (window);
}

static void
zb_application_activate (GApplication *app)
{
  ZbApplication *self = ZB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autofree char *path = zb_application_dup_default_dataset_path ();
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (ZbDataset) dataset = join_preload (self, path);
      ZbWindow *zb_window = ensure_window (self);

      gtk_window_present (GTK_WINDOW (zb_window));
      /* A failed preload loads again in the window, which then shows the loader's message. */
      if (dataset != NULL)
        zb_window_set_dataset (zb_window, dataset);
      else
        zb_window_open_file (zb_window, file);
      return;
    }
  gtk_window_present (window);
}

static void
zb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  ZbApplication *self = ZB_APPLICATION (app);
  g_autofree char *last_path = n_files > 0 ? g_file_get_path (files[n_files - 1]) : NULL;
  g_autoptr (ZbDataset) preloaded = join_preload (self, last_path != NULL ? last_path : "");
  ZbWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  /* One dataset a window: the last file named wins, as when opening them one by one. */
  for (int i = 0; i < n_files; i++)
    {
      if (i == n_files - 1 && preloaded != NULL)
        zb_window_open_loaded (window, files[i], preloaded);
      else
        zb_window_open_file (window, files[i]);
    }
}

static gboolean
zb_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  ZbApplication *self = ZB_APPLICATION (app);

  /* Read now, while the arguments are whole; loaded from startup, if a window is to come. */
  if (self->preload == NULL)
    {
      g_free (self->preload_path);
      self->preload_path = dup_file_to_preload (*arguments);
    }
  return G_APPLICATION_CLASS (zb_application_parent_class)->local_command_line (app, arguments,
                                                                              exit_status);
}

static const GActionEntry app_entries[] = {
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
  { .name = "color-scheme", .parameter_type = "s", .state = "'follow'",
    .activate = color_scheme_action },
};

#define ZB_GL_RENDERER 0x1F01  /* GL_RENDERER */

/* Whether OpenGL is drawn by the CPU (Mesa's llvmpipe or softpipe: a virtual machine, a remote
 * or virtual X server). glGetString comes from libepoxy, which GTK has loaded: looked up rather
 * than linked, as this program does not link OpenGL itself. */
static gboolean
gl_is_software (GdkDisplay *display)
{
  const unsigned char *(**get_string) (unsigned int name) = NULL;
  g_autoptr (GdkGLContext) context = NULL;
  const char *renderer = NULL;

  if (!gdk_display_prepare_gl (display, NULL))
    return FALSE;
  get_string = dlsym (RTLD_DEFAULT, "epoxy_glGetString");
  context = gdk_display_create_gl_context (display, NULL);
  if (get_string == NULL || *get_string == NULL || context == NULL
      || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  renderer = (const char *) (*get_string) (ZB_GL_RENDERER);
  g_debug ("OpenGL renderer: %s", renderer);
  gdk_gl_context_clear_current ();
  return renderer != NULL && (strstr (renderer, "llvmpipe") != NULL
                              || strstr (renderer, "softpipe") != NULL
                              || strstr (renderer, "Software Rasterizer") != NULL);
}

/* GTK 4.8 draws with OpenGL wherever it works, a software rasteriser included; there the first
 * frame costs ~160 ms more than with cairo (shaders to compile, and every OpenGL frame is
 * rasterised on the CPU). GTK itself prefers cairo over llvmpipe since 4.14; the same choice
 * here, through the display's renderer hint (GtkInspector's way). GSK_RENDERER, when set, still
 * decides. */
static void
choose_renderer (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  const char *asked = g_getenv ("GSK_RENDERER");

  if (display == NULL || (asked != NULL && *asked != '\0')
      || g_object_get_data (G_OBJECT (display), "gsk-renderer") != NULL)
    return;
  if (gl_is_software (display))
    g_object_set_data_full (G_OBJECT (display), "gsk-renderer", g_strdup ("cairo"), g_free);
}

static void
zb_application_startup (GApplication *app)
{
  ZbApplication *self = ZB_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.import", { "<Control><Shift>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.toggle-report", { "F9", NULL } },
    { "win.show-in-report", { "<Control>r", NULL } },
    { "win.present", { "F5", NULL } },
    { "win.present-from-chart", { "<Shift>F5", NULL } },
    { "win.add-to-briefing", { "<Control>b", NULL } },
    { "win.copy-citation", { "<Control><Shift>c", NULL } },
    /* What GtkApplication gives its help overlay, which the window now builds itself. */
    { "win.show-help-overlay", { "<Control>F1", "<Control>question" } },
  };
  g_autofree char *scheme = NULL;

  start_preload (self);
  G_APPLICATION_CLASS (zb_application_parent_class)->startup (app);
  choose_renderer ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = zb_settings_new ();
  if (self->settings != NULL)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (app), "color-scheme");

      scheme = g_settings_get_string (self->settings, "color-scheme");
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (scheme));
      apply_color_scheme (self, scheme);
    }
}

static void
zb_application_dispose (GObject *object)
{
  ZbApplication *self = ZB_APPLICATION (object);
  g_autoptr (ZbDataset) unused = join_preload (self, NULL);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (zb_application_parent_class)->dispose (object);
}

static void
zb_application_class_init (ZbApplicationClass *klass)
{
  zb_ensure_resources ();
  G_OBJECT_CLASS (klass)->dispose = zb_application_dispose;
  G_APPLICATION_CLASS (klass)->local_command_line = zb_application_local_command_line;
  G_APPLICATION_CLASS (klass)->activate = zb_application_activate;
  G_APPLICATION_CLASS (klass)->open = zb_application_open;
  G_APPLICATION_CLASS (klass)->startup = zb_application_startup;
}

static void
zb_application_init (ZbApplication *self)
{
}

ZbApplication *
zb_application_new (void)
{
  return g_object_new (ZB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/zhibiao/Zhibiao",
                       NULL);
}
