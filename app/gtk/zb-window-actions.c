#define G_LOG_DOMAIN "zb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-clipboard.h"
#include "zb-export-dialog.h"
#include "zb-indicator-item.h"
#include "zb-presentation.h"
#include "zb-print.h"
#include "zb-window-private.h"

void
_zb_window_update_actions (ZbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_dataset = self->dataset != NULL;
  gboolean has_chart = self->chart != NULL && zb_chart_view_get_layout (self->chart_view) != NULL;
  gboolean has_selection = zb_chart_view_get_selected_observation (self->chart_view) != NULL;

  gtk_widget_action_set_enabled (widget, "win.save", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.export", has_chart);
  gtk_widget_action_set_enabled (widget, "win.copy", has_chart);
  gtk_widget_action_set_enabled (widget, "win.print", has_chart);
  gtk_widget_action_set_enabled (widget, "win.show-in-report", has_selection);
  gtk_widget_action_set_enabled (widget, "win.copy-citation", has_selection);
  gtk_widget_action_set_enabled (widget, "win.present", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.present-from-chart", has_chart);
  gtk_widget_action_set_enabled (widget, "win.add-to-briefing",
                                 has_chart && self->chart != self->adhoc_chart);
  gtk_widget_action_set_enabled (widget, "win.keep-chart",
                                 has_dataset && self->adhoc_chart != NULL && self->chart == self->adhoc_chart);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _zb_window_open_action (ZB_WINDOW (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _zb_window_import_action (ZB_WINDOW (widget));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _zb_window_open_recent (ZB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _zb_window_save_action (ZB_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _zb_window_save_as_action (ZB_WINDOW (widget));
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
exported_cb (ZbWindow *self,
             GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *title = g_strdup_printf (_("Exported “%s”"), name);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-uri");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_set_timeout (toast, 8);
  zb_window_add_toast (self, toast);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  ZbExportDialog *dialog;

  if (self->dataset == NULL || self->chart == NULL)
    return;
  if (self->export_dialog != NULL)
    gtk_window_destroy (self->export_dialog);

  dialog = zb_export_dialog_new (GTK_WINDOW (self), self->dataset, self->chart, self->lang);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  self->export_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->export_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What a paste into a document or a spreadsheet gets: title, the values as a table, the source. */
static char *
dup_chart_text (ZbWindow *self)
{
  g_autofree char *table = zb_data_table_dup_tsv (_zb_window_ensure_data_table (self));
  const char *title = zb_text_get (&self->chart->title, self->lang);
  const char *report = zb_text_get (zb_dataset_get_title (self->dataset), self->lang);
  const char *delivered = zb_dataset_get_delivered (self->dataset);

  return g_strdup_printf ("%s\n%s\n%s %s%s%s\n", title, table, _("Source:"), report,
                          delivered != NULL ? ", " : "", delivered != NULL ? delivered : "");
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  if (self->dataset == NULL || self->chart == NULL)
    return;
  text = dup_chart_text (self);
  if (!zb_clipboard_copy_chart (gtk_widget_get_clipboard (widget), self->dataset, self->chart,
                                self->lang, text, &error))
    {
      _zb_window_set_error (self, _("Could Not Copy the Chart"), error);
      return;
    }
  zb_window_add_toast (self, adw_toast_new (_("Chart copied as image and text")));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->dataset == NULL || self->chart == NULL)
    return;
  if (!zb_print_chart (GTK_WINDOW (self), self->dataset, self->chart, self->lang, &error))
    _zb_window_set_error (self, _("Could Not Print"), error);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  zb_sidebar_focus_search (self->sidebar);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  adw_leaflet_navigate (ZB_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);

  if (zb_window_show_chart (self, g_variant_get_string (parameter, NULL)))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_in_report_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  ZbObservation *observation = zb_chart_view_get_selected_observation (self->chart_view);

  if (observation == NULL)
    return;
  adw_flap_set_reveal_flap (self->flap, TRUE);
  zb_report_view_show_observation (self->report_view, observation);
}

static void
toggle_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
copy_citation_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  g_autofree char *citation = zb_detail_pane_dup_citation (self->detail_pane);

  if (citation == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), citation);
  zb_window_add_toast (self, adw_toast_new (_("Citation copied")));
}

static char *
unused_chart_id (ZbDataset *dataset)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *id = g_strdup_printf ("custom-%u", n);

      if (zb_dataset_lookup_chart (dataset, id) == NULL)
        return g_steal_pointer (&id);
    }
}

static void
keep_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  ZbChartSpec *chart;
  g_autofree char *title = NULL;

  if (self->dataset == NULL || self->adhoc_chart == NULL || self->chart != self->adhoc_chart)
    return;

  /* The dataset takes the chart (or frees it), so the views let go of it first. */
  chart = _zb_window_steal_adhoc_chart (self);
  _zb_window_set_chart_spec (self, NULL);
  g_free (chart->id);
  chart->id = unused_chart_id (self->dataset);
  title = g_strdup_printf (_("Chart “%s” added"), zb_text_get (&chart->title, self->lang));
  if (!zb_dataset_add_chart (self->dataset, chart))
    return;
  zb_dataset_set_modified (self->dataset, TRUE);

  zb_sidebar_set_dataset (self->sidebar, self->dataset);
  _zb_window_set_chart_spec (self, chart);
  zb_sidebar_select_chart (self->sidebar, chart);
  zb_window_add_toast (self, adw_toast_new (title));
}

void
_zb_window_present (ZbWindow   *self,
                    const char *briefing_id,
                    const char *chart_id)
{
  g_autoptr (GError) error = NULL;
  ZbPresentation *presentation;

  if (self->dataset == NULL)
    return;
  if (self->presentation != NULL)
    gtk_window_destroy (self->presentation);

  presentation = zb_presentation_run (GTK_WINDOW (self), self->dataset, briefing_id, chart_id,
                                      self->lang, &error);
  if (presentation == NULL)
    {
      _zb_window_set_error (self, _("Could Not Present"), error);
      return;
    }
  self->presentation = GTK_WINDOW (presentation);
  g_object_add_weak_pointer (G_OBJECT (presentation), (gpointer *) &self->presentation);
}

void
_zb_window_present_briefing (ZbWindow   *self,
                             const char *briefing_id)
{
  _zb_window_present (self, briefing_id, NULL);
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);
  ZbBriefing *briefing = zb_briefing_editor_get_briefing (_zb_window_ensure_briefing_editor (self));
  const char *chart_id = NULL;

  /* Shift+F5 starts at the chart on screen; an ad-hoc chart is not in any briefing. */
  if (g_str_equal (action_name, "win.present-from-chart") && self->chart != NULL
      && self->chart != self->adhoc_chart)
    chart_id = self->chart->id;
  _zb_window_present (self, briefing != NULL ? briefing->id : NULL, chart_id);
}

static void
add_to_briefing_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ZbWindow *self = ZB_WINDOW (widget);

  if (self->chart == NULL || self->chart == self->adhoc_chart)
    return;
  if (zb_briefing_editor_add_chart (_zb_window_ensure_briefing_editor (self), self->chart->id))
    {
      g_autofree char *title = g_strdup_printf (_("“%s” added to the briefing"),
                                                zb_text_get (&self->chart->title, self->lang));
      zb_window_add_toast (self, adw_toast_new (title));
    }
}

/* The shortcuts window is built on first use, not with the window: GtkApplicationWindow then
 * keeps and shows it as usual. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);

  if (gtk_application_window_get_help_overlay (window) == NULL)
    {
      g_autoptr (GtkBuilder) builder = NULL;
      GObject *overlay;

      builder = gtk_builder_new_from_resource ("/org/zhibiao/Zhibiao/zb-shortcuts.ui");
      overlay = gtk_builder_get_object (builder, "help_overlay");
      gtk_application_window_set_help_overlay (window, GTK_SHORTCUTS_WINDOW (overlay));
    }
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
}

void
_zb_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.present-from-chart", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-briefing", NULL, add_to_briefing_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-chart", "s", show_chart_action);
  gtk_widget_class_install_action (widget_class, "win.show-in-report", NULL, show_in_report_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-report", NULL, toggle_report_action);
  gtk_widget_class_install_action (widget_class, "win.copy-citation", NULL, copy_citation_action);
  gtk_widget_class_install_action (widget_class, "win.keep-chart", NULL, keep_chart_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);

  /* Bubble phase, unlike application accelerators: a focused entry or text view copies its own
   * selection first, and Ctrl+C copies the chart everywhere else. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy", NULL);
}
