/* zb-pdf.c: a PDF writer for what charts and slides draw. */
#define G_LOG_DOMAIN "zb-pdf"

#include "config.h"

#include "zb-pdf.h"

#include <math.h>
#include <string.h>
#include <zlib.h>
#if ZB_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

/* What the content stream has set, so that each operator is written only when it changes. */
typedef struct
{
  double fill[3];
  double stroke[3];
  double alpha;
  double line_width;
  int    cap;
  int    join;
  double miter;
  double dash[8];
  int    n_dash;
  double dash_offset;
} GState;

typedef struct
{
  GHashTable *widths;      /* CID → index in advances */
  GArray     *advances;    /* of double */
  GHashTable *to_unicode;  /* CID → its text, UTF-8 */
  GBytes     *cff;
  char       *postscript_name;
  char       *registry;
  char       *ordering;
  int         supplement;
  double      bbox[4];
  double      ascent;
  double      descent;
  gboolean    has_program;
} Font;

/* Makes zlib streams (RFC 1950) at the quickest level, made on first use: with libdeflate where
 * the build has it (for a briefing's pages, about four times quicker than zlib, and the result
 * smaller), else with zlib. Higher levels made font programs, the other large streams, less than
 * 1% smaller. One thread at a time uses one. */
typedef struct
{
#if ZB_HAVE_LIBDEFLATE
  struct libdeflate_compressor *deflater;
#else
  z_stream stream;
  gboolean ready;
#endif
} Compressor;

struct _ZbPdf
{
  double     width;
  double     height;
  GString   *out;
  GArray    *offsets;    /* of gsize, by object number (0 is the free entry) */
  GArray    *pages;      /* of guint, page objects */
  GString   *content;    /* of the page being drawn */
  GArray    *states;     /* of GState; the last is current */
  GPtrArray *fonts;
  GArray    *alphas;     /* of double: ExtGState /a<i> */
  guint      catalog, page_tree, resources, info;
  Compressor deflater;      /* this thread's */
  Compressor worker_deflater;
  GThreadPool *compressor;  /* compresses pages after the first, with worker_deflater */
  GPtrArray   *jobs;        /* of PageJob, in page order */
};

static void page_job_free (gpointer data);
static void compressor_clear (Compressor *compressor);

static void
font_free (gpointer data)
{
  Font *font = data;

  g_hash_table_unref (font->widths);
  g_array_unref (font->advances);
  g_hash_table_unref (font->to_unicode);
  g_clear_pointer (&font->cff, g_bytes_unref);
  g_free (font->postscript_name);
  g_free (font->registry);
  g_free (font->ordering);
  g_free (font);
}

static guint
new_object (ZbPdf *pdf)
{
  gsize none = 0;

  g_array_append_val (pdf->offsets, none);
  return pdf->offsets->len - 1;
}

static void
begin_object (ZbPdf *pdf,
              guint  number)
{
  g_array_index (pdf->offsets, gsize, number) = pdf->out->len;
  g_string_append_printf (pdf->out, "%u 0 obj\n", number);
}

