#define G_LOG_DOMAIN "zb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-application.h"
#include "zb-indicator-item.h"
#include "zb-window-private.h"

G_DEFINE_FINAL_TYPE (ZbWindow, zb_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CHART_LANGUAGE,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_zb_window_update_title (ZbWindow *self)
{
  const char *title = _("Zhibiao");
  g_autofree char *subtitle = NULL;

  if (self->dataset != NULL)
    {
      const char *dataset_title = zb_text_get (zb_dataset_get_title (self->dataset), self->lang);
      const char *delivered = zb_dataset_get_delivered (self->dataset);

      if (*dataset_title != '\0')
        title = dataset_title;
      else if (zb_dataset_get_path (self->dataset) != NULL)
        title = zb_dataset_get_path (self->dataset);
      else
        title = _("Untitled Dataset");
      if (self->chart != NULL)
        subtitle = g_strdup (zb_text_get (&self->chart->title, self->lang));
      else if (delivered != NULL)
        subtitle = g_strdup (delivered);
    }

  g_free (self->title_text);
  /* The bullet is GNOME's usual mark of unsaved changes. */
  self->title_text = self->dataset != NULL && zb_dataset_get_modified (self->dataset)
                     ? g_strdup_printf ("• %s", title) : g_strdup (title);
  adw_window_title_set_title (self->window_title, self->title_text);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), self->title_text);
}

/* The data table and the briefing editor are not on screen when the window opens, and a view
 * stack measures every page for its size: they are made when first shown or needed, and brought
 * up to date then. Until then there is nothing to update. */
static void
update_data_table (ZbWindow *self)
{
  g_autoptr (GPtrArray) observations = NULL;

  if (self->data_table == NULL)
    return;
  observations = zb_chart_view_dup_observations (self->chart_view);
  zb_data_table_set_observations (self->data_table, self->dataset, observations, self->lang);
  zb_data_table_select_observation (self->data_table,
                                    zb_chart_view_get_selected_observation (self->chart_view));
}

static void
update_briefing_chart (ZbWindow *self)
{
  const ZbChartSpec *chart = self->chart;

  /* Only a chart of the dataset can go into a briefing, not an ad-hoc one. */
  if (self->briefing_editor != NULL)
    zb_briefing_editor_set_current_chart (self->briefing_editor,
                                          chart != NULL && chart != self->adhoc_chart
                                          ? chart->id : NULL);
}

static void
update_briefing_dataset (ZbWindow *self)
{
  if (self->briefing_editor != NULL && self->dataset != NULL)
    zb_briefing_editor_set_dataset (self->briefing_editor, self->dataset, self->lang);
}

void
_zb_window_set_chart_spec (ZbWindow          *self,
                           const ZbChartSpec *chart)
{
  self->chart = chart;
  zb_chart_view_set_chart (self->chart_view, self->dataset, chart);
  update_data_table (self);
  zb_detail_pane_set_observation (self->detail_pane, self->dataset, NULL);
  update_briefing_chart (self);
  _zb_window_update_title (self);
  _zb_window_update_actions (self);
}

ZbChartSpec *
_zb_window_steal_adhoc_chart (ZbWindow *self)
{
  return g_steal_pointer (&self->adhoc_chart);
}

/* Replaces the ad-hoc chart only after the view lets go of the old one. */
static void
show_adhoc_chart (ZbWindow    *self,
                  ZbChartSpec *chart)
{
  ZbChartSpec *old = g_steal_pointer (&self->adhoc_chart);

  self->adhoc_chart = chart;
  _zb_window_set_chart_spec (self, chart);
  g_clear_pointer (&old, zb_chart_spec_free);
}

