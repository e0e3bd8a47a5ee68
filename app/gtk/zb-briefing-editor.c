#define G_LOG_DOMAIN "zb-briefing-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-briefing-editor.h"
#include "zb-slide.h"

struct _ZbBriefingEditor
{
  GtkWidget    parent_instance;

  ZbDataset   *dataset;
  ZbLang       lang;
  ZbBriefing  *briefing;
  char        *current_chart;
  gboolean     updating;      /* filling the widgets from the model: their signals are not edits */

  GtkWidget   *toasts;
  GtkWidget   *dropdown;
  GtkStringList *titles;
  GtkWidget   *title_entry;
  GtkWidget   *subtitle_entry;
  GtkWidget   *list;
  GtkWidget   *note_entry;
  GtkWidget   *list_page;
  GtkWidget   *empty_page;
  GtkWidget   *stack;
};

G_DEFINE_FINAL_TYPE (ZbBriefingEditor, zb_briefing_editor, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  PRESENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_rows (ZbBriefingEditor *self,
                          int               select);

static guint
n_slides (ZbBriefingEditor *self)
{
  return self->briefing != NULL ? self->briefing->slides->len : 0;
}

static void
update_actions (ZbBriefingEditor *self)
{
  int selected = zb_briefing_editor_get_selected (self);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_slides = n_slides (self) > 0;

  gtk_widget_action_set_enabled (widget, "briefing.add-current",
                                 self->dataset != NULL && self->current_chart != NULL);
  gtk_widget_action_set_enabled (widget, "briefing.new", self->dataset != NULL);
  gtk_widget_action_set_enabled (widget, "briefing.delete", self->briefing != NULL);
  gtk_widget_action_set_enabled (widget, "briefing.remove", selected >= 0);
  gtk_widget_action_set_enabled (widget, "briefing.move-up", selected > 0);
  gtk_widget_action_set_enabled (widget, "briefing.move-down",
                                 selected >= 0 && (guint) selected + 1 < n_slides (self));
  gtk_widget_action_set_enabled (widget, "briefing.present", has_slides);
  gtk_widget_action_set_enabled (widget, "briefing.export-pdf", has_slides);
  gtk_widget_action_set_enabled (widget, "briefing.export-notes-pdf", has_slides);
  gtk_widget_action_set_enabled (widget, "briefing.export-png", has_slides);
  gtk_widget_set_sensitive (self->note_entry, selected >= 0);
}

static void
changed (ZbBriefingEditor *self)
{
  zb_dataset_set_modified (self->dataset, TRUE);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static char **
text_slot (ZbText *text,
           ZbLang  lang)
{
  return lang == ZB_LANG_EN ? &text->en : &text->zh;
}

/* ---- The dropdown of briefings ----------------------------------------------------------- */

static gboolean
same_titles (GtkStringList     *list,
             const char *const *titles)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (n != g_strv_length ((char **) titles))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), titles[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
fill_dropdown (ZbBriefingEditor *self)
{
  guint n = self->dataset != NULL ? zb_dataset_get_n_briefings (self->dataset) : 0;
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    {
      ZbBriefing *briefing = zb_dataset_get_briefing (self->dataset, i);
      const char *title = zb_text_get (&briefing->title, self->lang);

      g_ptr_array_add (titles, g_strdup (*title != '\0' ? title : briefing->id));
      if (briefing == self->briefing)
        selected = i;
    }
  g_ptr_array_add (titles, NULL);

  self->updating = TRUE;
  /* Replacing the items would reset the selection under a dropdown being used: only on change. */
  if (!same_titles (self->titles, (const char *const *) titles->pdata))
    gtk_string_list_splice (self->titles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->titles)),
                            (const char *const *) titles->pdata);
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->dropdown)) != selected)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->dropdown), selected);
  self->updating = FALSE;
}

static void
show_briefing (ZbBriefingEditor *self,
               ZbBriefing       *briefing)
{
  self->briefing = briefing;
  fill_dropdown (self);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry),
                         briefing != NULL ? zb_text_get (&briefing->title, self->lang) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->subtitle_entry),
                         briefing != NULL ? zb_text_get (&briefing->subtitle, self->lang) : "");
  self->updating = FALSE;
  gtk_widget_set_sensitive (self->title_entry, briefing != NULL);
  gtk_widget_set_sensitive (self->subtitle_entry, briefing != NULL);
  gtk_stack_set_visible_child (GTK_STACK (self->stack),
                               briefing != NULL ? self->list_page : self->empty_page);
  rebuild_rows (self, n_slides (self) > 0 ? 0 : -1);
}