ZbPdf *
zb_pdf_new (double width,
            double height)
{
  ZbPdf *pdf = g_new0 (ZbPdf, 1);

  pdf->width = width;
  pdf->height = height;
  pdf->out = g_string_sized_new (64 * 1024);
  pdf->offsets = g_array_new (FALSE, TRUE, sizeof (gsize));
  pdf->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  pdf->content = g_string_sized_new (8 * 1024);
  pdf->states = g_array_new (FALSE, TRUE, sizeof (GState));
  pdf->fonts = g_ptr_array_new_with_free_func (font_free);
  pdf->alphas = g_array_new (FALSE, FALSE, sizeof (double));
  pdf->jobs = g_ptr_array_new_with_free_func (page_job_free);
  new_object (pdf);  /* object 0, the head of the free list */
  pdf->catalog = new_object (pdf);
  pdf->page_tree = new_object (pdf);
  pdf->resources = new_object (pdf);
  pdf->info = new_object (pdf);
  /* The binary comment tells transfer programs the file is not text. */
  g_string_append (pdf->out, "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
  return pdf;
}

void
zb_pdf_free (ZbPdf *pdf)
{
  if (pdf == NULL)
    return;
  if (pdf->compressor != NULL)
    g_thread_pool_free (pdf->compressor, FALSE, TRUE);
  g_ptr_array_unref (pdf->jobs);
  compressor_clear (&pdf->deflater);
  compressor_clear (&pdf->worker_deflater);
  g_string_free (pdf->out, TRUE);
  g_array_unref (pdf->offsets);
  g_array_unref (pdf->pages);
  g_string_free (pdf->content, TRUE);
  g_array_unref (pdf->states);
  g_ptr_array_unref (pdf->fonts);
  g_array_unref (pdf->alphas);
  g_free (pdf);
}

/* Numbers --------------------------------------------------------------------------------------- */

/* @v to a thousandth, without trailing zeros: a thousandth of a point is far below what any
 * device shows, and printf ("%f") is most of what a PDF costs to write. */
static void
put_num (GString *s,
         double   v)
{
  char digits[32];
  int n = 0;
  gint64 i, whole;
  int frac, places = 3;

  /* (far beyond any page, and within the integers every reader takes) */
  if (!isfinite (v))
    v = 0;
  v = CLAMP (v, -1e9, 1e9);
  i = llround (v * 1000);
  whole = ABS (i) / 1000;
  frac = (int) (ABS (i) % 1000);
  if (frac != 0)
    {
      while (frac % 10 == 0)
        {
          frac /= 10;
          places--;
        }
      for (int k = 0; k < places; k++, frac /= 10)
        digits[n++] = (char) ('0' + frac % 10);
      digits[n++] = '.';
    }
  do
    {
      digits[n++] = (char) ('0' + whole % 10);
      whole /= 10;
    }
  while (whole > 0);
  if (i < 0)
    digits[n++] = '-';
  while (n > 0)
    g_string_append_c (s, digits[--n]);
}

static void
put_nums (GString      *s,
          const double *v,
          guint         n,
          const char   *op)
{
  for (guint i = 0; i < n; i++)
    {
      put_num (s, v[i]);
      g_string_append_c (s, ' ');
    }
  g_string_append (s, op);
  g_string_append_c (s, '\n');
}

/* Streams --------------------------------------------------------------------------------------- */

/* @data as a zlib stream. */
static GBytes *
compress_bytes (Compressor   *compressor,
                const guint8 *data,
                gsize         length)
{
  gsize bound, size;
  guint8 *out;

#if ZB_HAVE_LIBDEFLATE
  if (compressor->deflater == NULL)
    compressor->deflater = libdeflate_alloc_compressor (1);
  if (compressor->deflater == NULL)
    g_error ("libdeflate could not allocate a compressor");
  bound = libdeflate_zlib_compress_bound (compressor->deflater, length);
  out = g_malloc (bound);
  size = libdeflate_zlib_compress (compressor->deflater, data, length, out, bound);
  g_assert (size > 0);
#else
  z_stream *z = &compressor->stream;

  if (!compressor->ready)
    {
      deflateInit (z, Z_BEST_SPEED);
      compressor->ready = TRUE;
    }
  else
    deflateReset (z);
  bound = deflateBound (z, length);
  out = g_malloc (bound);
  z->next_in = (Bytef *) data;
  z->avail_in = (uInt) length;
  z->next_out = out;
  z->avail_out = (uInt) bound;
  deflate (z, Z_FINISH);
  size = bound - z->avail_out;
#endif
  return g_bytes_new_take (g_realloc (out, MAX (size, 1)), size);
}

static void
compressor_clear (Compressor *compressor)
{
#if ZB_HAVE_LIBDEFLATE
  g_clear_pointer (&compressor->deflater, libdeflate_free_compressor);
#else
  if (compressor->ready)
    deflateEnd (&compressor->stream);
  compressor->ready = FALSE;
#endif
}

static void
put_compressed (ZbPdf      *pdf,
                guint       number,
                const char *dict,
                GBytes     *compressed)
{
  gsize length;
  const char *data = g_bytes_get_data (compressed, &length);

  begin_object (pdf, number);
  g_string_append_printf (pdf->out, "<< /Length %lu /Filter /FlateDecode%s >>\nstream\n", (unsigned long) length, dict);
  g_string_append_len (pdf->out, data, length);
  g_string_append (pdf->out, "\nendstream\nendobj\n");
}

static void
put_stream (ZbPdf        *pdf,
            guint         number,
            const char   *dict,
            const guint8 *data,
            gsize         length)
{
  g_autoptr (GBytes) compressed = compress_bytes (&pdf->deflater, data, length);

  put_compressed (pdf, number, dict, compressed);
}

/* A page's content handed to the compressing thread, and what it made of it. */
typedef struct
{
  guint    number;
  GString *content;
  GBytes  *compressed;
} PageJob;

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  if (job->content != NULL)
    g_string_free (job->content, TRUE);
  g_clear_pointer (&job->compressed, g_bytes_unref);
  g_free (job);
}

static void
compress_page (gpointer data,
               gpointer user_data)
{
  PageJob *job = data;
  ZbPdf *pdf = user_data;

  /* The pool has one thread, the only user of this stream. */
  job->compressed = compress_bytes (&pdf->worker_deflater, (const guint8 *) job->content->str,
                                    job->content->len);
  g_string_free (g_steal_pointer (&job->content), TRUE);
}

