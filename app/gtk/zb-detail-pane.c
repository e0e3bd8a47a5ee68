#define G_LOG_DOMAIN "zb-detail-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-application.h"

#include "zb-detail-pane.h"
#include "zb-indicator-item.h"
#include "zb-report.h"
#include "zb-units.h"

struct _ZbDetailPane
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkLabel      *breadcrumb_label;
  GtkLabel      *name_label;
  GtkLabel      *meta_label;
  GtkLabel      *value_label;
  GtkLabel      *sentence_label;
  GtkLabel      *value_detail_label;
  GtkExpander   *paragraph_expander;
  GtkLabel      *paragraph_label;
  GtkLabel      *others_title;
  GtkListBox    *others_list;

  ZbDataset     *dataset;
  ZbObservation *observation;
  ZbLang         lang;
  char          *sentence_markup;
  char          *highlight;
  char          *breadcrumb;
};

G_DEFINE_FINAL_TYPE (ZbDetailPane, zb_detail_pane, GTK_TYPE_WIDGET)

enum
{
  OBSERVATION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The figure's words: the number and the unit written right after it ("4.5%", "2198亿元"). */
static void
figure_span (ZbReport            *report,
             const ZbObservation *observation,
             gsize               *start,
             gsize               *end)
{
  gsize len;
  const char *text = zb_report_get_text (report, &len);
  const ZbUnitInfo *info = NULL;
  gsize unit_len = 0;

  *start = observation->src_start;
  *end = observation->src_end;
  if (*end <= len)
    unit_len = zb_unit_match (text + *end, len - *end, &info);
  if (info != NULL)
    *end += unit_len;
}

static char *
markup_with_span (const char *text,
                  gsize       len,
                  gsize       hl_start,
                  gsize       hl_end,
                  const char *span_attrs)
{
  g_autofree char *before = g_markup_escape_text (text, hl_start);
  g_autofree char *inner = g_markup_escape_text (text + hl_start, hl_end - hl_start);
  g_autofree char *after = g_markup_escape_text (text + hl_end, len - hl_end);

  return g_strdup_printf ("%s<span %s>%s</span>%s", before, span_attrs, inner, after);
}

static const char *
highlight_attrs (void)
{
  /* A marker-pen background that reads on both the light and the dark sidebar colours. */
  return adw_style_manager_get_dark (adw_style_manager_get_default ())
         ? "weight=\"bold\" background=\"#7a5d0a\" foreground=\"#ffffff\""
         : "weight=\"bold\" background=\"#fce588\" foreground=\"#1c1c1c\"";
}

static void
other_activated_cb (ZbDetailPane  *self,
                    GtkListBoxRow *row)
{
  ZbObservation *observation = g_object_get_data (G_OBJECT (row), "zb-observation");

  if (observation != NULL)
    g_signal_emit (self, signals[OBSERVATION_ACTIVATED], 0, observation);
}

static void
clear_others (ZbDetailPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->others_list))) != NULL)
    gtk_list_box_remove (self->others_list, child);
}

static void
fill_others (ZbDetailPane *self)
{
  ZbIndicator *indicator = self->observation->indicator;

  clear_others (self);
  if (indicator == NULL)
    return;

  for (guint i = 0; i < indicator->observations->len; i++)
    {
      ZbObservation *obs = g_ptr_array_index (indicator->observations, i);
      g_autofree char *period = zb_format_period (obs->period, self->lang);
      g_autofree char *value = zb_format_observation (obs, self->lang);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value_label = gtk_label_new (value);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), period);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), zb_status_label (obs->status));
      gtk_widget_add_css_class (value_label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
      g_object_set_data (G_OBJECT (row), "zb-observation", obs);
      if (obs == self->observation)
        {
          gtk_widget_add_css_class (row, "zb-current");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
        }
      else
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->others_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->others_title), indicator->observations->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->others_list), indicator->observations->len > 1);
}

