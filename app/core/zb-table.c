#define G_LOG_DOMAIN "zb-table"

#include "config.h"

#include "zb-table.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-units.h"
#include "zb-sha256.h"
#include "zb-file.h"

#define SOURCE_KEY "zb-table-source"
#define TITLE_KEY  "zb-table-title"
#define SHA256_KEY "zb-table-sha256"

typedef struct
{
  guint  line;   /* 1-based line of the file where the record starts */
  guint  n;      /* cells */
  guint  first;  /* index of its first cell in the table's cells */
  char **cells;  /* unquoted and trimmed, pointing into the text */
} Record;

static char
detect_delimiter (const char *text,
                  gsize       len)
{
  gsize tabs = 0, commas = 0, lines = 0;

  for (gsize i = 0; i < len && lines < 10; i++)
    {
      if (text[i] == '\t')
        tabs++;
      else if (text[i] == ',')
        commas++;
      else if (text[i] == '\n')
        lines++;
    }
  return tabs > 0 && tabs >= commas / 2 ? '\t' : ',';
}

static gboolean
is_space_at (const char *p)
{
  /* U+3000 IDEOGRAPHIC SPACE is E3 80 80. */
  return *p == ' ' || *p == '\t' || *p == '\v' || *p == '\f'
         || ((guchar) p[0] == 0xe3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x80);
}

/* Trims spaces, the full-width ones tables are padded with too, from the cell [start, end) in
 * place, and terminates it. */
static char *
trim_cell (char *start,
           char *end)
{
  while (start < end && is_space_at (start))
    start += *start == ' ' || *start == '\t' || *start == '\v' || *start == '\f' ? 1 : 3;
  for (;;)
    {
      if (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\v' || end[-1] == '\f'
                          || end[-1] == '\r' || end[-1] == '\n'))
        end--;
      else if (end - start >= 3 && (guchar) end[-1] == 0x80 && memcmp (end - 3, "　", 3) == 0)
        end -= 3;
      else
        break;
    }
  *end = '\0';
  return start;
}

/* Reads RFC 4180 records in place in text (which must have a byte to spare at text[len]):
 * quoted cells may hold delimiters, doubled quotes and line breaks. No allocation a cell, so a
 * table of a million rows reads quickly. */
typedef struct
{
  char       *text;
  gsize       len;    /* end of the part to read */
  gsize       i;      /* next byte */
  guint       line;   /* 1-based line of text[i] (counted from 0 in a part read alone) */
  char        delimiter;
  const char *name;
} Scanner;

/* Appends the cells of the next record, unquoted, trimmed and terminated, to cells. FALSE at
 * the end of the text, or with error set on a quote never closed. */