/* Waits for the compressing thread and writes the pages' content it compressed. */
static void
put_compressed_pages (ZbPdf *pdf)
{
  if (pdf->compressor == NULL)
    return;
  g_thread_pool_free (g_steal_pointer (&pdf->compressor), FALSE, TRUE);
  for (guint i = 0; i < pdf->jobs->len; i++)
    {
      PageJob *job = g_ptr_array_index (pdf->jobs, i);

      put_compressed (pdf, job->number, "", job->compressed);
    }
  g_ptr_array_set_size (pdf->jobs, 0);
}

/* Graphics state -------------------------------------------------------------------------------- */

static GState *
state (ZbPdf *pdf)
{
  return &g_array_index (pdf->states, GState, pdf->states->len - 1);
}

void
zb_pdf_begin_page (ZbPdf *pdf)
{
  GState initial = { { 0, 0, 0 }, { 0, 0, 0 }, 1, 1, 0, 0, 10, { 0 }, 0, 0 };
  double flip[6] = { 1, 0, 0, -1, 0, pdf->height };

  g_string_truncate (pdf->content, 0);
  g_array_set_size (pdf->states, 0);
  g_array_append_val (pdf->states, initial);
  /* cairo's device space: y down from the top. */
  put_nums (pdf->content, flip, 6, "cm");
}

void
zb_pdf_end_page (ZbPdf *pdf)
{
  guint content = new_object (pdf);
  guint page = new_object (pdf);

  /* Every q closed, whatever the page left open. */
  while (pdf->states->len > 1)
    zb_pdf_restore (pdf);

  /* Pages are compressed as they end. With zlib, a document of more than one page has the rest
   * compressed by a thread while the next ones are drawn; libdeflate takes about 15 µs a page,
   * less than handing the page to a thread costs (a 100-page briefing was 2 to 4% quicker
   * without the thread). */
  if (!ZB_HAVE_LIBDEFLATE && pdf->pages->len > 0 && pdf->compressor == NULL)
    pdf->compressor = g_thread_pool_new (compress_page, pdf, 1, TRUE, NULL);
  if (pdf->compressor != NULL)
    {
      PageJob *job = g_new0 (PageJob, 1);

      job->number = content;
      job->content = pdf->content;
      pdf->content = g_string_sized_new (job->content->len);
      g_ptr_array_add (pdf->jobs, job);
      g_thread_pool_push (pdf->compressor, job, NULL);
    }
  else
    put_stream (pdf, content, "", (const guint8 *) pdf->content->str, pdf->content->len);
  begin_object (pdf, page);
  g_string_append_printf (pdf->out, "<< /Type /Page /Parent %u 0 R /MediaBox [ 0 0 ", pdf->page_tree);
  put_num (pdf->out, pdf->width);
  g_string_append_c (pdf->out, ' ');
  put_num (pdf->out, pdf->height);
  g_string_append_printf (pdf->out, " ] /Contents %u 0 R /Resources %u 0 R >>\nendobj\n", content, pdf->resources);
  g_array_append_val (pdf->pages, page);
}

void
zb_pdf_save (ZbPdf *pdf)
{
  GState copy = *state (pdf);

  g_array_append_val (pdf->states, copy);
  g_string_append (pdf->content, "q\n");
}

void
zb_pdf_restore (ZbPdf *pdf)
{
  if (pdf->states->len < 2)
    return;
  g_array_set_size (pdf->states, pdf->states->len - 1);
  g_string_append (pdf->content, "Q\n");
}

static void
set_alpha (ZbPdf  *pdf,
           double  alpha)
{
  GState *gs = state (pdf);
  guint i;

  alpha = round (CLAMP (alpha, 0, 1) * 1000) / 1000;
  if (gs->alpha == alpha)
    return;
  for (i = 0; i < pdf->alphas->len; i++)
    if (g_array_index (pdf->alphas, double, i) == alpha)
      break;
  if (i == pdf->alphas->len)
    g_array_append_val (pdf->alphas, alpha);
  g_string_append_printf (pdf->content, "/a%u gs\n", i);
  gs->alpha = alpha;
}

static void
set_color (ZbPdf        *pdf,
           double       *current,
           const double  rgb[3],
           const char   *op)
{
  double rounded[3];

  for (int i = 0; i < 3; i++)
    rounded[i] = round (CLAMP (rgb[i], 0, 1) * 1000) / 1000;
  if (memcmp (current, rounded, sizeof rounded) == 0)
    return;
  memcpy (current, rounded, sizeof rounded);
  put_nums (pdf->content, rounded, 3, op);
}

/* The colour of @cr's source; FALSE for a gradient or a surface. */
static gboolean
source_color (cairo_t *cr,
              double   rgb[3],
              double  *alpha)
{
  return cairo_pattern_get_rgba (cairo_get_source (cr), &rgb[0], &rgb[1], &rgb[2], alpha) == CAIRO_STATUS_SUCCESS;
}

