#define G_LOG_DOMAIN "zb-presentation"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zb-application.h"
#include "zb-error.h"
#include "zb-presentation.h"

/* The slide area before its first allocation, so that keys and clicks have a layout to use. */
#define FALLBACK_WIDTH  1920
#define FALLBACK_HEIGHT 1080
#define MAX_TYPED_DIGITS 4

/* ---- ZbSlideCanvas: one slide drawn by the deck ------------------------------------------- */

#define ZB_TYPE_SLIDE_CANVAS (zb_slide_canvas_get_type ())
G_DECLARE_FINAL_TYPE (ZbSlideCanvas, zb_slide_canvas, ZB, SLIDE_CANVAS, GtkWidget)

struct _ZbSlideCanvas
{
  GtkWidget    parent_instance;

  ZbSlideDeck *deck;
  int          index;        /* -1: past the end, drawn as an empty slide */
  int          reveal;
  gboolean     blank;
  ZbTheme      theme;
  gboolean     thumbnail;     /* laid out as a 16:9 page and scaled down, not at its own size */
};

G_DEFINE_FINAL_TYPE (ZbSlideCanvas, zb_slide_canvas, GTK_TYPE_WIDGET)

/* The size the slide is laid out at: the canvas's own, or for a thumbnail the 16:9 page scaled
 * down, so that it shows the slide as the PDF does whatever the room's screen is. */
static void
canvas_layout_size (ZbSlideCanvas *self,
                    double        *width,
                    double        *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (self));
  *height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->thumbnail || *width <= 0 || *height <= 0)
    {
      *width = FALLBACK_WIDTH;
      *height = FALLBACK_HEIGHT;
    }
}

static void
zb_slide_canvas_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  ZbSlideCanvas *self = ZB_SLIDE_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double layout_width, layout_height, scale;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  if (self->blank || self->deck == NULL || self->index < 0)
    {
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }

  canvas_layout_size (self, &layout_width, &layout_height);
  scale = MIN (width / layout_width, height / layout_height);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, (width - layout_width * scale) / 2, (height - layout_height * scale) / 2);
  cairo_scale (cr, scale, scale);
  zb_slide_deck_render (self->deck, self->index, cr, layout_width, layout_height, self->theme,
                        self->reveal);
  cairo_destroy (cr);
}

static void
zb_slide_canvas_dispose (GObject *object)
{
  ZbSlideCanvas *self = ZB_SLIDE_CANVAS (object);

  g_clear_object (&self->deck);
  G_OBJECT_CLASS (zb_slide_canvas_parent_class)->dispose (object);
}

