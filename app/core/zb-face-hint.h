/* zb-face-hint.h: the font files the last run drew with, opened while fontconfig starts.
 *
 * Before Pango can choose a font, fontconfig loads its configuration and font list, and Pango
 * has it match the chart font; after it has chosen, cairo opens the chosen Noto Sans CJK face
 * with FreeType (about 1 ms a face, most of it reading the CFF charset of 65,535 glyphs).
 * Neither needs the other, but Pango does them one after the other. A hint in the user's cache
 * names the faces (file and index) the last run used; a thread opens them through cairo (which
 * needs no fontconfig for a face named by its file) while fontconfig starts, so that when
 * Pango asks cairo for the same face it is already open. The hint only saves time: Pango still
 * chooses every font, a wrong or missing hint costs nothing but the wasted thread, and the hint
 * is rewritten whenever the faces used differ from it.
 */
#pragma once

#include <pango/pango.h>

#include "zb-chart.h"

G_BEGIN_DECLS

/* Reads the hint and starts opening its faces. */
ZbFaceHint *zb_face_hint_start  (void);

/* Waits until the hinted faces are open. FreeType is not safe to open faces from two threads at
 * once, so this comes before anything else that may open a face. */
void        zb_face_hint_wait   (ZbFaceHint   *hint);

/* Records the faces @layouts (NULL-terminated) were shaped with as the next hint, if they differ
 * from this one, and frees @hint. */
void        zb_face_hint_finish (ZbFaceHint   *hint,
                                 PangoLayout **layouts);

/* Where the hint is kept (for tests). */
char       *zb_face_hint_dup_path (void);

G_END_DECLS