static void
dropdown_selected_cb (ZbBriefingEditor *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->dropdown));

  if (self->updating || self->dataset == NULL || selected >= zb_dataset_get_n_briefings (self->dataset))
    return;
  show_briefing (self, zb_dataset_get_briefing (self->dataset, selected));
}

/* ---- The list of slides ------------------------------------------------------------------ */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT,
                                         (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (gtk_widget_get_ancestor (row, ZB_TYPE_BRIEFING_EDITOR));

  if (self == NULL || !G_VALUE_HOLDS_UINT (value))
    return FALSE;
  return zb_briefing_editor_move_slide (self, g_value_get_uint (value),
                                        gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static GtkWidget *
slide_row_new (ZbBriefingEditor *self,
               guint             index)
{
  ZbSlide *slide = g_ptr_array_index (self->briefing->slides, index);
  ZbChartSpec *spec = zb_dataset_lookup_chart (self->dataset, slide->chart);
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *label = gtk_label_new (number);
  GtkWidget *title = gtk_label_new (spec != NULL ? zb_text_get (&spec->title, self->lang) : slide->chart);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove from the briefing"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "briefing.remove-at");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", index);
  gtk_box_append (GTK_BOX (box), handle);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (GTK_LABEL (title)), -1);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
  return row;
}

static void
rebuild_rows (ZbBriefingEditor *self,
              int               select)
{
  GtkWidget *child;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  for (guint i = 0; i < n_slides (self); i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), slide_row_new (self, i));
  self->updating = FALSE;
  zb_briefing_editor_select (self, select);
}

static void
row_selected_cb (ZbBriefingEditor *self)
{
  int selected = zb_briefing_editor_get_selected (self);
  ZbSlide *slide;

  if (self->updating)
    return;
  slide = selected >= 0 ? g_ptr_array_index (self->briefing->slides, selected) : NULL;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry),
                         slide != NULL && slide->note != NULL ? slide->note : "");
  self->updating = FALSE;
  update_actions (self);
}

/* ---- Edits ------------------------------------------------------------------------------- */

static void
title_changed_cb (ZbBriefingEditor *self)
{
  if (self->updating || self->briefing == NULL)
    return;
  if (zb_set_str (text_slot (&self->briefing->title, self->lang),
                  gtk_editable_get_text (GTK_EDITABLE (self->title_entry))))
    changed (self);
}

/* The dropdown's label follows the title once the user is done typing, not at each key, so the
 * dropdown is not rebuilt under the entry. */
static void
title_done_cb (ZbBriefingEditor *self)
{
  if (self->briefing != NULL)
    fill_dropdown (self);
}

static void
subtitle_changed_cb (ZbBriefingEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->subtitle_entry));

  if (self->updating || self->briefing == NULL)
    return;
  if (zb_set_str (text_slot (&self->briefing->subtitle, self->lang), *text != '\0' ? text : NULL))
    changed (self);
}

static void
note_changed_cb (ZbBriefingEditor *self)
{
  int selected = zb_briefing_editor_get_selected (self);

  if (self->updating || selected < 0)
    return;
  zb_briefing_editor_set_note (self, selected, gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
}

static void
add_current_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (widget);

  if (self->current_chart != NULL)
    zb_briefing_editor_add_chart (self, self->current_chart);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (widget);
  int selected = zb_briefing_editor_get_selected (self);

  if (parameter != NULL)
    selected = g_variant_get_uint32 (parameter);
  if (selected >= 0)
    zb_briefing_editor_remove_slide (self, selected);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (widget);
  int selected = zb_briefing_editor_get_selected (self);
  int to = selected + (g_str_equal (action_name, "briefing.move-up") ? -1 : 1);

  if (selected >= 0 && to >= 0)
    zb_briefing_editor_move_slide (self, selected, to);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (widget);

  zb_briefing_editor_new_briefing (self);
  gtk_widget_grab_focus (self->title_entry);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  zb_briefing_editor_delete_briefing (ZB_BRIEFING_EDITOR (widget));
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (widget);

  if (self->briefing != NULL)
    g_signal_emit (self, signals[PRESENT], 0, self->briefing->id);
}

