#define G_LOG_DOMAIN "zb-report"

#include "config.h"

#include "zb-report.h"
#include "zb-text-private.h"
#include "zb-error.h"
#include "zb-sha256.h"
#include "zb-file.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  gsize start;
  gsize end;
} ZbSpan;

struct _ZbReport
{
  GObject  parent_instance;

  char    *path;
  GBytes  *bytes;
  const char *data;     /* NUL-terminated at len */
  gsize    len;
  gsize    text_start;
  char    *sha256;
  char    *heading;
  char    *title;
  char    *delivered;

  GArray  *sections;    /* of ZbSection, in text order */
  GArray  *sentences;   /* of ZbSpan, in text order, never overlapping */
  GArray  *paragraphs;  /* of ZbSpan */
};

G_DEFINE_FINAL_TYPE (ZbReport, zb_report, G_TYPE_OBJECT)

static void
section_clear (gpointer data)
{
  ZbSection *section = data;

  g_free (section->id);
  g_free (section->title);
  g_free (section->number);
}

static void
zb_report_finalize (GObject *object)
{
  ZbReport *self = (ZbReport *) object;

  g_free (self->path);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->sha256);
  g_free (self->heading);
  g_free (self->title);
  g_free (self->delivered);
  g_clear_pointer (&self->sections, g_array_unref);
  g_clear_pointer (&self->sentences, g_array_unref);
  g_clear_pointer (&self->paragraphs, g_array_unref);

  G_OBJECT_CLASS (zb_report_parent_class)->finalize (object);
}

static void
zb_report_class_init (ZbReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = zb_report_finalize;
}

static void
zb_report_init (ZbReport *self)
{
  self->sections = g_array_new (FALSE, TRUE, sizeof (ZbSection));
  g_array_set_clear_func (self->sections, section_clear);
  self->sentences = g_array_new (FALSE, FALSE, sizeof (ZbSpan));
  self->paragraphs = g_array_new (FALSE, FALSE, sizeof (ZbSpan));
}

/* ---------------------------------------------------------------------------------------------
 * Characters
 * ------------------------------------------------------------------------------------------- */

/* Bytes of horizontal white space at pos (ASCII, the ideographic space, no-break space). */
static gsize
blank_at (const char *text,
          gsize       len,
          gsize       pos)
{
  if (pos < len && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r'))
    return 1;
  if (zb_text_has_prefix_at (text, len, pos, "\u3000"))
    return 3;
  if (zb_text_has_prefix_at (text, len, pos, "\u00a0"))
    return 2;
  return 0;
}

static gsize
skip_blanks (const char *text,
             gsize       len,
             gsize       pos,
             gsize       limit)
{
  gsize w;

  while (pos < limit && (w = blank_at (text, len, pos)) > 0)
    pos += w;
  return pos;
}

/* End of the text before trailing blanks in [start, end). */
static gsize
trim_end (const char *text,
          gsize       start,
          gsize       end)
{
  for (;;)
    {
      if (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
        end--;
      else if (end >= start + 3 && memcmp (text + end - 3, "\u3000", 3) == 0)
        end -= 3;
      else if (end >= start + 2 && memcmp (text + end - 2, "\u00a0", 2) == 0)
        end -= 2;
      else
        return end;
    }
}

static const char *const chinese_numerals[] = {
  "零", "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百",
};

static gsize
chinese_numerals_at (const char *text,
                     gsize       len,
                     gsize       pos)
{
  gsize p = pos;
  gboolean more = TRUE;

  while (more)
    {
      more = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (chinese_numerals); i++)
        if (zb_text_has_prefix_at (text, len, p, chinese_numerals[i]))
          {
            p += strlen (chinese_numerals[i]);
            more = TRUE;
            break;
          }
    }
  return p - pos;
}

/* ---------------------------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------------------------- */

static const char *
display_name (const char *path)
{
  return path != NULL ? path : _("the report text");
}

static gboolean
check_text (const char *data,
            gsize       len,
            gsize       text_start,
            const char *path,
            GError    **error)
{
  const char *nul;
  const char *bad = NULL;
  gsize line = 1;

  if (len <= text_start)
    {
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_EMPTY,
                   _("“%s” is empty: a report needs its text"), display_name (path));
      return FALSE;
    }

  nul = memchr (data, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_ENCODING,
                   _("“%s” is a binary file, not a plain-text report (NUL byte at byte "
                     "offset %zu)"),
                   display_name (path), (gsize) (nul - data));
      return FALSE;
    }

  if (!g_utf8_validate_len (data, len, &bad))
    {
      gsize offset = (gsize) (bad - data);

      for (const char *c = data; c < bad; c++)
        if (*c == '\n')
          line++;
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_ENCODING,
                   _("“%s” is not valid UTF-8 text: byte 0x%02X at byte offset %zu"
                     " (line %zu) does not start a character; save the report "
                     "as UTF-8"),
                   display_name (path), (guint) (guchar) *bad, offset, line);
      return FALSE;
    }

  return TRUE;
}

