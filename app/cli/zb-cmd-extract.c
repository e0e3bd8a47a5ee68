#define G_LOG_DOMAIN "zb-cmd-extract"

#include "config.h"

#include "zb-cli.h"
#include "zb-dataset.h"
#include "zb-extractor.h"
#include "zb-report.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>

int
zb_cmd_extract (int    argc,
                char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *output = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the dataset to FILE instead of standard output"), N_("FILE") },
    { NULL },
  };

  if (!zb_cli_parse_options ("extract", _("REPORT.txt"),
                             _("Writes a Zhibiao dataset (JSON) with one observation for every "
                               "figure of the report and an exclusion for every other number."),
                             entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    {
      g_printerr ("zhibiao extract: %s\n",
                  _("give exactly one report text, e.g. “zhibiao extract report.txt -o report.json”"));
      return 2;
    }

  report = zb_report_new_from_file (argv[1], &error);
  if (report == NULL)
    {
      zb_cli_print_error ("extract", error);
      return 1;
    }

  /* The report as typed; zb_dataset_save makes it relative to the output's folder. */
  dataset = zb_extract (report, NULL, &error);
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