static gboolean
set_fill_source (ZbPdf   *pdf,
                 cairo_t *cr,
                 double   alpha)
{
  double rgb[3], a;

  if (cairo_get_operator (cr) != CAIRO_OPERATOR_OVER || !source_color (cr, rgb, &a))
    return FALSE;
  set_alpha (pdf, a * alpha);
  set_color (pdf, state (pdf)->fill, rgb, "rg");
  return TRUE;
}

/* The scale of a transformation that only scales, alike on both axes, and translates; 0 for any
 * other. */
static double
uniform_scale (const cairo_matrix_t *m)
{
  if (m->xy != 0 || m->yx != 0 || m->xx <= 0 || fabs (m->xx - m->yy) > 1e-9 * m->xx)
    return 0;
  return m->xx;
}

/* Paths ----------------------------------------------------------------------------------------- */

static void
put_point (GString              *s,
           const cairo_matrix_t *m,
           const cairo_path_data_t *point)
{
  double x = point->point.x, y = point->point.y;

  cairo_matrix_transform_point (m, &x, &y);
  put_num (s, x);
  g_string_append_c (s, ' ');
  put_num (s, y);
  g_string_append_c (s, ' ');
}

/* TRUE when the subpath at @i is a rectangle as cairo_rectangle () makes it: a move, a line
 * along x, along y, back along x, and a close. */
static gboolean
is_rectangle (const cairo_path_t   *path,
              int                   i,
              const cairo_matrix_t *m,
              double                rect[4])
{
  const cairo_path_data_t *d = path->data;
  double x[4], y[4];

  if (i + 9 > path->num_data || d[i].header.type != CAIRO_PATH_MOVE_TO
      || d[i + 2].header.type != CAIRO_PATH_LINE_TO || d[i + 4].header.type != CAIRO_PATH_LINE_TO
      || d[i + 6].header.type != CAIRO_PATH_LINE_TO || d[i + 8].header.type != CAIRO_PATH_CLOSE_PATH)
    return FALSE;
  for (int k = 0; k < 4; k++)
    {
      x[k] = d[i + 2 * k + 1].point.x;
      y[k] = d[i + 2 * k + 1].point.y;
      cairo_matrix_transform_point (m, &x[k], &y[k]);
    }
  if (y[0] != y[1] || x[1] != x[2] || y[2] != y[3] || x[3] != x[0])
    return FALSE;
  rect[0] = x[0];
  rect[1] = y[0];
  rect[2] = x[1] - x[0];
  rect[3] = y[3] - y[0];
  return TRUE;
}

/* Writes the current path of @cr in device space; FALSE when it has nothing to draw. */
static gboolean
put_path (ZbPdf   *pdf,
          cairo_t *cr)
{
  cairo_path_t *path = cairo_copy_path (cr);
  cairo_matrix_t m;
  GString *s = pdf->content;
  const cairo_path_data_t *pending = NULL;  /* a move not yet written */
  gboolean drawn = FALSE;

  cairo_get_matrix (cr, &m);
  for (int i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *d = &path->data[i];
      double rect[4];

      switch (d->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          if (is_rectangle (path, i, &m, rect))
            {
              put_nums (s, rect, 4, "re");
              drawn = TRUE;
              pending = NULL;
              /* On to the close; a move after it is taken as any other (written only when a
               * segment follows it). */
              i += 8;
              break;
            }
          pending = d + 1;
          break;
        case CAIRO_PATH_LINE_TO:
        case CAIRO_PATH_CURVE_TO:
          if (pending != NULL)
            {
              put_point (s, &m, pending);
              g_string_append (s, "m\n");
              pending = NULL;
            }
          for (int k = 1; k < d->header.length; k++)
            put_point (s, &m, &d[k]);
          g_string_append (s, d->header.type == CAIRO_PATH_LINE_TO ? "l\n" : "c\n");
          drawn = TRUE;
          break;
        case CAIRO_PATH_CLOSE_PATH:
          /* (a subpath of a lone move has nothing to close) */
          if (pending == NULL)
            g_string_append (s, "h\n");
          break;
        default:
          break;
        }
    }
  cairo_path_destroy (path);
  return drawn;
}

gboolean
zb_pdf_fill (ZbPdf   *pdf,
             cairo_t *cr)
{
  if (!set_fill_source (pdf, cr, 1))
    return FALSE;
  if (put_path (pdf, cr))
    g_string_append (pdf->content, cairo_get_fill_rule (cr) == CAIRO_FILL_RULE_EVEN_ODD ? "f*\n" : "f\n");
  return TRUE;
}

