#define G_LOG_DOMAIN "zb-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "zb-application.h"

#include "zb-indicator-item.h"
#include "zb-report.h"
#include "zb-sidebar.h"

struct _ZbSidebar
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkRevealer        *keep_revealer;
  GtkLabel           *selection_label;

  GtkSliceListModel  *slice;      /* the rows, all of them once the list has been drawn */
  GtkMultiSelection  *selection;  /* over slice; what the list view and callers see */
  ZbDataset          *dataset;
  ZbLang              lang;
  char               *group_by;
  char               *query;
  guint               blocked;  /* selection changes made by code, not by the user */
  gboolean            grow_on_draw;  /* the rows are cut short; drawing them starts the growth */
  guint               grow_id;       /* idle that adds the rest of the rows after a frame */
};

/* GTK 4.8's list view makes a row widget for up to 200 items whatever its height, and measuring
 * that many rows of CJK text was a third of the start-up time (and of every rebuild: a search,
 * another grouping, another dataset). Each new set of rows goes to the list as the rows a screen
 * can show (rows are at least MIN_ROW_HEIGHT high); the rest follow in idle steps of GROW_ROWS
 * after the frame that drew them, or at once when a caller asks for the model. */
#define MIN_ROW_HEIGHT 30
#define FIRST_ROWS     64  /* without a display to measure */
#define GROW_ROWS      48

G_DEFINE_FINAL_TYPE (ZbSidebar, zb_sidebar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_GROUP_BY,
  N_PROPS
};

enum
{
  SELECTION_CHANGED,
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
theme_label (const char *theme)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "economy", N_("Economy") },
    { "consumption", N_("Consumption") },
    { "investment", N_("Investment") },
    { "industry", N_("Industry") },
    { "services", N_("Services") },
    { "digital", N_("Digital Economy") },
    { "innovation", N_("Innovation") },
    { "opening-up", N_("Opening Up") },
    { "transport", N_("Transport") },
    { "urban", N_("Urban Development") },
    { "environment", N_("Environment") },
    { "agriculture", N_("Agriculture") },
    { "livelihood", N_("Livelihood") },
    { "finance", N_("Finance") },
    { "governance", N_("Governance") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, theme) == 0)
      return _(labels[i].label);
  return _("Other");
}

/* The section an indicator is reported in: where its first figure sits, at most two levels deep
 * (deeper headings are too fine-grained to group by). */
static int
indicator_section (ZbReport    *report,
                   ZbIndicator *indicator,
                   gsize       *first_offset)
{
  gsize first = G_MAXSIZE;
  int index;

  for (guint i = 0; i < indicator->observations->len; i++)
    {
      ZbObservation *obs = g_ptr_array_index (indicator->observations, i);

      if (obs->src_text != NULL && obs->src_start < first)
        first = obs->src_start;
    }
  *first_offset = first;
  if (report == NULL || first == G_MAXSIZE)
    return -1;

  index = zb_report_find_section (report, first);
  while (index >= 0)
    {
      const ZbSection *section = zb_report_get_section (report, index);

      if (section->level <= 2 || section->parent < 0)
        break;
      index = section->parent;
    }
  return index;
}

typedef struct
{
  ZbIndicator *indicator;
  int          group;   /* section index or theme index */
  gsize        offset;
  guint        order;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->group != eb->group)
    return ea->group < eb->group ? -1 : 1;
  if (ea->offset != eb->offset)
    return ea->offset < eb->offset ? -1 : 1;
  return ea->order < eb->order ? -1 : ea->order > eb->order;
}

static int
theme_index (const char *theme)
{
  for (int i = 0; zb_themes[i] != NULL; i++)
    if (g_strcmp0 (zb_themes[i], theme) == 0)
      return i;
  return G_MAXINT;
}

static char *
group_title (ZbSidebar *self,
             ZbReport  *report,
             const Entry *entry)
{
  if (g_strcmp0 (self->group_by, "theme") == 0)
    return g_strdup (theme_label (entry->indicator->theme));

  if (report != NULL && entry->group >= 0 && entry->group != G_MAXINT)
    {
      const ZbSection *section = zb_report_get_section (report, entry->group);

      return g_strdup_printf ("%s%s", section->number != NULL ? section->number : "",
                              section->title);
    }
  return g_strdup (_("Other Figures"));
}

static void
append_group (GListStore *store,
              GPtrArray  *rows,
              const char *title)
{
  g_autoptr (ZbIndicatorItem) header = NULL;

  if (rows->len == 0)
    return;
  header = zb_indicator_item_new_header (title);
  g_list_store_append (store, header);
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, rows->pdata,
                       rows->len);
  g_ptr_array_set_size (rows, 0);
}

