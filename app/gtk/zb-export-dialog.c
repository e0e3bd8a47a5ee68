#define G_LOG_DOMAIN "zb-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-application.h"
#include "zb-csv.h"
#include "zb-error.h"
#include "zb-export-dialog.h"
#include "zb-export.h"

struct _ZbExportDialog
{
  AdwWindow             parent_instance;

  GtkWidget            *body;
  AdwComboRow          *format_row;
  AdwComboRow          *size_row;
  GtkWidget            *width_row;
  GtkWidget            *height_row;
  GtkSpinButton        *width_spin;
  GtkSpinButton        *height_spin;
  AdwComboRow          *scale_row;
  AdwComboRow          *language_row;
  AdwComboRow          *theme_row;
  GtkSwitch            *footer_switch;
  GtkStack             *preview_stack;
  GtkDrawingArea       *preview_area;
  GtkTextView          *csv_view;
  GtkLabel             *summary_label;

  GSettings            *settings;
  ZbDataset            *dataset;
  const ZbChartSpec    *chart;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (ZbExportDialog, zb_export_dialog, ADW_TYPE_WINDOW)

enum
{
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Row positions of the combo rows, in the order of the .ui's string lists. */
static const char *const formats[] = { "png", "pdf", "svg", "csv" };
static const char *const sizes[] = { "slide", "a4", "a4-landscape", "custom" };
static const char *const themes[] = { "light", "dark", "contrast" };
static const char *const languages[] = { "zh", "en" };

static guint
index_of (const char *const *names,
          guint              n_names,
          const char        *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return 0;
}

static ZbExportFormat
current_format (ZbExportDialog *self)
{
  ZbExportFormat format = ZB_EXPORT_FORMAT_PNG;

  zb_export_format_from_string (formats[MIN (adw_combo_row_get_selected (self->format_row), 3)],
                                &format);
  return format;
}

static void
current_size (ZbExportDialog *self,
              double         *width,
              double         *height)
{
  guint size = adw_combo_row_get_selected (self->size_row);

  switch (size)
    {
    case 0:
      *width = ZB_EXPORT_SLIDE_WIDTH;
      *height = ZB_EXPORT_SLIDE_HEIGHT;
      break;
    case 1:
      *width = ZB_EXPORT_A4_WIDTH;
      *height = ZB_EXPORT_A4_HEIGHT;
      break;
    case 2:
      *width = ZB_EXPORT_A4_HEIGHT;
      *height = ZB_EXPORT_A4_WIDTH;
      break;
    default:
      *width = gtk_spin_button_get_value (self->width_spin);
      *height = gtk_spin_button_get_value (self->height_spin);
    }
}

static double
current_scale (ZbExportDialog *self)
{
  return adw_combo_row_get_selected (self->scale_row) + 1;
}

static void
current_options (ZbExportDialog  *self,
                 ZbRenderOptions *options)
{
  zb_render_options_init (options);
  current_size (self, &options->width, &options->height);
  options->lang = adw_combo_row_get_selected (self->language_row) == 1 ? ZB_LANG_EN : ZB_LANG_ZH;
  zb_theme_from_string (themes[MIN (adw_combo_row_get_selected (self->theme_row), 2)], &options->theme);
  options->source_footer = gtk_switch_get_active (self->footer_switch);
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  ZbExportDialog *self = user_data;
  g_autoptr (ZbChartLayout) layout = NULL;
  g_autoptr (GError) error = NULL;
  ZbRenderOptions options;
  double scale;

  current_options (self, &options);
  layout = zb_chart_layout_new (self->dataset, self->chart, &options, &error);
  if (layout == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }

  /* The page as it will be, scaled to fit, with a hairline so a white page shows its edge. */
  scale = MIN ((width - 8) / options.width, (height - 8) / options.height);
  cairo_translate (cr, (width - options.width * scale) / 2, (height - options.height * scale) / 2);
  cairo_scale (cr, scale, scale);
  zb_chart_layout_render (layout, cr);
  cairo_rectangle (cr, 0, 0, options.width, options.height);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.5);
  cairo_set_line_width (cr, 1 / scale);
  cairo_stroke (cr);
}

static void
update_csv_preview (ZbExportDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  ZbRenderOptions options;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->csv_view);

