/* zb-cmd-export.c: `zhibiao export`, charts and briefings to files without a display. */
#define G_LOG_DOMAIN "zb-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "zb-chart.h"
#include "zb-cli.h"
#include "zb-slide.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-export.h"
#include "zb-face-hint.h"
#include "zb-font-config.h"
#include "zb-table.h"

#define DATASET_NAME "wuhan-2024.json"

/* The Wuhan dataset of the source tree when run from it, else the installed one. */
static char *
default_dataset (void)
{
  g_autofree char *source = g_build_filename (ZB_SOURCE_DATADIR, DATASET_NAME, NULL);

  if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&source);
  return g_build_filename (PKGDATADIR, DATASET_NAME, NULL);
}

typedef struct
{
  char      *path;
  gboolean   table;
  ZbDataset *dataset;
  GError    *error;
} LoadData;

static gpointer
load_thread (gpointer user_data)
{
  LoadData *data = user_data;

  if (data->table)
    data->dataset = zb_table_load (data->path, &data->error);
  else
    data->dataset = zb_dataset_load (data->path, &data->error);
  return NULL;
}

/* Loads the dataset (or table) in a thread while this one loads the fonts: the two take about
 * as long as each other, and a chart needs both. */
static ZbDataset *
load_with_fonts (const char *path,
                 gboolean    table,
                 ZbLang      lang,
                 GError    **error)
{
  LoadData data = { (char *) path, table, NULL, NULL };
  GThread *thread = g_thread_new ("zb-load", load_thread, &data);
  /* Opening last run's faces needs no fontconfig: it starts first. */
  ZbFaceHint *hint = zb_face_hint_start ();

  /* Before any font is chosen, so that fontconfig does not read its whole configuration: a
   * process that only draws charts needs a few lines of it (zb-font-config.h). */
  zb_font_config_use_chart_config ();
  zb_chart_prepare_fonts (lang, hint);
  g_thread_join (thread);
  if (data.error != NULL)
    g_propagate_error (error, data.error);
  return data.dataset;
}

static int
usage_error (const char *message)
{
  g_printerr ("zhibiao export: %s\n", message);
  g_printerr ("%s\n", _("Run “zhibiao export --help” for the options."));
  return 2;
}

static int
user_error (const GError *error)
{
  zb_cli_print_error ("export", error);
  return 1;
}

/* What an export drew with is left for the system to reclaim when the process ends, a moment
 * later: freeing a hundred slides' layouts took over a millisecond. Held here until then, where
 * leak checkers see it reachable. */
static GPtrArray *kept_until_exit;

static void
keep_until_exit (gpointer object)
{
  if (kept_until_exit == NULL)
    kept_until_exit = g_ptr_array_new ();
  g_ptr_array_add (kept_until_exit, object);
}

/* The same slides the presentation shows (zb-slide): a 16:9 PDF, or a folder of numbered PNGs at
 * the size asked (1920×1080 unless told otherwise). */
static gboolean
export_briefing (ZbDataset             *dataset,
                 const char            *briefing_id,
                 ZbExportFormat         format,
                 const ZbRenderOptions *options,
                 gboolean               notes,
                 const char            *output,
                 GError               **error)
{
  ZbBriefing *briefing = zb_dataset_lookup_briefing (dataset, briefing_id);
  g_autoptr (ZbSlideDeck) deck = NULL;
  gboolean ok;

  if (briefing == NULL)
    {
      g_autoptr (GString) ids = g_string_new (NULL);

      for (guint i = 0; i < zb_dataset_get_n_briefings (dataset); i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", zb_dataset_get_briefing (dataset, i)->id);
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_UNKNOWN_CHART,
                   _("The dataset has no briefing “%s” (its briefings: %s)"), briefing_id,
                   ids->len > 0 ? ids->str : _("none"));
      return FALSE;
    }
  /* A PDF's slides are laid out on two threads (zb-slide.c): the second readies its fonts while
   * the deck is made. */
  if (format == ZB_EXPORT_FORMAT_PDF)
    zb_slide_start_layout_helper ();
  deck = zb_slide_deck_new (dataset, briefing, options->lang, TRUE, error);
  ok = deck != NULL
       && (format == ZB_EXPORT_FORMAT_PNG
             ? zb_slide_deck_export_png (deck, output, (int) options->width, (int) options->height,
                                         options->theme, error)
             : zb_slide_deck_export_pdf (deck, output, options->theme, notes, error));
  zb_slide_stop_layout_helper ();
  if (!ok)
    return FALSE;
  keep_until_exit (g_steal_pointer (&deck));
  return TRUE;
}

