#define G_LOG_DOMAIN "zb-export"

#include "config.h"

#include "zb-export.h"
#include "zb-file.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <zlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zb-csv.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-table.h"
#include "zb-text-render.h"
#include "zb-theme.h"

#define SOFTWARE "Zhibiao " PACKAGE_VERSION

static const char *const format_names[] = { "png", "pdf", "svg", "csv", NULL };

gboolean
zb_export_format_from_string (const char     *str,
                              ZbExportFormat *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; format_names[i] != NULL; i++)
    if (g_ascii_strcasecmp (format_names[i], str) == 0)
      {
        if (out != NULL)
          *out = (ZbExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
zb_export_format_to_string (ZbExportFormat format)
{
  if ((guint) format >= G_N_ELEMENTS (format_names) - 1)
    return NULL;
  return format_names[format];
}

gboolean
zb_export_check_size (double   width,
                      double   height,
                      double   scale,
                      GError **error)
{
  if (!(scale > 0 && scale <= 16))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE,
                   _("The scale %g is out of range: use a scale above 0 and at most 16"), scale);
      return FALSE;
    }
  if (!(width >= ZB_EXPORT_MIN_SIZE && height >= ZB_EXPORT_MIN_SIZE))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE,
                   _("A chart of %g × %g is too small: each side must be at least %d"),
                   width, height, ZB_EXPORT_MIN_SIZE);
      return FALSE;
    }
  if (!(width * scale <= ZB_EXPORT_MAX_PIXELS && height * scale <= ZB_EXPORT_MAX_PIXELS))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE,
                   _("A chart of %g × %g at scale %g is too large: each side may have at most %d pixels"),
                   width, height, scale, ZB_EXPORT_MAX_PIXELS);
      return FALSE;
    }
  return TRUE;
}

/* "1600x900" (decimals allowed). Split at the x before reading numbers: strtod alone would
 * read "0x0" as hexadecimal. */
static gboolean
parse_dimensions (const char *str,
                  double     *width,
                  double     *height)
{
  const char *x = strpbrk (str, "xX");
  g_autofree char *first = x != NULL ? g_strndup (str, x - str) : NULL;
  char *end = NULL;

  if (first == NULL || !g_ascii_isdigit (first[0]) || !g_ascii_isdigit (x[1]))
    return FALSE;
  *width = g_ascii_strtod (first, &end);
  if (*end != '\0')
    return FALSE;
  *height = g_ascii_strtod (x + 1, &end);
  return *end == '\0';
}

gboolean
zb_export_parse_size (const char *str,
                      double     *width,
                      double     *height,
                      GError    **error)
{
  static const struct
  {
    const char *name;
    double      width, height;
  } named[] = {
    { "slide", ZB_EXPORT_SLIDE_WIDTH, ZB_EXPORT_SLIDE_HEIGHT },
    { "a4", ZB_EXPORT_A4_WIDTH, ZB_EXPORT_A4_HEIGHT },
    { "a4-landscape", ZB_EXPORT_A4_HEIGHT, ZB_EXPORT_A4_WIDTH },
  };
  double w = 0, h = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (named) && !found; i++)
    if (g_ascii_strcasecmp (str, named[i].name) == 0)
      {
        w = named[i].width;
        h = named[i].height;
        found = TRUE;
      }
  if (!found && !parse_dimensions (str, &w, &h))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE,
                   _("Unknown size “%s”: use slide, a4, a4-landscape or WIDTHxHEIGHT such as 1600x900"), str);
      return FALSE;
    }
  if (!zb_export_check_size (w, h, 1, error))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/* Writing ------------------------------------------------------------------------------------- */