gboolean
zb_pdf_stroke (ZbPdf   *pdf,
               cairo_t *cr)
{
  cairo_matrix_t m;
  double scale, rgb[3], a, width;
  GState *gs;
  int n_dash;

  cairo_get_matrix (cr, &m);
  scale = uniform_scale (&m);
  n_dash = cairo_get_dash_count (cr);
  if (scale == 0 || n_dash > (int) G_N_ELEMENTS (gs->dash) || cairo_get_operator (cr) != CAIRO_OPERATOR_OVER
      || !source_color (cr, rgb, &a))
    return FALSE;
  set_alpha (pdf, a);
  gs = state (pdf);
  set_color (pdf, gs->stroke, rgb, "RG");

  width = round (cairo_get_line_width (cr) * scale * 1000) / 1000;
  if (gs->line_width != width)
    {
      put_nums (pdf->content, &width, 1, "w");
      gs->line_width = width;
    }
  if (gs->cap != (int) cairo_get_line_cap (cr))
    {
      gs->cap = cairo_get_line_cap (cr);
      g_string_append_printf (pdf->content, "%d J\n", gs->cap);
    }
  if (gs->join != (int) cairo_get_line_join (cr))
    {
      gs->join = cairo_get_line_join (cr);
      g_string_append_printf (pdf->content, "%d j\n", gs->join);
    }
  if (gs->miter != cairo_get_miter_limit (cr))
    {
      gs->miter = cairo_get_miter_limit (cr);
      put_nums (pdf->content, &gs->miter, 1, "M");
    }
  {
    double dash[G_N_ELEMENTS (gs->dash)], offset;

    cairo_get_dash (cr, dash, &offset);
    for (int i = 0; i < n_dash; i++)
      dash[i] *= scale;
    offset *= scale;
    if (n_dash != gs->n_dash || offset != gs->dash_offset
        || memcmp (dash, gs->dash, n_dash * sizeof (double)) != 0)
      {
        g_string_append_c (pdf->content, '[');
        for (int i = 0; i < n_dash; i++)
          {
            g_string_append_c (pdf->content, ' ');
            put_num (pdf->content, dash[i]);
          }
        g_string_append (pdf->content, " ] ");
        put_nums (pdf->content, &offset, 1, "d");
        memcpy (gs->dash, dash, n_dash * sizeof (double));
        gs->n_dash = n_dash;
        gs->dash_offset = offset;
      }
  }
  if (put_path (pdf, cr))
    g_string_append (pdf->content, "S\n");
  return TRUE;
}

gboolean
zb_pdf_clip (ZbPdf   *pdf,
             cairo_t *cr)
{
  /* A clip ends with the Q of its save: outside one it would last to the end of the page. */
  if (pdf->states->len < 2)
    return FALSE;
  if (!put_path (pdf, cr))
    {
      /* An empty clip hides everything after it. */
      g_string_append (pdf->content, "0 0 0 0 re\n");
    }
  g_string_append (pdf->content, cairo_get_fill_rule (cr) == CAIRO_FILL_RULE_EVEN_ODD ? "W* n\n" : "W n\n");
  return TRUE;
}

gboolean
zb_pdf_paint (ZbPdf   *pdf,
              cairo_t *cr,
              double   alpha)
{
  double page[4] = { 0, 0, pdf->width, pdf->height };

  if (!set_fill_source (pdf, cr, alpha))
    return FALSE;
  put_nums (pdf->content, page, 4, "re f");
  return TRUE;
}

/* Text ------------------------------------------------------------------------------------------ */

guint
zb_pdf_add_font (ZbPdf *pdf)
{
  Font *font = g_new0 (Font, 1);

  font->widths = g_hash_table_new (NULL, NULL);
  font->advances = g_array_new (FALSE, FALSE, sizeof (double));
  font->to_unicode = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_ptr_array_add (pdf->fonts, font);
  return pdf->fonts->len - 1;
}

gboolean
zb_pdf_map_text (ZbPdf      *pdf,
                 guint       font_number,
                 guint       cid,
                 const char *text,
                 gssize      length)
{
  Font *font = g_ptr_array_index (pdf->fonts, font_number);
  const char *mapped;
  gsize n = length < 0 ? strlen (text) : (gsize) length;

  if (n == 0)
    return FALSE;
  /* Kept as UTF-8 (most CIDs are met again and again), written as UTF-16 at the end. */
  mapped = g_hash_table_lookup (font->to_unicode, GUINT_TO_POINTER (cid));
  if (mapped != NULL)
    return strlen (mapped) == n && memcmp (mapped, text, n) == 0;
  g_hash_table_insert (font->to_unicode, GUINT_TO_POINTER (cid), g_strndup (text, n));
  return TRUE;
}

void
zb_pdf_set_width (ZbPdf  *pdf,
                  guint   font_number,
                  guint   cid,
                  double  advance)
{
  Font *font = g_ptr_array_index (pdf->fonts, font_number);

  if (g_hash_table_contains (font->widths, GUINT_TO_POINTER (cid)))
    return;
  advance = round (advance * 100) / 100;
  g_hash_table_insert (font->widths, GUINT_TO_POINTER (cid), GUINT_TO_POINTER (font->advances->len));
  g_array_append_val (font->advances, advance);
}

