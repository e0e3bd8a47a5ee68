/* zb-dataset.h: the indicator dataset of one report (format "zhibiao-dataset", version 1).
 *
 * The dataset owns plain structs; pointers returned by the getters stay valid until the item is
 * removed or the dataset is finalized. See ../shared/DESIGN.md for the file format.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

#define ZB_DATASET_FORMAT  "zhibiao-dataset"
#define ZB_DATASET_VERSION 1
/* Datasets larger than this are refused before reading, so a hostile file cannot take all memory.
 * The Wuhan dataset is 0.2 MB and 100,000 indicators are about 22 MB. */
#define ZB_DATASET_MAX_SIZE (64 * 1024 * 1024)

struct _ZbText
{
  char *zh;
  char *en;
};

/* The label in lang, falling back to the other language, then "". */
const char *zb_text_get (const ZbText *text,
                         ZbLang        lang);

struct _ZbObservation
{
  char      *period;      /* "2023", "2023Q1", "2023H1", "2023Q1-Q3", "2024" */
  gboolean   cumulative;
  double     value;       /* as written: 2198 for 2198亿元 */
  ZbStatus   status;
  char     **qualifiers;  /* NULL-terminated, never NULL; words such as 力争, 以上, 左右 */
  gsize      src_start;   /* byte span of the number in the report */
  gsize      src_end;
  char      *src_text;    /* the bytes at the span; NULL for observations from a table */
  char      *src_label;   /* where a table value came from ("row 3, column B"); NULL otherwise */
  ZbIndicator *indicator; /* back pointer, owned by nobody */
};

typedef struct _ZbLazySeries ZbLazySeries;

struct _ZbIndicator
{
  char      *id;
  ZbText     name;
  char      *theme;
  char      *unit;        /* as written with its multiplier: "亿元", "%", "" */
  ZbMeasure  measure;
  /* Of ZbObservation*, in file order. Complete in every indicator the dataset's getters
   * return; only code that took the indicator from zb_dataset_peek_indicator() must read it
   * through zb_indicator_get_observations() or zb_indicator_get_observation(). */
  GPtrArray *observations;
  ZbLazySeries *lazy;     /* private: values not yet made into observations (a long table) */
};

/* One series of a chart, or one reference line (ZbReference is the same struct): an indicator,
 * optionally narrowed to a period and a status. */
struct _ZbSeriesRef
{
  char     *indicator;   /* indicator id */
  char     *period;      /* only this period, or NULL for all */
  gboolean  has_status;
  ZbStatus  status;      /* only this status when has_status */
  ZbText    label;       /* optional label overriding the indicator's name */
};

struct _ZbChartSpec
{
  char        *id;
  ZbChartType  type;
  ZbText       title;
  ZbText       subtitle;
  GPtrArray   *series;      /* of ZbSeriesRef* */
  GPtrArray   *references;  /* of ZbReference* (a ZbSeriesRef): lines drawn at those values */
};

struct _ZbSlide
{
  char *chart;  /* chart id */
  char *note;   /* speaker note, or NULL for the default (the source sentences) */
};

struct _ZbBriefing
{
  char      *id;
  ZbText     title;
  ZbText     subtitle;
  GPtrArray *slides;  /* of ZbSlide* */
};

struct _ZbExclusion
{
  gsize  start;
  gsize  end;
  char  *text;
  char  *reason;  /* date, ordinal, name, section-number, … */
};

#define ZB_TYPE_DATASET (zb_dataset_get_type ())
G_DECLARE_FINAL_TYPE (ZbDataset, zb_dataset, ZB, DATASET, GObject)

ZbDataset        *zb_dataset_new (void);
/* Loads and validates. Errors name the file and either line:column (JSON syntax) or the JSON path
 * ("$.indicators[3].observations[0].source.end") and what was expected. */
ZbDataset        *zb_dataset_load (const char *path,
                                   GError    **error);
/* base_dir resolves the report path; display_name is used in messages. */
ZbDataset        *zb_dataset_load_from_data (const char *data,
                                             gsize       len,
                                             const char *base_dir,
                                             const char *display_name,
                                             GError    **error);
/* Writes atomically (temporary file, then rename). A lossless round trip of what was loaded.
 * Refuses (with the loader's error) to write a file that would not load again, e.g. a chart
 * naming a removed indicator. The report path is rewritten relative to the new folder. */
gboolean          zb_dataset_save (ZbDataset  *self,
                                   const char *path,
                                   GError    **error);
char             *zb_dataset_to_data (ZbDataset *self,
                                      gsize     *len);

const char       *zb_dataset_get_path (ZbDataset *self);       /* file it was loaded from or saved to */
/* Lower-case hex SHA-256 of the dataset file as loaded or last saved; provenance in exports. */
const char       *zb_dataset_get_sha256 (ZbDataset *self);
gboolean          zb_dataset_get_modified (ZbDataset *self);
void              zb_dataset_set_modified (ZbDataset *self,
                                           gboolean   modified);

const ZbText     *zb_dataset_get_title (ZbDataset *self);
const ZbText     *zb_dataset_get_place (ZbDataset *self);
const char       *zb_dataset_get_delivered (ZbDataset *self);  /* "2024-01-18" */
/* Copies; NULL clears. delivered must be YYYY-MM-DD for the saved file to load. */
void              zb_dataset_set_title (ZbDataset    *self,
                                        const ZbText *title);
void              zb_dataset_set_place (ZbDataset    *self,
                                        const ZbText *place);
void              zb_dataset_set_delivered (ZbDataset  *self,
                                            const char *delivered);