static void
zb_slide_canvas_class_init (ZbSlideCanvasClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = zb_slide_canvas_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = zb_slide_canvas_snapshot;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
zb_slide_canvas_init (ZbSlideCanvas *self)
{
  self->index = -1;
  self->reveal = -1;
}

static ZbSlideCanvas *
zb_slide_canvas_new (ZbSlideDeck *deck,
                     gboolean     thumbnail)
{
  ZbSlideCanvas *self = g_object_new (ZB_TYPE_SLIDE_CANVAS, NULL);

  self->deck = g_object_ref (deck);
  self->thumbnail = thumbnail;
  return self;
}

static void
zb_slide_canvas_show (ZbSlideCanvas *self,
                      int            index,
                      int            reveal,
                      gboolean       blank,
                      ZbTheme        theme)
{
  const char *title = "";

  self->index = index >= 0 && (guint) index < zb_slide_deck_get_n_slides (self->deck) ? index : -1;
  self->reveal = reveal;
  self->blank = blank;
  self->theme = theme;
  if (self->index >= 0)
    title = zb_slide_deck_get_title (self->deck, self->index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->index >= 0 ? zb_slide_deck_get_caption (self->deck, self->index) : "",
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- ZbPresentation ---------------------------------------------------------------------- */

struct _ZbPresentation
{
  AdwWindow      parent_instance;

  ZbSlideDeck   *deck;
  guint          slide;
  GString       *typed;
  gboolean       blanked;
  gboolean       reveal_mode;
  int            revealed;
  gboolean       left;
  ZbTheme        theme;
  GtkWindow     *parent;      /* weak */
  gint64         started;
  guint          clock_id;
  guint          cursor_id;

  ZbSlideCanvas *canvas;
  GtkWidget     *typed_label;
  GtkWidget     *panel;
  ZbSlideCanvas *current_thumb;
  ZbSlideCanvas *next_thumb;
  GtkWidget     *position_label;
  GtkWidget     *notes_label;
  GtkWidget     *clock_label;
  GtkWidget     *elapsed_label;
};

G_DEFINE_FINAL_TYPE (ZbPresentation, zb_presentation, ADW_TYPE_WINDOW)

enum
{
  LEAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
current_n_marks (ZbPresentation *self)
{
  return zb_slide_deck_get_n_marks (self->deck, self->slide);
}

static void
update_clock (ZbPresentation *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M");
  gint64 seconds = (g_get_monotonic_time () - self->started) / G_USEC_PER_SEC;
  g_autofree char *elapsed = g_strdup_printf (_("%02d:%02d:%02d elapsed"), (int) (seconds / 3600),
                                              (int) (seconds / 60 % 60), (int) (seconds % 60));

  gtk_label_set_label (GTK_LABEL (self->clock_label), clock);
  gtk_label_set_label (GTK_LABEL (self->elapsed_label), elapsed);
}

static gboolean
clock_tick_cb (gpointer user_data)
{
  update_clock (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update (ZbPresentation *self)
{
  guint n = zb_slide_deck_get_n_slides (self->deck);
  g_autofree char *position = NULL;
  g_autofree char *typed = NULL;

  zb_slide_canvas_show (self->canvas, self->slide, self->revealed, self->blanked, self->theme);

  gtk_widget_set_visible (self->typed_label, self->typed->len > 0);
  if (self->typed->len > 0)
    {
      typed = g_strdup_printf (_("Go to slide %s"), self->typed->str);
      gtk_label_set_label (GTK_LABEL (self->typed_label), typed);
    }

  if (gtk_widget_get_visible (self->panel))
    {
      zb_slide_canvas_show (self->current_thumb, self->slide, self->revealed, FALSE, self->theme);
      zb_slide_canvas_show (self->next_thumb, self->slide + 1, -1, FALSE, self->theme);
      position = g_strdup_printf (_("Slide %u of %u"), self->slide + 1, n);
      gtk_label_set_label (GTK_LABEL (self->position_label), position);
      gtk_label_set_label (GTK_LABEL (self->notes_label),
                           zb_slide_deck_get_notes (self->deck, self->slide));
      update_clock (self);
    }
}

static void
go_to (ZbPresentation *self,
       guint           slide,
       gboolean        all_marks)
{
  guint n = zb_slide_deck_get_n_slides (self->deck);
  guint marks;

  slide = MIN (slide, n - 1);
  if (slide != self->slide)
    zb_slide_deck_set_selected (self->deck, self->slide, -1);
  self->slide = slide;
  self->blanked = FALSE;
  marks = current_n_marks (self);
  self->revealed = self->reveal_mode && marks > 0 ? (all_marks ? (int) marks : 1) : -1;
  update (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);

  /* Out of a blank screen, the first key only brings the slide back. */
  if (self->blanked)
    {
      self->blanked = FALSE;
      update (self);
      return;
    }
  if (self->revealed >= 1 && (guint) self->revealed < current_n_marks (self))
    {
      self->revealed++;
      update (self);
      return;
    }
  if (self->slide + 1 < zb_slide_deck_get_n_slides (self->deck))
    go_to (self, self->slide + 1, FALSE);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);

  /* Backspace corrects a slide number being typed before it means "back". */
  if (self->typed->len > 0)
    {
      g_string_truncate (self->typed, self->typed->len - 1);
      update (self);
      return;
    }
  if (self->blanked)
    {
      self->blanked = FALSE;
      update (self);
      return;
    }
  if (self->revealed > 1)
    {
      self->revealed--;
      update (self);
      return;
    }
  if (self->slide > 0)
    go_to (self, self->slide - 1, TRUE);
}

static void
first_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  go_to (ZB_PRESENTATION (widget), 0, FALSE);
}

static void
last_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);

  go_to (self, zb_slide_deck_get_n_slides (self->deck) - 1, FALSE);
}

static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);
  guint digit = g_variant_get_uint32 (parameter);

  if (digit > 9 || self->typed->len >= MAX_TYPED_DIGITS)
    return;
  g_string_append_c (self->typed, '0' + digit);
  update (self);
}

