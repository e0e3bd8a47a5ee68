#define G_LOG_DOMAIN "zb-csv"

#include "config.h"

#include "zb-csv.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zb-chart.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-units.h"

static const char *const columns[] = {
  "chart", "indicator", "name", "period", "cumulative", "value", "unit", "status", "qualifiers",
  "source_start", "source_end", "source_text", "source",
};

void
zb_csv_append_field (GString    *out,
                     const char *field)
{
  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The shortest exact form without thousands separators: a spreadsheet reads "2,198" as text. */
static char *
plain_number (double value)
{
  g_autofree char *digits = zb_format_number (value, -1, ZB_LANG_EN);
  GString *clean = g_string_new (NULL);

  for (const char *p = digits; *p != '\0'; p++)
    if (*p != ',')
      g_string_append_c (clean, *p);
  return g_string_free (clean, FALSE);
}

static void
append_row (GString             *out,
            ZbDataset           *dataset,
            const char          *chart_id,
            const ZbObservation *obs,
            ZbLang               lang)
{
  ZbIndicator *indicator = obs->indicator;
  g_autofree char *value = plain_number (obs->value);
  g_autofree char *qualifiers = g_strjoinv (" ", obs->qualifiers != NULL ? obs->qualifiers : (char *[]) { NULL });
  g_autofree char *source = zb_chart_observation_dup_source (dataset, obs);
  g_autofree char *start = obs->src_text != NULL ? g_strdup_printf ("%" G_GSIZE_FORMAT, obs->src_start) : NULL;
  g_autofree char *end = obs->src_text != NULL ? g_strdup_printf ("%" G_GSIZE_FORMAT, obs->src_end) : NULL;
  const char *fields[G_N_ELEMENTS (columns)];

  fields[0] = chart_id;
  fields[1] = indicator != NULL ? indicator->id : "";
  fields[2] = indicator != NULL ? zb_text_get (&indicator->name, lang) : "";
  fields[3] = obs->period;
  fields[4] = obs->cumulative ? "true" : "false";
  fields[5] = value;
  fields[6] = indicator != NULL ? indicator->unit : "";
  fields[7] = zb_status_to_string (obs->status);
  fields[8] = qualifiers;
  fields[9] = start;
  fields[10] = end;
  fields[11] = obs->src_text;
  fields[12] = source;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      zb_csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

GBytes *
zb_csv_chart_to_bytes (ZbDataset         *dataset,
                       const ZbChartSpec *spec,
                       ZbLang             lang,
                       GError           **error)
{
  GString *out;
  guint rows = 0;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_new ("\xef\xbb\xbf");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, columns[i]);
    }
  g_string_append (out, "\r\n");

  for (guint s = 0; spec->series != NULL && s < spec->series->len; s++)
    {
      ZbSeriesRef *ref = g_ptr_array_index (spec->series, s);
      ZbIndicator *indicator = zb_dataset_lookup_indicator (dataset, ref->indicator);
      g_autoptr (GPtrArray) obs = NULL;

      if (indicator == NULL)
        {
          g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE,
                       _("Chart “%s” names the indicator “%s”, which is not in the dataset"),
                       spec->id != NULL ? spec->id : "", ref->indicator != NULL ? ref->indicator : "");
          g_string_free (out, TRUE);
          return NULL;
        }
      obs = zb_chart_series_dup_observations (indicator, ref);
      for (guint j = 0; j < obs->len; j++, rows++)
        append_row (out, dataset, spec->id != NULL ? spec->id : "", g_ptr_array_index (obs, j), lang);
    }

  if (rows == 0)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_EMPTY, _("Chart “%s” has no values to export"),
                   spec->id != NULL ? spec->id : "");
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free_to_bytes (out);
}