gboolean
zb_export_write_file (const char *path,
                      GBytes     *bytes,
                      GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  /* Not durable: an fsync costs a tenth of a second an export, and an export can be redone;
   * what matters is that a failed one never destroys anything, which zb_file_replace ensures. */
  data = g_bytes_get_data (bytes, &len);
  if (!zb_file_replace (path, data != NULL ? data : "", len, FALSE, &local_error))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO, _("Cannot write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Image surfaces ------------------------------------------------------------------------------ */

typedef struct
{
  void  *base;
  gsize  size;
} Mapping;

static const cairo_user_data_key_t mapping_key;

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  munmap (mapping->base, mapping->size);
  g_free (mapping);
}

cairo_surface_t *
zb_export_image_surface_new (cairo_format_t format,
                             int            width,
                             int            height)
{
  const gsize huge = 2 * 1024 * 1024;
  int stride = cairo_format_stride_for_width (format, width);
  gsize size;
  Mapping *mapping;
  guint8 *pixels;
  cairo_surface_t *surface;

  if (stride <= 0 || height <= 0 || (gsize) stride * height < huge)
    return cairo_image_surface_create (format, width, height);
  size = (gsize) stride * height;
  mapping = g_new (Mapping, 1);
  mapping->size = size + huge;
  mapping->base = mmap (NULL, mapping->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping->base == MAP_FAILED)
    {
      g_free (mapping);
      return cairo_image_surface_create (format, width, height);
    }
  /* Aligned to a huge page, which the kernel then backs the pixels with where it can. */
  pixels = (guint8 *) (((guintptr) mapping->base + huge - 1) & ~(guintptr) (huge - 1));
#ifdef MADV_HUGEPAGE
  madvise (pixels, (size + huge - 1) & ~(huge - 1), MADV_HUGEPAGE);
#endif
  surface = cairo_image_surface_create_for_data (pixels, format, width, height, stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS
      || cairo_surface_set_user_data (surface, &mapping_key, mapping, mapping_free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      mapping_free (mapping);
      return cairo_image_surface_create (format, width, height);
    }
  return surface;
}

/* Provenance ---------------------------------------------------------------------------------- */

typedef struct
{
  const char *report;    /* the report's title, or the table's */
  const char *chart;     /* chart or briefing id */
  const char *title;     /* the chart's title */
  char       *checksum;
} Provenance;

static void
provenance_init (Provenance *p,
                 ZbDataset  *dataset,
                 const char *chart,
                 const char *title,
                 ZbLang      lang)
{
  const char *sha = zb_dataset_get_sha256 (dataset);

  p->report = zb_table_get_title (dataset);
  if (p->report == NULL)
    p->report = zb_text_get (zb_dataset_get_title (dataset), lang);
  p->chart = chart != NULL ? chart : "";
  p->title = title != NULL ? title : "";
  if (sha == NULL)
    sha = zb_table_get_sha256 (dataset);
  /* A dataset built in memory and never saved has no file to take the checksum of. */
  p->checksum = g_strdup (sha != NULL ? sha : "unsaved");
}

static void
provenance_clear (Provenance *p)
{
  g_clear_pointer (&p->checksum, g_free);
}

static char *
provenance_keywords (const Provenance *p,
                     const char       *what)
{
  return g_strdup_printf ("%s=%s; dataset-sha256=%s", what, p->chart, p->checksum);
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

static void
append_be32 (GByteArray *out,
             guint32     v)
{
  guint8 b[4];

  put_be32 (b, v);
  g_byte_array_append (out, b, 4);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         len)
{
  uLong crc;

  append_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  /* zlib's CRC-32 is PNG's, and several times quicker than a byte-at-a-time table. */
  crc = crc32 (0, (const Bytef *) type, 4);
  /* Not for an empty chunk: given no data, zlib returns its initial value instead. */
  if (len > 0)
    crc = crc32_z (crc, data, len);
  append_be32 (out, (guint32) crc);
}

/* A PNG text chunk: tEXt for Latin-1 (here: ASCII) text, iTXt (UTF-8) for anything else. */
static void
append_text_chunk (GByteArray *out,
                   const char *keyword,
                   const char *text)
{
  g_autoptr (GByteArray) chunk = g_byte_array_new ();
  gboolean ascii = g_str_is_ascii (text);
  static const guint8 zero = 0;

  g_byte_array_append (chunk, (const guint8 *) keyword, strlen (keyword));
  g_byte_array_append (chunk, &zero, 1);
  if (!ascii)
    {
      /* not compressed, compression method 0, no language tag, no translated keyword */
      static const guint8 itxt_header[] = { 0, 0, 0, 0 };
      g_byte_array_append (chunk, itxt_header, sizeof itxt_header);
    }
  g_byte_array_append (chunk, (const guint8 *) text, strlen (text));
  append_chunk (out, ascii ? "tEXt" : "iTXt", chunk->data, chunk->len);
}

/* A deflate stream (RFC 1951) made for charts, one block with the fixed Huffman codes.
 *
 * A chart is large flat areas: nearly every byte repeats the pixel to its left or the pixel
 * above. Looking only at those two places (distance 3 and one row) finds long matches at
 * memcmp speed, where zlib's general search spends most of an export's time. Text and
 * anti-aliased edges go out as literals. */

typedef struct
{
  GByteArray *out;
  guint64     bits;
  int         n_bits;
} BitWriter;

/* Whole bytes leave the bit buffer four at a time, written straight into the array's spare
 * room: appending a byte at a time was a third of the encoder's time. */
static inline void
put_bits (BitWriter *w,
          guint32    value,
          int        n)
{
  w->bits |= (guint64) value << w->n_bits;
  w->n_bits += n;
  if (w->n_bits >= 32)
    {
      guint len = w->out->len;
      guint8 *p;

      g_byte_array_set_size (w->out, len + 4);
      p = w->out->data + len;
      p[0] = w->bits & 0xff;
      p[1] = (w->bits >> 8) & 0xff;
      p[2] = (w->bits >> 16) & 0xff;
      p[3] = (w->bits >> 24) & 0xff;
      w->bits >>= 32;
      w->n_bits -= 32;
    }
}

/* Writes out the bits left, padded with zeros to a whole byte. */
static void
flush_bits (BitWriter *w)
{
  while (w->n_bits > 0)
    {
      guint8 byte = w->bits & 0xff;

      g_byte_array_append (w->out, &byte, 1);
      w->bits >>= 8;
      w->n_bits = MAX (0, w->n_bits - 8);
    }
  w->bits = 0;
}

/* Huffman codes go out most significant bit first. */
static inline guint32
reverse_bits (guint32 code,
              int     n)
{
  guint32 r = 0;

  for (int i = 0; i < n; i++)
    r |= ((code >> i) & 1) << (n - 1 - i);
  return r;
}

/* The fixed literal/length codes, bit-reversed for the LSB-first stream, made once. */
static guint16 literal_codes[288];
static guint8 literal_lengths[288];

static void
literal_codes_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint symbol = 0; symbol < 288; symbol++)
        {
          guint32 code;
          int n;

          /* RFC 1951, 3.2.6 */
          if (symbol < 144)
            {
              code = 0x30 + symbol;
              n = 8;
            }
          else if (symbol < 256)
            {
              code = 0x190 + symbol - 144;
              n = 9;
            }
          else if (symbol < 280)
            {
              code = symbol - 256;
              n = 7;
            }
          else
            {
              code = 0xc0 + symbol - 280;
              n = 8;
            }
          literal_codes[symbol] = (guint16) reverse_bits (code, n);
          literal_lengths[symbol] = (guint8) n;
        }
      g_once_init_leave (&done, 1);
    }
}