static char *
format_value_detail (ZbDetailPane        *self,
                     const ZbObservation *obs,
                     const char          *written)
{
  const char *unit = obs->indicator != NULL && obs->indicator->unit != NULL ? obs->indicator->unit : "";
  const ZbUnitInfo *info = zb_unit_lookup (unit);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *english = zb_format_value (obs->value, unit, ZB_LANG_EN);

  g_string_append_printf (text, _("As written: %s"), written);
  if (info != NULL && info->multiplier != 1.0)
    {
      g_autofree char *number = zb_format_number (zb_unit_normalise (obs->value, unit), -1, self->lang);

      g_string_append (text, "   ");
      g_string_append_printf (text, _("Normalised: %s %s"), number, info->base);
    }
  if (g_strcmp0 (english, written) != 0)
    {
      g_string_append (text, "   ");
      g_string_append_printf (text, _("In English: %s"), english);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update (ZbDetailPane *self)
{
  ZbObservation *obs = self->observation;
  ZbReport *report;
  g_autofree char *period = NULL;
  g_autofree char *value = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *written = NULL;
  g_autofree char *value_detail = NULL;
  const char *text;
  gsize len, s_start, s_end, p_start, p_end, f_start, f_end;

  g_clear_pointer (&self->sentence_markup, g_free);
  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->breadcrumb, g_free);

  if (obs == NULL || self->dataset == NULL)
    {
      clear_others (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  period = zb_format_period (obs->period, self->lang);
  value = zb_format_observation (obs, self->lang);
  meta = g_strdup_printf ("%s · %s%s", period, zb_status_label (obs->status),
                          obs->cumulative ? _(" · cumulative") : "");
  gtk_label_set_text (self->name_label,
                      obs->indicator != NULL ? zb_text_get (&obs->indicator->name, self->lang) : "");
  gtk_label_set_text (self->meta_label, meta);
  gtk_label_set_text (self->value_label, value);

  report = zb_dataset_get_report (self->dataset);
  if (report != NULL && obs->src_text != NULL
      && zb_report_get_sentence (report, obs->src_start, &s_start, &s_end)
      && zb_report_get_paragraph (report, obs->src_start, &p_start, &p_end))
    {
      g_auto (GStrv) path = zb_report_dup_section_path (report, obs->src_start);

      text = zb_report_get_text (report, &len);
      figure_span (report, obs, &f_start, &f_end);
      f_end = MIN (f_end, s_end);

      self->sentence_markup = markup_with_span (text + s_start, s_end - s_start,
                                                f_start - s_start, f_end - s_start,
                                                highlight_attrs ());
      self->highlight = g_strndup (text + f_start, f_end - f_start);
      written = g_strdup (self->highlight);
      self->breadcrumb = g_strjoinv (" › ", path);

      {
        g_autofree char *paragraph = markup_with_span (text + p_start, p_end - p_start,
                                                       s_start - p_start, s_end - p_start,
                                                       "weight=\"bold\"");
        gtk_label_set_markup (self->paragraph_label, paragraph);
      }
      gtk_label_set_markup (self->sentence_label, self->sentence_markup);
      gtk_widget_set_visible (GTK_WIDGET (self->paragraph_expander), TRUE);
    }
  else
    {
      /* A figure from a table has no sentence: say where it came from instead. */
      gtk_label_set_text (self->sentence_label,
                          obs->src_label != NULL ? obs->src_label : _("No source sentence"));
      gtk_widget_set_visible (GTK_WIDGET (self->paragraph_expander), FALSE);
      written = zb_format_value (obs->value, obs->indicator != NULL ? obs->indicator->unit : "",
                                 ZB_LANG_ZH);
    }

  gtk_label_set_text (self->breadcrumb_label, self->breadcrumb != NULL ? self->breadcrumb : "");
  gtk_widget_set_visible (GTK_WIDGET (self->breadcrumb_label),
                          self->breadcrumb != NULL && *self->breadcrumb != '\0');
  value_detail = format_value_detail (self, obs, written);
  gtk_label_set_text (self->value_detail_label, value_detail);
  fill_others (self);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
style_changed_cb (ZbDetailPane *self)
{
  update (self);
}

static void
zb_detail_pane_dispose (GObject *object)
{
  ZbDetailPane *self = ZB_DETAIL_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ZB_TYPE_DETAIL_PANE);
  g_clear_object (&self->dataset);
  self->observation = NULL;

  G_OBJECT_CLASS (zb_detail_pane_parent_class)->dispose (object);
}

static void
zb_detail_pane_finalize (GObject *object)
{
  ZbDetailPane *self = ZB_DETAIL_PANE (object);

  g_free (self->sentence_markup);
  g_free (self->highlight);
  g_free (self->breadcrumb);

  G_OBJECT_CLASS (zb_detail_pane_parent_class)->finalize (object);
}

static void
zb_detail_pane_class_init (ZbDetailPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zb_detail_pane_dispose;
  object_class->finalize = zb_detail_pane_finalize;

  /* Another figure of the same indicator was picked in the list. */
  signals[OBSERVATION_ACTIVATED] =
    g_signal_new ("observation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  zb_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/zhibiao/Zhibiao/zb-detail-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, stack);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, breadcrumb_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, name_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, meta_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, value_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, value_detail_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, paragraph_expander);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, paragraph_label);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, others_title);
  gtk_widget_class_bind_template_child (widget_class, ZbDetailPane, others_list);
  gtk_widget_class_bind_template_callback (widget_class, other_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "zbdetailpane");
}

static void
zb_detail_pane_init (ZbDetailPane *self)
{
  self->lang = zb_lang_for_locale ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
zb_detail_pane_new (void)
{
  return g_object_new (ZB_TYPE_DETAIL_PANE, NULL);
}

void
zb_detail_pane_set_observation (ZbDetailPane  *self,
                                ZbDataset     *dataset,
                                ZbObservation *observation)
{
  g_return_if_fail (ZB_IS_DETAIL_PANE (self));
  g_return_if_fail (dataset == NULL || ZB_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  self->observation = observation;
  update (self);
}

ZbObservation *
zb_detail_pane_get_observation (ZbDetailPane *self)
{
  g_return_val_if_fail (ZB_IS_DETAIL_PANE (self), NULL);
  return self->observation;
}

void
zb_detail_pane_set_lang (ZbDetailPane *self,
                         ZbLang        lang)
{
  g_return_if_fail (ZB_IS_DETAIL_PANE (self));

  if (self->lang == lang)
    return;
  self->lang = lang;
  update (self);
}

const char *
zb_detail_pane_get_sentence_markup (ZbDetailPane *self)
{
  g_return_val_if_fail (ZB_IS_DETAIL_PANE (self), NULL);
  return self->sentence_markup;
}

const char *
zb_detail_pane_get_highlight (ZbDetailPane *self)
{
  g_return_val_if_fail (ZB_IS_DETAIL_PANE (self), NULL);
  return self->highlight;
}

const char *
zb_detail_pane_get_breadcrumb (ZbDetailPane *self)
{
  g_return_val_if_fail (ZB_IS_DETAIL_PANE (self), NULL);
  return self->breadcrumb;
}

char *
zb_detail_pane_dup_citation (ZbDetailPane *self)
{
  g_autofree char *sentence = NULL;
  const char *title, *place, *delivered;

  g_return_val_if_fail (ZB_IS_DETAIL_PANE (self), NULL);

  if (self->observation == NULL || self->dataset == NULL)
    return NULL;

  sentence = zb_observation_dup_sentence (self->dataset, self->observation);
  if (sentence == NULL)
    sentence = zb_format_observation (self->observation, self->lang);
  title = zb_text_get (zb_dataset_get_title (self->dataset), self->lang);
  place = zb_text_get (zb_dataset_get_place (self->dataset), self->lang);
  delivered = zb_dataset_get_delivered (self->dataset);

  /* Chinese citations use Chinese quotation marks and 《》 around the document title. */
  if (self->lang == ZB_LANG_ZH)
    return g_strdup_printf ("“%s”——%s《%s》（%s）%s%s", g_strstrip (sentence), place, title,
                            delivered != NULL ? delivered : "",
                            self->breadcrumb != NULL && *self->breadcrumb ? "，" : "",
                            self->breadcrumb != NULL ? self->breadcrumb : "");
  return g_strdup_printf ("“%s” — %s, %s, %s%s%s", g_strstrip (sentence), place, title,
                          delivered != NULL ? delivered : "",
                          self->breadcrumb != NULL && *self->breadcrumb ? ", " : "",
                          self->breadcrumb != NULL ? self->breadcrumb : "");
}
