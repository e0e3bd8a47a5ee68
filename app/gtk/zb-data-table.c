#define G_LOG_DOMAIN "zb-data-table"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "zb-data-table.h"
#include "zb-indicator-item.h"
#include "zb-units.h"

/* One row: properties so that GtkColumnView's sorters can read them through expressions. */
#define ZB_TYPE_DATA_ROW (zb_data_row_get_type ())
G_DECLARE_FINAL_TYPE (ZbDataRow, zb_data_row, ZB, DATA_ROW, GObject)

struct _ZbDataRow
{
  GObject        parent_instance;
  ZbObservation *observation;
  char          *indicator;
  char          *period;
  char          *period_key;
  double         value;
  char          *value_text;
  char          *unit;
  char          *status;
  char          *sentence;
};

G_DEFINE_FINAL_TYPE (ZbDataRow, zb_data_row, G_TYPE_OBJECT)

enum
{
  ROW_PROP_0,
  ROW_PROP_INDICATOR,
  ROW_PROP_PERIOD,
  ROW_PROP_PERIOD_KEY,
  ROW_PROP_VALUE,
  ROW_PROP_VALUE_TEXT,
  ROW_PROP_UNIT,
  ROW_PROP_STATUS,
  ROW_PROP_SENTENCE,
  ROW_N_PROPS
};

static void
zb_data_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ZbDataRow *self = ZB_DATA_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_INDICATOR: g_value_set_string (value, self->indicator); break;
    case ROW_PROP_PERIOD: g_value_set_string (value, self->period); break;
    case ROW_PROP_PERIOD_KEY: g_value_set_string (value, self->period_key); break;
    case ROW_PROP_VALUE: g_value_set_double (value, self->value); break;
    case ROW_PROP_VALUE_TEXT: g_value_set_string (value, self->value_text); break;
    case ROW_PROP_UNIT: g_value_set_string (value, self->unit); break;
    case ROW_PROP_STATUS: g_value_set_string (value, self->status); break;
    case ROW_PROP_SENTENCE: g_value_set_string (value, self->sentence); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zb_data_row_finalize (GObject *object)
{
  ZbDataRow *self = ZB_DATA_ROW (object);

  g_free (self->indicator);
  g_free (self->period);
  g_free (self->period_key);
  g_free (self->value_text);
  g_free (self->unit);
  g_free (self->status);
  g_free (self->sentence);

  G_OBJECT_CLASS (zb_data_row_parent_class)->finalize (object);
}

static void
zb_data_row_class_init (ZbDataRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *strings[] = { NULL, "indicator", "period", "period-key", NULL, "value-text", "unit",
                            "status", "sentence" };

  object_class->get_property = zb_data_row_get_property;
  object_class->finalize = zb_data_row_finalize;

  for (guint i = ROW_PROP_INDICATOR; i < ROW_N_PROPS; i++)
    {
      GParamSpec *pspec;

      if (i == ROW_PROP_VALUE)
        pspec = g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
      else
        pspec = g_param_spec_string (strings[i], NULL, NULL, NULL,
                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
      g_object_class_install_property (object_class, i, pspec);
    }
}

static void
zb_data_row_init (ZbDataRow *self)
{
}

/* Periods sort by the month they end in, so Q1 < H1 < Q1–Q3 < the whole year. */
static char *
period_sort_key (const char *period)
{
  int year, a, b;
  char kind;

  if (sscanf (period, "%4d", &year) != 1 || strlen (period) < 4)
    return g_strdup (period);
  if (period[4] == '\0')
    return g_strdup_printf ("%04d-12", year);
  if (sscanf (period + 4, "Q%d-Q%d", &a, &b) == 2)
    return g_strdup_printf ("%04d-%02d", year, CLAMP (b, 1, 4) * 3);
  if (sscanf (period + 4, "%c%d", &kind, &a) == 2 && (kind == 'Q' || kind == 'H'))
    return g_strdup_printf ("%04d-%02d", year, CLAMP (a, 1, 4) * (kind == 'Q' ? 3 : 6));
  return g_strdup (period);
}

static ZbDataRow *
zb_data_row_new (ZbDataset     *dataset,
                 ZbObservation *obs,
                 ZbLang         lang)
{
  ZbDataRow *self = g_object_new (ZB_TYPE_DATA_ROW, NULL);
  const char *unit = obs->indicator != NULL && obs->indicator->unit != NULL ? obs->indicator->unit : "";
  char *sentence;

  self->observation = obs;
  self->indicator = g_strdup (obs->indicator != NULL ? zb_text_get (&obs->indicator->name, lang) : "");
  self->period = zb_format_period (obs->period, lang);
  self->period_key = period_sort_key (obs->period);
  self->value = zb_unit_normalise (obs->value, unit);
  self->value_text = zb_format_observation (obs, lang);
  self->unit = zb_format_unit (unit, lang);
  self->status = g_strdup (zb_status_label (obs->status));
  sentence = zb_observation_dup_sentence (dataset, obs);
  if (sentence == NULL)
    sentence = g_strdup (obs->src_label != NULL ? obs->src_label : "");
  /* One line a row: the report's line breaks would make rows of uneven height. */
  self->sentence = g_strstrip (g_strdelimit (sentence, "\r\n", ' '));
  return self;
}

struct _ZbDataTable
{
  GtkWidget           parent_instance;

  GtkWidget          *scrolled;
  GtkColumnView      *column_view;
  GListStore         *store;
  GtkSingleSelection *selection;
  guint               blocked;
};

G_DEFINE_FINAL_TYPE (ZbDataTable, zb_data_table, GTK_TYPE_WIDGET)

enum
{
  OBSERVATION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const char               *property)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (g_str_equal (property, "value-text"))
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              const char               *property)
{
  g_autofree char *text = NULL;
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_object_get (gtk_list_item_get_item (list_item), property, &text, NULL);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, g_str_equal (property, "sentence") ? text : NULL);
}