static inline void
put_literal (BitWriter *w,
             guint      symbol)
{
  put_bits (w, literal_codes[symbol], literal_lengths[symbol]);
}

static const guint16 length_base[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
                                       59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const guint8 length_extra[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
                                       4, 5, 5, 5, 5, 0 };
static const guint16 dist_base[] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                     513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const guint8 dist_extra[] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
                                     10, 11, 11, 12, 12, 13, 13 };

static void
put_match (BitWriter *w,
           guint      length,
           guint      distance)
{
  guint l = G_N_ELEMENTS (length_base) - 1, d = G_N_ELEMENTS (dist_base) - 1;

  while (length_base[l] > length)
    l--;
  put_literal (w, 257 + l);
  if (length_extra[l] > 0)
    put_bits (w, length - length_base[l], length_extra[l]);
  while (dist_base[d] > distance)
    d--;
  put_bits (w, reverse_bits (d, 5), 5);
  if (dist_extra[d] > 0)
    put_bits (w, distance - dist_base[d], dist_extra[d]);
}

/* Rows [first, end) of an image as PNG scanlines (a filter byte, then RGB). */
typedef struct
{
  const guint8 *pixels;
  int           width, stride;
  int           first, end;
  gboolean      last;       /* the stream's final part */
  GByteArray   *out;
  guint32       adler;      /* of this part's scanlines alone */
} DeflatePart;