static ZbChartSpec *
build_adhoc_chart (GPtrArray *indicators)
{
  ZbIndicator *first = g_ptr_array_index (indicators, 0);
  gboolean same_unit = TRUE;
  g_autoptr (GString) zh = g_string_new (NULL);
  g_autoptr (GString) en = g_string_new (NULL);
  ZbChartSpec *spec;

  for (guint i = 1; i < indicators->len; i++)
    {
      ZbIndicator *indicator = g_ptr_array_index (indicators, i);

      if (g_strcmp0 (indicator->unit, first->unit) != 0)
        same_unit = FALSE;
    }

  /* One axis only makes sense for one unit; otherwise each indicator gets its own panel. */
  spec = zb_chart_spec_new ("adhoc", same_unit ? ZB_CHART_COLUMN : ZB_CHART_SMALL_MULTIPLES);
  for (guint i = 0; i < indicators->len; i++)
    {
      ZbIndicator *indicator = g_ptr_array_index (indicators, i);

      zb_chart_spec_add_series (spec, indicator->id);
      g_string_append_printf (zh, "%s%s", i > 0 ? "、" : "", zb_text_get (&indicator->name, ZB_LANG_ZH));
      g_string_append_printf (en, "%s%s", i > 0 ? ", " : "", zb_text_get (&indicator->name, ZB_LANG_EN));
    }
  spec->title.zh = g_string_free (g_steal_pointer (&zh), FALSE);
  spec->title.en = g_string_free (g_steal_pointer (&en), FALSE);
  return spec;
}

static void
show_indicators (ZbWindow  *self,
                 GPtrArray *indicators)
{
  if (indicators->len == 0)
    return;
  show_adhoc_chart (self, build_adhoc_chart (indicators));
}

static void
sidebar_selection_changed_cb (ZbWindow *self)
{
  ZbChartSpec *chart = zb_sidebar_get_selected_chart (self->sidebar);
  g_autoptr (GPtrArray) indicators = zb_sidebar_dup_selected_indicators (self->sidebar);

  if (chart != NULL)
    _zb_window_set_chart_spec (self, chart);
  else if (indicators->len > 0)
    show_indicators (self, indicators);
  else
    return;

  /* On a narrow window the sidebar covers the chart: picking something shows it. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
sidebar_activated_cb (ZbWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
chart_selection_changed_cb (ZbWindow *self)
{
  ZbObservation *observation = zb_chart_view_get_selected_observation (self->chart_view);

  zb_detail_pane_set_observation (self->detail_pane, self->dataset, observation);
  if (self->data_table != NULL)
    zb_data_table_select_observation (self->data_table, observation);
  if (observation != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->report_view))
      && adw_flap_get_reveal_flap (self->flap) && !adw_flap_get_folded (self->flap))
    zb_report_view_show_observation (self->report_view, observation);
  _zb_window_update_actions (self);
}

static void
mark_activated_cb (ZbWindow      *self,
                   ZbObservation *observation)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-in-report", NULL);
}

static void
observation_activated_cb (ZbWindow      *self,
                          ZbObservation *observation)
{
  zb_window_select_observation (self, observation);
}

ZbDataTable *
_zb_window_ensure_data_table (ZbWindow *self)
{
  if (self->data_table == NULL)
    {
      self->data_table = ZB_DATA_TABLE (zb_data_table_new ());
      g_signal_connect_object (self->data_table, "observation-activated",
                               G_CALLBACK (observation_activated_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->table_page, GTK_WIDGET (self->data_table));
      update_data_table (self);
    }
  return self->data_table;
}

ZbBriefingEditor *
_zb_window_ensure_briefing_editor (ZbWindow *self)
{
  if (self->briefing_editor == NULL)
    {
      self->briefing_editor = ZB_BRIEFING_EDITOR (zb_briefing_editor_new ());
      g_signal_connect_object (self->briefing_editor, "changed",
                               G_CALLBACK (_zb_window_update_title), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->briefing_editor, "present",
                               G_CALLBACK (_zb_window_present_briefing), self, G_CONNECT_SWAPPED);
      gtk_scrolled_window_set_child (self->briefing_page, GTK_WIDGET (self->briefing_editor));
      update_briefing_dataset (self);
      update_briefing_chart (self);
    }
  return self->briefing_editor;
}

static gboolean
chart_holds_indicator (const ZbChartSpec *chart,
                       const char        *indicator_id)
{
  for (guint i = 0; i < chart->series->len; i++)
    {
      ZbSeriesRef *series = g_ptr_array_index (chart->series, i);

      if (g_strcmp0 (series->indicator, indicator_id) == 0)
        return TRUE;
    }
  return FALSE;
}

void
zb_window_select_observation (ZbWindow      *self,
                              ZbObservation *observation)
{
  ZbIndicator *indicator;

  g_return_if_fail (ZB_IS_WINDOW (self));

  if (observation == NULL || self->dataset == NULL)
    return;
  indicator = observation->indicator;

  if (zb_chart_view_select_observation (self->chart_view, observation))
    return;

  /* Prefer a curated chart that draws this figure; else chart the indicator on its own. */
  for (guint i = 0; indicator != NULL && i < zb_dataset_get_n_charts (self->dataset); i++)
    {
      ZbChartSpec *chart = zb_dataset_get_chart (self->dataset, i);

      if (!chart_holds_indicator (chart, indicator->id))
        continue;
      _zb_window_set_chart_spec (self, chart);
      if (zb_chart_view_select_observation (self->chart_view, observation))
        {
          zb_sidebar_select_chart (self->sidebar, chart);
          return;
        }
    }

  if (indicator != NULL)
    {
      g_autoptr (GPtrArray) indicators = g_ptr_array_new ();

      g_ptr_array_add (indicators, indicator);
      show_indicators (self, indicators);
      zb_sidebar_select_indicator (self->sidebar, indicator);
      zb_chart_view_select_observation (self->chart_view, observation);
    }
}

