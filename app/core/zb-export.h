/* zb-export.h: charts to PNG, PDF, SVG and CSV files, and the briefing pack, without a display.
 *
 * Every writer draws with the same renderer as the window and writes to a temporary file in the
 * target folder that is then renamed into place, so a failed export never leaves half a file nor
 * destroys the file it would have replaced. Each file carries its provenance as metadata: the
 * report's title, the chart id and the SHA-256 of the dataset file (PDF metadata, PNG text
 * chunks, SVG <title>/<desc>/<metadata>).
 */
#pragma once

#include "zb-chart.h"
#include "zb-pdf.h"

G_BEGIN_DECLS

typedef enum
{
  ZB_EXPORT_FORMAT_PNG,
  ZB_EXPORT_FORMAT_PDF,
  ZB_EXPORT_FORMAT_SVG,
  ZB_EXPORT_FORMAT_CSV,
} ZbExportFormat;

/* Page and image sizes in layout units (pixels at scale 1, points in PDF). */
#define ZB_EXPORT_SLIDE_WIDTH  1920
#define ZB_EXPORT_SLIDE_HEIGHT 1080
#define ZB_EXPORT_A4_WIDTH     595
#define ZB_EXPORT_A4_HEIGHT    842
/* Neither side of a chart may be smaller or (times the scale) larger than these. */
#define ZB_EXPORT_MIN_SIZE     64
#define ZB_EXPORT_MAX_PIXELS   16384

gboolean    zb_export_format_from_string (const char     *str,
                                          ZbExportFormat *out);
/* "png", "pdf", "svg", "csv": also the file name extension. */
const char *zb_export_format_to_string (ZbExportFormat format);

/* "slide", "a4", "a4-landscape" or "WIDTHxHEIGHT" ("1600x900"). */
gboolean    zb_export_parse_size (const char *str,
                                  double     *width,
                                  double     *height,
                                  GError    **error);
/* ZB_EXPORT_ERROR_SIZE unless both sides lie within the limits above at that scale. */
gboolean    zb_export_check_size (double   width,
                                  double   height,
                                  double   scale,
                                  GError **error);

/* The bytes of one chart in a format; scale multiplies the PNG's pixels (HiDPI), and is ignored
 * by the vector formats. */
GBytes     *zb_export_chart_to_bytes (ZbDataset             *dataset,
                                      const ZbChartSpec     *spec,
                                      ZbExportFormat         format,
                                      const ZbRenderOptions *options,
                                      double                 scale,
                                      GError               **error);

/* Writes the chart to path (atomically). */
gboolean    zb_export_chart (ZbDataset             *dataset,
                             const ZbChartSpec     *spec,
                             ZbExportFormat         format,
                             const ZbRenderOptions *options,
                             double                 scale,
                             const char            *path,
                             GError               **error);

/* The same for a chart of the dataset by id: ZB_EXPORT_ERROR_UNKNOWN_CHART when there is none. */
gboolean    zb_export_chart_by_id (ZbDataset             *dataset,
                                   const char            *chart_id,
                                   ZbExportFormat         format,
                                   const ZbRenderOptions *options,
                                   double                 scale,
                                   const char            *path,
                                   GError               **error);

/* One file a chart of the dataset into folder, named CHART-ID.EXT. The paths written are
 * appended to written when it is not NULL. Stops at the first failure. */
gboolean    zb_export_all (ZbDataset             *dataset,
                           ZbExportFormat         format,
                           const ZbRenderOptions *options,
                           double                 scale,
                           const char            *folder,
                           GPtrArray             *written,
                           GError               **error);

/* Writes bytes to path through a temporary file in the same folder, with ZB_EXPORT_ERROR_IO
 * messages that say what to do (a missing or read-only folder). */
gboolean    zb_export_write_file (const char *path,
                                  GBytes     *bytes,
                                  GError    **error);

/* A PNG of @surface (RGB24, or ARGB32 drawn opaque) whose text chunks say where it comes from:
 * the report, @id (a chart's or a briefing's), @title and the dataset's checksum. */
GBytes          *zb_export_encode_png (cairo_surface_t *surface,
                                       ZbDataset       *dataset,
                                       const char      *id,
                                       const char      *title,
                                       ZbLang           lang);

/* The information dictionary of a PDF of @what ("chart", "briefing") @id of @dataset titled
 * @title: the report's title as its subject, keywords with the id and the dataset's checksum,
 * the software as its creator. Returns the keywords, which @info points to, to free after it. */
char            *zb_export_pdf_info (ZbPdfInfo  *info,
                                     ZbDataset  *dataset,
                                     const char *what,
                                     const char *id,
                                     const char *title,
                                     ZbLang      lang);

/* A cleared image surface for a PNG. Pixels of 2 MB and more are one mapping the kernel may back
 * with huge pages: a chart of 1600 × 900 is 5.8 MB, some 1,400 page faults as the background is
 * painted, otherwise a fifth of a PNG export's time. */
cairo_surface_t *zb_export_image_surface_new (cairo_format_t format,
                                              int            width,
                                              int            height);

G_END_DECLS
