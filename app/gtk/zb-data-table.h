/* zb-data-table.h: the current chart's figures as a sortable table (value, unit, period, status,
 * source sentence). */
#pragma once

#include <adwaita.h>

#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_DATA_TABLE (zb_data_table_get_type ())
G_DECLARE_FINAL_TYPE (ZbDataTable, zb_data_table, ZB, DATA_TABLE, GtkWidget)

GtkWidget     *zb_data_table_new (void);
/* observations: of ZbObservation*, owned by dataset. */
void           zb_data_table_set_observations (ZbDataTable *self,
                                               ZbDataset   *dataset,
                                               GPtrArray   *observations,
                                               ZbLang       lang);
void           zb_data_table_select_observation (ZbDataTable   *self,
                                                 ZbObservation *observation);
/* The rows as shown (sorted), as tab-separated text with a header line. */
char          *zb_data_table_dup_tsv (ZbDataTable *self);
GtkColumnView *zb_data_table_get_column_view (ZbDataTable *self);
guint          zb_data_table_get_n_rows (ZbDataTable *self);

G_END_DECLS
