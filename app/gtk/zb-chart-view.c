#define G_LOG_DOMAIN "zb-chart-view"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-application.h"
#include "zb-chart-view.h"
#include "zb-indicator-item.h"

/* Before the first allocation the layout still has to answer keyboard and test queries. */
#define FALLBACK_WIDTH  800
#define FALLBACK_HEIGHT 480

struct _ZbChartView
{
  GtkWidget          parent_instance;

  ZbDataset         *dataset;
  const ZbChartSpec *spec;
  ZbChartLayout     *layout;
  GError            *error;
  ZbLang             lang;
  ZbTheme            theme;
  int                layout_width;
  int                layout_height;
  ZbObservation     *selected;
  int                hover;
};

G_DEFINE_FINAL_TYPE (ZbChartView, zb_chart_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SELECTED_OBSERVATION,
  N_PROPS
};

enum
{
  MARK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static gboolean first_frame_reported;

static void
update_accessible (ZbChartView *self)
{
  g_autofree char *description = zb_chart_view_dup_description (self);
  const char *title = "";

  if (self->layout != NULL)
    title = zb_text_get (zb_chart_layout_get_title (self->layout), self->lang);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
invalidate_layout (ZbChartView *self)
{
  g_clear_object (&self->layout);
  g_clear_error (&self->error);
  self->layout_width = self->layout_height = 0;
  self->hover = -1;
}

/* What the view draws with: the window's chart of width × height (layout units). */
static void
init_options (ZbRenderOptions *options,
              ZbLang           lang,
              ZbTheme          theme,
              int              width,
              int              height)
{
  zb_render_options_init (options);
  options->width = width;
  options->height = height;
  options->lang = lang;
  options->theme = theme;
  options->transparent = TRUE;
  options->source_footer = FALSE;
  /* Tick labels come out at 0.85 of this: 11 px, beside the 11 pt interface text. */
  options->min_text_size = 13;
}

static void
ensure_layout (ZbChartView *self,
               int          width,
               int          height)
{
  ZbRenderOptions options;

  if (width <= 0 || height <= 0)
    {
      width = FALLBACK_WIDTH;
      height = FALLBACK_HEIGHT;
    }
  if ((self->layout != NULL || self->error != NULL)
      && width == self->layout_width && height == self->layout_height)
    return;

  invalidate_layout (self);
  self->layout_width = width;
  self->layout_height = height;
  if (self->dataset == NULL || self->spec == NULL)
    return;

  init_options (&options, self->lang, self->theme, width, height);
  self->layout = zb_chart_layout_new (self->dataset, self->spec, &options, &self->error);
  if (self->layout != NULL && self->selected != NULL)
    zb_chart_layout_set_selected (self->layout,
                                  zb_chart_layout_find_mark (self->layout, self->selected));
  update_accessible (self);
}

static void
select_index (ZbChartView *self,
              int          index)
{
  const ZbMark *mark;

  ensure_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)));
  if (self->layout == NULL || index < 0 || (guint) index >= zb_chart_layout_get_n_marks (self->layout))
    return;

  mark = zb_chart_layout_get_mark (self->layout, index);
  zb_chart_layout_set_selected (self->layout, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->selected == mark->observation)
    return;
  self->selected = mark->observation;
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_OBSERVATION]);
}

static int
selected_index (ZbChartView *self)
{
  return self->layout != NULL ? zb_chart_layout_get_selected (self->layout) : -1;
}

static void
select_step_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ZbChartView *self = ZB_CHART_VIEW (widget);
  int n, index;

  ensure_layout (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  if (self->layout == NULL || (n = zb_chart_layout_get_n_marks (self->layout)) == 0)
    return;

  index = selected_index (self);
  if (g_str_equal (action_name, "chart.select-first"))
    index = 0;
  else if (g_str_equal (action_name, "chart.select-last"))
    index = n - 1;
  else if (g_str_equal (action_name, "chart.select-next"))
    index = index < 0 ? 0 : MIN (index + 1, n - 1);
  else
    index = index < 0 ? n - 1 : MAX (index - 1, 0);
  select_index (self, index);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ZbChartView *self = ZB_CHART_VIEW (widget);

  if (self->selected == NULL)
    select_step_action (widget, "chart.select-first", NULL);
  if (self->selected != NULL)
    g_signal_emit (self, signals[MARK_ACTIVATED], 0, self->selected);
}