/* Heading numbering at pos (after blanks): "一、", "（三）", "3." — its level, or 0. */
static int
heading_number_at (const char *text,
                   gsize       len,
                   gsize       pos,
                   gsize      *number_end)
{
  gsize n;

  n = chinese_numerals_at (text, len, pos);
  if (n > 0 && zb_text_has_prefix_at (text, len, pos + n, "、"))
    {
      *number_end = pos + n + strlen ("、");
      return 1;
    }

  if (zb_text_has_prefix_at (text, len, pos, "（") || zb_text_has_prefix_at (text, len, pos, "("))
    {
      gsize open = text[pos] == '(' ? 1 : strlen ("（");

      n = chinese_numerals_at (text, len, pos + open);
      if (n > 0)
        {
          gsize p = pos + open + n;

          if (zb_text_has_prefix_at (text, len, p, "）"))
            {
              *number_end = p + strlen ("）");
              return 2;
            }
          if (zb_text_has_prefix_at (text, len, p, ")"))
            {
              *number_end = p + 1;
              return 2;
            }
        }
    }

  {
    gsize p = pos;

    while (p < len && g_ascii_isdigit (text[p]) && p - pos < 3)
      p++;
    if (p > pos && p < len && !g_ascii_isdigit (text[p]))
      {
        gsize sep = 0;

        if (text[p] == '.')
          sep = 1;
        else if (zb_text_has_prefix_at (text, len, p, "．") || zb_text_has_prefix_at (text, len, p, "、"))
          sep = 3;
        /* "1.5万" is a number, not a heading. */
        if (sep > 0 && !(p + sep < len && g_ascii_isdigit (text[p + sep])))
          {
            *number_end = p + sep;
            return 3;
          }
      }
  }
  return 0;
}

/* "1", "1.3": the position among its siblings, counted in n_children (one more slot than
 * sections: the last counts the top level), so that a text of many headings stays linear. */
static char *
make_section_id (GArray *sections,
                 GArray *n_children,
                 int     parent)
{
  guint slot = parent < 0 ? 0 : (guint) parent + 1;
  guint position;

  if (n_children->len < sections->len + 2)
    g_array_set_size (n_children, sections->len + 2);
  position = ++g_array_index (n_children, guint, slot);

  if (parent < 0)
    return g_strdup_printf ("%u", position);
  return g_strdup_printf ("%s.%u", g_array_index (sections, ZbSection, parent).id, position);
}

static void
add_heading (ZbReport *self,
             int       level,
             gsize     start,
             gsize     number_end,
             gsize     line_end,
             GArray   *open,
             GArray   *n_children)
{
  const char *text = self->data;
  ZbSection section = { 0 };
  gsize title_start = skip_blanks (text, self->len, number_end, line_end);
  gsize title_end = line_end;
  gsize heading_end = line_end;
  const char *stop;

  /* A level-2 heading runs into its paragraph: its title is the first sentence. */
  stop = g_strstr_len (text + title_start, line_end - title_start, "。");
  if (stop != NULL)
    {
      title_end = (gsize) (stop - text);
      heading_end = title_end + strlen ("。");
    }
  title_end = trim_end (text, title_start, title_end);
  heading_end = trim_end (text, start, heading_end);

  /* Close the open sections this heading ends: those of the same or a deeper level. */
  while (open->len > 0)
    {
      guint top = g_array_index (open, guint, open->len - 1);
      ZbSection *s = &g_array_index (self->sections, ZbSection, top);

      if (s->level < level)
        break;
      s->end = start;
      g_array_set_size (open, open->len - 1);
    }

  section.parent = open->len > 0 ? (int) g_array_index (open, guint, open->len - 1) : -1;
  section.id = make_section_id (self->sections, n_children, section.parent);
  section.title = g_strndup (text + title_start, title_end - title_start);
  section.number = g_strndup (text + start, number_end - start);
  section.start = start;
  section.end = self->len;
  section.heading_end = heading_end;
  section.level = level;
  g_array_append_val (self->sections, section);
  {
    guint index = self->sections->len - 1;
    g_array_append_val (open, index);
  }
}

