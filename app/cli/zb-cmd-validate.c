/* zb-cmd-validate.c: `zhibiao validate FILE…` and `zhibiao list FILE`. */
#define G_LOG_DOMAIN "zb-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-cli.h"
#include "zb-dataset.h"
#include "zb-units.h"

static guint
count_observations (ZbDataset *dataset)
{
  guint n = 0;

  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    n += zb_dataset_get_indicator (dataset, i)->observations->len;
  return n;
}

/* "12 indicators, 30 observations, 40 exclusions, 3 charts": the same words for both commands. */
static char *
dup_summary (ZbDataset *dataset)
{
  return g_strdup_printf (_("%u indicators, %u observations, %u exclusions, %u charts"),
                          zb_dataset_get_n_indicators (dataset), count_observations (dataset),
                          zb_dataset_get_n_exclusions (dataset), zb_dataset_get_n_charts (dataset));
}

int
zb_cmd_validate (int    argc,
                 char **argv)
{
  int status = 0;

  if (!zb_cli_parse_options ("validate", _("FILE…"),
                      _("Check datasets: their JSON, every value, every source span against the "
                        "report text, and every reference between charts and indicators."),
                      NULL, &argc, &argv, &status))
    return status;
  if (argc < 2)
    {
      g_printerr ("zhibiao validate: %s\n", _("no dataset given; usage: zhibiao validate FILE…"));
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ZbDataset) dataset = zb_dataset_load (argv[i], &error);
      g_autofree char *summary = NULL;

      if (dataset == NULL)
        {
          zb_cli_print_error ("validate", error);
          status = 1;
          continue;
        }
      summary = dup_summary (dataset);
      g_print (_("%s: ok (%s)\n"), argv[i], summary);
    }
  return status;
}

static void
append_observation (GString             *line,
                    const ZbObservation *observation,
                    const char          *unit,
                    ZbLang               lang)
{
  g_autofree char *value = zb_format_value (observation->value, unit, lang);

  g_string_append_printf (line, "%s %s %s", observation->period, value,
                          zb_status_to_string (observation->status));
  if (observation->cumulative)
    g_string_append (line, " cumulative");
  if (observation->qualifiers[0] != NULL)
    {
      g_autofree char *qualifiers = g_strjoinv (" ", observation->qualifiers);

      g_string_append_printf (line, " (%s)", qualifiers);
    }
}

static void
print_indicator (ZbIndicator *indicator,
                 ZbLang       lang)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%s\t%s\t", indicator->id, zb_text_get (&indicator->name, lang));
  for (guint i = 0; i < indicator->observations->len; i++)
    {
      if (i > 0)
        g_string_append (line, "; ");
      append_observation (line, g_ptr_array_index (indicator->observations, i), indicator->unit,
                          lang);
    }
  g_print ("%s\n", line->str);
}

static void
append_series (GString    *line,
               const char *indicator,
               const char *period,
               gboolean    has_status,
               ZbStatus    status)
{
  g_string_append (line, indicator);
  if (period != NULL)
    g_string_append_printf (line, " %s", period);
  if (has_status)
    g_string_append_printf (line, " %s", zb_status_to_string (status));
}

static void
print_chart (ZbChartSpec *chart,
             ZbLang       lang)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_append_printf (line, "chart %s\t%s\t%s\t", chart->id,
                          zb_chart_type_to_string (chart->type), zb_text_get (&chart->title, lang));
  for (guint i = 0; i < chart->series->len; i++)
    {
      ZbSeriesRef *ref = g_ptr_array_index (chart->series, i);

      if (i > 0)
        g_string_append (line, ", ");
      append_series (line, ref->indicator, ref->period, ref->has_status, ref->status);
    }
  for (guint i = 0; i < chart->references->len; i++)
    {
      ZbReference *ref = g_ptr_array_index (chart->references, i);

      g_string_append (line, i == 0 ? "; reference " : ", ");
      append_series (line, ref->indicator, ref->period, ref->has_status, ref->status);
    }
  g_print ("%s\n", line->str);
}

int
zb_cmd_list (int    argc,
             char **argv)
{
  g_autofree char *lang_name = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *summary = NULL;
  ZbLang lang = ZB_LANG_ZH;
  int status = 0;
  GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_name, N_("Labels in zh (default) or en"),
      "zh|en" },
    { NULL },
  };

  if (!zb_cli_parse_options ("list", _("FILE"),
                      _("List a dataset's indicators, one a line with every observation, then its "
                        "charts and briefings."),
                      entries, &argc, &argv, &status))
    return status;
  if (lang_name != NULL && !zb_lang_from_string (lang_name, &lang))
    {
      g_printerr ("zhibiao list: %s\n", _("--lang must be zh or en"));
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("zhibiao list: %s\n", _("expected one dataset; usage: zhibiao list FILE"));
      return 2;
    }

  dataset = zb_dataset_load (argv[1], &error);
  if (dataset == NULL)
    {
      zb_cli_print_error ("list", error);
      return 1;
    }

  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    print_indicator (zb_dataset_get_indicator (dataset, i), lang);
  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    print_chart (zb_dataset_get_chart (dataset, i), lang);
  for (guint i = 0; i < zb_dataset_get_n_briefings (dataset); i++)
    {
      ZbBriefing *briefing = zb_dataset_get_briefing (dataset, i);

      g_print ("briefing %s\t%s\t%u slides\n", briefing->id, zb_text_get (&briefing->title, lang),
               briefing->slides->len);
    }
  summary = dup_summary (dataset);
  g_print ("%s: %s, %u briefings\n", argv[1], summary, zb_dataset_get_n_briefings (dataset));
  return 0;
}