ZbObservation *
zb_window_get_selected_observation (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return zb_chart_view_get_selected_observation (self->chart_view);
}

static void
apply_lang (ZbWindow *self)
{
  zb_sidebar_set_lang (self->sidebar, self->lang);
  zb_chart_view_set_lang (self->chart_view, self->lang);
  zb_detail_pane_set_lang (self->detail_pane, self->lang);
  update_data_table (self);
  update_briefing_dataset (self);
  _zb_window_update_title (self);
}

static void
view_changed_cb (ZbWindow *self)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "table") == 0)
    _zb_window_ensure_data_table (self);
  else if (g_strcmp0 (view, "briefing") == 0)
    _zb_window_ensure_briefing_editor (self);

  /* The briefing editor needs the height; the figure under it is not what it edits. */
  gtk_widget_set_visible (GTK_WIDGET (self->detail_pane), g_strcmp0 (view, "briefing") != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
set_chart_language (ZbWindow   *self,
                    const char *language)
{
  ZbLang lang;

  if (!zb_lang_from_string (language, &lang))
    lang = zb_lang_for_locale ();
  if (!zb_set_str (&self->chart_language, zb_lang_to_string (lang)))
    return;
  self->lang = lang;
  apply_lang (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "chart-language", self->chart_language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART_LANGUAGE]);
}

