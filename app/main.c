#define G_LOG_DOMAIN "zhibiao"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "zb-cli.h"

#if ZB_HAVE_GUI
#include "zb-application.h"
#endif

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Subcommands run before any display is opened, so they work on headless machines. */
  status = zb_cli_run (argc, argv);
  if (status >= 0)
    return status;

#if ZB_HAVE_GUI
  {
    g_autoptr (ZbApplication) app = zb_application_new ();
    return g_application_run (G_APPLICATION (app), argc, argv);
  }
#else
  g_printerr ("%s\n", _("This build of zhibiao has no window; use a subcommand (zhibiao help)."));
  return 2;
#endif
}