/* Lines: paragraphs (non-blank lines) and section headings. */
static void
scan_lines (ZbReport *self)
{
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) n_children = g_array_new (FALSE, TRUE, sizeof (guint));
  const char *text = self->data;
  gsize len = self->len;
  gsize pos = self->text_start;

  while (pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize line_end = nl != NULL ? (gsize) (nl - text) : len;
      gsize first = skip_blanks (text, len, pos, line_end);
      gsize last = trim_end (text, first, line_end);

      if (first < last)
        {
          ZbSpan para = { first, last };
          gsize number_end = 0;
          int level;

          g_array_append_val (self->paragraphs, para);
          level = heading_number_at (text, last, first, &number_end);
          if (level > 0 && number_end < last)
            add_heading (self, level, first, number_end, last, open, n_children);
        }
      pos = line_end + 1;
    }
}

/* Closing quotes and brackets after a sentence's end stay with it. */
static const char *const closers[] = { "”", "’", "」", "』", "）", ")", "\"", "'" };
static const char *const terminators[] = { "。", "！", "？", "；", "!", "?", ";" };


static void
add_sentence (ZbReport *self,
              gsize     start,
              gsize     end)
{
  ZbSpan span;

  start = skip_blanks (self->data, self->len, start, end);
  end = trim_end (self->data, start, end);
  if (start >= end)
    return;
  span.start = start;
  span.end = end;
  g_array_append_val (self->sentences, span);
}

static void
scan_sentences (ZbReport *self)
{
  const char *text = self->data;
  gsize len = self->len;
  gsize start = self->text_start;
  gsize pos = start;

  while (pos < len)
    {
      gsize w;
      guchar c = (guchar) text[pos];

      if (c == '\n')
        {
          add_sentence (self, start, pos);
          start = pos = pos + 1;
          continue;
        }
      /* Every terminator is a multi-byte character or one of the ASCII ones below. */
      if ((c >= 0xE3 && c <= 0xEF) || c == '!' || c == '?' || c == ';')
        {
          w = zb_text_any_at (text, len, pos, terminators, G_N_ELEMENTS (terminators));
          if (w > 0)
            {
              pos += w;
              while ((w = zb_text_any_at (text, len, pos, closers, G_N_ELEMENTS (closers))) > 0)
                pos += w;
              add_sentence (self, start, pos);
              start = pos;
              continue;
            }
        }
      pos++;
    }
  add_sentence (self, start, len);
}