static void
save_window_state (ZbWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
really_close (ZbWindow *self)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
zb_window_close_request (GtkWindow *window)
{
  ZbWindow *self = ZB_WINDOW (window);

  if (!self->close_confirmed && self->dataset != NULL && zb_dataset_get_modified (self->dataset))
    {
      _zb_window_confirm_discard (self, really_close);
      return TRUE;
    }
  save_window_state (self);
  return GTK_WINDOW_CLASS (zb_window_parent_class)->close_request (window);
}

static void
zb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ZbWindow *self = ZB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHART_LANGUAGE:
      g_value_set_string (value, self->chart_language);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view_stack != NULL
                                 ? adw_view_stack_get_visible_child_name (self->view_stack) : "chart");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ZbWindow *self = ZB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHART_LANGUAGE:
      set_chart_language (self, g_value_get_string (value));
      break;
    case PROP_VIEW:
      {
        const char *view = g_value_get_string (value);

        if (g_strcmp0 (view, "table") != 0 && g_strcmp0 (view, "briefing") != 0)
          view = "chart";
        adw_view_stack_set_visible_child_name (self->view_stack, view);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zb_window_dispose (GObject *object)
{
  ZbWindow *self = ZB_WINDOW (object);

  if (self->export_dialog != NULL)
    gtk_window_destroy (self->export_dialog);
  if (self->presentation != NULL)
    gtk_window_destroy (self->presentation);
  /* Their pages own them. */
  self->data_table = NULL;
  self->briefing_editor = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), ZB_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->pending_file);
  g_clear_pointer (&self->adhoc_chart, zb_chart_spec_free);
  g_clear_object (&self->dataset);
  self->chart = NULL;

  G_OBJECT_CLASS (zb_window_parent_class)->dispose (object);
}

static void
zb_window_finalize (GObject *object)
{
  ZbWindow *self = ZB_WINDOW (object);

  g_free (self->chart_language);
  g_free (self->title_text);
  g_free (self->last_error);

  G_OBJECT_CLASS (zb_window_parent_class)->finalize (object);
}

static void
zb_window_class_init (ZbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = zb_window_get_property;
  object_class->set_property = zb_window_set_property;
  object_class->dispose = zb_window_dispose;
  object_class->finalize = zb_window_finalize;
  window_class->close_request = zb_window_close_request;

  properties[PROP_CHART_LANGUAGE] =
    g_param_spec_string ("chart-language", NULL, NULL, "zh",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "chart" or "table": the page of the content stack, for the header's toggle buttons. */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "chart",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ZB_TYPE_SIDEBAR);
  g_type_ensure (ZB_TYPE_CHART_VIEW);
  g_type_ensure (ZB_TYPE_DATA_TABLE);
  g_type_ensure (ZB_TYPE_DETAIL_PANE);
  g_type_ensure (ZB_TYPE_REPORT_VIEW);
  g_type_ensure (ZB_TYPE_BRIEFING_EDITOR);

  zb_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/zhibiao/Zhibiao/zb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, chart_view);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, table_page);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, briefing_page);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, report_view);
  gtk_widget_class_bind_template_child (widget_class, ZbWindow, recent_section);

  gtk_widget_class_install_property_action (widget_class, "win.chart-language", "chart-language");
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  _zb_window_class_init_actions (widget_class);
}