static void
jump_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);
  guint64 number;

  if (self->typed->len == 0)
    return;
  number = g_ascii_strtoull (self->typed->str, NULL, 10);
  g_string_truncate (self->typed, 0);
  go_to (self, CLAMP (number, 1, zb_slide_deck_get_n_slides (self->deck)) - 1, FALSE);
}

static void
blank_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);

  self->blanked = !self->blanked;
  update (self);
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);
  guint marks = current_n_marks (self);

  self->reveal_mode = !self->reveal_mode;
  self->revealed = self->reveal_mode && marks > 0 ? 1 : -1;
  update (self);
}

static void
presenter_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);

  gtk_widget_set_visible (self->panel, !gtk_widget_get_visible (self->panel));
  update (self);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ZbPresentation *self = ZB_PRESENTATION (widget);

  /* Esc first cancels a slide number being typed. */
  if (self->typed->len > 0)
    {
      g_string_truncate (self->typed, 0);
      update (self);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
zb_presentation_close_request (GtkWindow *window)
{
  ZbPresentation *self = ZB_PRESENTATION (window);

  if (!self->left)
    {
      self->left = TRUE;
      g_signal_emit (self, signals[LEAVE], 0, self->slide);
      /* Back to the window and the chart it showed. */
      if (self->parent != NULL)
        gtk_window_present (self->parent);
    }
  return GTK_WINDOW_CLASS (zb_presentation_parent_class)->close_request (window);
}

static void
pressed_cb (ZbPresentation  *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  zb_presentation_click (self, x, y);
}

static gboolean
hide_cursor_cb (gpointer user_data)
{
  ZbPresentation *self = user_data;

  self->cursor_id = 0;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->canvas), "none");
  return G_SOURCE_REMOVE;
}

/* The pointer shows while it moves, as a hand over a mark, and hides from the room when idle. */
static void
motion_cb (ZbPresentation *self,
           double          x,
           double          y)
{
  double width, height;
  int mark;

  canvas_layout_size (self->canvas, &width, &height);
  mark = zb_slide_deck_hit_test (self->deck, self->slide, width, height, self->theme, x, y);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->canvas), mark >= 0 ? "pointer" : "default");
  g_clear_handle_id (&self->cursor_id, g_source_remove);
  self->cursor_id = g_timeout_add_seconds (2, hide_cursor_cb, self);
}

static void
style_changed_cb (ZbPresentation *self)
{
  self->theme = zb_style_theme ();
  update (self);
}

static void
zb_presentation_dispose (GObject *object)
{
  ZbPresentation *self = ZB_PRESENTATION (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->cursor_id, g_source_remove);
  g_clear_weak_pointer (&self->parent);
  G_OBJECT_CLASS (zb_presentation_parent_class)->dispose (object);
}

static void
zb_presentation_finalize (GObject *object)
{
  ZbPresentation *self = ZB_PRESENTATION (object);

  g_clear_object (&self->deck);
  g_string_free (self->typed, TRUE);
  G_OBJECT_CLASS (zb_presentation_parent_class)->finalize (object);
}

static void
bind_keys (GtkWidgetClass *widget_class,
           const char     *action,
           const guint    *keys,
           guint           n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], 0, action, NULL);
}