/* "——2024年1月18日在……" → "2024-01-18". */
static char *
parse_delivered (const char *line)
{
  const char *p = line;
  guint year = 0, month = 0, day = 0;
  int n = 0;

  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  if (sscanf (p, "%4u年%2u月%2u日%n", &year, &month, &day, &n) < 3 || n == 0)
    return NULL;
  if (year < 1900 || year > 9999 || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

static char *
dup_paragraph (ZbReport *self,
               guint     index)
{
  const ZbSpan *p = &g_array_index (self->paragraphs, ZbSpan, index);

  return g_strndup (self->data + p->start, p->end - p->start);
}

/* A title is a short line without the punctuation of a sentence, and not a section heading. */
static gboolean
is_title_line (ZbReport *self,
               guint     index)
{
  const ZbSpan *p = &g_array_index (self->paragraphs, ZbSpan, index);
  g_autofree char *line = NULL;
  gsize number_end;

  if (p->end - p->start > 200 || heading_number_at (self->data, p->end, p->start, &number_end) > 0)
    return FALSE;
  line = dup_paragraph (self, index);
  return strstr (line, "。") == NULL && strstr (line, "，") == NULL && strstr (line, "；") == NULL
         && strstr (line, "：") == NULL;
}

static gboolean
is_date_line (ZbReport *self,
              guint     index)
{
  g_autofree char *line = dup_paragraph (self, index);

  return g_str_has_prefix (line, "——") || g_str_has_prefix (line, "--");
}

/* The title and the "——2024年1月18日在……" line under it. Copies of a report often carry lines
 * of their own above the title (a web site's banner), so the date line is looked for among the
 * first lines before the first section, and the title is the line above it. */
static void
scan_heading (ZbReport *self)
{
  gsize first_section = self->sections->len > 0
                          ? g_array_index (self->sections, ZbSection, 0).start
                          : self->len;
  guint limit = MIN (self->paragraphs->len, 20);

  for (guint i = 1; i < limit; i++)
    {
      if (g_array_index (self->paragraphs, ZbSpan, i).start >= first_section)
        break;
      if (is_date_line (self, i) && is_title_line (self, i - 1))
        {
          g_autofree char *date_line = dup_paragraph (self, i);

          self->title = dup_paragraph (self, i - 1);
          self->delivered = parse_delivered (date_line);
          self->heading = g_strconcat (self->title, "\n", date_line, NULL);
          return;
        }
    }

  if (self->paragraphs->len > 0 && is_title_line (self, 0))
    {
      self->title = dup_paragraph (self, 0);
      self->heading = g_strdup (self->title);
    }
}

ZbReport *
zb_report_new_from_bytes (GBytes     *bytes,
                          const char *path,
                          GError    **error)
{
  g_autoptr (ZbReport) self = NULL;
  const char *data;
  char *copy;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > ZB_REPORT_MAX_SIZE)
    {
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large for a report (%zu bytes; at most %d MB)"),
                   display_name (path), len, ZB_REPORT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  self = g_object_new (ZB_TYPE_REPORT, NULL);
  self->path = g_strdup (path);
  /* A private copy with a NUL beyond its end, so that the text can be read as a C string. */
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  self->bytes = g_bytes_new_take (copy, len);
  self->data = copy;
  self->len = len;
  if (zb_text_has_prefix_at (copy, len, 0, "\xEF\xBB\xBF"))
    self->text_start = 3;

  if (!check_text (copy, len, self->text_start, path, error))
    return NULL;

  self->sha256 = zb_sha256_hex (copy, len);
  scan_lines (self);
  if (self->paragraphs->len == 0)
    {
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_EMPTY,
                   _("“%s” has no text, only white space"), display_name (path));
      return NULL;
    }
  scan_sentences (self);
  scan_heading (self);

  return g_steal_pointer (&self);
}

ZbReport *
zb_report_new_from_file (const char *path,
                         GError    **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  char *contents = NULL;
  goffset size;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (zb_file_read_regular (path, ZB_REPORT_MAX_SIZE, &contents, &len, &size, &message))
    {
    case ZB_FILE_READ_OK:
      break;
    case ZB_FILE_READ_MISSING:
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_IO,
                   _("Cannot read the report “%s”: %s"), path, g_strerror (ENOENT));
      return NULL;
    case ZB_FILE_READ_FOLDER:
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_IO,
                   _("Cannot read the report “%s”: it is a folder, not a text file"), path);
      return NULL;
    /* A device or a pipe has no size to check and could be read for ever (/dev/zero). */
    case ZB_FILE_READ_NOT_REGULAR:
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_IO,
                   _("Cannot read the report “%s”: it is not a regular file"), path);
      return NULL;
    case ZB_FILE_READ_TOO_LARGE:
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large for a report (%lld bytes; at most %d MB)"),
                   path, (long long) size, ZB_REPORT_MAX_SIZE / (1024 * 1024));
      return NULL;
    case ZB_FILE_READ_FAILED:
    default:
      g_set_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_IO,
                   _("Cannot read the report “%s”: %s"), path, message);
      return NULL;
    }
  bytes = g_bytes_new_take (contents, len);
  return zb_report_new_from_bytes (bytes, path, error);
}

/* ---------------------------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------------------------- */

const char *
zb_report_get_path (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  return self->path;
}

const char *
zb_report_get_text (ZbReport *self,
                    gsize    *len)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  if (len != NULL)
    *len = self->len;
  return self->data;
}

GBytes *
zb_report_get_bytes (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  return self->bytes;
}