static void
restore_window_state (ZbWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
zb_window_init (ZbWindow *self)
{
  g_autofree char *language = NULL;

  /* The property action reads chart-language as soon as the template roots its widgets. */
  self->lang = zb_lang_for_locale ();
  self->chart_language = g_strdup (zb_lang_to_string (self->lang));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = zb_settings_new ();
  if (self->settings != NULL)
    {
      language = g_settings_get_string (self->settings, "chart-language");
      if (zb_lang_from_string (language, &self->lang))
        zb_set_str (&self->chart_language, language);
      zb_sidebar_set_group_by (self->sidebar, g_settings_get_string (self->settings, "group-by"));
      g_settings_bind (self->settings, "group-by", self->sidebar, "group-by", G_SETTINGS_BIND_DEFAULT);
    }
  zb_sidebar_set_lang (self->sidebar, self->lang);
  zb_chart_view_set_lang (self->chart_view, self->lang);
  zb_detail_pane_set_lang (self->detail_pane, self->lang);
  restore_window_state (self);

  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "selection-changed",
                           G_CALLBACK (sidebar_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "activated",
                           G_CALLBACK (sidebar_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_view, "notify::selected-observation",
                           G_CALLBACK (chart_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_view, "mark-activated",
                           G_CALLBACK (mark_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail_pane, "observation-activated",
                           G_CALLBACK (observation_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->report_view, "observation-activated",
                           G_CALLBACK (observation_activated_cb), self, G_CONNECT_SWAPPED);

  _zb_window_init_files (self);
  _zb_window_update_title (self);
  _zb_window_update_actions (self);
}

ZbWindow *
zb_window_new (GtkApplication *application)
{
  return g_object_new (ZB_TYPE_WINDOW, "application", application, NULL);
}

void
zb_window_set_dataset (ZbWindow  *self,
                       ZbDataset *dataset)
{
  g_return_if_fail (ZB_IS_WINDOW (self));
  g_return_if_fail (dataset == NULL || ZB_IS_DATASET (dataset));

  /* Views drop their pointers into the old dataset before it can go. */
  _zb_window_set_chart_spec (self, NULL);
  g_clear_pointer (&self->adhoc_chart, zb_chart_spec_free);
  g_set_object (&self->dataset, dataset);

  zb_sidebar_set_dataset (self->sidebar, dataset);
  zb_report_view_set_dataset (self->report_view, dataset);
  update_briefing_dataset (self);
  gtk_stack_set_visible_child_name (self->main_stack, dataset != NULL ? "main" : "empty");

  if (dataset != NULL && zb_dataset_get_n_charts (dataset) > 0)
    {
      ZbChartSpec *first = zb_dataset_get_chart (dataset, 0);

      _zb_window_set_chart_spec (self, first);
      zb_sidebar_select_chart (self->sidebar, first);
      /* A narrow window opens on the chart, not on the list. */
      adw_leaflet_set_visible_child (self->leaflet, self->content_box);
    }
  else if (dataset != NULL && zb_dataset_get_n_indicators (dataset) > 0)
    {
      /* A fresh import has no curated charts yet: chart its first indicator rather than
       * showing an empty card. */
      g_autoptr (GPtrArray) first = g_ptr_array_new ();

      g_ptr_array_add (first, zb_dataset_get_indicator (dataset, 0));
      show_indicators (self, first);
      zb_sidebar_select_indicator (self->sidebar, g_ptr_array_index (first, 0));
    }
  _zb_window_update_title (self);
  _zb_window_update_actions (self);
}

ZbDataset *
zb_window_get_dataset (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->dataset;
}

const char *
zb_window_get_last_error (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->last_error;
}

gboolean
zb_window_show_chart (ZbWindow   *self,
                      const char *chart_id)
{
  ZbChartSpec *chart;

  g_return_val_if_fail (ZB_IS_WINDOW (self), FALSE);

  if (self->dataset == NULL || chart_id == NULL)
    return FALSE;
  chart = zb_dataset_lookup_chart (self->dataset, chart_id);
  if (chart == NULL)
    return FALSE;
  _zb_window_set_chart_spec (self, chart);
  zb_sidebar_select_chart (self->sidebar, chart);
  adw_view_stack_set_visible_child_name (self->view_stack, "chart");
  return TRUE;
}

const ZbChartSpec *
zb_window_get_chart (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->chart;
}

ZbLang
zb_window_get_lang (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), ZB_LANG_ZH);
  return self->lang;
}

ZbSidebar *
zb_window_get_sidebar (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->sidebar;
}

ZbChartView *
zb_window_get_chart_view (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->chart_view;
}

ZbDetailPane *
zb_window_get_detail_pane (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->detail_pane;
}

ZbReportView *
zb_window_get_report_view (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->report_view;
}

ZbDataTable *
zb_window_get_data_table (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return _zb_window_ensure_data_table (self);
}

GtkWindow *
zb_window_get_presentation (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->presentation;
}

GtkWindow *
zb_window_get_export_dialog (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->export_dialog;
}

const char *
zb_window_get_title_text (ZbWindow *self)
{
  g_return_val_if_fail (ZB_IS_WINDOW (self), NULL);
  return self->title_text;
}

void
zb_window_add_toast (ZbWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (ZB_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
