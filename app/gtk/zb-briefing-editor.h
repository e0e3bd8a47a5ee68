/* zb-briefing-editor.h: editing the briefings of a dataset: which charts, in which order, with
 * what title and speaker notes; presenting and exporting one.
 *
 * Actions of the widget, with their keys inside it:
 *   briefing.add-current    adds the window's current chart (the window binds Ctrl+B to it)
 *   briefing.remove         Delete: removes the selected slide
 *   briefing.move-up        Alt+↑       briefing.move-down   Alt+↓
 *   briefing.new            a new, empty briefing
 *   briefing.delete         deletes the briefing shown, then shows the dataset's first one
 *   briefing.present        emits ::present with the briefing's id
 *   briefing.export-pdf, briefing.export-notes-pdf, briefing.export-png
 * Every change marks the dataset modified and emits ::changed.
 */
#pragma once

#include <adwaita.h>

#include "zb-dataset.h"

G_BEGIN_DECLS

#define ZB_TYPE_BRIEFING_EDITOR (zb_briefing_editor_get_type ())
G_DECLARE_FINAL_TYPE (ZbBriefingEditor, zb_briefing_editor, ZB, BRIEFING_EDITOR, GtkWidget)

GtkWidget   *zb_briefing_editor_new (void);

/* Shows the dataset's first briefing (the editor keeps a reference to the dataset). */
void         zb_briefing_editor_set_dataset (ZbBriefingEditor *self,
                                             ZbDataset        *dataset,
                                             ZbLang            lang);
/* The chart briefing.add-current adds; NULL disables it. */
void         zb_briefing_editor_set_current_chart (ZbBriefingEditor *self,
                                                   const char       *chart_id);

/* The briefing being edited, or NULL when the dataset has none. */
ZbBriefing  *zb_briefing_editor_get_briefing (ZbBriefingEditor *self);
gboolean     zb_briefing_editor_select_briefing (ZbBriefingEditor *self,
                                                 const char       *briefing_id);
/* A new briefing in the dataset, shown for editing. */
ZbBriefing  *zb_briefing_editor_new_briefing (ZbBriefingEditor *self);
/* Removes the briefing shown from the dataset; FALSE when there is none. */
gboolean     zb_briefing_editor_delete_briefing (ZbBriefingEditor *self);

/* Appends chart_id after the selected slide (or at the end) and selects it; makes a briefing first
 * when the dataset has none. FALSE when the dataset has no such chart. */
gboolean     zb_briefing_editor_add_chart (ZbBriefingEditor *self,
                                           const char       *chart_id);
gboolean     zb_briefing_editor_remove_slide (ZbBriefingEditor *self,
                                              guint             index);
/* Moves the slide at from to position to (both in the briefing before the move). */
gboolean     zb_briefing_editor_move_slide (ZbBriefingEditor *self,
                                            guint             from,
                                            guint             to);
/* Sets the briefing's title in the editor's language. */
void         zb_briefing_editor_rename (ZbBriefingEditor *self,
                                        const char       *title);
/* The speaker note of a slide; NULL or "" restores the default (the source sentences). */
void         zb_briefing_editor_set_note (ZbBriefingEditor *self,
                                          guint             index,
                                          const char       *note);

int          zb_briefing_editor_get_selected (ZbBriefingEditor *self);
void         zb_briefing_editor_select (ZbBriefingEditor *self,
                                        int               index);

G_END_DECLS