/* The report text, or NULL for a dataset made from a table. */
ZbReport         *zb_dataset_get_report (ZbDataset *self);
/* text_path is the report's path as the file writes it, relative to the dataset's folder; NULL
 * derives it from the report's own path when saving. */
void              zb_dataset_set_report (ZbDataset  *self,
                                         ZbReport   *report,
                                         const char *text_path);

guint             zb_dataset_get_n_indicators (ZbDataset *self);
ZbIndicator      *zb_dataset_get_indicator (ZbDataset *self,
                                            guint      index);
ZbIndicator      *zb_dataset_lookup_indicator (ZbDataset  *self,
                                               const char *id);
/* The same indicators with a long table's series left compact (see zb_indicator_set_lazy):
 * for code that reads them through the zb_indicator_get_observation* functions. */
ZbIndicator      *zb_dataset_peek_indicator (ZbDataset *self,
                                             guint      index);
ZbIndicator      *zb_dataset_peek_indicator_by_id (ZbDataset  *self,
                                                   const char *id);
/* Takes ownership. FALSE (and the indicator is freed) when its id exists already. */
gboolean          zb_dataset_add_indicator (ZbDataset   *self,
                                            ZbIndicator *indicator);

guint             zb_dataset_get_n_charts (ZbDataset *self);
ZbChartSpec      *zb_dataset_get_chart (ZbDataset *self,
                                        guint      index);
ZbChartSpec      *zb_dataset_lookup_chart (ZbDataset  *self,
                                           const char *id);
gboolean          zb_dataset_add_chart (ZbDataset   *self,
                                        ZbChartSpec *chart);

guint             zb_dataset_get_n_briefings (ZbDataset *self);
ZbBriefing       *zb_dataset_get_briefing (ZbDataset *self,
                                           guint      index);
ZbBriefing       *zb_dataset_lookup_briefing (ZbDataset  *self,
                                              const char *id);
gboolean          zb_dataset_add_briefing (ZbDataset  *self,
                                           ZbBriefing *briefing);
/* Removes and frees the briefing; FALSE when there is none with that id. */
gboolean          zb_dataset_remove_briefing (ZbDataset  *self,
                                              const char *id);

guint             zb_dataset_get_n_exclusions (ZbDataset *self);
ZbExclusion      *zb_dataset_get_exclusion (ZbDataset *self,
                                             guint      index);
void              zb_dataset_add_exclusion (ZbDataset   *self,
                                            ZbExclusion *exclusion);

/* The observation whose source span contains offset, or NULL; the innermost when spans nest,
 * the first in file order when they are equal. A binary search in an index built on first use
 * and rebuilt after zb_dataset_set_modified (TRUE) or when observations are added. */
ZbObservation    *zb_dataset_find_observation_at (ZbDataset *self,
                                                  gsize      offset);

/* Constructors and destructors of the plain structs, for code that builds datasets. */
ZbIndicator      *zb_indicator_new (const char *id);
void              zb_indicator_free (ZbIndicator *indicator);
ZbObservation    *zb_indicator_add_observation (ZbIndicator *indicator);  /* owned by indicator */

/* Makes observation (already an actual with no qualifiers) the index-th of a lazy series. */
typedef void    (*ZbMakeObservation) (gpointer       data,
                                      guint          index,
                                      ZbObservation *observation);
/* A series of n values kept as they are, made into observations only when asked for: a table
 * of a million rows would otherwise make a million observations, strings and all, of which a
 * chart reads a few thousand. values (finite, borrowed from data) must stay valid until
 * destroy (data), which is called when the indicator is freed. The indicator must have no
 * observations yet. */
void              zb_indicator_set_lazy (ZbIndicator       *indicator,
                                         guint              n,
                                         const double      *values,
                                         ZbMakeObservation  make,
                                         gpointer           data,
                                         GDestroyNotify     destroy);
/* A lazy series' values in order, or NULL when the indicator has all its observations. They
 * stay valid as long as the indicator, even once its observations are made. */
const double     *zb_indicator_peek_values (ZbIndicator *indicator,
                                            guint       *n);
guint             zb_indicator_get_n_observations (ZbIndicator *indicator);
/* The index-th observation, made alone if the series is lazy; the same pointer every time and
 * the one zb_indicator_get_observations() then holds. Thread-safe for a lazy series. */
ZbObservation    *zb_indicator_get_observation (ZbIndicator *indicator,
                                                guint        index);
/* indicator->observations, all made first if the series was lazy. */
GPtrArray        *zb_indicator_get_observations (ZbIndicator *indicator);
/* The observation of indicator for period and status (either may be NULL/ -1 for any). */
ZbObservation    *zb_indicator_find_observation (ZbIndicator *indicator,
                                                 const char  *period,
                                                 int          status);
ZbObservation    *zb_indicator_get_latest (ZbIndicator *indicator); /* last actual, else last */
ZbChartSpec      *zb_chart_spec_new (const char *id,
                                     ZbChartType type);
ZbSeriesRef      *zb_chart_spec_add_series (ZbChartSpec *spec,
                                            const char  *indicator);
ZbReference      *zb_chart_spec_add_reference (ZbChartSpec *spec,
                                               const char  *indicator);
void              zb_chart_spec_free (ZbChartSpec *spec);
ZbBriefing       *zb_briefing_new (const char *id);
ZbSlide          *zb_briefing_add_slide (ZbBriefing *briefing,
                                         const char *chart);
void              zb_briefing_free (ZbBriefing *briefing);
void              zb_exclusion_free (ZbExclusion *exclusion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZbIndicator, zb_indicator_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZbChartSpec, zb_chart_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZbBriefing, zb_briefing_free)

G_END_DECLS