static void
zb_presentation_class_init (ZbPresentationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint next_keys[] = { GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_space, GDK_KEY_Page_Down,
                                     GDK_KEY_KP_Right, GDK_KEY_KP_Down, GDK_KEY_KP_Page_Down };
  static const guint previous_keys[] = { GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_BackSpace, GDK_KEY_Page_Up,
                                         GDK_KEY_KP_Left, GDK_KEY_KP_Up, GDK_KEY_KP_Page_Up };
  static const guint first_keys[] = { GDK_KEY_Home, GDK_KEY_KP_Home };
  static const guint last_keys[] = { GDK_KEY_End, GDK_KEY_KP_End };
  static const guint jump_keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };
  static const guint blank_keys[] = { GDK_KEY_b, GDK_KEY_period };
  static const guint reveal_keys[] = { GDK_KEY_r };
  static const guint presenter_keys[] = { GDK_KEY_p };
  static const guint leave_keys[] = { GDK_KEY_Escape };

  object_class->dispose = zb_presentation_dispose;
  object_class->finalize = zb_presentation_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = zb_presentation_close_request;

  /**
   * ZbPresentation::leave:
   * @slide: the slide shown when the presentation ended
   *
   * The presentation is ending (Esc, or its window is closed).
   */
  signals[LEAVE] = g_signal_new ("leave", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "slides.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "slides.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "slides.first", NULL, first_action);
  gtk_widget_class_install_action (widget_class, "slides.last", NULL, last_action);
  gtk_widget_class_install_action (widget_class, "slides.digit", "u", digit_action);
  gtk_widget_class_install_action (widget_class, "slides.jump", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "slides.blank", NULL, blank_action);
  gtk_widget_class_install_action (widget_class, "slides.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "slides.presenter", NULL, presenter_action);
  gtk_widget_class_install_action (widget_class, "slides.leave", NULL, leave_action);

  bind_keys (widget_class, "slides.next", next_keys, G_N_ELEMENTS (next_keys));
  bind_keys (widget_class, "slides.previous", previous_keys, G_N_ELEMENTS (previous_keys));
  bind_keys (widget_class, "slides.first", first_keys, G_N_ELEMENTS (first_keys));
  bind_keys (widget_class, "slides.last", last_keys, G_N_ELEMENTS (last_keys));
  bind_keys (widget_class, "slides.jump", jump_keys, G_N_ELEMENTS (jump_keys));
  bind_keys (widget_class, "slides.blank", blank_keys, G_N_ELEMENTS (blank_keys));
  bind_keys (widget_class, "slides.reveal", reveal_keys, G_N_ELEMENTS (reveal_keys));
  bind_keys (widget_class, "slides.presenter", presenter_keys, G_N_ELEMENTS (presenter_keys));
  bind_keys (widget_class, "slides.leave", leave_keys, G_N_ELEMENTS (leave_keys));
  for (guint i = 0; i <= 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "slides.digit", "u", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, 0, "slides.digit", "u", i);
    }
}

static void
zb_presentation_init (ZbPresentation *self)
{
  self->typed = g_string_new (NULL);
  self->revealed = -1;
  self->theme = zb_style_theme ();
  self->started = g_get_monotonic_time ();
  gtk_window_set_title (GTK_WINDOW (self), _("Presentation"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 720);
}

static GtkWidget *
heading_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
thumb_frame (ZbSlideCanvas *canvas)
{
  GtkWidget *frame = gtk_aspect_frame_new (0.5, 0.5, 16.0 / 9.0, FALSE);

  gtk_widget_set_size_request (GTK_WIDGET (canvas), 384, 216);
  gtk_aspect_frame_set_child (GTK_ASPECT_FRAME (frame), GTK_WIDGET (canvas));
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  return frame;
}

static GtkWidget *
build_panel (ZbPresentation *self)
{
  GtkWidget *panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled;

  gtk_widget_set_size_request (panel, 432, -1);
  gtk_widget_set_margin_start (panel, 24);
  gtk_widget_set_margin_end (panel, 24);
  gtk_widget_set_margin_top (panel, 24);
  gtk_widget_set_margin_bottom (panel, 24);

  self->clock_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->clock_label), 0);
  gtk_widget_add_css_class (self->clock_label, "title-1");
  gtk_widget_add_css_class (self->clock_label, "numeric");
  gtk_box_append (GTK_BOX (panel), self->clock_label);
  self->elapsed_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->elapsed_label), 0);
  gtk_widget_add_css_class (self->elapsed_label, "dim-label");
  gtk_widget_add_css_class (self->elapsed_label, "numeric");
  gtk_box_append (GTK_BOX (panel), self->elapsed_label);

  self->position_label = heading_label (NULL);
  gtk_box_append (GTK_BOX (panel), self->position_label);
  self->current_thumb = zb_slide_canvas_new (self->deck, TRUE);
  gtk_box_append (GTK_BOX (panel), thumb_frame (self->current_thumb));
  gtk_box_append (GTK_BOX (panel), heading_label (_("Next")));
  self->next_thumb = zb_slide_canvas_new (self->deck, TRUE);
  gtk_box_append (GTK_BOX (panel), thumb_frame (self->next_thumb));

  gtk_box_append (GTK_BOX (panel), heading_label (_("Notes")));
  self->notes_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->notes_label), 0);
  gtk_label_set_yalign (GTK_LABEL (self->notes_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->notes_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->notes_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->notes_label, "body");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->notes_label);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (panel), scrolled);

  gtk_widget_set_visible (panel, FALSE);
  return panel;
}