/* As many rows as fit the tallest monitor. */
static guint
first_rows (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors = display != NULL ? gdk_display_get_monitors (display) : NULL;
  int height = 0;

  for (guint i = 0; monitors != NULL && i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      height = MAX (height, geometry.height);
    }
  return height > 0 ? (guint) height / MIN_ROW_HEIGHT + 1 : FIRST_ROWS;
}

/* rows to the list: those a screen shows now, the others after the next frame (see
 * zb_sidebar_snapshot). Stops the growth of the rows it replaces. */
static void
show_rows (ZbSidebar  *self,
           GListModel *rows)
{
  g_clear_handle_id (&self->grow_id, g_source_remove);
  self->blocked++;
  gtk_slice_list_model_set_size (self->slice, first_rows ());
  gtk_slice_list_model_set_model (self->slice, rows);
  self->blocked--;
  self->grow_on_draw = TRUE;
  /* New rows redraw the list, but not if the slice hides every change: still draw once. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rebuild (ZbSidebar *self)
{
  g_autoptr (GListStore) store = g_list_store_new (ZB_TYPE_INDICATOR_ITEM);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  ZbReport *report;
  gboolean by_theme = g_strcmp0 (self->group_by, "theme") == 0;

  if (self->dataset == NULL)
    goto done;

  report = zb_dataset_get_report (self->dataset);

  for (guint i = 0; i < zb_dataset_get_n_charts (self->dataset); i++)
    {
      ZbIndicatorItem *item = zb_indicator_item_new_chart (self->dataset,
                                                           zb_dataset_get_chart (self->dataset, i),
                                                           self->lang);
      if (zb_indicator_item_matches (item, self->query))
        g_ptr_array_add (rows, item);
      else
        g_object_unref (item);
    }
  append_group (store, rows, _("Charts"));

  for (guint i = 0; i < zb_dataset_get_n_indicators (self->dataset); i++)
    {
      Entry entry = { zb_dataset_get_indicator (self->dataset, i), 0, 0, i };
      int section = indicator_section (report, entry.indicator, &entry.offset);

      entry.group = by_theme ? theme_index (entry.indicator->theme)
                             : (section >= 0 ? section : G_MAXINT);
      if (by_theme)
        entry.offset = 0;  /* keep the dataset's order inside a theme */
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_entries);

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);
      ZbIndicatorItem *item = zb_indicator_item_new_indicator (self->dataset, entry->indicator,
                                                               self->lang);

      if (zb_indicator_item_matches (item, self->query))
        g_ptr_array_add (rows, item);
      else
        g_object_unref (item);

      if (i + 1 == entries->len || g_array_index (entries, Entry, i + 1).group != entry->group)
        {
          g_autofree char *title = group_title (self, report, entry);

          append_group (store, rows, title);
        }
    }

done:
  show_rows (self, G_LIST_MODEL (store));
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (store)) > 0 || self->dataset == NULL
                                    ? "list" : "empty");
  gtk_revealer_set_reveal_child (self->keep_revealer, FALSE);
}

/* The tooltip is asked for when the pointer rests on a row: gtk_widget_set_tooltip_text in bind
 * would query the pointer position from the X server for every row made. */
static gboolean
query_row_tooltip_cb (GtkWidget   *box,
                      int          x,
                      int          y,
                      gboolean     keyboard_mode,
                      GtkTooltip  *tooltip,
                      GtkListItem *list_item)
{
  ZbIndicatorItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  /* Only a name long enough to be cut off needs its tooltip. */
  if (item == NULL || g_utf8_strlen (zb_indicator_item_get_title (item), -1) <= 24)
    return FALSE;
  text = zb_indicator_item_dup_description (item);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "zb-row-value");

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), value);
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect (box, "query-tooltip", G_CALLBACK (query_row_tooltip_cb), list_item);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  ZbIndicatorItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *value = gtk_widget_get_next_sibling (labels);
  ZbItemKind kind = zb_indicator_item_get_kind (item);
  const char *subtitle_text = zb_indicator_item_get_subtitle (item);
  g_autofree char *description = zb_indicator_item_dup_description (item);

  gtk_label_set_text (GTK_LABEL (title), zb_indicator_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (subtitle), subtitle_text);
  gtk_widget_set_visible (subtitle, kind != ZB_ITEM_HEADER && *subtitle_text != '\0');
  gtk_label_set_text (GTK_LABEL (value), zb_indicator_item_get_value_text (item));
  gtk_widget_set_visible (value, kind == ZB_ITEM_INDICATOR);
  /* What the tooltip says, for every row: a property of the accessible object, so setting it is
   * string work only (a tooltip set here would query the pointer from the X server). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);

  /* Group headings are part of the list for lack of section headers in GTK 4.8. */
  gtk_list_item_set_selectable (list_item, kind != ZB_ITEM_HEADER);
  gtk_list_item_set_activatable (list_item, kind != ZB_ITEM_HEADER);
  if (kind == ZB_ITEM_HEADER)
    {
      gtk_widget_add_css_class (box, "zb-group-header");
      gtk_widget_add_css_class (title, "heading");
    }
  else
    {
      gtk_widget_remove_css_class (box, "zb-group-header");
      gtk_widget_remove_css_class (title, "heading");
    }
}