const char *
zb_report_get_sha256 (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  return self->sha256;
}

gsize
zb_report_get_text_start (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), 0);
  return self->text_start;
}

const char *
zb_report_get_heading (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  return self->heading;
}

const char *
zb_report_get_title (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  return self->title;
}

const char *
zb_report_get_delivered (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  return self->delivered;
}

guint
zb_report_get_n_sections (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), 0);
  return self->sections->len;
}

const ZbSection *
zb_report_get_section (ZbReport *self,
                       guint     index)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);
  return &g_array_index (self->sections, ZbSection, index);
}

int
zb_report_find_section (ZbReport *self,
                        gsize     offset)
{
  guint lo = 0, hi;
  int index;

  g_return_val_if_fail (ZB_IS_REPORT (self), -1);

  /* The last section starting at or before offset, then out to the first that still holds it. */
  hi = self->sections->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->sections, ZbSection, mid).start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  index = (int) lo - 1;
  while (index >= 0)
    {
      const ZbSection *s = &g_array_index (self->sections, ZbSection, index);

      if (offset < s->end)
        return index;
      index = s->parent;
    }
  return -1;
}

char **
zb_report_dup_section_path (ZbReport *self,
                            gsize     offset)
{
  g_autoptr (GPtrArray) titles = g_ptr_array_new ();
  int index;

  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);

  for (index = zb_report_find_section (self, offset); index >= 0;
       index = g_array_index (self->sections, ZbSection, index).parent)
    g_ptr_array_insert (titles, 0, g_strdup (g_array_index (self->sections, ZbSection, index).title));
  g_ptr_array_add (titles, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&titles), FALSE);
}

/* The span of spans (sorted, disjoint) that contains offset, by binary search. */
static const ZbSpan *
find_span (GArray *spans,
           gsize   offset)
{
  guint lo = 0, hi = spans->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const ZbSpan *s = &g_array_index (spans, ZbSpan, mid);

      if (offset < s->start)
        hi = mid;
      else if (offset >= s->end)
        lo = mid + 1;
      else
        return s;
    }
  return NULL;
}

gboolean
zb_report_get_sentence (ZbReport *self,
                        gsize     offset,
                        gsize    *start,
                        gsize    *end)
{
  const ZbSpan *s;

  g_return_val_if_fail (ZB_IS_REPORT (self), FALSE);

  s = find_span (self->sentences, offset);
  if (s == NULL)
    return FALSE;
  if (start != NULL)
    *start = s->start;
  if (end != NULL)
    *end = s->end;
  return TRUE;
}

gboolean
zb_report_get_paragraph (ZbReport *self,
                         gsize     offset,
                         gsize    *start,
                         gsize    *end)
{
  const ZbSpan *s;

  g_return_val_if_fail (ZB_IS_REPORT (self), FALSE);

  s = find_span (self->paragraphs, offset);
  if (s == NULL)
    return FALSE;
  if (start != NULL)
    *start = s->start;
  if (end != NULL)
    *end = s->end;
  return TRUE;
}

guint
zb_report_get_n_sentences (ZbReport *self)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), 0);
  return self->sentences->len;
}

void
zb_report_get_sentence_at_index (ZbReport *self,
                                 guint     index,
                                 gsize    *start,
                                 gsize    *end)
{
  const ZbSpan *s;

  g_return_if_fail (ZB_IS_REPORT (self));
  g_return_if_fail (index < self->sentences->len);

  s = &g_array_index (self->sentences, ZbSpan, index);
  if (start != NULL)
    *start = s->start;
  if (end != NULL)
    *end = s->end;
}

static gboolean
is_boundary (ZbReport *self,
             gsize     offset)
{
  return offset == self->len || ((guchar) self->data[offset] & 0xC0) != 0x80;
}

gboolean
zb_report_is_valid_span (ZbReport *self,
                         gsize     start,
                         gsize     end)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), FALSE);

  return start <= end && end <= self->len && is_boundary (self, start) && is_boundary (self, end);
}

char *
zb_report_dup_range (ZbReport *self,
                     gsize     start,
                     gsize     end)
{
  g_return_val_if_fail (ZB_IS_REPORT (self), NULL);

  if (start > end || end > self->len)
    return NULL;
  return g_strndup (self->data + start, end - start);
}