static void
build_ui (ZbPresentation *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *osd;
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->canvas = zb_slide_canvas_new (self->deck, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->canvas), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->canvas), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->canvas));

  self->typed_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->typed_label, "title-2");
  gtk_widget_set_margin_start (self->typed_label, 24);
  gtk_widget_set_margin_end (self->typed_label, 24);
  gtk_widget_set_margin_top (self->typed_label, 12);
  gtk_widget_set_margin_bottom (self->typed_label, 12);
  osd = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (osd, "osd");
  gtk_widget_add_css_class (osd, "card");
  gtk_widget_set_halign (osd, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (osd, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (osd), self->typed_label);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), osd);
  g_object_bind_property (self->typed_label, "visible", osd, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), overlay);

  self->panel = build_panel (self);
  gtk_box_append (GTK_BOX (box), self->panel);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), motion);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  self->clock_id = g_timeout_add_seconds (1, clock_tick_cb, self);
}

ZbPresentation *
zb_presentation_new (ZbDataset         *dataset,
                     const ZbBriefing  *briefing,
                     ZbLang             lang,
                     GError           **error)
{
  ZbPresentation *self;
  ZbSlideDeck *deck;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (briefing != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  deck = zb_slide_deck_new (dataset, briefing, lang, TRUE, error);
  if (deck == NULL)
    return NULL;

  self = g_object_new (ZB_TYPE_PRESENTATION, NULL);
  self->deck = deck;
  build_ui (self);
  go_to (self, 0, FALSE);
  return self;
}

/* Every chart of the dataset, for a chart that no briefing shows or a dataset without briefings. */
static ZbBriefing *
all_charts_briefing (ZbDataset *dataset)
{
  ZbBriefing *briefing = zb_briefing_new ("all-charts");
  const ZbText *title = zb_dataset_get_title (dataset);

  briefing->title.zh = g_strdup (title->zh);
  briefing->title.en = g_strdup (title->en);
  for (guint i = 0; i < zb_dataset_get_n_charts (dataset); i++)
    zb_briefing_add_slide (briefing, zb_dataset_get_chart (dataset, i)->id);
  return briefing;
}

static gboolean
briefing_shows (const ZbBriefing *briefing,
                const char       *chart_id)
{
  for (guint i = 0; i < briefing->slides->len; i++)
    if (g_strcmp0 (((ZbSlide *) g_ptr_array_index (briefing->slides, i))->chart, chart_id) == 0)
      return TRUE;
  return FALSE;
}

ZbPresentation *
zb_presentation_run (GtkWindow   *parent,
                     ZbDataset   *dataset,
                     const char  *briefing_id,
                     const char  *chart_id,
                     ZbLang       lang,
                     GError     **error)
{
  g_autoptr (ZbBriefing) all = NULL;
  const ZbBriefing *briefing = NULL;
  ZbPresentation *self;
  int start = 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (briefing_id != NULL)
    briefing = zb_dataset_lookup_briefing (dataset, briefing_id);
  else if (zb_dataset_get_n_briefings (dataset) > 0)
    briefing = zb_dataset_get_briefing (dataset, 0);
  if (briefing_id != NULL && briefing == NULL)
    {
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE,
                   _("The dataset has no briefing “%s”"), briefing_id);
      return NULL;
    }
  if (briefing == NULL || (chart_id != NULL && !briefing_shows (briefing, chart_id)))
    briefing = all = all_charts_briefing (dataset);

  self = zb_presentation_new (dataset, briefing, lang, error);
  if (self == NULL)
    return NULL;
  if (chart_id != NULL)
    start = MAX (0, zb_slide_deck_find_chart (self->deck, chart_id));
  zb_presentation_start (self, parent, start, parent != NULL ? zb_presentation_pick_monitor (parent) : NULL);
  return self;
}

