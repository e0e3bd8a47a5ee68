/* zb-presentation.h: a briefing presented fullscreen, one slide at a time.
 *
 * The slides are drawn by the core's ZbSlideDeck through gtk_snapshot_append_cairo, so the room
 * sees exactly what the PDF hands out. Every key is an action of the window with its binding:
 *   slides.next      → ↓ Space Page Down       slides.previous  ← ↑ Backspace Page Up
 *   slides.first     Home                      slides.last      End
 *   slides.digit(u)  0–9, then slides.jump     Enter (goes to the slide of that number)
 *   slides.blank     B (blanks the screen)     slides.reveal    R (one mark a key press)
 *   slides.presenter P (current and next slide, notes, clock)
 *   slides.leave     Esc (emits ::leave and closes the window)
 * Clicking a mark quotes its sentence as the caption; clicking elsewhere restores the caption.
 */
#pragma once

#include <adwaita.h>

#include "zb-dataset.h"
#include "zb-slide.h"

G_BEGIN_DECLS

#define ZB_TYPE_PRESENTATION (zb_presentation_get_type ())
G_DECLARE_FINAL_TYPE (ZbPresentation, zb_presentation, ZB, PRESENTATION, AdwWindow)

/* A presentation of briefing (which may be made up on the spot; it is copied). Fails like
 * zb_slide_deck_new: unknown chart, empty briefing. */
ZbPresentation *zb_presentation_new (ZbDataset         *dataset,
                                     const ZbBriefing  *briefing,
                                     ZbLang             lang,
                                     GError           **error);

/* What F5 and Shift+F5 of a window do: presents briefing_id (NULL: the dataset's first briefing)
 * fullscreen from the slide of chart_id (NULL: from the title slide). When the briefing does not
 * show chart_id, or the dataset has no briefing, every chart of the dataset is presented instead,
 * from chart_id. The presentation goes to another monitor than parent's when there is one. */
ZbPresentation *zb_presentation_run (GtkWindow   *parent,
                                     ZbDataset   *dataset,
                                     const char  *briefing_id,
                                     const char  *chart_id,
                                     ZbLang       lang,
                                     GError     **error);

/* Shows the window fullscreen on monitor (NULL: wherever the window manager puts it) at slide. */
void            zb_presentation_start (ZbPresentation *self,
                                       GtkWindow      *parent,
                                       guint           slide,
                                       GdkMonitor     *monitor);
/* A monitor other than the one parent is on, for a room's projector; NULL with one monitor. */
GdkMonitor     *zb_presentation_pick_monitor (GtkWindow *parent);

ZbSlideDeck    *zb_presentation_get_deck (ZbPresentation *self);
guint           zb_presentation_get_n_slides (ZbPresentation *self);
guint           zb_presentation_get_slide (ZbPresentation *self);
void            zb_presentation_set_slide (ZbPresentation *self,
                                           guint           slide);
/* The caption on the current slide: its source sentences, or the clicked mark's sentence. */
const char     *zb_presentation_get_caption (ZbPresentation *self);
/* The digits typed so far for a jump, "" when none. */
const char     *zb_presentation_get_typed_number (ZbPresentation *self);
gboolean        zb_presentation_get_blanked (ZbPresentation *self);
gboolean        zb_presentation_get_presenter_visible (ZbPresentation *self);
/* -1 when every mark is shown, else how many are (step-by-step reveal). */
int             zb_presentation_get_revealed (ZbPresentation *self);
/* The size of the slide area, which slides are laid out at (a default before it is shown). */
void            zb_presentation_get_slide_area (ZbPresentation *self,
                                                double         *width,
                                                double         *height);
/* As a click there would: selects the mark of the current slide at (x, y) of the slide area. */
gboolean        zb_presentation_click (ZbPresentation *self,
                                       double          x,
                                       double          y);

G_END_DECLS