static void
update_keep_bar (ZbSidebar *self)
{
  g_autoptr (GPtrArray) indicators = zb_sidebar_dup_selected_indicators (self);

  if (indicators->len >= 2)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u indicator", "%u indicators",
                                                            indicators->len),
                                               indicators->len);
      gtk_label_set_text (self->selection_label, text);
    }
  gtk_revealer_set_reveal_child (self->keep_revealer, indicators->len >= 2);
}

static void
selection_changed_cb (ZbSidebar *self)
{
  if (self->blocked > 0)
    return;
  update_keep_bar (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
list_activate_cb (ZbSidebar *self,
                  guint      position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static void
search_changed_cb (ZbSidebar *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (zb_set_str (&self->query, query))
    rebuild (self);
}

static int
first_selectable (ZbSidebar *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);

      if (zb_indicator_item_get_kind (item) != ZB_ITEM_HEADER)
        return i;
    }
  return -1;
}

static void
search_activate_cb (ZbSidebar *self)
{
  int position = first_selectable (self);

  if (position >= 0)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                  (guint) position);
    }
}

static void
stop_search_cb (ZbSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static gboolean
grow_cb (gpointer data)
{
  ZbSidebar *self = data;
  GListModel *rows = gtk_slice_list_model_get_model (self->slice);
  guint n = rows != NULL ? g_list_model_get_n_items (rows) : 0;
  guint size = gtk_slice_list_model_get_size (self->slice);

  self->blocked++;
  if (size < n && n - size > GROW_ROWS)
    gtk_slice_list_model_set_size (self->slice, size + GROW_ROWS);
  else
    {
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
      self->grow_id = 0;
    }
  self->blocked--;
  return self->grow_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Every row, now: for callers that look at the model or select a row further down. */
static void
ensure_all_rows (ZbSidebar *self)
{
  g_clear_handle_id (&self->grow_id, g_source_remove);
  self->grow_on_draw = FALSE;
  self->blocked++;
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
  self->blocked--;
}

static void
zb_sidebar_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  ZbSidebar *self = ZB_SIDEBAR (widget);

  GTK_WIDGET_CLASS (zb_sidebar_parent_class)->snapshot (widget, snapshot);
  if (!self->grow_on_draw)
    return;
  /* The idle runs after this frame is rendered: the rest of the rows do not delay it. */
  self->grow_on_draw = FALSE;
  if (gtk_slice_list_model_get_size (self->slice) != G_MAXUINT && self->grow_id == 0)
    self->grow_id = g_idle_add (grow_cb, self);
}

static void
zb_sidebar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ZbSidebar *self = ZB_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_GROUP_BY:
      g_value_set_string (value, self->group_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zb_sidebar_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ZbSidebar *self = ZB_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_GROUP_BY:
      zb_sidebar_set_group_by (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zb_sidebar_dispose (GObject *object)
{
  ZbSidebar *self = ZB_SIDEBAR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ZB_TYPE_SIDEBAR);
  /* dispose_template only drops the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->slice);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (zb_sidebar_parent_class)->dispose (object);
}

static void
zb_sidebar_finalize (GObject *object)
{
  ZbSidebar *self = ZB_SIDEBAR (object);

  g_free (self->group_by);
  g_free (self->query);

  G_OBJECT_CLASS (zb_sidebar_parent_class)->finalize (object);
}

static gboolean
zb_sidebar_grab_focus (GtkWidget *widget)
{
  ZbSidebar *self = ZB_SIDEBAR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
zb_sidebar_class_init (ZbSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = zb_sidebar_get_property;
  object_class->set_property = zb_sidebar_set_property;
  object_class->dispose = zb_sidebar_dispose;
  object_class->finalize = zb_sidebar_finalize;
  widget_class->grab_focus = zb_sidebar_grab_focus;
  widget_class->snapshot = zb_sidebar_snapshot;

  properties[PROP_GROUP_BY] =
    g_param_spec_string ("group-by", NULL, NULL, "section",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Enter or a double click on a row: show what it selected (on a narrow window). */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  zb_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/zhibiao/Zhibiao/zb-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ZbSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ZbSidebar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ZbSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, ZbSidebar, keep_revealer);
  gtk_widget_class_bind_template_child (widget_class, ZbSidebar, selection_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_property_action (widget_class, "sidebar.group-by", "group-by");
  gtk_widget_class_set_css_name (widget_class, "zbsidebar");
}

static void
zb_sidebar_init (ZbSidebar *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->group_by = g_strdup ("section");
  self->lang = zb_lang_for_locale ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  self->slice = gtk_slice_list_model_new (NULL, 0, FIRST_ROWS);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->slice)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
zb_sidebar_new (void)
{
  return g_object_new (ZB_TYPE_SIDEBAR, NULL);
}

void
zb_sidebar_set_dataset (ZbSidebar *self,
                        ZbDataset *dataset)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));
  g_return_if_fail (dataset == NULL || ZB_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  rebuild (self);
}

