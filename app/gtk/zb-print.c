#define G_LOG_DOMAIN "zb-print"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-print.h"

typedef struct
{
  ZbDataset         *dataset;
  const ZbChartSpec *chart;
  ZbLang             lang;
} PrintJob;

static void
print_job_free (gpointer  data,
                GClosure *closure)
{
  PrintJob *job = data;

  g_clear_object (&job->dataset);
  g_free (job);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  g_autoptr (ZbChartLayout) layout = NULL;
  g_autoptr (GError) error = NULL;
  ZbRenderOptions options;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  zb_render_options_init (&options);
  options.width = gtk_print_context_get_width (context);
  options.height = gtk_print_context_get_height (context);
  /* A landscape chart on a portrait page: keep the chart's proportions, top of the page. */
  options.height = MIN (options.height, options.width * 0.75);
  options.lang = job->lang;
  options.theme = ZB_THEME_LIGHT;
  options.source_footer = TRUE;

  layout = zb_chart_layout_new (job->dataset, job->chart, &options, &error);
  if (layout == NULL)
    {
      g_debug ("Cannot lay out the chart for printing: %s", error->message);
      return;
    }
  zb_chart_layout_render (layout, cr);
}

GtkPrintOperation *
zb_print_operation_new (ZbDataset         *dataset,
                        const ZbChartSpec *chart,
                        ZbLang             lang)
{
  GtkPrintOperation *operation;
  PrintJob *job;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  job = g_new0 (PrintJob, 1);
  job->dataset = g_object_ref (dataset);
  job->chart = chart;
  job->lang = lang;

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, chart->id);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), job,
                         print_job_free, 0);
  return operation;
}

gboolean
zb_print_chart (GtkWindow         *parent,
                ZbDataset         *dataset,
                const ZbChartSpec *chart,
                ZbLang             lang,
                GError           **error)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (chart != NULL, FALSE);

  operation = zb_print_operation_new (dataset, chart, lang);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                                    error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