void
zb_presentation_start (ZbPresentation *self,
                       GtkWindow      *parent,
                       guint           slide,
                       GdkMonitor     *monitor)
{
  g_return_if_fail (ZB_IS_PRESENTATION (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (monitor == NULL || GDK_IS_MONITOR (monitor));

  g_set_weak_pointer (&self->parent, parent);
  /* Not transient for parent: that would tie it to parent's monitor. Same application, so the
   * app lives on while it is shown. */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  self->started = g_get_monotonic_time ();
  go_to (self, slide, FALSE);
  if (monitor != NULL)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (self));
}

GdkMonitor *
zb_presentation_pick_monitor (GtkWindow *parent)
{
  GdkDisplay *display;
  GListModel *monitors;
  GdkMonitor *own = NULL;
  GdkSurface *surface;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  display = gtk_widget_get_display (GTK_WIDGET (parent));
  monitors = gdk_display_get_monitors (display);
  if (g_list_model_get_n_items (monitors) < 2)
    return NULL;
  surface = gtk_native_get_surface (GTK_NATIVE (parent));
  if (surface != NULL)
    own = gdk_display_get_monitor_at_surface (display, surface);
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      /* The list model keeps its own reference: the pointer stays valid. */
      if (monitor != own)
        return monitor;
    }
  return NULL;
}

ZbSlideDeck *
zb_presentation_get_deck (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), NULL);
  return self->deck;
}

guint
zb_presentation_get_n_slides (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), 0);
  return zb_slide_deck_get_n_slides (self->deck);
}

guint
zb_presentation_get_slide (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), 0);
  return self->slide;
}

void
zb_presentation_set_slide (ZbPresentation *self,
                           guint           slide)
{
  g_return_if_fail (ZB_IS_PRESENTATION (self));
  go_to (self, slide, FALSE);
}

const char *
zb_presentation_get_caption (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), NULL);
  return zb_slide_deck_get_caption (self->deck, self->slide);
}

const char *
zb_presentation_get_typed_number (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), NULL);
  return self->typed->str;
}

gboolean
zb_presentation_get_blanked (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), FALSE);
  return self->blanked;
}

gboolean
zb_presentation_get_presenter_visible (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), FALSE);
  return gtk_widget_get_visible (self->panel);
}

int
zb_presentation_get_revealed (ZbPresentation *self)
{
  g_return_val_if_fail (ZB_IS_PRESENTATION (self), -1);
  return self->revealed;
}

void
zb_presentation_get_slide_area (ZbPresentation *self,
                                double         *width,
                                double         *height)
{
  g_return_if_fail (ZB_IS_PRESENTATION (self));
  canvas_layout_size (self->canvas, width, height);
}

gboolean
zb_presentation_click (ZbPresentation *self,
                       double          x,
                       double          y)
{
  double width, height;
  int mark;

  g_return_val_if_fail (ZB_IS_PRESENTATION (self), FALSE);

  canvas_layout_size (self->canvas, &width, &height);
  mark = zb_slide_deck_hit_test (self->deck, self->slide, width, height, self->theme, x, y);
  /* Marks not revealed yet are not there to click. */
  if (self->revealed >= 0 && mark >= self->revealed)
    mark = -1;
  /* A click beside the marks puts the slide's own caption back. */
  zb_slide_deck_set_selected (self->deck, self->slide, mark);
  update (self);
  return mark >= 0;
}