static gboolean
next_record (Scanner   *sc,
             Record    *record,
             GPtrArray *cells,
             GError   **error)
{
  char *text = sc->text;
  gsize len = sc->len;
  gsize i = sc->i;
  char delimiter = sc->delimiter;

  if (i >= len)
    return FALSE;
  record->line = sc->line;
  record->n = 0;
  record->first = cells->len;
  record->cells = NULL;
  for (;;)
    {
      char *start = text + i;
      char *end;
      char next;

      if (i < len && text[i] == '"')
        {
          guint start_line = sc->line;
          char *w = start;

          i++;
          for (;;)
            {
              if (i >= len)
                {
                  g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_PARSE,
                               _("%s, line %u: a quoted cell is never closed"), sc->name, start_line);
                  sc->i = len;
                  return FALSE;
                }
              if (text[i] == '"')
                {
                  if (i + 1 < len && text[i + 1] == '"')
                    {
                      *w++ = '"';
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              if (text[i] == '\n')
                sc->line++;
              *w++ = text[i++];
            }
          /* Anything between the closing quote and the delimiter is kept, as spreadsheets do. */
          while (i < len && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
            *w++ = text[i++];
          end = w;
        }
      else
        {
          while (i < len && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
            i++;
          end = text + i;
        }

      next = i < len ? text[i] : '\0';
      g_ptr_array_add (cells, trim_cell (start, end));
      record->n++;
      if (next == delimiter)
        {
          i++;
          continue;
        }
      /* End of record: \n, \r\n, \r or the end of the text. */
      if (next == '\r')
        {
          i++;
          if (i < len && text[i] == '\n')
            i++;
        }
      else if (next == '\n')
        i++;
      sc->line++;
      break;
    }
  sc->i = i;
  record->cells = (char **) cells->pdata + record->first;
  return TRUE;
}

/* The records of the rest of the text. */
static gboolean
parse_records (Scanner    *sc,
               GArray     *records,
               GPtrArray  *cells,
               GError    **error)
{
  Record record;
  GError *local_error = NULL;

  while (next_record (sc, &record, cells, &local_error))
    g_array_append_val (records, record);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* The cells array is complete: point each record at its cells. */
  for (guint r = 0; r < records->len; r++)
    {
      Record *rec = &g_array_index (records, Record, r);
      rec->cells = (char **) cells->pdata + rec->first;
    }
  return TRUE;
}

static guint
count_filled (Record *record)
{
  guint n = 0;

  for (guint i = 0; i < record->n; i++)
    if (*record->cells[i] != '\0')
      n++;
  return n;
}

static const char *
cell_at (Record *record,
         guint   index)
{
  return index < record->n ? record->cells[index] : "";
}

static gboolean
is_note (const char *cell)
{
  static const char *const prefixes[] = { "注", "数据来源", "资料来源", "来源", "说明", "Note", "Source", NULL };

  /* Notes start with a Chinese word or "Note"/"Source"; a number or a period never does. */
  if ((guchar) cell[0] < 0x80 && cell[0] != 'N' && cell[0] != 'S')
    return FALSE;
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (cell, prefixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_missing (const char *cell)
{
  static const char *const missing[] = { "", "-", "--", "—", "——", "…", "...", "NA", "N/A", "na", "n/a", "/", "×", NULL };

  /* The common case first: a number. */
  if (g_ascii_isdigit (cell[0]) || (cell[0] == '-' && g_ascii_isdigit (cell[1])))
    return FALSE;
  return g_strv_contains (missing, cell);
}

/* "123", "0.819", "12.5%": at most 15 digits, so that the digits and the power of ten are both
 * exact doubles and one division rounds correctly, to the double strtod would give. A
 * million-row table reads several times faster than through strtod. */
static gboolean
parse_plain_decimal (const char *p,
                     double     *value)
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15 };
  guint64 m = 0;
  int digits = 0, fraction = 0;

  for (; g_ascii_isdigit (*p); p++, digits++)
    m = m * 10 + (guint64) (*p - '0');
  if (digits == 0)
    return FALSE;
  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++, fraction++)
        m = m * 10 + (guint64) (*p - '0');
      if (fraction == 0)
        return FALSE;
    }
  if (*p == '%')
    p++;
  if (*p != '\0' || digits + fraction > 15)
    return FALSE;
  *value = (double) m / powers[fraction];
  return TRUE;
}

/* A table's number: "1,234.5", "-3.2", "−3.2", "４.５", "12.5%" (the % is the unit's). */
static gboolean
parse_value (const char *cell,
             double     *value)
{
  char buf[64];
  gsize n = 0;
  const char *p = cell;
  gboolean negative = FALSE;
  char *end;

  if (*p == '-' || *p == '+')
    {
      negative = *p == '-';
      p++;
    }
  else if ((guchar) *p == 0xe2 && g_str_has_prefix (p, "−"))
    {
      negative = TRUE;
      p += strlen ("−");
    }
  if (parse_plain_decimal (p, value))
    {
      if (negative)
        *value = -*value;
      return TRUE;
    }
  for (; *p != '\0' && n < sizeof buf - 1; p++)
    {
      if (*p == ',')
        continue;
      if (!(g_ascii_isdigit (*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '-' || *p == '+'))
        break;
      buf[n++] = *p;
    }
  buf[n] = '\0';
  if (*p == '%' && p[1] == '\0')
    p++;
  if (n > 0 && *p == '\0')
    {
      double v = g_ascii_strtod (buf, &end);
      /* "6E02025" overflows to infinity: no chart can draw it. */
      if (*end == '\0' && end != buf && isfinite (v))
        {
          *value = negative ? -v : v;
          return TRUE;
        }
    }
  /* Full-width digits and other forms the units module knows. */
  if (zb_number_parse (negative ? cell + (cell[0] == '-' ? 1 : strlen ("−")) : cell, value)
      && isfinite (*value))
    {
      if (negative)
        *value = -*value;
      return TRUE;
    }
  return FALSE;
}

static int
chinese_digit (const char *p,
               gsize      *len)
{
  static const char *const digits[] = { "一", "二", "三", "四" };

  for (int i = 0; i < 4; i++)
    if (g_str_has_prefix (p, digits[i]))
      {
        *len = strlen (digits[i]);
        return i + 1;
      }
  if (*p >= '1' && *p <= '4')
    {
      *len = 1;
      return *p - '0';
    }
  return 0;
}

/* The dataset's period for a column or row heading, or NULL when it is not one: "2023年" ->
 * "2023", "2023年一季度" -> "2023Q1", "2023年1-3季度"/"2023年前三季度" -> "2023Q1-Q3",
 * "2023年上半年" -> "2023H1"; "2023Q1" as it is. */
static char *
normalise_period (const char *cell,
                  gboolean   *cumulative)
{
  const char *p = cell;
  char year[5];
  gsize n;
  int a, b;

  *cumulative = FALSE;
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (p[i]))
      return NULL;
  if (g_ascii_isdigit (p[4]))
    return NULL;
  memcpy (year, p, 4);
  year[4] = '\0';
  p += 4;
  if (*p == '\0')
    return g_strdup (year);
  if (*p == 'Q' || *p == 'H')
    return g_str_is_ascii (p) && strlen (p) <= 6 ? g_strdup (cell) : NULL;
  if (g_str_has_prefix (p, "年"))
    p += strlen ("年");
  else if (*p == '-' || *p == '/' || *p == '.')
    return NULL;
  if (*p == '\0')
    return g_strdup (year);
  if (g_str_has_prefix (p, "全年"))
    return g_strdup (year);
  if (g_str_has_prefix (p, "上半年"))
    {
      *cumulative = TRUE;
      return g_strconcat (year, "H1", NULL);
    }
  if (g_str_has_prefix (p, "下半年"))
    return g_strconcat (year, "H2", NULL);
  if (g_str_has_prefix (p, "前"))
    {
      p += strlen ("前");
      b = chinese_digit (p, &n);
      if (b > 0 && g_str_has_prefix (p + n, "季度"))
        {
          *cumulative = TRUE;
          return g_strdup_printf ("%sQ1-Q%d", year, b);
        }
      return NULL;
    }
  if (g_str_has_prefix (p, "第"))
    p += strlen ("第");
  a = chinese_digit (p, &n);
  if (a == 0)
    return NULL;
  p += n;
  if (*p == '-' || g_str_has_prefix (p, "至") || g_str_has_prefix (p, "～") || g_str_has_prefix (p, "~"))
    {
      p += *p == '-' || *p == '~' ? 1 : g_str_has_prefix (p, "至") ? strlen ("至") : strlen ("～");
      b = chinese_digit (p, &n);
      if (b < a || !g_str_has_prefix (p + n, "季度"))
        return NULL;
      *cumulative = a == 1;
      return g_strdup_printf ("%sQ%d-Q%d", year, a, b);
    }
  if (g_str_has_prefix (p, "季度"))
    return g_strdup_printf ("%sQ%d", year, a);
  return NULL;
}

/* "地区生产总值（亿元）" -> name "地区生产总值", unit "亿元". */
static void
split_unit (const char *heading,
            char      **name,
            char      **unit)
{
  static const char *const opens[] = { "（", "(", "[", "【" };
  static const char *const closes[] = { "）", ")", "]", "】" };

  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    {
      const char *o = g_strrstr (heading, opens[i]);
      if (o != NULL && g_str_has_suffix (heading, closes[i]))
        {
          const char *u = o + strlen (opens[i]);
          gsize ulen = strlen (heading) - (u - heading) - strlen (closes[i]);
          g_autofree char *candidate = g_strndup (u, ulen);

          if (g_str_has_prefix (candidate, "单位："))
            memmove (candidate, candidate + strlen ("单位："), strlen (candidate + strlen ("单位：")) + 1);
          *name = g_strstrip (g_strndup (heading, o - heading));
          *unit = g_strdup (g_strstrip (candidate));
          return;
        }
    }
  *name = g_strdup (heading);
  *unit = NULL;
}

static char *
column_name (guint index)
{
  GString *s = g_string_new (NULL);

  /* Spreadsheet letters: A … Z, AA … */
  index++;
  while (index > 0)
    {
      guint r = (index - 1) % 26;
      g_string_prepend_c (s, (char) ('A' + r));
      index = (index - 1) / 26;
    }
  return g_string_free (s, FALSE);
}

static ZbIndicator *
new_series (const char *id,
            const char *heading,
            const char *default_unit)
{
  ZbIndicator *indicator = zb_indicator_new (id);
  g_autofree char *name = NULL;
  g_autofree char *unit = NULL;

  split_unit (heading, &name, &unit);
  if (unit == NULL && default_unit != NULL)
    unit = g_strdup (default_unit);
  indicator->name.zh = g_strdup (*name != '\0' ? name : id);
  indicator->name.en = g_strdup (indicator->name.zh);
  g_free (indicator->unit);
  indicator->unit = g_strdup (unit != NULL ? unit : "");
  indicator->measure = g_strcmp0 (indicator->unit, "%") == 0 ? ZB_MEASURE_GROWTH_RATE : ZB_MEASURE_LEVEL;
  return indicator;
}

/* An observation of a table: "row N, column C" is its source. */
static void
fill_observation (ZbObservation *obs,
                  const char    *period_cell,
                  double         value,
                  guint          line,
                  guint          column)
{
  gboolean cumulative;
  char *period = normalise_period (period_cell, &cumulative);
  char label[64] = "row ";
  char digits[16];
  gsize n = strlen (label), d = 0;
  guint index = column + 1;
  char letters[8];
  guint n_letters = 0;

  obs->period = period != NULL ? period : g_strdup (period_cell);
  obs->cumulative = cumulative;
  obs->value = value;
  obs->status = ZB_STATUS_ACTUAL;
  /* "row N, column C", built without printf: a CSV export of a million rows makes this hot. */
  do
    digits[d++] = (char) ('0' + line % 10);
  while ((line /= 10) > 0 && d < sizeof digits);
  while (d > 0)
    label[n++] = digits[--d];
  memcpy (label + n, ", column ", strlen (", column "));
  n += strlen (", column ");
  while (index > 0 && n_letters < sizeof letters)
    {
      letters[n_letters++] = (char) ('A' + (index - 1) % 26);
      index = (index - 1) / 26;
    }
  while (n_letters > 0)
    label[n++] = letters[--n_letters];
  label[n] = '\0';
  obs->src_label = g_strdup (label);
}

/* A table's text, kept by its lazy series: their periods are cells in it. */
typedef struct
{
  gatomicrefcount  ref;
  char            *text;
} TableText;

static void
table_text_unref (TableText *text)
{
  if (g_atomic_ref_count_dec (&text->ref))
    {
      g_free (text->text);
      g_free (text);
    }
}

/* The values of one column of a long table, each with its row: made into observations only
 * when asked for (zb_indicator_set_lazy). */
typedef struct
{
  TableText *text;
  guint      column;   /* index of the cell in its record */
  guint      n, size;
  double    *values;
  guint32   *periods;  /* offset of the row's period cell in the text */
  guint32   *lines;    /* line of the row in the file */
} TableSeries;

static TableSeries *
table_series_new (TableText *text,
                  guint      column)
{
  TableSeries *series = g_new0 (TableSeries, 1);

  series->text = text;
  if (text != NULL)
    g_atomic_ref_count_inc (&text->ref);
  series->column = column;
  return series;
}

static void
table_series_free (gpointer data)
{
  TableSeries *series = data;

  if (series == NULL)
    return;
  if (series->text != NULL)
    table_text_unref (series->text);
  g_free (series->values);
  g_free (series->periods);
  g_free (series->lines);
  g_free (series);
}

static void
table_series_reserve (TableSeries *series,
                      guint        n)
{
  if (n <= series->size)
    return;
  series->size = MAX (n, MAX (series->size * 2, 256));
  series->values = g_renew (double, series->values, series->size);
  series->periods = g_renew (guint32, series->periods, series->size);
  series->lines = g_renew (guint32, series->lines, series->size);
}

static inline void
table_series_append (TableSeries *series,
                     double       value,
                     guint32      period,
                     guint32      line)
{
  if (series->n == series->size)
    table_series_reserve (series, series->n + 1);
  series->values[series->n] = value;
  series->periods[series->n] = period;
  series->lines[series->n] = line;
  series->n++;
}

static void
make_observation (gpointer       data,
                  guint          index,
                  ZbObservation *obs)
{
  TableSeries *series = data;

  fill_observation (obs, series->text->text + series->periods[index], series->values[index],
                    series->lines[index], series->column);
}

/* The rows of one part of a long table's body. */
typedef struct
{
  Scanner       sc;
  TableSeries **series;     /* a column from the second on; NULL for a column without heading */
  guint         n_series;
  guint         n_values;
  GError       *error;
} BodyJob;

static gpointer
read_body_thread (gpointer user_data)
{
  BodyJob *job = user_data;
  g_autoptr (GPtrArray) cells = g_ptr_array_sized_new (8);
  Record record;

  while (next_record (&job->sc, &record, cells, &job->error))
    {
      const char *period = cell_at (&record, 0);
      guint32 offset = (guint32) (period - job->sc.text);

      if (*period != '\0' && !is_note (period))
        for (guint c = 1; c < record.n && c - 1 < job->n_series; c++)
          {
            TableSeries *series = job->series[c - 1];
            const char *cell = record.cells[c];
            guint32 line = record.line;
            double value;

            if (series == NULL || is_missing (cell) || !parse_value (cell, &value))
              continue;
            table_series_append (series, value, offset, line);
            job->n_values++;
          }
      cells->len = 0;  /* pointers into the text: nothing to free */
    }
  return NULL;
}

/* The body of a long table from sc on, into series. A long body without quotes (where every
 * line break ends a row) is read in two halves at once, the second half into stand-in series
 * whose rows are then appended, their lines counted on from where the first half ended. */
static guint
read_body (Scanner      *sc,
           TableSeries **series,
           guint         n_series,
           GError      **error)
{
  BodyJob head = { *sc, series, n_series, 0, NULL };
  BodyJob tail = { *sc, NULL, n_series, 0, NULL };
  const char *split = NULL;
  GThread *thread;

  if (sc->len - sc->i > 256 * 1024 && g_get_num_processors () >= 2
      && memchr (sc->text + sc->i, '"', sc->len - sc->i) == NULL)
    {
      gsize middle = sc->i + (sc->len - sc->i) / 2;
      split = memchr (sc->text + middle, '\n', sc->len - middle);
    }
  if (split == NULL)
    {
      read_body_thread (&head);
      if (head.error != NULL)
        g_propagate_error (error, head.error);
      return head.n_values;
    }

  head.sc.len = (gsize) (split + 1 - sc->text);
  tail.sc.i = head.sc.len;
  tail.sc.line = 0;
  tail.series = g_new0 (TableSeries *, n_series);
  for (guint s = 0; s < n_series; s++)
    if (series[s] != NULL)
      tail.series[s] = table_series_new (NULL, series[s]->column);
  thread = g_thread_new ("zb-table-rows", read_body_thread, &tail);
  read_body_thread (&head);
  g_thread_join (thread);

  for (guint s = 0; s < n_series; s++)
    {
      TableSeries *to = series[s], *from = tail.series[s];

      if (to == NULL)
        continue;
      table_series_reserve (to, to->n + from->n);
      if (from->n > 0)
        {
          memcpy (to->values + to->n, from->values, from->n * sizeof (double));
          memcpy (to->periods + to->n, from->periods, from->n * sizeof (guint32));
          for (guint i = 0; i < from->n; i++)
            to->lines[to->n + i] = from->lines[i] + head.sc.line;
          to->n += from->n;
        }
      table_series_free (from);
    }
  g_free (tail.series);
  /* No quotes, so neither half can fail. */
  g_assert (head.error == NULL && tail.error == NULL);
  return head.n_values + tail.n_values;
}

/* Series down the columns: each column with a heading, its values kept compact. */
static gboolean
read_long (ZbDataset   *dataset,
           Scanner     *sc,
           char       **buffer,
           Record      *header,
           const char  *default_unit,
           guint       *n_values,
           GError     **error)
{
  TableText *text = g_new0 (TableText, 1);
  guint n_series = header->n > 0 ? header->n - 1 : 0;
  g_autofree TableSeries **series = g_new0 (TableSeries *, MAX (n_series, 1));
  GError *local_error = NULL;

  g_atomic_ref_count_init (&text->ref);
  text->text = *buffer;  /* header cells point into it: it is freed last, below */
  for (guint c = 1; c < header->n; c++)
    if (*cell_at (header, c) != '\0')
      series[c - 1] = table_series_new (text, c);

  *n_values = read_body (sc, series, n_series, &local_error);
  for (guint c = 1; c < header->n; c++)
    {
      TableSeries *ts = series[c - 1];
      g_autofree char *letters = NULL;
      g_autofree char *id = NULL;
      ZbIndicator *indicator;

      if (ts == NULL)
        continue;
      if (local_error != NULL || ts->n == 0)
        {
          table_series_free (ts);
          continue;
        }
      letters = column_name (c);
      id = g_strdup_printf ("column-%s", letters);
      indicator = new_series (id, cell_at (header, c), default_unit);
      zb_indicator_set_lazy (indicator, ts->n, ts->values, make_observation, ts, table_series_free);
      zb_dataset_add_indicator (dataset, indicator);
    }
  /* The series hold the text now. */
  *buffer = NULL;
  table_text_unref (text);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static void
add_value (ZbIndicator *indicator,
           const char  *period_cell,
           double       value,
           guint        line,
           guint        column)
{
  fill_observation (zb_indicator_add_observation (indicator), period_cell, value, line, column);
}

/* Series along the rows, periods in the header: each row made into observations at once (such
 * tables are short). */
static guint
read_wide (ZbDataset  *dataset,
           GArray     *records,
           guint       header_index,
           const char *default_unit)
{
  Record *header = &g_array_index (records, Record, header_index);
  guint n_values = 0;

  for (guint r = header_index + 1; r < records->len; r++)
    {
      Record *record = &g_array_index (records, Record, r);
      const char *heading = cell_at (record, 0);
      g_autofree char *id = NULL;
      ZbIndicator *indicator;

      if (*heading == '\0' || is_note (heading) || count_filled (record) < 2)
        continue;
      id = g_strdup_printf ("row-%u", record->line);
      indicator = new_series (id, heading, default_unit);
      for (guint c = 1; c < record->n; c++)
        {
          double value;
          const char *cell = cell_at (record, c);

          if (is_missing (cell) || !parse_value (cell, &value) || *cell_at (header, c) == '\0')
            continue;
          add_value (indicator, cell_at (header, c), value, record->line, c);
          n_values++;
        }
      if (indicator->observations->len == 0)
        zb_indicator_free (indicator);
      else
        zb_dataset_add_indicator (dataset, indicator);
    }
  return n_values;
}

static ZbDataset *
parse_table (const char *data,
             gsize       len,
             const char *name,
             GError    **error)
{
  g_autofree char *buffer = NULL;
  g_autoptr (GArray) records = g_array_new (FALSE, FALSE, sizeof (Record));
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *title = NULL;
  g_autofree char *default_unit = NULL;
  GError *local_error = NULL;
  Scanner sc = { 0 };
  Record record;
  Record *header = NULL;
  guint period_headings = 0, n_values = 0;
  gboolean wide;
  const char *text = data;

  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  if (!g_utf8_validate_len (text, len, NULL))
    {
      /* Bureau tables saved by Excel on Chinese Windows are GB18030 (GBK). */
      gsize written = 0;
      buffer = g_convert (text, len, "UTF-8", "GB18030", NULL, &written, NULL);
      if (buffer == NULL)
        {
          g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_PARSE,
                       _("%s is neither UTF-8 nor GB18030 text; save the table as CSV (UTF-8)"), name);
          return NULL;
        }
      len = written;
    }
  else
    {
      /* The cells are cut out of a copy in place (with room for a last terminator). */
      buffer = g_malloc (len + 1);
      memcpy (buffer, text, len);
      buffer[len] = '\0';
    }
  if (memchr (buffer, '\0', len) != NULL)
    {
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_PARSE,
                   _("%s is not a text table (it holds binary data); save it as CSV or TSV"), name);
      return NULL;
    }

  sc.text = buffer;
  sc.len = len;
  sc.line = 1;
  sc.delimiter = detect_delimiter (buffer, len);
  sc.name = name;

  /* Title and unit lines above the header: one filled cell each. The body under the header is
   * read once it is known which way the series run. */
  while (header == NULL && next_record (&sc, &record, cells, &local_error))
    {
      const char *first = NULL;

      g_array_append_val (records, record);
      if (count_filled (&record) >= 2)
        {
          header = &g_array_index (records, Record, records->len - 1);
          break;
        }
      for (guint c = 0; c < record.n && first == NULL; c++)
        if (*record.cells[c] != '\0')
          first = record.cells[c];
      if (first == NULL)
        continue;
      if (g_str_has_prefix (first, "单位：") || g_str_has_prefix (first, "单位:"))
        zb_set_str (&default_unit, first + (g_str_has_prefix (first, "单位：") ? strlen ("单位：") : strlen ("单位:")));
      else if (title == NULL)
        title = g_strdup (first);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (header == NULL || sc.i >= sc.len)
    {
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_EMPTY,
                   _("%s has no table: expected a header row with at least two columns and rows of values under it"),
                   name);
      return NULL;
    }

  for (guint c = 1; c < header->n; c++)
    {
      gboolean cumulative;
      g_autofree char *p = normalise_period (cell_at (header, c), &cumulative);
      if (p != NULL)
        period_headings++;
    }
  /* Periods across the header: each row is a series (the bureau's usual "wide" layout). */
  wide = period_headings > 0 && period_headings * 2 >= count_filled (header) - 1;

  dataset = zb_dataset_new ();
  if (wide)
    {
      guint header_index = records->len - 1;

      if (!parse_records (&sc, records, cells, error))
        return NULL;
      n_values = read_wide (dataset, records, header_index, default_unit);
    }
  else
    {
      /* The header's cells may have moved as the cells array grew. */
      header->cells = (char **) cells->pdata + header->first;
      if (!read_long (dataset, &sc, &buffer, header, default_unit, &n_values, error))
        return NULL;
    }

  if (n_values == 0 || zb_dataset_get_n_indicators (dataset) == 0)
    {
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_EMPTY,
                   _("%s has no numbers under its header row"), name);
      return NULL;
    }

  g_object_set_data_full (G_OBJECT (dataset), SOURCE_KEY, g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (dataset), TITLE_KEY,
                          title != NULL ? g_steal_pointer (&title) : g_strdup (name), g_free);
  zb_dataset_set_modified (dataset, FALSE);
  return g_steal_pointer (&dataset);
}