/* The advance of @cid as the PDF has it; FALSE when it has none. */
static gboolean
font_advance (Font   *font,
              guint   cid,
              double *advance)
{
  gpointer index;

  if (!g_hash_table_lookup_extended (font->widths, GUINT_TO_POINTER (cid), NULL, &index))
    return FALSE;
  *advance = g_array_index (font->advances, double, GPOINTER_TO_UINT (index));
  return TRUE;
}

/* Four hexadecimal digits: a CID, or a UTF-16 code unit. */
static void
put_hex16 (GString *s,
           guint    value)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append_c (s, hex[(value >> 12) & 15]);
  g_string_append_c (s, hex[(value >> 8) & 15]);
  g_string_append_c (s, hex[(value >> 4) & 15]);
  g_string_append_c (s, hex[value & 15]);
}

/* @text as UTF-16BE code units in hexadecimal. */
static void
put_utf16_units (GString    *s,
                 const char *text,
                 gssize      length)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;

  utf16 = g_utf8_to_utf16 (text, length, NULL, &n, NULL);
  for (glong i = 0; utf16 != NULL && i < n; i++)
    put_hex16 (s, utf16[i]);
}

/* @text as a PDF text string in hexadecimal: UTF-16BE after a byte order mark. */
static void
put_utf16 (GString    *s,
           const char *text,
           gssize      length)
{
  g_string_append (s, "<feff");
  put_utf16_units (s, text, length);
  g_string_append_c (s, '>');
}

gboolean
zb_pdf_show_glyphs (ZbPdf            *pdf,
                    cairo_t          *cr,
                    guint             font_number,
                    double            size,
                    const double     *rgb,
                    const ZbPdfGlyph *glyphs,
                    guint             n_glyphs)
{
  Font *font = g_ptr_array_index (pdf->fonts, font_number);
  GString *s = pdf->content;
  cairo_matrix_t m;
  double scale, device_size, pen = 0, baseline = 0;
  gboolean open = FALSE;
  guint span_left = 0;

  cairo_get_matrix (cr, &m);
  scale = uniform_scale (&m);
  if (scale == 0 || size <= 0)
    return FALSE;
  if (rgb != NULL && cairo_get_operator (cr) == CAIRO_OPERATOR_OVER)
    {
      set_alpha (pdf, 1);
      set_color (pdf, state (pdf)->fill, rgb, "rg");
    }
  else if (!set_fill_source (pdf, cr, 1))
    return FALSE;
  if (n_glyphs == 0)
    return TRUE;
  device_size = size * scale;

  g_string_append_printf (s, "BT\n/F%u 1 Tf\n", font_number);
  for (guint i = 0; i < n_glyphs; i++)
    {
      double x = glyphs[i].x, y = glyphs[i].y;
      double advance;

      if (!font_advance (font, glyphs[i].cid, &advance))
        return FALSE;
      cairo_matrix_transform_point (&m, &x, &y);
      if (glyphs[i].span_glyphs > 0 && span_left == 0)
        {
          /* Marked content with the text the span stands for; TJ goes on where it stopped. */
          if (open)
            g_string_append (s, ">] TJ\n");
          g_string_append (s, "/Span << /ActualText ");
          put_utf16 (s, glyphs[i].span_text, glyphs[i].span_length);
          g_string_append (s, " >> BDC\n");
          if (open)
            g_string_append (s, "[<");
          span_left = glyphs[i].span_glyphs;
        }
      if (!open || fabs (y - baseline) > 0.0005)
        {
          double tm[6] = { device_size, 0, 0, -device_size, x, y };

          if (open)
            g_string_append (s, ">] TJ\n");
          put_nums (s, tm, 6, "Tm [<");
          g_string_truncate (s, s->len - 1);  /* put_nums ends the line */
          baseline = y;
          pen = x;
          open = TRUE;
        }
      else
        {
          /* TJ moves by the font's advance; a number corrects it to where Pango put the glyph.
           * @pen is where the PDF's own position is: an error too small to correct is carried
           * on, so it cannot grow unseen. */
          double correction = (pen - x) * 1000 / device_size;

          if (fabs (correction) >= 0.05)
            {
              g_string_append (s, "> ");
              put_num (s, correction);
              g_string_append (s, " <");
              pen = x;
            }
        }
      put_hex16 (s, glyphs[i].cid);
      pen += advance * device_size / 1000;
      if (span_left > 0 && --span_left == 0)
        {
          g_string_append (s, ">] TJ\nEMC\n");
          if (i + 1 < n_glyphs)
            g_string_append (s, "[<");
          else
            open = FALSE;
        }
    }
  if (open)
    g_string_append (s, ">] TJ\n");
  if (span_left > 0)
    g_string_append (s, "EMC\n");
  g_string_append (s, "ET\n");
  return TRUE;
}

