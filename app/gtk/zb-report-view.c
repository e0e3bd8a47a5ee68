#define G_LOG_DOMAIN "zb-report-view"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-report-view.h"
#include "zb-report.h"

struct _ZbReportView
{
  GtkWidget      parent_instance;

  GtkWidget     *scrolled;
  GtkTextView   *text_view;
  GtkTextBuffer *buffer;
  GtkTextTag    *figure_tag;
  GtkTextTag    *heading_tag;
  GtkTextTag    *sentence_tag;
  GtkTextTag    *current_tag;
  GtkTextMark   *scroll_mark;

  ZbDataset     *dataset;
  const char    *text;       /* the report's text, from its first real character */
  gsize          text_base;  /* byte offset of text inside the report (3 after a BOM) */
  gsize          text_len;
  guint         *char_at;    /* char offset of every byte of text, so spans map in O(1) */
  guint          n_figures;
};

G_DEFINE_FINAL_TYPE (ZbReportView, zb_report_view, GTK_TYPE_WIDGET)

enum
{
  OBSERVATION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
iter_at_offset (ZbReportView *self,
                gsize         offset,
                GtkTextIter  *iter)
{
  gsize local = offset > self->text_base ? offset - self->text_base : 0;

  local = MIN (local, self->text_len);
  gtk_text_buffer_get_iter_at_offset (self->buffer, iter, self->char_at[local]);
}

gsize
zb_report_view_offset_at_iter (ZbReportView      *self,
                               const GtkTextIter *iter)
{
  const char *p;

  g_return_val_if_fail (ZB_IS_REPORT_VIEW (self), 0);
  g_return_val_if_fail (iter != NULL, 0);

  if (self->text == NULL)
    return 0;
  p = g_utf8_offset_to_pointer (self->text, gtk_text_iter_get_offset (iter));
  return self->text_base + MIN ((gsize) (p - self->text), self->text_len);
}

static void
apply_tag (ZbReportView *self,
           GtkTextTag   *tag,
           gsize         start,
           gsize         end)
{
  GtkTextIter s, e;

  iter_at_offset (self, start, &s);
  iter_at_offset (self, end, &e);
  gtk_text_buffer_apply_tag (self->buffer, tag, &s, &e);
}

static void
fill (ZbReportView *self)
{
  ZbReport *report = self->dataset != NULL ? zb_dataset_get_report (self->dataset) : NULL;
  gsize len;

  self->text = NULL;
  self->text_len = self->text_base = 0;
  self->n_figures = 0;
  g_clear_pointer (&self->char_at, g_free);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  if (report == NULL)
    return;

  self->text_base = zb_report_get_text_start (report);
  self->text = zb_report_get_text (report, &len) + self->text_base;
  self->text_len = len - self->text_base;
  gtk_text_buffer_set_text (self->buffer, self->text, self->text_len);

  /* A byte inside a character maps to that character. */
  self->char_at = g_new (guint, self->text_len + 1);
  {
    guint n = 0;

    for (gsize i = 0; i < self->text_len; i++)
      {
        if (((guchar) self->text[i] & 0xC0) != 0x80)
          self->char_at[i] = n++;
        else
          self->char_at[i] = n > 0 ? n - 1 : 0;
      }
    self->char_at[self->text_len] = n;
  }

  for (guint i = 0; i < zb_report_get_n_sections (report); i++)
    {
      const ZbSection *section = zb_report_get_section (report, i);

      apply_tag (self, self->heading_tag, section->start, section->heading_end);
    }

  for (guint i = 0; i < zb_dataset_get_n_indicators (self->dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (self->dataset, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *obs = g_ptr_array_index (indicator->observations, j);

          if (obs->src_text == NULL)
            continue;
          apply_tag (self, self->figure_tag, obs->src_start, obs->src_end);
          self->n_figures++;
        }
    }
}

static ZbObservation *
observation_at_iter (ZbReportView      *self,
                     const GtkTextIter *iter)
{
  if (self->dataset == NULL || !gtk_text_iter_has_tag (iter, self->figure_tag))
    return NULL;
  return zb_dataset_find_observation_at (self->dataset, zb_report_view_offset_at_iter (self, iter));
}

static gboolean
iter_at_point (ZbReportView *self,
               double        x,
               double        y,
               GtkTextIter  *iter)
{
  int bx, by, trailing;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  return gtk_text_view_get_iter_at_position (self->text_view, iter, &trailing, bx, by);
}

static void
released_cb (ZbReportView    *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *gesture)
{
  GtkTextIter iter;

  /* A drag that selected text is a selection, not a click on a figure. */
  if (n_press != 1 || gtk_text_buffer_get_has_selection (self->buffer))
    return;
  if (iter_at_point (self, x, y, &iter) && observation_at_iter (self, &iter) != NULL)
    zb_report_view_activate_offset (self, zb_report_view_offset_at_iter (self, &iter));
}

static void
motion_cb (ZbReportView *self,
           double        x,
           double        y)
{
  GtkTextIter iter;
  gboolean over = iter_at_point (self, x, y, &iter) && gtk_text_iter_has_tag (&iter, self->figure_tag);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view), over ? "pointer" : "text");
}