typedef struct
{
  const char *data;
  gsize       len;
  char       *sha256;
} Checksum;

static gpointer
checksum_thread (gpointer user_data)
{
  Checksum *job = user_data;

  job->sha256 = zb_sha256_hex (job->data, job->len);
  return NULL;
}

ZbDataset *
zb_table_load_from_data (const char *data,
                         gsize       len,
                         const char *display_name,
                         GError    **error)
{
  Checksum job = { data, len, NULL };
  GThread *thread = NULL;
  ZbDataset *dataset;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The checksum of a large table takes as long as reading it: do both at once. */
  if (len > 1024 * 1024)
    thread = g_thread_new ("zb-table-checksum", checksum_thread, &job);
  else
    checksum_thread (&job);
  dataset = parse_table (data, len, display_name != NULL ? display_name : "table", error);
  if (thread != NULL)
    g_thread_join (thread);
  if (dataset != NULL)
    g_object_set_data_full (G_OBJECT (dataset), SHA256_KEY, g_steal_pointer (&job.sha256), g_free);
  g_free (job.sha256);
  return dataset;
}

ZbDataset *
zb_table_load (const char *path,
               GError    **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_path_get_basename (path);
  switch (zb_file_read_regular (path, ZB_TABLE_MAX_SIZE, &contents, &len, NULL, &message))
    {
    case ZB_FILE_READ_OK:
      break;
    case ZB_FILE_READ_MISSING:
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_IO, _("Cannot read the table %s: there is no such file"), path);
      return NULL;
    case ZB_FILE_READ_FOLDER:
    case ZB_FILE_READ_NOT_REGULAR:
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_IO, _("Cannot read the table %s: it is not a file"), path);
      return NULL;
    case ZB_FILE_READ_TOO_LARGE:
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_IO, _("The table %s is larger than %d MB"), path,
                   ZB_TABLE_MAX_SIZE / (1024 * 1024));
      return NULL;
    case ZB_FILE_READ_FAILED:
    default:
      g_set_error (error, ZB_TABLE_ERROR, ZB_TABLE_ERROR_IO, _("Cannot read the table %s: %s"), path, message);
      return NULL;
    }
  return zb_table_load_from_data (contents, len, basename, error);
}

const char *
zb_table_get_source (ZbDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return g_object_get_data (G_OBJECT (dataset), SOURCE_KEY);
}

const char *
zb_table_get_sha256 (ZbDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return g_object_get_data (G_OBJECT (dataset), SHA256_KEY);
}

const char *
zb_table_get_title (ZbDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  return g_object_get_data (G_OBJECT (dataset), TITLE_KEY);
}

ZbChartSpec *
zb_table_make_chart (ZbDataset   *dataset,
                     ZbChartType  type,
                     const char  *id)
{
  ZbChartSpec *spec;
  const char *title;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);

  spec = zb_chart_spec_new (id != NULL ? id : "table", type);
  title = zb_table_get_title (dataset);
  spec->title.zh = g_strdup (title != NULL ? title : "");
  spec->title.en = g_strdup (spec->title.zh);
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    zb_chart_spec_add_series (spec, zb_dataset_peek_indicator (dataset, i)->id);
  return spec;
}
