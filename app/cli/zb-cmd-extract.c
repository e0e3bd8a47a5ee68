#define G_LOG_DOMAIN "zb-cmd-extract"

#include "config.h"

#include "zb-cli.h"
#include "zb-dataset.h"
#include "zb-extractor.h"
#include "zb-report.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>

/* The report's path as the dataset should name it: relative to the folder the dataset is
 * written to when the report lies under it or beside it, so that the pair can be moved. */
static char *
text_path_for (const char *report_path,
               const char *output_path)
{
  g_autoptr (GFile) report = g_file_new_for_path (report_path);
  g_autoptr (GFile) out_dir = NULL;
  g_autofree char *relative = NULL;

  if (output_path == NULL)
    {
      g_autofree char *cwd = g_get_current_dir ();
      out_dir = g_file_new_for_path (cwd);
    }
  else
    {
      g_autoptr (GFile) out = g_file_new_for_path (output_path);
      out_dir = g_file_get_parent (out);
    }

  relative = out_dir != NULL ? g_file_get_relative_path (out_dir, report) : NULL;
  if (relative != NULL)
    return g_steal_pointer (&relative);
  return g_file_get_path (report);
}

int
zb_cmd_extract (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text_path = NULL;
  g_auto (GStrv) files = NULL;
  g_auto (GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the dataset to FILE instead of standard output"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL },
  };

  context = g_option_context_new (_("REPORT.txt"));
  g_option_context_set_summary (context,
                                _("Writes a Zhibiao dataset (JSON) with one observation for every "
                                  "figure of the report and an exclusion for every other number."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  /* The usage line names the command as it is typed: "zhibiao extract". */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("zhibiao extract");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      zb_cli_print_error ("extract", error);
      return 2;
    }
  if (files == NULL || g_strv_length (files) != 1)
    {
      g_printerr ("zhibiao extract: %s\n",
                  _("give exactly one report text, e.g. “zhibiao extract report.txt -o report.json”"));
      return 2;
    }

  report = zb_report_new_from_file (files[0], &error);
  if (report == NULL)
    {
      zb_cli_print_error ("extract", error);
      return 1;
    }

  text_path = text_path_for (files[0], output);
  dataset = zb_extract (report, text_path, &error);
  if (dataset == NULL)
    {
      zb_cli_print_error ("extract", error);
      return 1;
    }

  if (output != NULL)
    {
      if (!zb_dataset_save (dataset, output, &error))
        {
          zb_cli_print_error ("extract", error);
          return 1;
        }
    }
  else
    {
      gsize len = 0;
      g_autofree char *data = zb_dataset_to_data (dataset, &len);

      if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("cannot write the dataset to standard output"));
          zb_cli_print_error ("extract", error);
          return 1;
        }
    }
  return 0;
}