/* cairo's RGB24 is a native-endian 0xXXRRGGBB word a pixel, its top byte undefined. */
#define RGB(px) ((px) & 0xffffff)

/* How many pixels from @a on equal those from @b, at most @max; two pixels a step. */
static inline int
same_pixels (const guint32 *a,
             const guint32 *b,
             int            max)
{
  const guint64 mask = G_GUINT64_CONSTANT (0x00ffffff00ffffff);
  int n = 0;

  while (n + 2 <= max)
    {
      guint64 x, y;

      memcpy (&x, a + n, 8);
      memcpy (&y, b + n, 8);
      if ((x ^ y) & mask)
        break;
      n += 2;
    }
  while (n < max && RGB (a[n]) == RGB (b[n]))
    n++;
  return n;
}

/* How many pixels from @a on repeat the one before it, at most @max. */
static inline int
repeated_pixels (const guint32 *a,
                 int            max)
{
  guint32 px = RGB (a[-1]);
  int n = 0;

  while (n < max && RGB (a[n]) == px)
    n++;
  return n;
}

/* The sums adler32 needs of a scanline (its filter byte, 0, then the bytes of its pixels, L in
 * all): their sum, and their sum weighted by distance from the row's end (L - i for byte i).
 * Appending the row to a stream then turns adler32's (a, b) into (a + sum, b + L·a + weighted).
 * The pixel x's bytes r, g, b weigh 3(width - x), one less, two less. Over a block of 64
 * pixels the sums stay in 32 bits, in a loop the compiler vectorises. */
typedef struct
{
  guint64 sum;
  guint64 weighted;
} RowSums;

static void
scanline_sums (const guint32 *row,
               int            width,
               RowSums       *sums)
{
  int x = 0;

  sums->sum = sums->weighted = 0;
  for (; x + 64 <= width; x += 64)
    {
      guint32 s = 0, sj = 0, sg = 0, sb = 0;

      for (guint32 j = 0; j < 64; j++)
        {
          guint32 px = row[x + j];
          guint32 g = (px >> 8) & 0xff, bl = px & 0xff, t = ((px >> 16) & 0xff) + g + bl;

          s += t;
          sj += j * t;
          sg += g;
          sb += bl;
        }
      sums->sum += s;
      sums->weighted += 3 * (guint64) (width - x) * s - 3 * (guint64) sj - sg - 2 * (guint64) sb;
    }
  for (; x < width; x++)
    {
      guint32 px = row[x];
      guint64 k = 3 * (guint64) (width - x);

      sums->sum += ((px >> 16) & 0xff) + ((px >> 8) & 0xff) + (px & 0xff);
      sums->weighted += k * ((px >> 16) & 0xff) + (k - 1) * ((px >> 8) & 0xff) + (k - 2) * (px & 0xff);
    }
}

static guint32
adler32_add_row (guint32        adler,
                 const RowSums *sums,
                 gsize          row_len)
{
  guint64 a = adler & 0xffff, b = adler >> 16;

  b = (b + (row_len % 65521) * a + sums->weighted % 65521) % 65521;
  a = (a + sums->sum) % 65521;
  return (guint32) (b << 16 | a);
}

static inline void
put_pixel_literals (BitWriter *w,
                    guint32    px)
{
  put_literal (w, (px >> 16) & 0xff);
  put_literal (w, (px >> 8) & 0xff);
  put_literal (w, px & 0xff);
}

/* A run of @n pixels copied from @distance bytes back, in matches of at most 258 bytes (86
 * pixels); every piece is a whole number of pixels, so none is shorter than 3 bytes. */
static inline void
put_pixel_run (BitWriter *w,
               int        n,
               guint      distance)
{
  for (; n > 86; n -= 86)
    put_match (w, 258, distance);
  put_match (w, 3 * n, distance);
}

/* One or more fixed-Huffman blocks for a part's rows. Matching works on whole pixels: a run of
 * pixels equal to the row above, or repeating the pixel to the left, is one or a few matches;
 * other pixels go out as literals. A part that is not the last ends with an empty stored block,
 * which aligns it to a byte, so that the parts of the stream can be made apart and joined;
 * matches may still reach back into the part before, whose bytes the decoder has by then. */
