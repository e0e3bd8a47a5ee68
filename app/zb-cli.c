#define G_LOG_DOMAIN "zb-cli"

#include "config.h"

#include "zb-cli.h"

#include <glib/gi18n.h>
#include <string.h>

typedef int (*ZbCommandFunc) (int argc, char **argv);

typedef struct
{
  const char   *name;
  ZbCommandFunc func;
  const char   *summary;
} ZbCommand;

/* Weak so that a build without a subcommand's module still links; the library is linked whole. */
#define ZB_WEAK __attribute__ ((weak))
ZB_WEAK int zb_cmd_extract (int argc, char **argv);
ZB_WEAK int zb_cmd_validate (int argc, char **argv);
ZB_WEAK int zb_cmd_list (int argc, char **argv);
ZB_WEAK int zb_cmd_export (int argc, char **argv);

static const ZbCommand commands[] = {
  { "export", zb_cmd_export, N_("Draw charts or a briefing to PNG, PDF, SVG or CSV") },
  { "extract", zb_cmd_extract, N_("Find every figure of a report's plain text and write a dataset") },
  { "list", zb_cmd_list, N_("List a dataset's indicators and charts") },
  { "validate", zb_cmd_validate, N_("Check a dataset and its report text") },
};

void
zb_cli_print_error (const char   *subcommand,
                    const GError *error)
{
  g_printerr ("zhibiao %s: %s\n", subcommand, error->message);
}

gboolean
zb_cli_parse_options (const char   *name,
                      const char   *parameter,
                      const char   *summary,
                      GOptionEntry *entries,
                      int          *argc,
                      char       ***argv,
                      int          *status)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameter);
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("zhibiao %s", name);

  /* --help's usage line names the program; argv[0] is only the subcommand. */
  g_set_prgname (prgname);

  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("zhibiao %s: %s (see “zhibiao %s --help”)\n", name, error->message, name);
      *status = 2;
      return FALSE;
    }
  return TRUE;
}

static void
print_usage (void)
{
  g_print ("%s\n", _("Usage: zhibiao [FILE.json]\n       zhibiao COMMAND [OPTIONS…]"));
  g_print ("\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “zhibiao COMMAND --help” for a command's options."));
}

int
zb_cli_run (int    argc,
            char **argv)
{
  if (argc < 2)
    return -1;

  if (strcmp (argv[1], "help") == 0)
    {
      print_usage ();
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) != 0)
        continue;
      if (commands[i].func == NULL)
        {
          g_printerr ("zhibiao %s: %s\n", commands[i].name, _("not available in this build"));
          return 2;
        }
      return commands[i].func (argc - 1, argv + 1);
    }

  return -1;
}