void
zb_pdf_set_font_program (ZbPdf                  *pdf,
                         guint                   font_number,
                         const ZbPdfFontProgram *program)
{
  Font *font = g_ptr_array_index (pdf->fonts, font_number);

  g_clear_pointer (&font->cff, g_bytes_unref);
  font->cff = g_bytes_new (program->cff, program->cff_length);
  g_free (font->postscript_name);
  font->postscript_name = g_strdup (program->postscript_name);
  g_free (font->registry);
  font->registry = g_strdup (program->registry);
  g_free (font->ordering);
  font->ordering = g_strdup (program->ordering);
  font->supplement = program->supplement;
  memcpy (font->bbox, program->bbox, sizeof font->bbox);
  font->ascent = program->ascent;
  font->descent = program->descent;
  font->has_program = TRUE;
}

/* Finishing ------------------------------------------------------------------------------------- */

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static GArray *
sorted_cids (GHashTable *table)
{
  GArray *cids = g_array_sized_new (FALSE, FALSE, sizeof (guint), g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint cid = GPOINTER_TO_UINT (key);

      g_array_append_val (cids, cid);
    }
  g_array_sort (cids, compare_uint);
  return cids;
}

/* A PDF name: what is not a regular character written as #xx. */
static void
put_name (GString    *s,
          const char *name)
{
  g_string_append_c (s, '/');
  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    {
      if (*p > 0x20 && *p < 0x7f && strchr ("#()<>[]{}/%", *p) == NULL)
        g_string_append_c (s, (char) *p);
      else
        g_string_append_printf (s, "#%02X", *p);
    }
}

/* A text string: ASCII as it is, anything else as UTF-16BE with a byte order mark. */
static void
put_text_string (GString    *s,
                 const char *text)
{
  gboolean ascii = TRUE;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p >= 0x7f)
      ascii = FALSE;
  if (ascii)
    {
      g_string_append_c (s, '(');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '(' || *p == ')' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, ')');
    }
  else
    put_utf16 (s, text, -1);
}

