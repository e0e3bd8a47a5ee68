#define G_LOG_DOMAIN "zb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-error.h"
#include "zb-extractor.h"
#include "zb-report.h"
#include "zb-window-private.h"

#define MAX_RECENT 8

void
_zb_window_set_error (ZbWindow     *self,
                      const char   *heading,
                      const GError *error)
{
  GtkWidget *dialog;

  g_free (self->last_error);
  self->last_error = g_strdup (error->message);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_report_text (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, ".txt");
}

static void
add_recent (ZbWindow   *self,
            const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  if (uri != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  _zb_window_update_recent (self);
}

static ZbDataset *
import_report (GFile   *file,
               GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (ZbReport) report = NULL;
  ZbDataset *dataset;

  report = zb_report_new_from_file (path, error);
  if (report == NULL)
    return NULL;
  dataset = zb_extract (report, path, error);
  if (dataset != NULL)
    zb_dataset_set_modified (dataset, TRUE);  /* nothing of it is on disk yet */
  return dataset;
}

gboolean
zb_window_open_file (ZbWindow *self,
                     GFile    *file)
{
  g_autoptr (ZbDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  gboolean import;

  g_return_val_if_fail (ZB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  import = is_report_text (file);
  if (path == NULL)
    g_set_error (&error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO,
                 _("“%s” is not a file on this computer; copy it here first."), name);
  else if (import)
    dataset = import_report (file, &error);
  else
    dataset = zb_dataset_load (path, &error);

  if (dataset == NULL)
    {
      g_autofree char *heading = g_strdup_printf (import ? _("Could Not Import “%s”")
                                                         : _("Could Not Open “%s”"), name);
      /* The dataset that was open stays open: nothing is replaced until a load succeeded. */
      _zb_window_set_error (self, heading, error);
      return FALSE;
    }

  zb_window_open_loaded (self, file, dataset);
  return TRUE;
}

void
zb_window_open_loaded (ZbWindow  *self,
                       GFile     *file,
                       ZbDataset *dataset)
{
  g_autofree char *path = NULL;

  g_return_if_fail (ZB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (ZB_IS_DATASET (dataset));

  g_clear_pointer (&self->last_error, g_free);
  zb_window_set_dataset (self, dataset);
  path = g_file_get_path (file);
  /* An imported report is not a dataset file to open again. */
  if (path != NULL && !is_report_text (file))
    add_recent (self, path);
}

static void
open_pending_file (ZbWindow *self)
{
  g_autoptr (GFile) file = g_steal_pointer (&self->pending_file);

  if (file != NULL)
    zb_window_open_file (self, file);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ZbWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      g_set_object (&self->pending_file, file);
      open_pending_file (self);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
show_chooser (ZbWindow   *self,
              gboolean    import)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (import ? _("Import Report Text") : _("Open Dataset"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         import ? _("_Import") : _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (import)
    add_filter (GTK_FILE_CHOOSER (chooser), _("Plain text reports"), "*.txt", "text/plain");
  else
    add_filter (GTK_FILE_CHOOSER (chooser), _("Zhibiao datasets"), "*.json", "application/json");
  add_filter (GTK_FILE_CHOOSER (chooser), _("All files"), "*", NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_open_chooser (ZbWindow *self)
{
  show_chooser (self, FALSE);
}

static void
show_import_chooser (ZbWindow *self)
{
  show_chooser (self, TRUE);
}

void
_zb_window_open_action (ZbWindow *self)
{
  _zb_window_confirm_discard (self, show_open_chooser);
}

void
_zb_window_import_action (ZbWindow *self)
{
  _zb_window_confirm_discard (self, show_import_chooser);
}

void
_zb_window_open_recent (ZbWindow   *self,
                        const char *uri)
{
  g_clear_object (&self->pending_file);
  self->pending_file = g_file_new_for_uri (uri);
  _zb_window_confirm_discard (self, open_pending_file);
}

static gboolean
save_to (ZbWindow   *self,
         const char *path)
{
  g_autoptr (GError) error = NULL;

  if (!zb_dataset_save (self->dataset, path, &error))
    {
      _zb_window_set_error (self, _("Could Not Save the Dataset"), error);
      return FALSE;
    }
  zb_dataset_set_modified (self->dataset, FALSE);
  _zb_window_update_title (self);
  add_recent (self, path);
  zb_window_add_toast (self, adw_toast_new (_("Dataset saved")));
  return TRUE;
}

typedef struct
{
  ZbWindow *window;
  void    (*then) (ZbWindow *self);
} Continuation;

/* Continuations run from the main loop: a dialog's response handler must not destroy the window
 * (and the dialog with it) while the dialog still emits the response. */
static gboolean
run_continuation_cb (gpointer data)
{
  Continuation *continuation = data;

  continuation->then (continuation->window);
  g_object_unref (continuation->window);
  g_free (continuation);
  return G_SOURCE_REMOVE;
}

static void
defer (ZbWindow *self,
       void    (*then) (ZbWindow *self))
{
  Continuation *continuation = g_new0 (Continuation, 1);

  continuation->window = g_object_ref (self);
  continuation->then = then;
  g_idle_add (run_continuation_cb, continuation);
}

static void
run_after_save (ZbWindow *self)
{
  void (*then) (ZbWindow *) = self->after_save;

  self->after_save = NULL;
  if (then != NULL)
    defer (self, then);
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          ZbWindow        *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL && save_to (self, path))
    run_after_save (self);
  else
    self->after_save = NULL;
}

void
_zb_window_save_as_action (ZbWindow *self)
{
  GtkFileChooserNative *chooser;
  const char *path;
  g_autofree char *name = NULL;

  if (self->dataset == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Dataset"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Zhibiao datasets"), "*.json", "application/json");
  path = zb_dataset_get_path (self->dataset);
  name = path != NULL ? g_path_get_basename (path) : g_strdup (_("dataset.json"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_zb_window_save_action (ZbWindow *self)
{
  const char *path;

  if (self->dataset == NULL)
    return;
  path = zb_dataset_get_path (self->dataset);
  /* An imported report has no dataset file yet. */
  if (path == NULL || g_str_has_suffix (path, ".txt"))
    _zb_window_save_as_action (self);
  else if (save_to (self, path))
    run_after_save (self);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ZbWindow         *self)
{
  void (*then) (ZbWindow *) = g_object_get_data (G_OBJECT (dialog), "zb-then");

  if (g_strcmp0 (response, "discard") == 0)
    defer (self, then);
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->after_save = then;
      _zb_window_save_action (self);
    }
  else
    g_clear_object (&self->pending_file);
}

void
_zb_window_confirm_discard (ZbWindow *self,
                            void    (*then) (ZbWindow *self))
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->dataset == NULL || !zb_dataset_get_modified (self->dataset))
    {
      then (self);
      return;
    }

  body = g_strdup_printf (_("“%s” has changes that are not saved. If you go on without saving "
                            "them, they are lost."),
                          zb_text_get (zb_dataset_get_title (self->dataset), self->lang));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "zb-then", then);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_zb_window_update_recent (ZbWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  const char *app_name = g_get_application_name ();
  guint n = 0;

  g_menu_remove_all (self->recent_section);
  for (GList *l = items; l != NULL && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr (GMenuItem) item = NULL;

      if (app_name == NULL || !gtk_recent_info_has_application (info, app_name)
          || !g_str_has_suffix (uri, ".json") || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
      g_menu_append_item (self->recent_section, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         ZbWindow      *self)
{
  GSList *files = g_value_get_boxed (value);

  if (files == NULL)
    return FALSE;
  g_set_object (&self->pending_file, files->data);
  _zb_window_confirm_discard (self, open_pending_file);
  return TRUE;
}

void
_zb_window_init_files (ZbWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (_zb_window_update_recent), self, G_CONNECT_SWAPPED);
  _zb_window_update_recent (self);
}