static void
toast (ZbBriefingEditor *self,
       const char       *message)
{
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (message));
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    ZbBriefingEditor *self)
{
  const char *kind = g_object_get_data (G_OBJECT (dialog), "zb-export");
  g_autoptr (GFile) file = NULL;
  g_autoptr (ZbSlideDeck) deck = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  gboolean ok = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && (path = g_file_get_path (file)) == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("Choose a folder on this computer: slides cannot be written to “%s”"),
                 g_file_peek_path (file));
  if (path != NULL && self->briefing != NULL)
    deck = zb_slide_deck_new (self->dataset, self->briefing, self->lang, TRUE, &error);
  if (deck != NULL && g_str_equal (kind, "png"))
    ok = zb_slide_deck_export_png (deck, path, 1920, 1080, ZB_THEME_LIGHT, &error);
  else if (deck != NULL)
    ok = zb_slide_deck_export_pdf (deck, path, ZB_THEME_LIGHT, g_str_equal (kind, "notes"), &error);

  if (ok)
    message = g_strdup_printf (_("Exported %u slides to “%s”"), zb_slide_deck_get_n_slides (deck), path);
  else if (error != NULL)
    message = g_strdup_printf (_("Could not export the briefing: %s"), error->message);
  if (message != NULL)
    toast (self, message);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (widget);
  gboolean png = g_str_equal (action_name, "briefing.export-png");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->briefing == NULL)
    return;
  dialog = gtk_file_chooser_native_new (png ? _("Export Slides as PNG") : _("Export Briefing as PDF"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        png ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  if (!png)
    {
      name = g_strdup_printf ("%s.pdf", self->briefing->id);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    }
  g_object_set_data (G_OBJECT (dialog), "zb-export",
                     png ? "png" : g_str_equal (action_name, "briefing.export-notes-pdf") ? "notes" : "pdf");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Building ---------------------------------------------------------------------------- */

static GtkWidget *
icon_button (const char *icon,
             const char *action,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GtkWidget *
entry_with_placeholder (const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  return entry;
}

static void
build_ui (ZbBriefingEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *more = gtk_menu_button_new ();
  GtkWidget *present = gtk_button_new_with_mnemonic (_("_Present"));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Current Chart"));
  GtkWidget *placeholder = adw_status_page_new ();
  GMenu *menu = g_menu_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  self->titles = gtk_string_list_new (NULL);
  self->dropdown = gtk_drop_down_new (G_LIST_MODEL (self->titles), NULL);
  gtk_widget_set_hexpand (self->dropdown, TRUE);
  gtk_widget_set_tooltip_text (self->dropdown, _("Briefing"));
  g_signal_connect_object (self->dropdown, "notify::selected", G_CALLBACK (dropdown_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (top), self->dropdown);
  gtk_box_append (GTK_BOX (top), icon_button ("list-add-symbolic", "briefing.new", _("New Briefing")));
  gtk_box_append (GTK_BOX (top), icon_button ("user-trash-symbolic", "briefing.delete", _("Delete Briefing")));
  g_menu_append (menu, _("Export as _PDF…"), "briefing.export-pdf");
  g_menu_append (menu, _("Export PDF with _Notes…"), "briefing.export-notes-pdf");
  g_menu_append (menu, _("Export Slides as P_NG…"), "briefing.export-png");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_widget_set_tooltip_text (more, _("Export"));
  g_object_unref (menu);
  gtk_box_append (GTK_BOX (top), more);
  gtk_box_append (GTK_BOX (box), top);

  self->title_entry = entry_with_placeholder (_("Briefing title"));
  g_signal_connect_object (self->title_entry, "changed", G_CALLBACK (title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_entry, "activate", G_CALLBACK (title_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (title_done_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->title_entry, focus);
  gtk_box_append (GTK_BOX (box), self->title_entry);
  self->subtitle_entry = entry_with_placeholder (_("Subtitle (optional)"));
  g_signal_connect_object (self->subtitle_entry, "changed", G_CALLBACK (subtitle_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->subtitle_entry);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Slides"), -1);
  adw_status_page_set_description (ADW_STATUS_PAGE (placeholder),
                                   _("Add the chart on screen with Ctrl+B"));
  adw_status_page_set_title (ADW_STATUS_PAGE (placeholder), _("No Slides"));
  gtk_widget_add_css_class (placeholder, "compact");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), placeholder);
  g_signal_connect_object (self->list, "selected-rows-changed", G_CALLBACK (row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  self->list_page = scrolled;

  self->empty_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_page), "x-office-presentation-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), _("No Briefing"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                   _("A briefing is a list of charts to present or hand out. Make one, or press Ctrl+B on a chart."));
  self->stack = gtk_stack_new ();
  gtk_stack_add_child (GTK_STACK (self->stack), scrolled);
  gtk_stack_add_child (GTK_STACK (self->stack), self->empty_page);
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (box), self->stack);

  self->note_entry = entry_with_placeholder (_("Speaker note (default: the source sentences)"));
  g_signal_connect_object (self->note_entry, "changed", G_CALLBACK (note_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->note_entry);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "briefing.add-current");
  gtk_widget_set_tooltip_text (add, _("Add the chart on screen to this briefing (Ctrl+B)"));
  gtk_widget_set_hexpand (add, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (present), "briefing.present");
  gtk_widget_add_css_class (present, "suggested-action");
  gtk_box_append (GTK_BOX (bottom), add);
  gtk_box_append (GTK_BOX (bottom), icon_button ("go-up-symbolic", "briefing.move-up", _("Move Up (Alt+↑)")));
  gtk_box_append (GTK_BOX (bottom), icon_button ("go-down-symbolic", "briefing.move-down", _("Move Down (Alt+↓)")));
  gtk_box_append (GTK_BOX (bottom), present);
  gtk_box_append (GTK_BOX (box), bottom);

  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), box);
  gtk_widget_set_parent (self->toasts, GTK_WIDGET (self));
}

static void
zb_briefing_editor_dispose (GObject *object)
{
  ZbBriefingEditor *self = ZB_BRIEFING_EDITOR (object);

  g_clear_pointer (&self->toasts, gtk_widget_unparent);
  g_clear_object (&self->dataset);
  g_clear_pointer (&self->current_chart, g_free);
  self->briefing = NULL;
  G_OBJECT_CLASS (zb_briefing_editor_parent_class)->dispose (object);
}

static void
zb_briefing_editor_class_init (ZbBriefingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zb_briefing_editor_dispose;

  /**
   * ZbBriefingEditor::changed:
   *
   * The briefing was edited (the dataset is marked modified).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
  /**
   * ZbBriefingEditor::present:
   * @briefing_id: the briefing to present
   *
   * The user asked to present the briefing; the window starts the presentation.
   */
  signals[PRESENT] = g_signal_new ("present", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "briefing.add-current", NULL, add_current_action);
  gtk_widget_class_install_action (widget_class, "briefing.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "briefing.remove-at", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "briefing.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "briefing.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "briefing.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "briefing.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "briefing.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "briefing.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "briefing.export-notes-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "briefing.export-png", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "briefing.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "briefing.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "briefing.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "briefing.move-down", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
zb_briefing_editor_init (ZbBriefingEditor *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->lang = ZB_LANG_ZH;
  build_ui (self);

  /* Delete removes the selected slide only from the list, not while typing in an entry. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("briefing.remove")));
  gtk_widget_add_controller (self->list, keys);
  show_briefing (self, NULL);
}

GtkWidget *
zb_briefing_editor_new (void)
{
  return g_object_new (ZB_TYPE_BRIEFING_EDITOR, NULL);
}

void
zb_briefing_editor_set_dataset (ZbBriefingEditor *self,
                                ZbDataset        *dataset,
                                ZbLang            lang)
{
  g_return_if_fail (ZB_IS_BRIEFING_EDITOR (self));
  g_return_if_fail (dataset == NULL || ZB_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  self->lang = lang;
  show_briefing (self, dataset != NULL && zb_dataset_get_n_briefings (dataset) > 0
                         ? zb_dataset_get_briefing (dataset, 0) : NULL);
}

void
zb_briefing_editor_set_current_chart (ZbBriefingEditor *self,
                                      const char       *chart_id)
{
  g_return_if_fail (ZB_IS_BRIEFING_EDITOR (self));

  zb_set_str (&self->current_chart, chart_id);
  update_actions (self);
}

ZbBriefing *
zb_briefing_editor_get_briefing (ZbBriefingEditor *self)
{
  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), NULL);
  return self->briefing;
}

gboolean
zb_briefing_editor_select_briefing (ZbBriefingEditor *self,
                                    const char       *briefing_id)
{
  ZbBriefing *briefing;

  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), FALSE);

  briefing = self->dataset != NULL && briefing_id != NULL
             ? zb_dataset_lookup_briefing (self->dataset, briefing_id) : NULL;
  if (briefing == NULL)
    return FALSE;
  show_briefing (self, briefing);
  return TRUE;
}

ZbBriefing *
zb_briefing_editor_new_briefing (ZbBriefingEditor *self)
{
  ZbBriefing *briefing;
  g_autofree char *id = NULL;

  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), NULL);
  g_return_val_if_fail (self->dataset != NULL, NULL);

  for (guint n = zb_dataset_get_n_briefings (self->dataset) + 1; id == NULL; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("briefing-%u", n);

      if (zb_dataset_lookup_briefing (self->dataset, candidate) == NULL)
        id = g_steal_pointer (&candidate);
    }
  briefing = zb_briefing_new (id);
  /* The title in the dataset's label language, not the UI's. */
  *text_slot (&briefing->title, self->lang) = g_strdup (self->lang == ZB_LANG_ZH ? "新简报" : "New briefing");
  zb_dataset_add_briefing (self->dataset, briefing);
  show_briefing (self, briefing);
  changed (self);
  return briefing;
}

gboolean
zb_briefing_editor_delete_briefing (ZbBriefingEditor *self)
{
  guint n;

  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), FALSE);

  if (self->dataset == NULL || self->briefing == NULL)
    return FALSE;
  /* The editor's pointer goes first: the dataset frees the briefing. */
  {
    g_autofree char *id = g_strdup (self->briefing->id);

    self->briefing = NULL;
    zb_dataset_remove_briefing (self->dataset, id);
  }
  n = zb_dataset_get_n_briefings (self->dataset);
  show_briefing (self, n > 0 ? zb_dataset_get_briefing (self->dataset, 0) : NULL);
  changed (self);
  return TRUE;
}

gboolean
zb_briefing_editor_add_chart (ZbBriefingEditor *self,
                              const char       *chart_id)
{
  int selected;
  guint at;
  ZbSlide *slide;

  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), FALSE);
  g_return_val_if_fail (chart_id != NULL, FALSE);

  if (self->dataset == NULL || zb_dataset_lookup_chart (self->dataset, chart_id) == NULL)
    return FALSE;
  if (self->briefing == NULL)
    zb_briefing_editor_new_briefing (self);

  selected = zb_briefing_editor_get_selected (self);
  at = selected >= 0 ? (guint) selected + 1 : n_slides (self);
  /* Appended by the dataset's constructor, then moved after the selection. */
  slide = zb_briefing_add_slide (self->briefing, chart_id);
  g_ptr_array_steal_index (self->briefing->slides, self->briefing->slides->len - 1);
  g_ptr_array_insert (self->briefing->slides, at, slide);
  rebuild_rows (self, at);
  changed (self);
  return TRUE;
}

gboolean
zb_briefing_editor_remove_slide (ZbBriefingEditor *self,
                                 guint             index)
{
  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), FALSE);

  if (index >= n_slides (self))
    return FALSE;
  g_ptr_array_remove_index (self->briefing->slides, index);
  rebuild_rows (self, n_slides (self) == 0 ? -1 : (int) MIN (index, n_slides (self) - 1));
  changed (self);
  return TRUE;
}

