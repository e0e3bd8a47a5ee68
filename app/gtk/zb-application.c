#define G_LOG_DOMAIN "zb-application"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-application.h"

struct _ZbApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (ZbApplication, zb_application, ADW_TYPE_APPLICATION)

static void
zb_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
      gtk_window_set_title (window, _("Zhibiao"));
      gtk_window_set_default_size (window, 1200, 800);
    }
  gtk_window_present (window);
}

static void
zb_application_class_init (ZbApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = zb_application_activate;
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