static gpointer
deflate_part (gpointer data)
{
  DeflatePart *part = data;
  guint row_len = 1 + (guint) part->width * 3;
  /* Deflate reaches back 32 KiB at most: rows wider than that (over 10,922 pixels) are matched
   * only with the pixel to the left. */
  gboolean above = row_len <= 32768;
  BitWriter w = { part->out, 0, 0 };
  RowSums sums = { 0, 0 };

  part->adler = 1;
  put_bits (&w, part->last ? 1 : 0, 1);
  put_bits (&w, 1, 2); /* fixed Huffman codes */
  for (int y = part->first; y < part->end; y++)
    {
      const guint32 *row = (const guint32 *) (part->pixels + (gsize) y * part->stride);
      const guint32 *prev = (const guint32 *) ((const guint8 *) row - part->stride);
      /* The row's first run equal to the row above. Most of a chart's rows repeat the one
       * above whole: one match, and the same sums. */
      int first_up = y > 0 ? same_pixels (row, prev, part->width) : 0;
      int x = 0;

      if (first_up < part->width || y == part->first)
        scanline_sums (row, part->width, &sums);
      part->adler = adler32_add_row (part->adler, &sums, row_len);
      put_literal (&w, 0);  /* filter: none; the matcher sees the row above itself */
      while (x < part->width)
        {
          int max = part->width - x;
          int up = y > 0 && above ? (x == 0 ? first_up : same_pixels (row + x, prev + x, max)) : 0;
          int left = x > 0 && up < max ? repeated_pixels (row + x, max) : 0;

          if (up >= left && up > 0)
            put_pixel_run (&w, up, row_len);
          else if (left > 0)
            put_pixel_run (&w, left, 3);
          else
            put_pixel_literals (&w, row[x]);
          x += MAX (1, MAX (up, left));
        }
    }
  put_literal (&w, 256);
  if (!part->last)
    {
      static const guint8 empty_stored[] = { 0x00, 0x00, 0xff, 0xff };

      put_bits (&w, 0, 3); /* not final, stored */
      flush_bits (&w);
      g_byte_array_append (part->out, empty_stored, sizeof empty_stored);
    }
  flush_bits (&w);
  return NULL;
}

/* Bands of rows a large image is deflated in, by two threads taking the next band as they
 * finish one: a chart's rows cost very different amounts (the blank margins a memcmp, the rows
 * of text a literal a byte), so halves would leave one thread waiting for the other. */
#define DEFLATE_BANDS 12

typedef struct
{
  DeflatePart *parts;
  guint        n_parts;
  gint         next;     /* the first band nobody has taken */
} DeflateBands;

static gpointer
deflate_bands (gpointer data)
{
  DeflateBands *bands = data;
  guint i;

  while ((i = (guint) g_atomic_int_add (&bands->next, 1)) < bands->n_parts)
    deflate_part (&bands->parts[i]);
  return NULL;
}

/* The zlib stream of an RGB24 image's PNG scanlines, made from the surface a row at a time: only
 * the row above is kept, which is all the matcher looks at. A large image is made in bands on
 * two threads. */
static void
deflate_image (GByteArray   *out,
               const guint8 *pixels,
               int           width,
               int           height,
               int           stride)
{
  gboolean split = (gsize) width * height >= 256 * 1024 && height >= 2 * DEFLATE_BANDS;
  guint n_parts = split ? DEFLATE_BANDS : 1;
  g_autofree DeflatePart *parts = g_new0 (DeflatePart, n_parts);
  DeflateBands bands = { parts, n_parts, 0 };
  gsize row_len = 1 + (gsize) width * 3;
  uLong adler;
  GThread *thread = NULL;
  guint8 trailer[4];

  literal_codes_init ();
  g_byte_array_append (out, (const guint8 *) "\x78\x01", 2);
  for (guint i = 0; i < n_parts; i++)
    parts[i] = (DeflatePart) { pixels, width, stride, (int) ((gint64) height * i / n_parts),
                               (int) ((gint64) height * (i + 1) / n_parts), i + 1 == n_parts,
                               i == 0 ? out : g_byte_array_new (), 1 };
  if (split)
    thread = g_thread_try_new ("zb-deflate", deflate_bands, &bands, NULL);
  deflate_bands (&bands);
  if (thread != NULL)
    g_thread_join (thread);

  adler = parts[0].adler;
  for (guint i = 1; i < n_parts; i++)
    {
      g_byte_array_append (out, parts[i].out->data, parts[i].out->len);
      g_byte_array_unref (parts[i].out);
      adler = adler32_combine64 (adler, parts[i].adler, (z_off64_t) ((gsize) (parts[i].end - parts[i].first) * row_len));
    }
  put_be32 (trailer, (guint32) adler);
  g_byte_array_append (out, trailer, 4);
}