static void
update_tag_colours (ZbReportView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA figure;

  gdk_rgba_parse (&figure, dark ? "#78aeed" : "#1c5fb8");
  /* The underline in the figure's colour, so it reads as a link. */
  g_object_set (self->figure_tag,
                "foreground-rgba", &figure,
                "underline-rgba", &figure,
                NULL);
  g_object_set (self->sentence_tag,
                "background", dark ? "#3d3522" : "#fdf3c8",
                NULL);
  g_object_set (self->current_tag,
                "background", dark ? "#7a5d0a" : "#fce588",
                NULL);
}

static void
zb_report_view_dispose (GObject *object)
{
  ZbReportView *self = ZB_REPORT_VIEW (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->dataset);
  g_clear_pointer (&self->char_at, g_free);
  self->text = NULL;

  G_OBJECT_CLASS (zb_report_view_parent_class)->dispose (object);
}

static void
zb_report_view_class_init (ZbReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zb_report_view_dispose;

  signals[OBSERVATION_ACTIVATED] =
    g_signal_new ("observation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "zbreportview");
}

static void
zb_report_view_init (ZbReportView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->text_view, 18);
  gtk_text_view_set_right_margin (self->text_view, 18);
  gtk_text_view_set_top_margin (self->text_view, 12);
  gtk_text_view_set_bottom_margin (self->text_view, 18);
  gtk_text_view_set_pixels_below_lines (self->text_view, 5);
  gtk_text_view_set_pixels_inside_wrap (self->text_view, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "zb-report-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Report text"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->text_view));

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  self->heading_tag = gtk_text_buffer_create_tag (self->buffer, "heading",
                                                  "weight", PANGO_WEIGHT_BOLD, NULL);
  self->sentence_tag = gtk_text_buffer_create_tag (self->buffer, "sentence", NULL);
  self->figure_tag = gtk_text_buffer_create_tag (self->buffer, "figure",
                                                 "underline", PANGO_UNDERLINE_SINGLE, NULL);
  self->current_tag = gtk_text_buffer_create_tag (self->buffer, "current",
                                                  "weight", PANGO_WEIGHT_BOLD, NULL);
  update_tag_colours (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colours), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), motion);
}

GtkWidget *
zb_report_view_new (void)
{
  return g_object_new (ZB_TYPE_REPORT_VIEW, NULL);
}

void
zb_report_view_set_dataset (ZbReportView *self,
                            ZbDataset    *dataset)
{
  g_return_if_fail (ZB_IS_REPORT_VIEW (self));
  g_return_if_fail (dataset == NULL || ZB_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  fill (self);
}

GtkTextView *
zb_report_view_get_text_view (ZbReportView *self)
{
  g_return_val_if_fail (ZB_IS_REPORT_VIEW (self), NULL);
  return self->text_view;
}

void
zb_report_view_show_observation (ZbReportView  *self,
                                 ZbObservation *observation)
{
  ZbReport *report;
  GtkTextIter start, end;
  gsize s_start, s_end;

  g_return_if_fail (ZB_IS_REPORT_VIEW (self));

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->sentence_tag, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->current_tag, &start, &end);

  report = self->dataset != NULL ? zb_dataset_get_report (self->dataset) : NULL;
  if (report == NULL || observation == NULL || observation->src_text == NULL)
    return;

  if (zb_report_get_sentence (report, observation->src_start, &s_start, &s_end))
    apply_tag (self, self->sentence_tag, s_start, s_end);
  apply_tag (self, self->current_tag, observation->src_start, observation->src_end);

  iter_at_offset (self, observation->src_start, &start);
  if (self->scroll_mark == NULL)
    self->scroll_mark = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  else
    gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &start);
  /* A mark, not an iterator: the view may not have its lines measured yet. */
  gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.05, TRUE, 0.0, 0.3);
}

ZbObservation *
zb_report_view_activate_offset (ZbReportView *self,
                                gsize         offset)
{
  ZbObservation *observation;

  g_return_val_if_fail (ZB_IS_REPORT_VIEW (self), NULL);

  if (self->dataset == NULL)
    return NULL;
  observation = zb_dataset_find_observation_at (self->dataset, offset);
  if (observation != NULL)
    g_signal_emit (self, signals[OBSERVATION_ACTIVATED], 0, observation);
  return observation;
}

guint
zb_report_view_get_n_figures (ZbReportView *self)
{
  g_return_val_if_fail (ZB_IS_REPORT_VIEW (self), 0);
  return self->n_figures;
}
