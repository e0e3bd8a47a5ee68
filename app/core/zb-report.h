/* zb-report.h: the text of a government work report, its sections, paragraphs and sentences.
 *
 * Offsets are byte offsets into the file exactly as it was read (a BOM, if any, is byte 0..3;
 * CRLF stays CRLF), half-open [start, end), so a span stays valid for any reader of that file.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

#define ZB_TYPE_REPORT (zb_report_get_type ())
G_DECLARE_FINAL_TYPE (ZbReport, zb_report, ZB, REPORT, GObject)

/* Largest report text we read; a report is ~50 KB, so this is generous yet bounded. */
#define ZB_REPORT_MAX_SIZE (64 * 1024 * 1024)

struct _ZbSection
{
  char  *id;            /* "1", "1.3": position in the outline, stable for a given text */
  char  *title;         /* heading without its numbering ("2023年工作回顾") */
  char  *number;        /* the numbering as written: "一、", "（三）" */
  gsize  start;         /* first byte of the heading */
  gsize  end;           /* end of the section: the next heading of the same or higher level */
  gsize  heading_end;   /* end of the heading text (end of line or of its first sentence) */
  int    level;         /* 1 for 一、, 2 for （一）, 3 for 1. */
  int    parent;        /* index of the parent section, or -1 */
};

ZbReport         *zb_report_new_from_file (const char *path,
                                           GError    **error);
ZbReport         *zb_report_new_from_bytes (GBytes     *bytes,
                                            const char *path,
                                            GError    **error);

const char       *zb_report_get_path (ZbReport *self);
/* The file's bytes; NUL-terminated beyond *len for convenience. */
const char       *zb_report_get_text (ZbReport *self,
                                      gsize    *len);
GBytes           *zb_report_get_bytes (ZbReport *self);
/* Lower-case hex SHA-256 of the file's bytes. */
const char       *zb_report_get_sha256 (ZbReport *self);
/* First byte of real text (3 when the file starts with a BOM). */
gsize             zb_report_get_text_start (ZbReport *self);
/* The report's first line ("政府工作报告") and the line naming date and meeting, or NULL. */
const char       *zb_report_get_heading (ZbReport *self);
/* The first line alone ("政府工作报告") when it reads as a title (short, no sentence
 * punctuation), else NULL like the heading. */
const char       *zb_report_get_title (ZbReport *self);
/* "2024-01-18" from a "——2024年1月18日在…" line under the title, or NULL. */
const char       *zb_report_get_delivered (ZbReport *self);

guint             zb_report_get_n_sections (ZbReport *self);
const ZbSection  *zb_report_get_section (ZbReport *self,
                                         guint     index);
/* Innermost section containing offset, or -1 before the first heading. */
int               zb_report_find_section (ZbReport *self,
                                          gsize     offset);
/* Section titles from outermost to innermost for offset; NULL-terminated, never NULL. */
char            **zb_report_dup_section_path (ZbReport *self,
                                              gsize     offset);

/* Sentence (ended by 。！？； or a line end) and paragraph (a line) containing offset. */
gboolean          zb_report_get_sentence (ZbReport *self,
                                          gsize     offset,
                                          gsize    *start,
                                          gsize    *end);
gboolean          zb_report_get_paragraph (ZbReport *self,
                                           gsize     offset,
                                           gsize    *start,
                                           gsize    *end);
guint             zb_report_get_n_sentences (ZbReport *self);
void              zb_report_get_sentence_at_index (ZbReport *self,
                                                   guint     index,
                                                   gsize    *start,
                                                   gsize    *end);

/* A copy of bytes [start, end); NULL when the range is outside the text. */
char             *zb_report_dup_range (ZbReport *self,
                                       gsize     start,
                                       gsize     end);
/* TRUE when start and end lie on UTF-8 character boundaries inside the text. */
gboolean          zb_report_is_valid_span (ZbReport *self,
                                           gsize     start,
                                           gsize     end);

G_END_DECLS