static void
motion_cb (ZbChartView *self,
           double       x,
           double       y)
{
  int hover = self->layout != NULL ? zb_chart_layout_hit_test (self->layout, x, y) : -1;

  if (hover == self->hover)
    return;
  self->hover = hover;
  if (self->layout != NULL)
    zb_chart_layout_set_hover (self->layout, hover);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hover >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (ZbChartView *self)
{
  motion_cb (self, -1, -1);
}

static void
pressed_cb (ZbChartView     *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  int index = self->layout != NULL ? zb_chart_layout_hit_test (self->layout, x, y) : -1;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (index < 0)
    return;
  select_index (self, index);
  if (n_press == 2)
    activate_action (GTK_WIDGET (self), "chart.activate", NULL);
}

static char *
mark_tooltip_markup (ZbChartView  *self,
                     const ZbMark *mark)
{
  ZbObservation *obs = mark->observation;
  g_autofree char *value = NULL;
  g_autofree char *period = NULL;
  const char *name;

  if (obs == NULL)
    return g_markup_escape_text (mark->label != NULL ? mark->label : "", -1);

  value = zb_format_observation (obs, self->lang);
  period = zb_format_period (obs->period, self->lang);
  name = mark->indicator != NULL ? zb_text_get (&mark->indicator->name, self->lang) : "";

  return g_markup_printf_escaped ("<b>%s</b>\n<big>%s</big>\n%s · %s%s",
                                  name, value, period, zb_status_label (obs->status),
                                  obs->cumulative ? _(" · cumulative") : "");
}

static gboolean
query_tooltip_cb (ZbChartView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip)
{
  const ZbMark *mark;
  g_autofree char *markup = NULL;
  int index;

  if (self->layout == NULL)
    return FALSE;
  index = keyboard_mode ? selected_index (self) : zb_chart_layout_hit_test (self->layout, x, y);
  if (index < 0)
    return FALSE;

  mark = zb_chart_layout_get_mark (self->layout, index);
  markup = mark_tooltip_markup (self, mark);
  gtk_tooltip_set_markup (tooltip, markup);
  /* So moving to the next bar re-queries instead of keeping this bar's text. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { mark->x, mark->y,
                                                       MAX (1, mark->width), MAX (1, mark->height) });
  return TRUE;
}

static void
style_changed_cb (ZbChartView *self)
{
  ZbTheme theme = zb_style_theme ();

  if (theme == self->theme)
    return;
  self->theme = theme;
  invalidate_layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_error (ZbChartView *self,
            GtkSnapshot *snapshot,
            int          width,
            int          height)
{
  g_autoptr (PangoLayout) layout = NULL;
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA color;
  int text_width, text_height;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha *= 0.6;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->error->message);
  pango_layout_set_width (layout, MAX (1, width - 48) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (24, (height - text_height) / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* After the paint phase of the frame clock the renderer has drawn the frame and handed it to the
 * display server; the sync waits until the server has it, so the time is when it can be seen. */
static void
report_first_frame_cb (GdkFrameClock *clock,
                       GtkWidget     *widget)
{
  g_signal_handlers_disconnect_by_func (clock, report_first_frame_cb, widget);
  gdk_display_sync (gtk_widget_get_display (widget));
  /* Monotonic microseconds, the clock a start-up benchmark reads before launching us. */
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (g_strcmp0 (g_getenv ("ZB_FIRST_FRAME_TIMESTAMP"), "quit") == 0)
    g_application_quit (g_application_get_default ());
}

static void
zb_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  ZbChartView *self = ZB_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  ensure_layout (self, width, height);
  if (self->error != NULL)
    {
      draw_error (self, snapshot, width, height);
      return;
    }
  if (self->layout == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  zb_chart_layout_render (self->layout, cr);
  cairo_destroy (cr);

  if (!first_frame_reported && g_getenv ("ZB_FIRST_FRAME_TIMESTAMP") != NULL)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

      /* A snapshot is only the recipe of the frame: the time counts once the frame is drawn. */
      first_frame_reported = TRUE;
      if (clock != NULL)
        g_signal_connect_object (clock, "after-paint", G_CALLBACK (report_first_frame_cb),
                                 widget, 0);
    }
}

static void
zb_chart_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  ensure_layout (ZB_CHART_VIEW (widget), width, height);
}

static void
zb_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 280 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 440;
}