/* The PNG of an RGB24 image surface, with the provenance as text chunks after IHDR: cairo's
 * own PNG writer cannot add text chunks, and takes most of an export's time compressing. */
static GBytes *
encode_png (cairo_surface_t  *surface,
            const Provenance *p)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  g_autoptr (GByteArray) idat = g_byte_array_sized_new (64 * 1024);
  GByteArray *out;
  guint8 ihdr[13];

  deflate_image (idat, cairo_image_surface_get_data (surface), width, height,
                 cairo_image_surface_get_stride (surface));

  out = g_byte_array_sized_new (idat->len + 1024);
  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  put_be32 (ihdr, (guint32) width);
  put_be32 (ihdr + 4, (guint32) height);
  ihdr[8] = 8;   /* bits a sample */
  ihdr[9] = 2;   /* RGB */
  ihdr[10] = 0;  /* deflate */
  ihdr[11] = 0;  /* adaptive filtering, a filter byte a row */
  ihdr[12] = 0;  /* not interlaced */
  append_chunk (out, "IHDR", ihdr, sizeof ihdr);
  if (*p->title != '\0')
    append_text_chunk (out, "Title", p->title);
  append_text_chunk (out, "Source", p->report);
  append_text_chunk (out, "Software", SOFTWARE);
  append_text_chunk (out, "Zhibiao-Chart", p->chart);
  append_text_chunk (out, "Zhibiao-Dataset-SHA256", p->checksum);
  /* IDAT chunks of at most 1 MiB, as most writers do. */
  for (guint off = 0; off < idat->len || off == 0; off += 1 << 20)
    {
      append_chunk (out, "IDAT", idat->data + off, MIN (idat->len - off, 1u << 20));
      if (idat->len == 0)
        break;
    }
  append_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
zb_export_encode_png (cairo_surface_t *surface,
                      ZbDataset       *dataset,
                      const char      *id,
                      const char      *title,
                      ZbLang           lang)
{
  Provenance p;
  GBytes *bytes;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);

  provenance_init (&p, dataset, id, title, lang);
  cairo_surface_flush (surface);
  bytes = encode_png (surface, &p);
  provenance_clear (&p);
  return bytes;
}

/* @info for a PDF of @what: its title, the report as subject, keywords (returned, to free) with
 * the id and the checksum, and the software as creator. */
static char *
pdf_info_init (ZbPdfInfo        *info,
               const Provenance *p,
               const char       *what)
{
  char *keywords = provenance_keywords (p, what);

  info->title = p->title;
  info->subject = p->report;
  info->keywords = keywords;
  info->creator = SOFTWARE;
  return keywords;
}

char *
zb_export_pdf_info (ZbPdfInfo  *info,
                    ZbDataset  *dataset,
                    const char *what,
                    const char *id,
                    const char *title,
                    ZbLang      lang)
{
  Provenance p;
  char *keywords;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);

  provenance_init (&p, dataset, id, title, lang);
  keywords = pdf_info_init (info, &p, what);
  provenance_clear (&p);
  return keywords;
}

/* cairo's SVG has no title or description; they go in right after the <svg> start tag. */
static GBytes *
svg_add_provenance (GByteArray       *svg,
                    const Provenance *p)
{
  g_autofree char *text = g_strndup ((const char *) svg->data, svg->len);
  const char *start = strstr (text, "<svg");
  const char *end = start != NULL ? strchr (start, '>') : NULL;
  g_autofree char *title = g_markup_escape_text (p->title, -1);
  g_autofree char *report = g_markup_escape_text (p->report, -1);
  g_autofree char *chart = g_markup_escape_text (p->chart, -1);
  GString *out;

  if (end == NULL)
    return g_bytes_new (svg->data, svg->len);
  out = g_string_new_len (text, end + 1 - text);
  g_string_append_printf (out,
                          "\n<title>%s</title>\n<desc>%s — chart %s, dataset SHA-256 %s</desc>\n"
                          "<metadata><zb:provenance xmlns:zb=\"urn:zhibiao:provenance\" report=\"%s\" "
                          "chart=\"%s\" dataset-sha256=\"%s\" software=\"%s\"/></metadata>",
                          title, report, chart, p->checksum, report, chart, p->checksum, SOFTWARE);
  g_string_append (out, end + 1);
  return g_string_free_to_bytes (out);
}