static void
add_column (ZbDataTable *self,
            const char  *title,
            const char  *property,
            const char  *sort_property,
            gboolean     numeric,
            gboolean     expand)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkColumnViewColumn) column = NULL;
  GtkExpression *expression = gtk_property_expression_new (ZB_TYPE_DATA_ROW, NULL, sort_property);
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) property);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) property);
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->column_view, column);
}

static void
activate_cb (ZbDataTable *self,
             guint        position)
{
  g_autoptr (ZbDataRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row != NULL)
    g_signal_emit (self, signals[OBSERVATION_ACTIVATED], 0, row->observation);
}

static void
selected_cb (ZbDataTable *self)
{
  ZbDataRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (self->blocked == 0 && row != NULL)
    g_signal_emit (self, signals[OBSERVATION_ACTIVATED], 0, row->observation);
}

static void
zb_data_table_dispose (GObject *object)
{
  ZbDataTable *self = ZB_DATA_TABLE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (zb_data_table_parent_class)->dispose (object);
}

static void
zb_data_table_class_init (ZbDataTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = zb_data_table_dispose;

  signals[OBSERVATION_ACTIVATED] =
    g_signal_new ("observation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "zbdatatable");
}

static void
zb_data_table_init (ZbDataTable *self)
{
  GtkSortListModel *sorted;

  self->store = g_list_store_new (ZB_TYPE_DATA_ROW);
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_column_view_set_single_click_activate (self->column_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");

  add_column (self, _("Indicator"), "indicator", "indicator", FALSE, FALSE);
  add_column (self, _("Period"), "period", "period-key", FALSE, FALSE);
  add_column (self, _("Value"), "value-text", "value", TRUE, FALSE);
  add_column (self, _("Unit"), "unit", "unit", FALSE, FALSE);
  add_column (self, _("Status"), "status", "status", FALSE, FALSE);
  add_column (self, _("Source Sentence"), "sentence", "sentence", FALSE, TRUE);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled),
                                 GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
zb_data_table_new (void)
{
  return g_object_new (ZB_TYPE_DATA_TABLE, NULL);
}

void
zb_data_table_set_observations (ZbDataTable *self,
                                ZbDataset   *dataset,
                                GPtrArray   *observations,
                                ZbLang       lang)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (ZB_IS_DATA_TABLE (self));

  for (guint i = 0; dataset != NULL && observations != NULL && i < observations->len; i++)
    g_ptr_array_add (rows, zb_data_row_new (dataset, g_ptr_array_index (observations, i), lang));

  self->blocked++;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       rows->pdata, rows->len);
  self->blocked--;
}

void
zb_data_table_select_observation (ZbDataTable   *self,
                                  ZbObservation *observation)
{
  GListModel *model;
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (ZB_IS_DATA_TABLE (self));

  model = G_LIST_MODEL (self->selection);
  for (guint i = 0; observation != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbDataRow) row = g_list_model_get_item (model, i);

      if (row->observation == observation)
        {
          position = i;
          break;
        }
    }

  self->blocked++;
  gtk_single_selection_set_selected (self->selection, position);
  self->blocked--;
}

char *
zb_data_table_dup_tsv (ZbDataTable *self)
{
  GString *tsv;
  GListModel *model;

  g_return_val_if_fail (ZB_IS_DATA_TABLE (self), NULL);

  tsv = g_string_new (NULL);
  g_string_append_printf (tsv, "%s\t%s\t%s\t%s\t%s\t%s\n", _("Indicator"), _("Period"), _("Value"),
                          _("Unit"), _("Status"), _("Source Sentence"));
  model = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ZbDataRow) row = g_list_model_get_item (model, i);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      /* Without separators, so a spreadsheet reads a number; 15 digits drop binary noise
       * (5.7, not 5.7000000000000002). */
      g_ascii_formatd (number, sizeof number, "%.15g", row->observation->value);
      g_string_append_printf (tsv, "%s\t%s\t%s\t%s\t%s\t%s\n", row->indicator, row->period,
                              number, row->unit, row->status, row->sentence);
    }
  return g_string_free (tsv, FALSE);
}

GtkColumnView *
zb_data_table_get_column_view (ZbDataTable *self)
{
  g_return_val_if_fail (ZB_IS_DATA_TABLE (self), NULL);
  return self->column_view;
}

guint
zb_data_table_get_n_rows (ZbDataTable *self)
{
  g_return_val_if_fail (ZB_IS_DATA_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}