static void
zb_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ZbChartView *self = ZB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_OBSERVATION:
      g_value_set_pointer (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zb_chart_view_dispose (GObject *object)
{
  ZbChartView *self = ZB_CHART_VIEW (object);

  invalidate_layout (self);
  g_clear_object (&self->dataset);
  self->spec = NULL;

  G_OBJECT_CLASS (zb_chart_view_parent_class)->dispose (object);
}

static void
zb_chart_view_class_init (ZbChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = zb_chart_view_get_property;
  object_class->dispose = zb_chart_view_dispose;
  widget_class->snapshot = zb_chart_view_snapshot;
  widget_class->size_allocate = zb_chart_view_size_allocate;
  widget_class->measure = zb_chart_view_measure;

  properties[PROP_SELECTED_OBSERVATION] =
    g_param_spec_pointer ("selected-observation", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Enter or a double click on a mark: the window shows it in the report. */
  signals[MARK_ACTIVATED] =
    g_signal_new ("mark-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_install_action (widget_class, "chart.select-next", NULL, select_step_action);
  gtk_widget_class_install_action (widget_class, "chart.select-previous", NULL, select_step_action);
  gtk_widget_class_install_action (widget_class, "chart.select-first", NULL, select_step_action);
  gtk_widget_class_install_action (widget_class, "chart.select-last", NULL, select_step_action);
  gtk_widget_class_install_action (widget_class, "chart.activate", NULL, activate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "chart.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "chart.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.select-first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "chart.select-last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "zbchartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
zb_chart_view_init (ZbChartView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->hover = -1;
  self->lang = zb_lang_for_locale ();
  self->theme = zb_style_theme ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
zb_chart_view_new (void)
{
  return g_object_new (ZB_TYPE_CHART_VIEW, NULL);
}

void
zb_chart_view_set_chart (ZbChartView       *self,
                         ZbDataset         *dataset,
                         const ZbChartSpec *spec)
{
  g_return_if_fail (ZB_IS_CHART_VIEW (self));
  g_return_if_fail (dataset == NULL || ZB_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  self->spec = spec;
  invalidate_layout (self);
  if (self->selected != NULL)
    {
      self->selected = NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_OBSERVATION]);
    }
  /* Before the first allocation the layout waits for the size (or a caller's question), rather
   * than being made at the fallback size and again at the real one. */
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    ensure_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                   gtk_widget_get_height (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const ZbChartSpec *
zb_chart_view_get_chart (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), NULL);
  return self->spec;
}

void
zb_chart_view_set_lang (ZbChartView *self,
                        ZbLang       lang)
{
  g_return_if_fail (ZB_IS_CHART_VIEW (self));

  if (self->lang == lang)
    return;
  self->lang = lang;
  invalidate_layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

ZbLang
zb_chart_view_get_lang (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), ZB_LANG_ZH);
  return self->lang;
}

ZbTheme
zb_chart_view_get_theme (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), ZB_THEME_LIGHT);
  return self->theme;
}

ZbChartLayout *
zb_chart_view_get_layout (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), NULL);

  ensure_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)));
  return self->layout;
}

const GError *
zb_chart_view_get_error (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), NULL);

  ensure_layout (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)));
  return self->error;
}

GPtrArray *
zb_chart_view_dup_observations (ZbChartView *self)
{
  GPtrArray *observations = g_ptr_array_new ();
  ZbChartLayout *layout;

  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), observations);

  layout = zb_chart_view_get_layout (self);
  for (guint i = 0; layout != NULL && i < zb_chart_layout_get_n_marks (layout); i++)
    {
      const ZbMark *mark = zb_chart_layout_get_mark (layout, i);

      if (mark->observation != NULL)
        g_ptr_array_add (observations, mark->observation);
    }
  return observations;
}

ZbObservation *
zb_chart_view_get_selected_observation (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), NULL);
  return self->selected;
}

gboolean
zb_chart_view_select_observation (ZbChartView   *self,
                                  ZbObservation *observation)
{
  ZbChartLayout *layout;
  int index;

  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), FALSE);

  layout = zb_chart_view_get_layout (self);
  if (layout == NULL || observation == NULL)
    return FALSE;
  index = zb_chart_layout_find_mark (layout, observation);
  if (index < 0)
    return FALSE;
  select_index (self, index);
  return TRUE;
}

char *
zb_chart_view_dup_description (ZbChartView *self)
{
  g_return_val_if_fail (ZB_IS_CHART_VIEW (self), NULL);

  if (self->layout != NULL)
    return zb_chart_layout_describe (self->layout);
  if (self->error != NULL)
    return g_strdup (self->error->message);
  return g_strdup (_("No chart"));
}

void
zb_chart_view_warm_fonts (ZbDataset *dataset,
                          ZbLang     lang)
{
  ZbRenderOptions options;
  g_autoptr (ZbChartLayout) layout = NULL;

  g_return_if_fail (ZB_IS_DATASET (dataset));

  if (zb_dataset_get_n_charts (dataset) == 0)
    return;
  init_options (&options, lang, ZB_THEME_LIGHT, FALLBACK_WIDTH, FALLBACK_HEIGHT);
  layout = zb_chart_layout_new (dataset, zb_dataset_get_chart (dataset, 0), &options, NULL);
}