  current_options (self, &options);
  bytes = zb_csv_chart_to_bytes (self->dataset, self->chart, options.lang, &error);
  if (bytes == NULL)
    gtk_text_buffer_set_text (buffer, error->message, -1);
  else
    gtk_text_buffer_set_text (buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
update (ZbExportDialog *self)
{
  ZbExportFormat format = current_format (self);
  gboolean custom = adw_combo_row_get_selected (self->size_row) == 3;
  gboolean is_csv = format == ZB_EXPORT_FORMAT_CSV;
  g_autofree char *summary = NULL;
  g_autoptr (GError) error = NULL;
  double width, height, scale = current_scale (self);

  gtk_widget_set_visible (self->width_row, custom && !is_csv);
  gtk_widget_set_visible (self->height_row, custom && !is_csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_row), !is_csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), format == ZB_EXPORT_FORMAT_PNG);
  gtk_widget_set_sensitive (GTK_WIDGET (self->theme_row), !is_csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->footer_switch), !is_csv);

  current_size (self, &width, &height);
  if (is_csv)
    summary = g_strdup (_("The chart’s values, units and periods, each with its source sentence"));
  else if (!zb_export_check_size (width, height, format == ZB_EXPORT_FORMAT_PNG ? scale : 1, &error))
    summary = g_strdup (error->message);
  else if (format == ZB_EXPORT_FORMAT_PNG)
    summary = g_strdup_printf (_("%.0f × %.0f pixels"), width * scale, height * scale);
  else
    summary = g_strdup_printf (_("%.0f × %.0f points, vector"), width, height);
  gtk_label_set_text (self->summary_label, summary);

  gtk_stack_set_visible_child_name (self->preview_stack, is_csv ? "csv" : "chart");
  if (is_csv)
    update_csv_preview (self);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
}

static void
save_settings (ZbExportDialog *self,
               GFile          *file)
{
  g_autoptr (GFile) folder = g_file_get_parent (file);
  g_autofree char *folder_path = folder != NULL ? g_file_get_path (folder) : NULL;

  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "export-format", formats[current_format (self)]);
  g_settings_set_string (self->settings, "export-size",
                         sizes[MIN (adw_combo_row_get_selected (self->size_row), 3)]);
  g_settings_set (self->settings, "export-custom-size", "(ii)",
                  gtk_spin_button_get_value_as_int (self->width_spin),
                  gtk_spin_button_get_value_as_int (self->height_spin));
  g_settings_set_int (self->settings, "export-scale", (int) current_scale (self));
  g_settings_set_string (self->settings, "export-language",
                         languages[adw_combo_row_get_selected (self->language_row) == 1]);
  g_settings_set_string (self->settings, "export-theme",
                         themes[MIN (adw_combo_row_get_selected (self->theme_row), 2)]);
  g_settings_set_boolean (self->settings, "export-footer", gtk_switch_get_active (self->footer_switch));
  if (folder_path != NULL)
    g_settings_set_string (self->settings, "last-export-folder", folder_path);
}

static void
load_settings (ZbExportDialog *self,
               ZbLang          lang)
{
  g_autofree char *format = NULL;
  g_autofree char *size = NULL;
  g_autofree char *language = NULL;
  g_autofree char *theme = NULL;
  int width, height;

  adw_combo_row_set_selected (self->language_row, lang == ZB_LANG_EN);
  if (self->settings == NULL)
    return;

  format = g_settings_get_string (self->settings, "export-format");
  size = g_settings_get_string (self->settings, "export-size");
  language = g_settings_get_string (self->settings, "export-language");
  theme = g_settings_get_string (self->settings, "export-theme");
  g_settings_get (self->settings, "export-custom-size", "(ii)", &width, &height);

  adw_combo_row_set_selected (self->format_row, index_of (formats, G_N_ELEMENTS (formats), format));
  adw_combo_row_set_selected (self->size_row, index_of (sizes, G_N_ELEMENTS (sizes), size));
  gtk_spin_button_set_value (self->width_spin, width);
  gtk_spin_button_set_value (self->height_spin, height);
  adw_combo_row_set_selected (self->scale_row,
                              CLAMP (g_settings_get_int (self->settings, "export-scale"), 1, 3) - 1);
  /* An empty language follows the window's chart labels. */
  if (*language != '\0')
    adw_combo_row_set_selected (self->language_row,
                                index_of (languages, G_N_ELEMENTS (languages), language));
  adw_combo_row_set_selected (self->theme_row, index_of (themes, G_N_ELEMENTS (themes), theme));
  gtk_switch_set_active (self->footer_switch, g_settings_get_boolean (self->settings, "export-footer"));
}