int
zb_cmd_export (int    argc,
               char **argv)
{
  g_autofree char *dataset_path = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *briefing = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *size = NULL;
  g_autofree char *lang_str = NULL;
  g_autofree char *theme_str = NULL;
  g_autofree char *output = NULL;
  g_autofree char *table = NULL;
  g_autofree char *type_str = NULL;
  gboolean all = FALSE, footer = FALSE, notes = FALSE;
  double scale = 1;
  GOptionEntry entries[] = {
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_path, N_("The dataset (default: the Wuhan 2024 dataset)"), N_("FILE") },
    { "chart", 'c', 0, G_OPTION_ARG_STRING, &chart, N_("Export the chart with this id"), N_("ID") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Export every chart, one file a chart, into the folder given by -o"), NULL },
    { "briefing", 'b', 0, G_OPTION_ARG_STRING, &briefing, N_("Export the briefing with this id: its slides as one PDF, or as numbered PNGs in the folder -o names"), N_("ID") },
    { "notes", 0, 0, G_OPTION_ARG_NONE, &notes, N_("With --briefing as PDF: the speaker notes under each slide"), NULL },
    { "table", 't', 0, G_OPTION_ARG_FILENAME, &table, N_("Draw the series of a CSV or TSV table instead of a dataset"), N_("FILE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_str, N_("Chart type for --table: line, column or bar"), N_("TYPE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str, N_("png, pdf, svg or csv (default: from the file name)"), N_("FORMAT") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size, N_("slide (1920×1080), a4, a4-landscape or WIDTHxHEIGHT"), N_("SIZE") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Pixels per unit in PNG files (2 for HiDPI)"), N_("N") },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_str, N_("Label language: zh or en (default: zh)"), N_("LANG") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_str, N_("light, dark or contrast (default: light)"), N_("THEME") },
    { "footer", 0, 0, G_OPTION_ARG_NONE, &footer, N_("Quote the source sentences under the chart"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (a folder with --all)"), N_("PATH") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  ZbRenderOptions options;
  ZbExportFormat format = ZB_EXPORT_FORMAT_PNG;
  guint modes;

  g_option_context_set_summary (context,
                                _("Draw charts of a dataset (or a table) to PNG, PDF, SVG or CSV files, or a "
                                  "briefing to a multi-page PDF, without a display."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    return usage_error (_("unexpected arguments; give the file to write with -o PATH"));

  modes = (chart != NULL) + all + (briefing != NULL) + (table != NULL);
  if (modes != 1)
    return usage_error (_("give exactly one of --chart ID, --all, --briefing ID or --table FILE"));
  if (output == NULL)
    return usage_error (_("give the file to write with -o PATH"));
  if (type_str != NULL && table == NULL)
    return usage_error (_("--type only applies to --table"));

  if (format_str != NULL)
    {
      if (!zb_export_format_from_string (format_str, &format))
        {
          g_set_error (&error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_FORMAT,
                       _("Unknown format “%s”: use png, pdf, svg or csv"), format_str);
          return user_error (error);
        }
    }
  else if (briefing != NULL)
    format = ZB_EXPORT_FORMAT_PDF;
  else if (!all)
    {
      /* From the file name, which is what people expect from "-o chart.pdf". */
      const char *dot = strrchr (output, '.');
      if (dot == NULL || !zb_export_format_from_string (dot + 1, &format))
        return usage_error (_("give the format with --format png|pdf|svg|csv"));
    }
  else
    return usage_error (_("give the format of the files with --format png|pdf|svg|csv"));
  if (briefing != NULL && format != ZB_EXPORT_FORMAT_PDF && format != ZB_EXPORT_FORMAT_PNG)
    return usage_error (_("a briefing is exported as PDF, or as PNG slides into a folder"));
  if (notes && (briefing == NULL || format != ZB_EXPORT_FORMAT_PDF))
    return usage_error (_("--notes only applies to a briefing exported as PDF"));

  zb_render_options_init (&options);
  options.source_footer = footer;
  if (size == NULL)
    size = g_strdup (format == ZB_EXPORT_FORMAT_PDF && briefing == NULL ? "a4-landscape" : "slide");
  if (!zb_export_parse_size (size, &options.width, &options.height, &error))
    return user_error (error);
  if (!isfinite (scale) || !zb_export_check_size (options.width, options.height, scale, &error))
    {
      if (error == NULL)
        g_set_error (&error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE, _("The scale must be a number"));
      return user_error (error);
    }
  if (lang_str != NULL && !zb_lang_from_string (lang_str, &options.lang))
    return usage_error (_("--lang must be zh or en"));
  if (theme_str != NULL && !zb_theme_from_string (theme_str, &options.theme))
    return usage_error (_("--theme must be light, dark or contrast"));

  if (table != NULL)
    {
      ZbChartType type = ZB_CHART_LINE;
      g_autoptr (ZbChartSpec) spec = NULL;

      if (type_str != NULL
          && (!zb_chart_type_from_string (type_str, &type)
              || (type != ZB_CHART_LINE && type != ZB_CHART_COLUMN && type != ZB_CHART_BAR)))
        return usage_error (_("--type must be line, column or bar"));
      dataset = load_with_fonts (table, TRUE, options.lang, &error);
      if (dataset == NULL)
        return user_error (error);
      spec = zb_table_make_chart (dataset, type, "table");
      if (!zb_export_chart (dataset, spec, format, &options, scale, output, &error))
        return user_error (error);
      return 0;
    }

  if (dataset_path == NULL)
    dataset_path = default_dataset ();
  dataset = load_with_fonts (dataset_path, FALSE, options.lang, &error);
  if (dataset == NULL)
    return user_error (error);

  if (briefing != NULL)
    {
      if (!export_briefing (dataset, briefing, format, &options, notes, output, &error))
        return user_error (error);
    }
  else if (all)
    {
      g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

      if (!zb_export_all (dataset, format, &options, scale, output, written, &error))
        return user_error (error);
      for (guint i = 0; i < written->len; i++)
        g_print ("%s\n", (char *) g_ptr_array_index (written, i));
    }
  else if (!zb_export_chart_by_id (dataset, chart, format, &options, scale, output, &error))
    return user_error (error);
  keep_until_exit (g_steal_pointer (&dataset));
  return 0;
}