/* Charts -------------------------------------------------------------------------------------- */

static gboolean
check_status (cairo_status_t status,
              GError       **error)
{
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO, _("Cannot draw the chart: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t *surface,
               GError         **error)
{
  return check_status (cairo_surface_status (surface), error);
}

/* An image's pixels with a chart's background on them. */
typedef struct
{
  ZbTheme          theme;
  double           width, height, scale;
  cairo_surface_t *surface;  /* made here */
} Background;

static gpointer
paint_background (gpointer data)
{
  Background *background = data;
  cairo_t *cr;

  background->surface = zb_export_image_surface_new (CAIRO_FORMAT_RGB24,
                                                     (int) ceil (background->width * background->scale),
                                                     (int) ceil (background->height * background->scale));
  cr = cairo_create (background->surface);
  cairo_scale (cr, background->scale, background->scale);
  zb_chart_paint_background (background->theme, cr, background->width, background->height);
  cairo_destroy (cr);
  return NULL;
}

static void
render_chart_page (cairo_t  *cr,
                   guint     page,
                   gpointer  layout)
{
  zb_chart_layout_render (layout, cr);
}

GBytes *
zb_export_chart_to_bytes (ZbDataset             *dataset,
                          const ZbChartSpec     *spec,
                          ZbExportFormat         format,
                          const ZbRenderOptions *options,
                          double                 scale,
                          GError               **error)
{
  g_autoptr (ZbChartLayout) layout = NULL;
  g_autoptr (GByteArray) buffer = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  Provenance p;
  GBytes *result = NULL;
  ZbRenderOptions opts;
  Background background = { 0 };
  GThread *background_thread = NULL;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((guint) format > ZB_EXPORT_FORMAT_CSV)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_FORMAT,
                   _("Unknown export format: use png, pdf, svg or csv"));
      return NULL;
    }
  if (format == ZB_EXPORT_FORMAT_CSV)
    return zb_csv_chart_to_bytes (dataset, spec, options->lang, error);
  if (format != ZB_EXPORT_FORMAT_PNG)
    scale = 1;
  if (!zb_export_check_size (options->width, options->height, scale, error))
    return NULL;

  /* Files are never transparent: a chart must read the same in any viewer. An image's
   * background is painted by a thread of its own while the chart is laid out here: the pixels'
   * first touch (the kernel clearing megabytes of pages) is most of a PNG's drawing. The chart
   * then draws over it without painting it again. */
  opts = *options;
  opts.transparent = FALSE;
  if (format == ZB_EXPORT_FORMAT_PNG)
    {
      background = (Background) { opts.theme, opts.width, opts.height, scale, NULL };
      background_thread = g_thread_try_new ("zb-background", paint_background, &background, NULL);
      opts.transparent = TRUE;
    }
  layout = zb_chart_layout_new (dataset, spec, &opts, error);
  if (background_thread != NULL)
    g_thread_join (background_thread);
  else if (format == ZB_EXPORT_FORMAT_PNG)
    paint_background (&background);
  if (layout == NULL)
    {
      g_clear_pointer (&background.surface, cairo_surface_destroy);
      return NULL;
    }

  provenance_init (&p, dataset, spec->id, zb_text_get (&spec->title, options->lang), options->lang);
  buffer = g_byte_array_new ();
  switch (format)
    {
    case ZB_EXPORT_FORMAT_PNG:
      surface = g_steal_pointer (&background.surface);
      break;
    case ZB_EXPORT_FORMAT_PDF:
      break;
    case ZB_EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (zb_cairo_append_bytes, buffer, opts.width, opts.height);
      break;
    case ZB_EXPORT_FORMAT_CSV:
    default:
      g_assert_not_reached ();
    }

  if (format == ZB_EXPORT_FORMAT_PDF)
    {
      ZbPdfInfo info;
      g_autofree char *keywords = pdf_info_init (&info, &p, "chart");
      cairo_status_t status;

      /* zb-pdf writes it, with small subsets of the fonts (zb-text-render.h). */
      result = zb_text_render_pdf_bytes (opts.width, opts.height, &info, 1, render_chart_page, layout, &status);
      check_status (status, error);
    }
  else
    {
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
      zb_chart_layout_render (layout, cr);
      cairo_destroy (cr);
    }
  if (format == ZB_EXPORT_FORMAT_PNG)
    {
      cairo_surface_flush (surface);
      if (check_surface (surface, error))
        result = encode_png (surface, &p);
    }
  else if (format == ZB_EXPORT_FORMAT_SVG)
    {
      cairo_surface_finish (surface);
      if (check_surface (surface, error))
        result = svg_add_provenance (buffer, &p);
    }
  if (surface != NULL)
    cairo_surface_destroy (surface);
  provenance_clear (&p);
  return result;
}