static void
put_to_unicode (ZbPdf *pdf,
                guint  number,
                Font  *font)
{
  g_autoptr (GArray) cids = sorted_cids (font->to_unicode);
  g_autoptr (GString) cmap = g_string_new ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                                           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                           "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                                           "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n");

  /* bfchar blocks hold at most 100 entries. */
  for (guint i = 0; i < cids->len; i += 100)
    {
      guint n = MIN (100, cids->len - i);

      g_string_append_printf (cmap, "%u beginbfchar\n", n);
      for (guint k = i; k < i + n; k++)
        {
          guint cid = g_array_index (cids, guint, k);

          g_string_append_c (cmap, '<');
          put_hex16 (cmap, cid);
          g_string_append (cmap, "> <");
          put_utf16_units (cmap, g_hash_table_lookup (font->to_unicode, GUINT_TO_POINTER (cid)), -1);
          g_string_append (cmap, ">\n");
        }
      g_string_append (cmap, "endbfchar\n");
    }
  g_string_append (cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  put_stream (pdf, number, "", (const guint8 *) cmap->str, cmap->len);
}

/* The subset's tag: six capitals that differ with the glyphs kept, as PDF wants of a subset. */
static char *
subset_name (Font       *font,
             GArray     *cids)
{
  guint32 hash = 2166136261u;
  char tag[7];

  for (guint i = 0; i < cids->len; i++)
    hash = (hash ^ g_array_index (cids, guint, i)) * 16777619u;
  for (int i = 0; i < 6; i++, hash /= 26)
    tag[i] = (char) ('A' + hash % 26);
  tag[6] = '\0';
  return g_strconcat (tag, "+", font->postscript_name, NULL);
}

/* Writes @font's objects and returns the number of its Type 0 dictionary. */
static guint
put_font (ZbPdf *pdf,
          Font  *font)
{
  g_autoptr (GArray) cids = sorted_cids (font->widths);
  g_autofree char *name = subset_name (font, cids);
  guint program = new_object (pdf), descriptor = new_object (pdf), cid_font = new_object (pdf);
  guint to_unicode = new_object (pdf), type0 = new_object (pdf);
  gsize length;
  const guint8 *cff = g_bytes_get_data (font->cff, &length);
  GString *s = pdf->out;

  put_stream (pdf, program, " /Subtype /CIDFontType0C", cff, length);

  begin_object (pdf, descriptor);
  g_string_append (s, "<< /Type /FontDescriptor /FontName ");
  put_name (s, name);
  g_string_append (s, " /Flags 4 /FontBBox [ ");
  put_nums (s, font->bbox, 4, "] /ItalicAngle 0 /Ascent");
  g_string_truncate (s, s->len - 1);
  g_string_append_c (s, ' ');
  put_num (s, font->ascent);
  g_string_append (s, " /Descent ");
  put_num (s, font->descent);
  g_string_append (s, " /CapHeight ");
  put_num (s, font->ascent);
  g_string_append_printf (s, " /StemV 80 /FontFile3 %u 0 R >>\nendobj\n", program);

  begin_object (pdf, cid_font);
  g_string_append (s, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont ");
  put_name (s, name);
  g_string_append (s, " /CIDSystemInfo << /Registry ");
  put_text_string (s, font->registry);
  g_string_append (s, " /Ordering ");
  put_text_string (s, font->ordering);
  g_string_append_printf (s, " /Supplement %d >> /FontDescriptor %u 0 R /W [", font->supplement, descriptor);
  for (guint i = 0; i < cids->len;)
    {
      guint first = g_array_index (cids, guint, i), next = i;

      /* Runs of consecutive CIDs share one entry: first [w w w]. */
      g_string_append_printf (s, "\n%u [", first);
      while (next < cids->len && g_array_index (cids, guint, next) == first + (next - i))
        {
          gpointer index = g_hash_table_lookup (font->widths, GUINT_TO_POINTER (g_array_index (cids, guint, next)));

          g_string_append_c (s, ' ');
          put_num (s, g_array_index (font->advances, double, GPOINTER_TO_UINT (index)));
          next++;
        }
      g_string_append (s, " ]");
      i = next;
    }
  g_string_append (s, " ] >>\nendobj\n");

  put_to_unicode (pdf, to_unicode, font);

  begin_object (pdf, type0);
  g_string_append (s, "<< /Type /Font /Subtype /Type0 /BaseFont ");
  put_name (s, name);
  g_string_append_printf (s, " /Encoding /Identity-H /DescendantFonts [ %u 0 R ] /ToUnicode %u 0 R >>\nendobj\n",
                          cid_font, to_unicode);
  return type0;
}

GBytes *
zb_pdf_finish (ZbPdf           *pdf,
               const ZbPdfInfo *info)
{
  g_autoptr (GArray) type0 = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *s = pdf->out;
  gsize xref;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "D:%Y%m%d%H%M%SZ");
  const struct { const char *key; const char *value; } entries[] = {
    { "Title", info != NULL ? info->title : NULL },
    { "Subject", info != NULL ? info->subject : NULL },
    { "Keywords", info != NULL ? info->keywords : NULL },
    { "Creator", info != NULL ? info->creator : NULL },
    { "Producer", "Zhibiao " PACKAGE_VERSION },
    { "CreationDate", date },
  };

  put_compressed_pages (pdf);
  for (guint i = 0; i < pdf->fonts->len; i++)
    {
      Font *font = g_ptr_array_index (pdf->fonts, i);
      guint number = 0;

      if (!font->has_program)
        return NULL;
      if (g_hash_table_size (font->widths) > 0)
        number = put_font (pdf, font);
      g_array_append_val (type0, number);
    }

  begin_object (pdf, pdf->resources);
  g_string_append (s, "<< /Font <<");
  for (guint i = 0; i < type0->len; i++)
    if (g_array_index (type0, guint, i) != 0)
      g_string_append_printf (s, " /F%u %u 0 R", i, g_array_index (type0, guint, i));
  g_string_append (s, " >> /ExtGState <<");
  for (guint i = 0; i < pdf->alphas->len; i++)
    {
      double alpha = g_array_index (pdf->alphas, double, i);

      g_string_append_printf (s, " /a%u << /CA ", i);
      put_num (s, alpha);
      g_string_append (s, " /ca ");
      put_num (s, alpha);
      g_string_append (s, " >>");
    }
  g_string_append (s, " >> >>\nendobj\n");

  begin_object (pdf, pdf->page_tree);
  g_string_append (s, "<< /Type /Pages /Kids [");
  for (guint i = 0; i < pdf->pages->len; i++)
    g_string_append_printf (s, " %u 0 R", g_array_index (pdf->pages, guint, i));
  g_string_append_printf (s, " ] /Count %u >>\nendobj\n", pdf->pages->len);

  begin_object (pdf, pdf->info);
  g_string_append (s, "<<");
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (entries[i].value != NULL && g_utf8_validate (entries[i].value, -1, NULL))
      {
        g_string_append_printf (s, " /%s ", entries[i].key);
        put_text_string (s, entries[i].value);
      }
  g_string_append (s, " >>\nendobj\n");

  begin_object (pdf, pdf->catalog);
  g_string_append_printf (s, "<< /Type /Catalog /Pages %u 0 R >>\nendobj\n", pdf->page_tree);

  xref = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f \n", pdf->offsets->len);
  for (guint i = 1; i < pdf->offsets->len; i++)
    g_string_append_printf (s, "%010lu 00000 n \n", (unsigned long) g_array_index (pdf->offsets, gsize, i));
  g_string_append_printf (s, "trailer\n<< /Size %u /Root %u 0 R /Info %u 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          pdf->offsets->len, pdf->catalog, pdf->info, (unsigned long) xref);
  return g_bytes_new (s->str, s->len);
}