void
zb_sidebar_set_lang (ZbSidebar *self,
                     ZbLang     lang)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));

  if (self->lang == lang)
    return;
  self->lang = lang;
  rebuild (self);
}

const char *
zb_sidebar_get_group_by (ZbSidebar *self)
{
  g_return_val_if_fail (ZB_IS_SIDEBAR (self), NULL);
  return self->group_by;
}

void
zb_sidebar_set_group_by (ZbSidebar  *self,
                         const char *group_by)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));

  if (g_strcmp0 (group_by, "theme") != 0)
    group_by = "section";
  if (!zb_set_str (&self->group_by, group_by))
    return;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY]);
}

void
zb_sidebar_set_search_text (ZbSidebar  *self,
                            const char *text)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry reports changes after a delay; callers (and tests) want the rows now. */
  search_changed_cb (self);
}

void
zb_sidebar_focus_search (ZbSidebar *self)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GListModel *
zb_sidebar_get_model (ZbSidebar *self)
{
  g_return_val_if_fail (ZB_IS_SIDEBAR (self), NULL);
  ensure_all_rows (self);
  return G_LIST_MODEL (self->selection);
}

ZbChartSpec *
zb_sidebar_get_selected_chart (ZbSidebar *self)
{
  g_autoptr (GtkBitset) selected = NULL;
  g_autoptr (ZbIndicatorItem) item = NULL;

  g_return_val_if_fail (ZB_IS_SIDEBAR (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) != 1)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_nth (selected, 0));
  return item != NULL ? zb_indicator_item_get_chart (item) : NULL;
}

GPtrArray *
zb_sidebar_dup_selected_indicators (ZbSidebar *self)
{
  g_autoptr (GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GPtrArray *indicators = g_ptr_array_new ();
  guint position;

  g_return_val_if_fail (ZB_IS_SIDEBAR (self), indicators);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                                position);
      if (item != NULL && zb_indicator_item_get_indicator (item) != NULL)
        g_ptr_array_add (indicators, zb_indicator_item_get_indicator (item));
    }
  return indicators;
}

static void
select_matching (ZbSidebar     *self,
                 gconstpointer  chart,
                 gconstpointer  indicator)
{
  /* All rows, including those the list does not show yet. */
  GListModel *model = gtk_slice_list_model_get_model (self->slice);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbIndicatorItem) item = g_list_model_get_item (model, i);

      if ((chart != NULL && zb_indicator_item_get_chart (item) == chart)
          || (indicator != NULL && zb_indicator_item_get_indicator (item) == indicator))
        {
          if (i >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
            ensure_all_rows (self);
          self->blocked++;
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          self->blocked--;
          update_keep_bar (self);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }

  self->blocked++;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  self->blocked--;
  update_keep_bar (self);
}

void
zb_sidebar_select_chart (ZbSidebar         *self,
                         const ZbChartSpec *chart)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));
  select_matching (self, chart, NULL);
}

void
zb_sidebar_select_indicator (ZbSidebar         *self,
                             const ZbIndicator *indicator)
{
  g_return_if_fail (ZB_IS_SIDEBAR (self));
  select_matching (self, NULL, indicator);
}