gboolean
zb_briefing_editor_move_slide (ZbBriefingEditor *self,
                               guint             from,
                               guint             to)
{
  gpointer slide;

  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), FALSE);

  if (from >= n_slides (self) || to >= n_slides (self))
    return FALSE;
  if (from == to)
    return TRUE;
  slide = g_ptr_array_steal_index (self->briefing->slides, from);
  g_ptr_array_insert (self->briefing->slides, to, slide);
  rebuild_rows (self, to);
  changed (self);
  return TRUE;
}

void
zb_briefing_editor_rename (ZbBriefingEditor *self,
                           const char       *title)
{
  g_return_if_fail (ZB_IS_BRIEFING_EDITOR (self));
  g_return_if_fail (title != NULL);

  if (self->briefing == NULL)
    return;
  /* Through the entry, so what is shown and what is stored cannot differ. */
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title);
  fill_dropdown (self);
}

void
zb_briefing_editor_set_note (ZbBriefingEditor *self,
                             guint             index,
                             const char       *note)
{
  ZbSlide *slide;

  g_return_if_fail (ZB_IS_BRIEFING_EDITOR (self));

  if (index >= n_slides (self))
    return;
  slide = g_ptr_array_index (self->briefing->slides, index);
  if (zb_set_str (&slide->note, note != NULL && *note != '\0' ? note : NULL))
    {
      if ((int) index == zb_briefing_editor_get_selected (self)
          && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->note_entry)), note != NULL ? note : "") != 0)
        {
          self->updating = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note != NULL ? note : "");
          self->updating = FALSE;
        }
      changed (self);
    }
}

int
zb_briefing_editor_get_selected (ZbBriefingEditor *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (ZB_IS_BRIEFING_EDITOR (self), -1);

  row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));
  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

void
zb_briefing_editor_select (ZbBriefingEditor *self,
                           int               index)
{
  GtkListBoxRow *row;

  g_return_if_fail (ZB_IS_BRIEFING_EDITOR (self));

  row = index >= 0 ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), index) : NULL;
  if (row != NULL)
    gtk_list_box_select_row (GTK_LIST_BOX (self->list), row);
  else
    gtk_list_box_unselect_all (GTK_LIST_BOX (self->list));
  row_selected_cb (self);
}