static void
show_error (ZbExportDialog *self,
            const GError   *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (ZbExportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (!zb_export_dialog_export_to_file (self, file, &error))
    {
      show_error (self, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ZbExportDialog *self = ZB_EXPORT_DIALOG (widget);
  g_autofree char *name = zb_export_dialog_dup_file_name (self);
  g_autofree char *folder = self->settings != NULL
                            ? g_settings_get_string (self->settings, "last-export-folder") : NULL;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Chart"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (folder != NULL && *folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) dir = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), dir, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
zb_export_dialog_dispose (GObject *object)
{
  ZbExportDialog *self = ZB_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), ZB_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->dataset);
  self->chart = NULL;

  G_OBJECT_CLASS (zb_export_dialog_parent_class)->dispose (object);
}

static void
zb_export_dialog_class_init (ZbExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zb_export_dialog_dispose;

  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  zb_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/zhibiao/Zhibiao/zb-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, body);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, footer_switch);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, preview_area);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, csv_view);
  gtk_widget_class_bind_template_child (widget_class, ZbExportDialog, summary_label);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
zb_export_dialog_init (ZbExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = zb_settings_new ();

  gtk_drawing_area_set_draw_func (self->preview_area, draw_preview, self, NULL);
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->size_row, "notify::selected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scale_row, "notify::selected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language_row, "notify::selected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->theme_row, "notify::selected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->footer_switch, "notify::active", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "value-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "value-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}

ZbExportDialog *
zb_export_dialog_new (GtkWindow         *parent,
                      ZbDataset         *dataset,
                      const ZbChartSpec *chart,
                      ZbLang             lang)
{
  ZbExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  self = g_object_new (ZB_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->dataset = g_object_ref (dataset);
  self->chart = chart;
  load_settings (self, lang);
  update (self);
  return self;
}

void
zb_export_dialog_set_format (ZbExportDialog *self,
                             const char     *format)
{
  g_return_if_fail (ZB_IS_EXPORT_DIALOG (self));
  adw_combo_row_set_selected (self->format_row, index_of (formats, G_N_ELEMENTS (formats), format));
}

const char *
zb_export_dialog_get_format (ZbExportDialog *self)
{
  g_return_val_if_fail (ZB_IS_EXPORT_DIALOG (self), NULL);
  return formats[current_format (self)];
}

void
zb_export_dialog_set_size (ZbExportDialog *self,
                           const char     *size)
{
  g_return_if_fail (ZB_IS_EXPORT_DIALOG (self));
  adw_combo_row_set_selected (self->size_row, index_of (sizes, G_N_ELEMENTS (sizes), size));
}

char *
zb_export_dialog_dup_file_name (ZbExportDialog *self)
{
  g_return_val_if_fail (ZB_IS_EXPORT_DIALOG (self), NULL);
  return g_strdup_printf ("%s.%s", self->chart->id, formats[current_format (self)]);
}

gboolean
zb_export_dialog_export_to_file (ZbExportDialog *self,
                                 GFile          *file,
                                 GError        **error)
{
  g_autofree char *path = NULL;
  ZbRenderOptions options;

  g_return_val_if_fail (ZB_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO,
                   _("Cannot export to “%s”: choose a folder on this computer."), uri);
      return FALSE;
    }

  current_options (self, &options);
  if (!zb_export_chart (self->dataset, self->chart, current_format (self), &options,
                        current_scale (self), path, error))
    return FALSE;

  save_settings (self, file);
  g_signal_emit (self, signals[EXPORTED], 0, file);
  return TRUE;
}
