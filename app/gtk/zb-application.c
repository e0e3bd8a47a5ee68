#define G_LOG_DOMAIN "zb-application"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "zb-application.h"
#include "zb-dataset.h"
#include "zb-resources.h"
#include "zb-window.h"

struct _ZbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GThread        *preload;  /* loads the default dataset while the display starts */
};

G_DEFINE_FINAL_TYPE (ZbApplication, zb_application, ADW_TYPE_APPLICATION)

void
zb_ensure_resources (void)
{
  (void) zb_get_resource ();
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

/* Start-up runs two slow things one after the other: connecting to the display and loading the
 * dataset (JSON, checksum and spans of the report). The dataset does not need the display, so it
 * loads on a thread meanwhile; fontconfig's set-up, shared by every thread, is done there too. */
static gpointer
preload_thread (gpointer data)
{
  g_autofree char *path = data;
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  PangoLanguage *zh = pango_language_from_string ("zh-cn");
  PangoFontset *fontset;

  pango_context_set_language (context, zh);
  fontset = pango_font_map_load_fontset (font_map, context, font, zh);
  g_clear_object (&fontset);
  pango_font_description_free (font);
  g_object_unref (context);
  g_object_unref (font_map);

  return zb_dataset_load (path, NULL);
}

static ZbDataset *
join_preload (ZbApplication *self)
{
  GThread *thread = g_steal_pointer (&self->preload);

  return thread != NULL ? g_thread_join (thread) : NULL;
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
      g_autoptr (ZbDataset) dataset = join_preload (self);
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
  ZbWindow *window = ensure_window (ZB_APPLICATION (app));
  g_autoptr (ZbDataset) unused = join_preload (ZB_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  /* One dataset a window: the last file named wins, as when opening them one by one. */
  for (int i = 0; i < n_files; i++)
    zb_window_open_file (window, files[i]);
}

static const GActionEntry app_entries[] = {
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
  { .name = "color-scheme", .parameter_type = "s", .state = "'follow'",
    .activate = color_scheme_action },
};

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
  };
  g_autofree char *scheme = NULL;

  G_APPLICATION_CLASS (zb_application_parent_class)->startup (app);

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
  g_autoptr (ZbDataset) unused = join_preload (self);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (zb_application_parent_class)->dispose (object);
}

static void
zb_application_class_init (ZbApplicationClass *klass)
{
  zb_ensure_resources ();
  G_OBJECT_CLASS (klass)->dispose = zb_application_dispose;
  G_APPLICATION_CLASS (klass)->activate = zb_application_activate;
  G_APPLICATION_CLASS (klass)->open = zb_application_open;
  G_APPLICATION_CLASS (klass)->startup = zb_application_startup;
}

static void
zb_application_init (ZbApplication *self)
{
  self->preload = g_thread_new ("zb-preload", preload_thread, zb_application_dup_default_dataset_path ());
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