gboolean
zb_export_chart (ZbDataset             *dataset,
                 const ZbChartSpec     *spec,
                 ZbExportFormat         format,
                 const ZbRenderOptions *options,
                 double                 scale,
                 const char            *path,
                 GError               **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = zb_export_chart_to_bytes (dataset, spec, format, options, scale, error);
  if (bytes == NULL)
    return FALSE;
  return zb_export_write_file (path, bytes, error);
}

static ZbChartSpec *
lookup_chart (ZbDataset  *dataset,
              const char *chart_id,
              GError    **error)
{
  ZbChartSpec *spec = chart_id != NULL ? zb_dataset_lookup_chart (dataset, chart_id) : NULL;

  if (spec == NULL)
    {
      GString *ids = g_string_new (NULL);
      guint n = zb_dataset_get_n_charts (dataset);

      for (guint i = 0; i < n && i < 20; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", zb_dataset_get_chart (dataset, i)->id);
      if (n > 20)
        g_string_append (ids, ", …");
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_UNKNOWN_CHART,
                   _("No chart “%s” in the dataset; its charts are: %s"), chart_id != NULL ? chart_id : "",
                   n > 0 ? ids->str : _("(none)"));
      g_string_free (ids, TRUE);
    }
  return spec;
}

gboolean
zb_export_chart_by_id (ZbDataset             *dataset,
                       const char            *chart_id,
                       ZbExportFormat         format,
                       const ZbRenderOptions *options,
                       double                 scale,
                       const char            *path,
                       GError               **error)
{
  ZbChartSpec *spec;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), FALSE);

  spec = lookup_chart (dataset, chart_id, error);
  if (spec == NULL)
    return FALSE;
  return zb_export_chart (dataset, spec, format, options, scale, path, error);
}

gboolean
zb_export_all (ZbDataset             *dataset,
               ZbExportFormat         format,
               const ZbRenderOptions *options,
               double                 scale,
               const char            *folder,
               GPtrArray             *written,
               GError               **error)
{
  guint n;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  n = zb_dataset_get_n_charts (dataset);
  if (n == 0)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_EMPTY, _("The dataset has no charts to export"));
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO,
                   g_file_test (folder, G_FILE_TEST_EXISTS)
                     ? _("“%s” is a file, not a folder: every chart is written into a folder")
                     : _("The folder “%s” does not exist; create it or choose another"),
                   folder);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      ZbChartSpec *spec = zb_dataset_get_chart (dataset, i);
      g_autofree char *name = g_strconcat (spec->id, ".", zb_export_format_to_string (format), NULL);
      g_autofree char *path = NULL;

      /* Ids become file names: refuse one that would climb out of the folder. */
      if (strchr (spec->id, '/') != NULL || strcmp (spec->id, "..") == 0 || spec->id[0] == '.')
        {
          g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO,
                       _("The chart id “%s” cannot be a file name"), spec->id);
          return FALSE;
        }
      path = g_build_filename (folder, name, NULL);
      if (!zb_export_chart (dataset, spec, format, options, scale, path, error))
        return FALSE;
      if (written != NULL)
        g_ptr_array_add (written, g_steal_pointer (&path));
    }
  return TRUE;
}

