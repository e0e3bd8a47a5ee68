/* zb-detail-pane.h: the selected figure with its sentence (number and unit highlighted), the
 * paragraph around it, the section path, the value written and normalised, and the indicator's
 * other figures. */
#pragma once

#include <adwaita.h>

#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_DETAIL_PANE (zb_detail_pane_get_type ())
G_DECLARE_FINAL_TYPE (ZbDetailPane, zb_detail_pane, ZB, DETAIL_PANE, GtkWidget)

GtkWidget     *zb_detail_pane_new (void);
void           zb_detail_pane_set_observation (ZbDetailPane  *self,
                                               ZbDataset     *dataset,
                                               ZbObservation *observation);
ZbObservation *zb_detail_pane_get_observation (ZbDetailPane *self);
void           zb_detail_pane_set_lang (ZbDetailPane *self,
                                        ZbLang        lang);
/* The sentence as Pango markup, the highlighted figure inside a <span>; NULL when empty. */
const char    *zb_detail_pane_get_sentence_markup (ZbDetailPane *self);
/* The highlighted words ("4.5%"), or NULL. */
const char    *zb_detail_pane_get_highlight (ZbDetailPane *self);
const char    *zb_detail_pane_get_breadcrumb (ZbDetailPane *self);
/* "“…。” — 政府工作报告, 2024-01-18, 一、2023年工作回顾": the sentence with its source. */
char          *zb_detail_pane_dup_citation (ZbDetailPane *self);

G_END_DECLS
