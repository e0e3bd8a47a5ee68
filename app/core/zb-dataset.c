/* zb-dataset.c: the indicator dataset of one report; loading, validation and lossless saving. */
#define G_LOG_DOMAIN "zb-dataset"

#include "config.h"

#include "zb-dataset.h"
#include "zb-json.h"
#include "zb-file.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zb-error.h"
#include "zb-report.h"
#include "zb-sha256.h"

struct _ZbDataset
{
  GObject parent_instance;

  char *path;
  char *sha256;
  gboolean modified;

  ZbText title;
  ZbText place;
  char *delivered;
  ZbReport *report;
  char *text_path;     /* report path as written in the file, relative to the dataset's folder */
  char *base_dir;      /* folder text_path is relative to */
  JsonNode *sections;  /* kept only for datasets without a report: the report is the truth */

  GPtrArray *indicators;
  GHashTable *indicator_ids;
  GPtrArray *charts;
  GHashTable *chart_ids;
  GPtrArray *briefings;
  GHashTable *briefing_ids;
  GPtrArray *exclusions;

  /* Observations with a span, sorted by start; built on demand by find_observation_at. */
  GPtrArray *span_index;
  guint span_index_count;
  gsize span_index_max_len;
};

G_DEFINE_FINAL_TYPE (ZbDataset, zb_dataset, G_TYPE_OBJECT)

/* Plain structs ---------------------------------------------------------------------------- */

const char *
zb_text_get (const ZbText *text,
             ZbLang        lang)
{
  const char *want;
  const char *other;

  if (text == NULL)
    return "";
  want = lang == ZB_LANG_EN ? text->en : text->zh;
  other = lang == ZB_LANG_EN ? text->zh : text->en;
  if (want != NULL && *want != '\0')
    return want;
  if (other != NULL && *other != '\0')
    return other;
  return "";
}

static void
zb_text_clear (ZbText *text)
{
  g_clear_pointer (&text->zh, g_free);
  g_clear_pointer (&text->en, g_free);
}

static void
zb_observation_free (ZbObservation *observation)
{
  g_free (observation->period);
  g_strfreev (observation->qualifiers);
  g_free (observation->src_text);
  g_free (observation->src_label);
  g_free (observation);
}

/* The values of a series not yet made into observations (zb_indicator_set_lazy). */
struct _ZbLazySeries
{
  guint              n;
  const double      *values;
  ZbMakeObservation  make;
  gpointer           data;
  GDestroyNotify     destroy;
  GHashTable        *made;      /* index -> ZbObservation* made alone, owned here */
  gint               complete;  /* atomic: all made, into indicator->observations */
};

/* Lazy series may be read from several threads (charts laid out at once); making an
 * observation is rare enough for one lock. */
G_LOCK_DEFINE_STATIC (lazy);

static ZbObservation *
observation_new (ZbIndicator *indicator)
{
  ZbObservation *observation = g_new0 (ZbObservation, 1);

  observation->status = ZB_STATUS_ACTUAL;
  observation->qualifiers = g_new0 (char *, 1);
  observation->indicator = indicator;
  return observation;
}

/* The indicator's lazy series while it has observations still to make, else NULL. */
static ZbLazySeries *
pending (ZbIndicator *indicator)
{
  ZbLazySeries *lazy = g_atomic_pointer_get (&indicator->lazy);

  return lazy != NULL && !g_atomic_int_get (&lazy->complete) ? lazy : NULL;
}

static void
lazy_series_free (ZbLazySeries *lazy)
{
  if (lazy->made != NULL)
    {
      GHashTableIter iter;
      gpointer observation;

      g_hash_table_iter_init (&iter, lazy->made);
      while (g_hash_table_iter_next (&iter, NULL, &observation))
        zb_observation_free (observation);
    }
  g_clear_pointer (&lazy->made, g_hash_table_unref);
  if (lazy->destroy != NULL)
    lazy->destroy (lazy->data);
  g_free (lazy);
}

ZbIndicator *
zb_indicator_new (const char *id)
{
  ZbIndicator *indicator;

  g_return_val_if_fail (id != NULL, NULL);

  indicator = g_new0 (ZbIndicator, 1);
  indicator->id = g_strdup (id);
  indicator->theme = g_strdup ("economy");
  indicator->unit = g_strdup ("");
  indicator->measure = ZB_MEASURE_LEVEL;
  indicator->observations = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_observation_free);
  return indicator;
}

void
zb_indicator_free (ZbIndicator *indicator)
{
  if (indicator == NULL)
    return;
  g_free (indicator->id);
  zb_text_clear (&indicator->name);
  g_free (indicator->theme);
  g_free (indicator->unit);
  g_ptr_array_unref (indicator->observations);
  if (indicator->lazy != NULL)
    lazy_series_free (indicator->lazy);
  g_free (indicator);
}

void
zb_indicator_set_lazy (ZbIndicator       *indicator,
                       guint              n,
                       const double      *values,
                       ZbMakeObservation  make,
                       gpointer           data,
                       GDestroyNotify     destroy)
{
  ZbLazySeries *lazy;

  g_return_if_fail (indicator != NULL);
  g_return_if_fail (indicator->observations->len == 0 && indicator->lazy == NULL);
  g_return_if_fail (values != NULL || n == 0);
  g_return_if_fail (make != NULL);

  lazy = g_new0 (ZbLazySeries, 1);
  lazy->n = n;
  lazy->values = values;
  lazy->make = make;
  lazy->data = data;
  lazy->destroy = destroy;
  indicator->lazy = lazy;
}

const double *
zb_indicator_peek_values (ZbIndicator *indicator,
                          guint       *n)
{
  ZbLazySeries *lazy;

  g_return_val_if_fail (indicator != NULL, NULL);

  lazy = pending (indicator);
  if (lazy == NULL)
    return NULL;
  if (n != NULL)
    *n = lazy->n;
  return lazy->values;
}

guint
zb_indicator_get_n_observations (ZbIndicator *indicator)
{
  ZbLazySeries *lazy;

  g_return_val_if_fail (indicator != NULL, 0);

  lazy = pending (indicator);
  return lazy != NULL ? lazy->n : indicator->observations->len;
}

/* Called with the lock held. */
static ZbObservation *
lazy_get (ZbIndicator *indicator,
          guint        index)
{
  ZbLazySeries *lazy = indicator->lazy;
  ZbObservation *observation;

  if (lazy->made == NULL)
    lazy->made = g_hash_table_new (NULL, NULL);
  observation = g_hash_table_lookup (lazy->made, GUINT_TO_POINTER (index));
  if (observation == NULL)
    {
      observation = observation_new (indicator);
      lazy->make (lazy->data, index, observation);
      g_hash_table_insert (lazy->made, GUINT_TO_POINTER (index), observation);
    }
  return observation;
}

ZbObservation *
zb_indicator_get_observation (ZbIndicator *indicator,
                              guint        index)
{
  ZbObservation *observation = NULL;

  g_return_val_if_fail (indicator != NULL, NULL);

  if (pending (indicator) != NULL)
    {
      G_LOCK (lazy);
      if (pending (indicator) != NULL && index < indicator->lazy->n)
        observation = lazy_get (indicator, index);
      G_UNLOCK (lazy);
      if (observation != NULL)
        return observation;
    }
  g_return_val_if_fail (index < indicator->observations->len, NULL);
  return g_ptr_array_index (indicator->observations, index);
}

GPtrArray *
zb_indicator_get_observations (ZbIndicator *indicator)
{
  g_return_val_if_fail (indicator != NULL, NULL);

  if (pending (indicator) == NULL)
    return indicator->observations;

  G_LOCK (lazy);
  if (pending (indicator) != NULL)
    {
      ZbLazySeries *lazy = indicator->lazy;

      g_ptr_array_set_size (indicator->observations, 0);
      g_ptr_array_set_size (indicator->observations, lazy->n);
      for (guint i = 0; i < lazy->n; i++)
        {
          ZbObservation *observation = lazy->made != NULL
                                         ? g_hash_table_lookup (lazy->made, GUINT_TO_POINTER (i)) : NULL;
          if (observation == NULL)
            {
              observation = observation_new (indicator);
              lazy->make (lazy->data, i, observation);
            }
          indicator->observations->pdata[i] = observation;
        }
      /* The observations array owns the ones made alone now. The values stay: a chart may
       * be drawing them. */
      g_clear_pointer (&lazy->made, g_hash_table_unref);
      g_atomic_int_set (&lazy->complete, TRUE);
    }
  G_UNLOCK (lazy);
  return indicator->observations;
}

ZbObservation *
zb_indicator_add_observation (ZbIndicator *indicator)
{
  ZbObservation *observation;

  g_return_val_if_fail (indicator != NULL, NULL);

  observation = observation_new (indicator);
  g_ptr_array_add (zb_indicator_get_observations (indicator), observation);
  return observation;
}

ZbObservation *
zb_indicator_find_observation (ZbIndicator *indicator,
                               const char  *period,
                               int          status)
{
  g_return_val_if_fail (indicator != NULL, NULL);

  zb_indicator_get_observations (indicator);
  for (guint i = 0; i < indicator->observations->len; i++)
    {
      ZbObservation *observation = g_ptr_array_index (indicator->observations, i);

      if (period != NULL && g_strcmp0 (observation->period, period) != 0)
        continue;
      if (status >= 0 && (int) observation->status != status)
        continue;
      return observation;
    }
  return NULL;
}

ZbObservation *
zb_indicator_get_latest (ZbIndicator *indicator)
{
  g_return_val_if_fail (indicator != NULL, NULL);

  if (zb_indicator_get_observations (indicator)->len == 0)
    return NULL;
  for (guint i = indicator->observations->len; i > 0; i--)
    {
      ZbObservation *observation = g_ptr_array_index (indicator->observations, i - 1);

      if (observation->status == ZB_STATUS_ACTUAL)
        return observation;
    }
  return g_ptr_array_index (indicator->observations, indicator->observations->len - 1);
}

static void
zb_series_ref_free (ZbSeriesRef *ref)
{
  g_free (ref->indicator);
  g_free (ref->period);
  zb_text_clear (&ref->label);
  g_free (ref);
}


ZbChartSpec *
zb_chart_spec_new (const char *id,
                   ZbChartType type)
{
  ZbChartSpec *spec;

  g_return_val_if_fail (id != NULL, NULL);

  spec = g_new0 (ZbChartSpec, 1);
  spec->id = g_strdup (id);
  spec->type = type;
  spec->series = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_series_ref_free);
  spec->references = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_series_ref_free);
  return spec;
}

static ZbSeriesRef *
series_ref_append (GPtrArray  *refs,
                   const char *indicator)
{
  ZbSeriesRef *ref = g_new0 (ZbSeriesRef, 1);

  ref->indicator = g_strdup (indicator);
  g_ptr_array_add (refs, ref);
  return ref;
}

ZbSeriesRef *
zb_chart_spec_add_series (ZbChartSpec *spec,
                          const char  *indicator)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  return series_ref_append (spec->series, indicator);
}

ZbReference *
zb_chart_spec_add_reference (ZbChartSpec *spec,
                             const char  *indicator)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  return series_ref_append (spec->references, indicator);
}

void
zb_chart_spec_free (ZbChartSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->id);
  zb_text_clear (&spec->title);
  zb_text_clear (&spec->subtitle);
  g_ptr_array_unref (spec->series);
  g_ptr_array_unref (spec->references);
  g_free (spec);
}

static void
zb_slide_free (ZbSlide *slide)
{
  g_free (slide->chart);
  g_free (slide->note);
  g_free (slide);
}

ZbBriefing *
zb_briefing_new (const char *id)
{
  ZbBriefing *briefing;

  g_return_val_if_fail (id != NULL, NULL);

  briefing = g_new0 (ZbBriefing, 1);
  briefing->id = g_strdup (id);
  briefing->slides = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_slide_free);
  return briefing;
}

ZbSlide *
zb_briefing_add_slide (ZbBriefing *briefing,
                       const char *chart)
{
  ZbSlide *slide;

  g_return_val_if_fail (briefing != NULL, NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  slide = g_new0 (ZbSlide, 1);
  slide->chart = g_strdup (chart);
  g_ptr_array_add (briefing->slides, slide);
  return slide;
}

void
zb_briefing_free (ZbBriefing *briefing)
{
  if (briefing == NULL)
    return;
  g_free (briefing->id);
  zb_text_clear (&briefing->title);
  zb_text_clear (&briefing->subtitle);
  g_ptr_array_unref (briefing->slides);
  g_free (briefing);
}

void
zb_exclusion_free (ZbExclusion *exclusion)
{
  if (exclusion == NULL)
    return;
  g_free (exclusion->text);
  g_free (exclusion->reason);
  g_free (exclusion);
}

/* The dataset object ------------------------------------------------------------------------ */

static void
zb_dataset_finalize (GObject *object)
{
  ZbDataset *self = (ZbDataset *) object;

  g_free (self->path);
  g_free (self->sha256);
  zb_text_clear (&self->title);
  zb_text_clear (&self->place);
  g_free (self->delivered);
  g_clear_object (&self->report);
  g_free (self->text_path);
  g_free (self->base_dir);
  g_clear_pointer (&self->sections, json_node_unref);
  g_hash_table_unref (self->indicator_ids);
  g_ptr_array_unref (self->indicators);
  g_hash_table_unref (self->chart_ids);
  g_ptr_array_unref (self->charts);
  g_hash_table_unref (self->briefing_ids);
  g_ptr_array_unref (self->briefings);
  g_ptr_array_unref (self->exclusions);
  g_clear_pointer (&self->span_index, g_ptr_array_unref);

  G_OBJECT_CLASS (zb_dataset_parent_class)->finalize (object);
}

static void
zb_dataset_class_init (ZbDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = zb_dataset_finalize;
}

static void
zb_dataset_init (ZbDataset *self)
{
  self->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_indicator_free);
  self->indicator_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->charts = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_chart_spec_free);
  self->chart_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->briefings = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_briefing_free);
  self->briefing_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->exclusions = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_exclusion_free);
}

ZbDataset *
zb_dataset_new (void)
{
  return g_object_new (ZB_TYPE_DATASET, NULL);
}

const char *
zb_dataset_get_path (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return self->path;
}

const char *
zb_dataset_get_sha256 (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return self->sha256;
}

gboolean
zb_dataset_get_modified (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), FALSE);

  return self->modified;
}

void
zb_dataset_set_modified (ZbDataset *self,
                         gboolean   modified)
{
  g_return_if_fail (ZB_IS_DATASET (self));

  /* Whoever edited an observation tells us here, so the span index is rebuilt on next use. */
  if (modified)
    g_clear_pointer (&self->span_index, g_ptr_array_unref);
  self->modified = !!modified;
}

const ZbText *
zb_dataset_get_title (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return &self->title;
}

const ZbText *
zb_dataset_get_place (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return &self->place;
}

const char *
zb_dataset_get_delivered (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return self->delivered;
}

static void
text_set (ZbText       *text,
          const ZbText *value)
{
  zb_set_str (&text->zh, value != NULL ? value->zh : NULL);
  zb_set_str (&text->en, value != NULL ? value->en : NULL);
}

void
zb_dataset_set_title (ZbDataset    *self,
                      const ZbText *title)
{
  g_return_if_fail (ZB_IS_DATASET (self));

  text_set (&self->title, title);
}

void
zb_dataset_set_place (ZbDataset    *self,
                      const ZbText *place)
{
  g_return_if_fail (ZB_IS_DATASET (self));

  text_set (&self->place, place);
}

void
zb_dataset_set_delivered (ZbDataset  *self,
                          const char *delivered)
{
  g_return_if_fail (ZB_IS_DATASET (self));

  zb_set_str (&self->delivered, delivered);
}

ZbReport *
zb_dataset_get_report (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return self->report;
}

void
zb_dataset_set_report (ZbDataset  *self,
                       ZbReport   *report,
                       const char *text_path)
{
  g_return_if_fail (ZB_IS_DATASET (self));
  g_return_if_fail (report == NULL || ZB_IS_REPORT (report));

  g_set_object (&self->report, report);
  zb_set_str (&self->text_path, text_path);
  g_clear_pointer (&self->sections, json_node_unref);
  g_clear_pointer (&self->span_index, g_ptr_array_unref);
}

/* The same three functions serve indicators, charts and briefings. */
static gpointer
item_get (GPtrArray *items,
          guint      index)
{
  g_return_val_if_fail (index < items->len, NULL);

  return g_ptr_array_index (items, index);
}

static gboolean
item_add (GPtrArray     *items,
          GHashTable    *ids,
          const char    *id,
          gpointer       item,
          GDestroyNotify free_item)
{
  if (g_hash_table_contains (ids, id))
    {
      free_item (item);
      return FALSE;
    }
  g_hash_table_insert (ids, (char *) id, item);
  g_ptr_array_add (items, item);
  return TRUE;
}

/* Frees the item through the array's free function; FALSE when no item has that id. */
static gboolean
item_remove (GPtrArray  *items,
             GHashTable *ids,
             const char *id)
{
  gpointer item = g_hash_table_lookup (ids, id);

  if (item == NULL)
    return FALSE;
  g_hash_table_remove (ids, id);
  g_ptr_array_remove (items, item);
  return TRUE;
}

guint
zb_dataset_get_n_indicators (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), 0);

  return self->indicators->len;
}

ZbIndicator *
zb_dataset_peek_indicator (ZbDataset *self,
                           guint      index)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return item_get (self->indicators, index);
}

ZbIndicator *
zb_dataset_peek_indicator_by_id (ZbDataset  *self,
                                 const char *id)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->indicator_ids, id);
}

/* What the getters return reads indicator->observations directly, so it is made whole. */
static ZbIndicator *
complete (ZbIndicator *indicator)
{
  if (indicator != NULL)
    zb_indicator_get_observations (indicator);
  return indicator;
}

ZbIndicator *
zb_dataset_get_indicator (ZbDataset *self,
                          guint      index)
{
  return complete (zb_dataset_peek_indicator (self, index));
}

ZbIndicator *
zb_dataset_lookup_indicator (ZbDataset  *self,
                             const char *id)
{
  return complete (zb_dataset_peek_indicator_by_id (self, id));
}

gboolean
zb_dataset_add_indicator (ZbDataset   *self,
                          ZbIndicator *indicator)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), FALSE);
  g_return_val_if_fail (indicator != NULL, FALSE);

  g_clear_pointer (&self->span_index, g_ptr_array_unref);
  return item_add (self->indicators, self->indicator_ids, indicator->id, indicator,
                   (GDestroyNotify) zb_indicator_free);
}

guint
zb_dataset_get_n_charts (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), 0);

  return self->charts->len;
}

ZbChartSpec *
zb_dataset_get_chart (ZbDataset *self,
                      guint      index)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return item_get (self->charts, index);
}

ZbChartSpec *
zb_dataset_lookup_chart (ZbDataset  *self,
                         const char *id)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->chart_ids, id);
}

gboolean
zb_dataset_add_chart (ZbDataset   *self,
                      ZbChartSpec *chart)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), FALSE);
  g_return_val_if_fail (chart != NULL, FALSE);

  return item_add (self->charts, self->chart_ids, chart->id, chart,
                   (GDestroyNotify) zb_chart_spec_free);
}

guint
zb_dataset_get_n_briefings (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), 0);

  return self->briefings->len;
}

ZbBriefing *
zb_dataset_get_briefing (ZbDataset *self,
                         guint      index)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return item_get (self->briefings, index);
}

ZbBriefing *
zb_dataset_lookup_briefing (ZbDataset  *self,
                            const char *id)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->briefing_ids, id);
}

gboolean
zb_dataset_add_briefing (ZbDataset  *self,
                         ZbBriefing *briefing)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), FALSE);
  g_return_val_if_fail (briefing != NULL, FALSE);

  return item_add (self->briefings, self->briefing_ids, briefing->id, briefing,
                   (GDestroyNotify) zb_briefing_free);
}

gboolean
zb_dataset_remove_briefing (ZbDataset  *self,
                            const char *id)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return item_remove (self->briefings, self->briefing_ids, id);
}

guint
zb_dataset_get_n_exclusions (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), 0);

  return self->exclusions->len;
}

ZbExclusion *
zb_dataset_get_exclusion (ZbDataset *self,
                          guint      index)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return item_get (self->exclusions, index);
}

void
zb_dataset_add_exclusion (ZbDataset   *self,
                          ZbExclusion *exclusion)
{
  g_return_if_fail (ZB_IS_DATASET (self));
  g_return_if_fail (exclusion != NULL);

  g_ptr_array_add (self->exclusions, exclusion);
}

/* Finding the observation under an offset ------------------------------------------------- */

static guint
count_observations (ZbDataset *self)
{
  guint n = 0;

  for (guint i = 0; i < self->indicators->len; i++)
    n += zb_indicator_get_n_observations (g_ptr_array_index (self->indicators, i));
  return n;
}

static int
compare_span_start (gconstpointer a,
                    gconstpointer b)
{
  const ZbObservation *oa = *(ZbObservation *const *) a;
  const ZbObservation *ob = *(ZbObservation *const *) b;

  if (oa->src_start != ob->src_start)
    return oa->src_start < ob->src_start ? -1 : 1;
  return 0;
}

static void
build_span_index (ZbDataset *self)
{
  g_clear_pointer (&self->span_index, g_ptr_array_unref);
  self->span_index = g_ptr_array_new ();
  self->span_index_count = count_observations (self);
  self->span_index_max_len = 0;
  for (guint i = 0; i < self->indicators->len; i++)
    {
      ZbIndicator *indicator = g_ptr_array_index (self->indicators, i);

      /* A lazy series is a table's: no spans in a report. */
      if (zb_indicator_peek_values (indicator, NULL) != NULL)
        continue;
      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *observation = g_ptr_array_index (indicator->observations, j);

          if (observation->src_end <= observation->src_start)
            continue;
          g_ptr_array_add (self->span_index, observation);
          self->span_index_max_len = MAX (self->span_index_max_len,
                                          observation->src_end - observation->src_start);
        }
    }
  /* g_ptr_array_sort is a stable merge sort, so equal starts keep file order. */
  g_ptr_array_sort (self->span_index, compare_span_start);
}

ZbObservation *
zb_dataset_find_observation_at (ZbDataset *self,
                                gsize      offset)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  /* Observations can be added to an indicator behind our back; the count catches that. */
  if (self->span_index == NULL || self->span_index_count != count_observations (self))
    build_span_index (self);

  /* The first observation whose start lies after offset. */
  hi = self->span_index->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      ZbObservation *observation = g_ptr_array_index (self->span_index, mid);

      if (observation->src_start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* Only spans starting within the longest span's length before offset can contain it. Of
   * those, the one starting last wins (the innermost), and among equal starts the first in
   * file order. */
  for (guint i = lo; i > 0; i--)
    {
      ZbObservation *observation = g_ptr_array_index (self->span_index, i - 1);
      ZbObservation *first = observation;

      if (offset - observation->src_start >= self->span_index_max_len)
        break;
      if (offset >= observation->src_end)
        continue;
      for (guint j = i - 1; j > 0; j--)
        {
          ZbObservation *before = g_ptr_array_index (self->span_index, j - 1);

          if (before->src_start != observation->src_start)
            break;
          if (offset < before->src_end)
            first = before;
        }
      return first;
    }
  return NULL;
}

/* Writing ----------------------------------------------------------------------------------- */

/* Short arrays and objects of scalars go on one line, so an observation reads at a glance. */
#define INLINE_WIDTH 100

static void
append_string (GString    *out,
               const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          /* UTF-8 is written as is, so the file stays readable in Chinese. */
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest form that reads back as the same double; integers without ".0". */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no infinity or NaN; the loader refuses them, so no dataset should hold one. */
  g_return_if_fail (isfinite (value));
  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%.0f", value == 0 ? 0.0 : value);
      return;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

static void append_node (GString  *out,
                         JsonNode *node,
                         int       indent);

static gboolean
node_is_flat (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) == 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  return TRUE;
}

static gboolean
container_is_flat (JsonNode *node)
{
  gboolean flat = TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        flat = flat && node_is_flat (json_object_get_member (object, l->data));
    }
  else
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        flat = flat && node_is_flat (json_array_get_element (array, i));
    }
  return flat;
}

static void
append_container (GString  *out,
                  JsonNode *node,
                  int       indent,
                  gboolean  inline_)
{
  gboolean is_object = JSON_NODE_HOLDS_OBJECT (node);
  const char *sep = inline_ ? ", " : ",\n";
  guint n = 0;

  g_string_append_c (out, is_object ? '{' : '[');
  if (is_object)
    {
      JsonObject *object = json_node_get_object (node);
      /* In insertion order, unlike JsonObjectIter, so the file's key order is stable. */
      g_autoptr (GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_string_append (out, n++ > 0 ? sep : (inline_ ? "" : "\n"));
          if (!inline_)
            g_string_append_printf (out, "%*s", indent + 2, "");
          append_string (out, l->data);
          g_string_append (out, ": ");
          append_node (out, json_object_get_member (object, l->data), indent + 2);
        }
    }
  else
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_string_append (out, n++ > 0 ? sep : (inline_ ? "" : "\n"));
          if (!inline_)
            g_string_append_printf (out, "%*s", indent + 2, "");
          append_node (out, json_array_get_element (array, i), indent + 2);
        }
    }
  if (!inline_ && n > 0)
    g_string_append_printf (out, "\n%*s", indent, "");
  g_string_append_c (out, is_object ? '}' : ']');
}

static void
append_node (GString  *out,
             JsonNode *node,
             int       indent)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        append_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        append_double (out, json_node_get_double (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      {
        gsize mark = out->len;

        if (container_is_flat (node))
          {
            append_container (out, node, indent, TRUE);
            if (out->len - mark + indent <= INLINE_WIDTH)
              break;
            g_string_truncate (out, mark);
          }
        append_container (out, node, indent, FALSE);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
build_text (JsonBuilder  *builder,
            const char   *key,
            const ZbText *text)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_object (builder);
  if (text->zh != NULL)
    {
      json_builder_set_member_name (builder, "zh");
      json_builder_add_string_value (builder, text->zh);
    }
  if (text->en != NULL)
    {
      json_builder_set_member_name (builder, "en");
      json_builder_add_string_value (builder, text->en);
    }
  json_builder_end_object (builder);
}

static gboolean
text_is_set (const ZbText *text)
{
  return text->zh != NULL || text->en != NULL;
}

static void
build_string_member (JsonBuilder *builder,
                     const char  *key,
                     const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
build_int_member (JsonBuilder *builder,
                  const char  *key,
                  gsize        value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, (gint64) value);
}

/* "../reports/x.txt" for to_file seen from from_dir. */
static char *
relative_path (const char *from_dir,
               const char *to_file)
{
  g_autofree char *from = g_canonicalize_filename (from_dir, NULL);
  g_autofree char *to = g_canonicalize_filename (to_file, NULL);
  g_auto (GStrv) from_parts = g_strsplit (from, G_DIR_SEPARATOR_S, -1);
  g_auto (GStrv) to_parts = g_strsplit (to, G_DIR_SEPARATOR_S, -1);
  g_autoptr (GString) rel = g_string_new (NULL);
  guint common = 0;

  while (from_parts[common] != NULL && to_parts[common] != NULL
         && strcmp (from_parts[common], to_parts[common]) == 0)
    common++;
  for (guint i = common; from_parts[i] != NULL; i++)
    if (*from_parts[i] != '\0')
      g_string_append (rel, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; to_parts[i] != NULL; i++)
    {
      g_string_append (rel, to_parts[i]);
      if (to_parts[i + 1] != NULL)
        g_string_append_c (rel, G_DIR_SEPARATOR);
    }
  return g_string_free (g_steal_pointer (&rel), FALSE);
}

/* The report path as it must be written in a dataset that lives in dataset_dir. */
static char *
dup_text_path_for (ZbDataset  *self,
                   const char *dataset_dir)
{
  const char *report_path;

  if (self->report == NULL)
    return NULL;
  report_path = zb_report_get_path (self->report);
  if (report_path != NULL && dataset_dir != NULL)
    {
      g_autofree char *canon_dir = g_canonicalize_filename (dataset_dir, NULL);
      g_autofree char *canon_base = self->base_dir != NULL
                                      ? g_canonicalize_filename (self->base_dir, NULL)
                                      : NULL;

      if (self->text_path == NULL || g_strcmp0 (canon_dir, canon_base) != 0)
        return relative_path (canon_dir, report_path);
    }
  if (self->text_path != NULL)
    return g_strdup (self->text_path);
  return g_strdup (report_path);
}

static void
build_report (ZbDataset   *self,
              JsonBuilder *builder,
              const char  *text_path)
{
  json_builder_set_member_name (builder, "report");
  json_builder_begin_object (builder);
  build_text (builder, "title", &self->title);
  build_text (builder, "place", &self->place);
  if (self->delivered != NULL)
    build_string_member (builder, "delivered", self->delivered);
  if (self->report != NULL)
    {
      build_string_member (builder, "text", text_path);
      build_string_member (builder, "text_sha256", zb_report_get_sha256 (self->report));
    }
  json_builder_end_object (builder);
}

static void
build_sections (ZbDataset   *self,
                JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "sections");
  if (self->report == NULL)
    {
      if (self->sections != NULL)
        json_builder_add_value (builder, json_node_copy (self->sections));
      else
        {
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < zb_report_get_n_sections (self->report); i++)
    {
      const ZbSection *section = zb_report_get_section (self->report, i);

      json_builder_begin_object (builder);
      build_string_member (builder, "id", section->id);
      build_string_member (builder, "title", section->title);
      build_int_member (builder, "start", section->start);
      build_int_member (builder, "end", section->end);
      json_builder_set_member_name (builder, "parent");
      if (section->parent >= 0)
        json_builder_add_string_value (builder,
                                       zb_report_get_section (self->report,
                                                              (guint) section->parent)->id);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_observation (JsonBuilder         *builder,
                   const ZbObservation *observation)
{
  json_builder_begin_object (builder);
  build_string_member (builder, "period", observation->period);
  json_builder_set_member_name (builder, "cumulative");
  json_builder_add_boolean_value (builder, observation->cumulative);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, observation->value);
  build_string_member (builder, "status", zb_status_to_string (observation->status));
  json_builder_set_member_name (builder, "qualifiers");
  json_builder_begin_array (builder);
  for (guint k = 0; observation->qualifiers[k] != NULL; k++)
    json_builder_add_string_value (builder, observation->qualifiers[k]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  if (observation->src_text != NULL)
    {
      build_int_member (builder, "start", observation->src_start);
      build_int_member (builder, "end", observation->src_end);
      build_string_member (builder, "text", observation->src_text);
    }
  if (observation->src_label != NULL)
    build_string_member (builder, "label", observation->src_label);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
build_indicators (ZbDataset   *self,
                  JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "indicators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->indicators->len; i++)
    {
      ZbIndicator *indicator = g_ptr_array_index (self->indicators, i);

      json_builder_begin_object (builder);
      build_string_member (builder, "id", indicator->id);
      build_text (builder, "name", &indicator->name);
      build_string_member (builder, "theme", indicator->theme);
      build_string_member (builder, "unit", indicator->unit);
      build_string_member (builder, "measure", zb_measure_to_string (indicator->measure));
      json_builder_set_member_name (builder, "observations");
      json_builder_begin_array (builder);
      GPtrArray *observations = zb_indicator_get_observations (indicator);

      for (guint j = 0; j < observations->len; j++)
        build_observation (builder, g_ptr_array_index (observations, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The "series" or "references" member of a chart: both are arrays of ZbSeriesRef. */
static void
build_series_refs (JsonBuilder *builder,
                   const char  *member,
                   GPtrArray   *refs)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint j = 0; j < refs->len; j++)
    {
      const ZbSeriesRef *ref = g_ptr_array_index (refs, j);

      json_builder_begin_object (builder);
      build_string_member (builder, "indicator", ref->indicator);
      if (ref->period != NULL)
        build_string_member (builder, "period", ref->period);
      if (ref->has_status)
        build_string_member (builder, "status", zb_status_to_string (ref->status));
      if (text_is_set (&ref->label))
        build_text (builder, "label", &ref->label);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_charts (ZbDataset   *self,
              JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "charts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->charts->len; i++)
    {
      ZbChartSpec *chart = g_ptr_array_index (self->charts, i);

      json_builder_begin_object (builder);
      build_string_member (builder, "id", chart->id);
      build_string_member (builder, "type", zb_chart_type_to_string (chart->type));
      build_text (builder, "title", &chart->title);
      if (text_is_set (&chart->subtitle))
        build_text (builder, "subtitle", &chart->subtitle);
      build_series_refs (builder, "series", chart->series);
      build_series_refs (builder, "references", chart->references);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_briefings (ZbDataset   *self,
                 JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "briefings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->briefings->len; i++)
    {
      ZbBriefing *briefing = g_ptr_array_index (self->briefings, i);

      json_builder_begin_object (builder);
      build_string_member (builder, "id", briefing->id);
      build_text (builder, "title", &briefing->title);
      if (text_is_set (&briefing->subtitle))
        build_text (builder, "subtitle", &briefing->subtitle);
      json_builder_set_member_name (builder, "charts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < briefing->slides->len; j++)
        {
          ZbSlide *slide = g_ptr_array_index (briefing->slides, j);

          if (slide->note == NULL)
            {
              json_builder_add_string_value (builder, slide->chart);
              continue;
            }
          json_builder_begin_object (builder);
          build_string_member (builder, "chart", slide->chart);
          build_string_member (builder, "note", slide->note);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_exclusions (ZbDataset   *self,
                  JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "excluded");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->exclusions->len; i++)
    {
      ZbExclusion *exclusion = g_ptr_array_index (self->exclusions, i);

      json_builder_begin_object (builder);
      build_int_member (builder, "start", exclusion->start);
      build_int_member (builder, "end", exclusion->end);
      build_string_member (builder, "text", exclusion->text);
      build_string_member (builder, "reason", exclusion->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static ZbDataset *load_data (const char *data,
                             gsize       len,
                             const char *base_dir,
                             const char *display_name,
                             ZbReport   *report,
                             GError    **error);

static char *
serialize (ZbDataset  *self,
           const char *text_path,
           gsize      *len)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  json_builder_begin_object (builder);
  build_string_member (builder, "format", ZB_DATASET_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, ZB_DATASET_VERSION);
  build_report (self, builder, text_path);
  build_sections (self, builder);
  build_indicators (self, builder);
  build_charts (self, builder);
  build_briefings (self, builder);
  build_exclusions (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  append_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (len != NULL)
    *len = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
zb_dataset_to_data (ZbDataset *self,
                    gsize     *len)
{
  g_autofree char *text_path = NULL;

  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  text_path = dup_text_path_for (self, self->base_dir);
  return serialize (self, text_path, len);
}

gboolean
zb_dataset_save (ZbDataset  *self,
                 const char *path,
                 GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (ZB_IS_DATASET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  text_path = dup_text_path_for (self, dir);
  data = serialize (self, text_path, &len);

  /* Edits can leave a chart naming a removed indicator or an observation without a period; a
   * file that would not load again is refused here, while the user can still fix it. */
  {
    g_autoptr (ZbDataset) check = load_data (data, len, dir, path, self->report, &local_error);

    if (check == NULL)
      {
        g_set_error (error, ZB_DATASET_ERROR, local_error->code,
                     _("Cannot save the dataset to “%s”, because it would not load again: %s"),
                     path, local_error->message);
        return FALSE;
      }
  }

  /* A failed save leaves the old file whole; a link, a device or a private file is respected. */
  if (!zb_file_replace (path, data, len, TRUE, &local_error))
    {
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO,
                   _("Cannot save the dataset to “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  zb_set_str (&self->path, path);
  g_free (self->base_dir);
  self->base_dir = g_steal_pointer (&dir);
  zb_set_str (&self->text_path, text_path);
  g_free (self->sha256);
  self->sha256 = zb_sha256_hex (data, len);
  self->modified = FALSE;
  return TRUE;
}

/* Checking the bytes before json-glib sees them --------------------------------------------- */

/* Deeper than any dataset needs, and shallow enough that json-glib's recursive parser and our
 * own walk stay far from the end of the stack. */
#define MAX_DEPTH 64
/* gint64 holds every 18-digit integer; json-glib silently wraps anything larger. */
#define MAX_INTEGER_DIGITS 18
/* No label or note needs more; a file under the size limit still cannot make one value huge. */
#define MAX_STRING_SIZE (1024 * 1024)

/* The same limits for zb-json, which leaves anything beyond them to prescan () to report. */
static const ZbJsonLimits json_limits = { MAX_DEPTH - 1, MAX_STRING_SIZE, MAX_INTEGER_DIGITS };

static int
hex4 (const char *p)
{
  int value = 0;

  for (int k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* json-glib decodes "\ud800" alone into bytes that are not UTF-8 (CESU-8), which would then be
 * saved and refused on the next load: half a surrogate pair is refused up front. p is at a
 * backslash; a high surrogate is whole only when a low one follows it at once. */
static gboolean
is_lone_surrogate_escape (const char *p,
                          gsize       len)
{
  int unit;

  if (len < 6 || p[1] != 'u' || (unit = hex4 (p + 2)) < 0)
    return FALSE;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return TRUE;
  if (unit < 0xD800 || unit > 0xDBFF)
    return FALSE;
  if (len < 12 || p[6] != '\\' || p[7] != 'u')
    return TRUE;
  unit = hex4 (p + 8);
  return !(unit >= 0xDC00 && unit <= 0xDFFF);
}

typedef struct
{
  gboolean    is_object;
  gboolean    expect_key;
  GHashTable *keys;
} ScanFrame;

static void
offset_to_line_column (const char *data,
                       gsize       offset,
                       guint      *line,
                       guint      *column)
{
  const char *line_start = data;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        line_start = data + i + 1;
      }
  /* Columns count characters, not bytes, as an editor shows them. */
  *column = 1;
  for (const char *p = line_start; p < data + offset; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      (*column)++;
}

static gboolean G_GNUC_PRINTF (6, 7)
scan_fail (const char *file,
           const char *data,
           gsize       offset,
           int         code,
           GError    **error,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;
  guint line;
  guint column;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  offset_to_line_column (data, offset, &line, &column);
  g_set_error (error, ZB_DATASET_ERROR, code, "%s:%u:%u: %s", file, line, column, message);
  return FALSE;
}

/* The escape at data[i], a backslash with a byte after it, refused with where it is when json-glib
 * would decode it to something else than JSON means: text that is not UTF-8, or cut short. */
static gboolean
check_escape (const char *data,
              gsize       len,
              gsize       i,
              const char *file,
              GError    **error)
{
  static const char json_escapes[] = "\"\\/bfnrtu";
  const char *escape = data + i;

  /* json-glib also takes escapes JSON has not, such as octal "\377", which decodes to a byte that
   * is not UTF-8, or "\0", which cuts the string short. */
  if (memchr (json_escapes, escape[1], sizeof json_escapes - 1) == NULL)
    return scan_fail (file, data, i, ZB_DATASET_ERROR_PARSE, error,
                      _("“%.*s” is not an escape of JSON, which has \\\" \\\\ \\/ \\b "
                        "\\f \\n \\r \\t and \\u with four hexadecimal digits"),
                      (int) (g_utf8_next_char (escape + 1) - escape), escape);
  if (escape[1] != 'u')
    return TRUE;
  /* It takes "\u24" short of four digits too, and decodes it to bytes that are not UTF-8. */
  if (len - i < 6 || hex4 (escape + 2) < 0)
    return scan_fail (file, data, i, ZB_DATASET_ERROR_PARSE, error,
                      _("\\u must be followed by four hexadecimal digits"));
  /* It ends the string at "\u0000" and drops the rest of it unsaid. */
  if (hex4 (escape + 2) == 0)
    return scan_fail (file, data, i, ZB_DATASET_ERROR_PARSE, error,
                      _("“%.6s” is the character NUL, which text in a dataset cannot hold"), escape);
  if (is_lone_surrogate_escape (escape, len - i))
    return scan_fail (file, data, i, ZB_DATASET_ERROR_PARSE, error,
                      _("the escape %.6s is half of a UTF-16 surrogate pair; write the character "
                        "itself"), escape);
  return TRUE;
}

/* Refuses what json-glib would accept silently or handle badly: invalid UTF-8, nesting deep
 * enough to exhaust its recursion, integers it would wrap, and duplicate keys (it keeps the
 * last one). Syntax errors are left to json-glib, which reports them with line and column. */
static gboolean
prescan (const char *data,
         gsize       len,
         const char *file,
         GError    **error)
{
  ScanFrame frames[MAX_DEPTH + 1];
  const char *invalid;
  gboolean ok = TRUE;
  int depth = 0;

  if (!g_utf8_validate_len (data, len, &invalid))
    return scan_fail (file, data, (gsize) (invalid - data), ZB_DATASET_ERROR_PARSE, error,
                      _("not valid UTF-8 text (a dataset is a JSON file in UTF-8)"));

  for (gsize i = 0; i < len && ok; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          gsize start = ++i;

          while (i < len && data[i] != '"')
            {
              if (data[i] == '\\' && i + 1 < len && !(ok = check_escape (data, len, i, file, error)))
                break;
              i += data[i] == '\\' ? 2 : 1;
            }
          if (!ok || i >= len)
            break;
          if (i - start > MAX_STRING_SIZE)
            {
              ok = scan_fail (file, data, start - 1, ZB_DATASET_ERROR_TOO_LARGE, error,
                              _("a string of %zu bytes; names, labels and notes "
                                "have at most %d MB"), i - start, MAX_STRING_SIZE / (1024 * 1024));
              break;
            }
          if (depth > 0 && frames[depth].is_object && frames[depth].expect_key)
            {
              char *key = g_strndup (data + start, i - start);

              frames[depth].expect_key = FALSE;
              /* Every key of the format is plain ASCII; an escaped one ("titl\u0065") would slip
               * past the duplicate check below and json-glib would keep the last of the two. */
              if (memchr (key, '\\', i - start) != NULL)
                {
                  ok = scan_fail (file, data, start - 1, ZB_DATASET_ERROR_PARSE, error,
                                  _("the key “%s” has an escape; write keys plainly"), key);
                  g_free (key);
                }
              else if (!g_hash_table_add (frames[depth].keys, key))
                ok = scan_fail (file, data, start - 1, ZB_DATASET_ERROR_PARSE, error,
                                _("the key “%s” appears twice in one object"), key);
            }
        }
      else if (c == '{' || c == '[')
        {
          if (depth == MAX_DEPTH)
            {
              ok = scan_fail (file, data, i, ZB_DATASET_ERROR_TOO_LARGE, error,
                              _("JSON nested deeper than %d levels; a dataset needs at most 6"),
                              MAX_DEPTH);
              break;
            }
          depth++;
          frames[depth].is_object = c == '{';
          frames[depth].expect_key = c == '{';
          frames[depth].keys = c == '{' ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                  NULL)
                                        : NULL;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        {
          g_clear_pointer (&frames[depth].keys, g_hash_table_unref);
          depth--;
        }
      else if (c == ',' && depth > 0 && frames[depth].is_object)
        frames[depth].expect_key = TRUE;
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = i;
          guint digits = 0;
          gboolean integer = TRUE;

          for (; i < len && data[i] != '\0' && strchr ("-+.eE0123456789", data[i]) != NULL; i++)
            {
              if (g_ascii_isdigit (data[i]))
                digits++;
              else if (data[i] != '-')
                integer = FALSE;
            }
          i--;
          if (integer && digits > MAX_INTEGER_DIGITS)
            ok = scan_fail (file, data, start, ZB_DATASET_ERROR_PARSE, error,
                            _("the integer %.*s is too large to be read exactly"),
                            (int) MIN (i + 1 - start, 40), data + start);
        }
    }

  for (; depth > 0; depth--)
    g_clear_pointer (&frames[depth].keys, g_hash_table_unref);
  return ok;
}

/* Reading and validating the tree ---------------------------------------------------------- */

typedef struct
{
  const char *file;  /* name used in messages */
  GString    *path;  /* JSON path of the node being read: "$.indicators[3].unit" */
  ZbDataset  *dataset;
  ZbReport   *report; /* the report text when the caller has it already, or NULL */
  GError     *error;  /* the first error: it is the one a person fixes first */
} Loader;

static gsize
path_push_key (Loader     *l,
               const char *key)
{
  gsize mark = l->path->len;

  /* Not printf: the path follows every member read, some twenty thousand a dataset. */
  g_string_append_c (l->path, '.');
  g_string_append (l->path, key);
  return mark;
}

static gsize
path_push_index (Loader *l,
                 guint   index)
{
  gsize mark = l->path->len;
  char digits[16];
  gsize n = 0;

  do
    digits[n++] = (char) ('0' + index % 10);
  while ((index /= 10) > 0);
  g_string_append_c (l->path, '[');
  while (n > 0)
    g_string_append_c (l->path, digits[--n]);
  g_string_append_c (l->path, ']');
  return mark;
}

static void
path_pop (Loader *l,
          gsize   mark)
{
  g_string_truncate (l->path, mark);
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Loader     *l,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (l->error == NULL)
    g_set_error (&l->error, ZB_DATASET_ERROR, code, "%s: %s: %s", l->file, l->path->str, message);
  return FALSE;
}

/* The first 40 characters of str, so a message quoting it stays one line. */
static char *
dup_shown (const char *str)
{
  return g_utf8_substring (str, 0, MIN (g_utf8_strlen (str, -1), 40));
}

/* The kind of a value, as get_member () asks for one: null, an object, an array or a plain value. */
static JsonNodeType
node_kind (const ZbJson *node)
{
  switch (node->type)
    {
    case ZB_JSON_OBJECT:
      return JSON_NODE_OBJECT;
    case ZB_JSON_ARRAY:
      return JSON_NODE_ARRAY;
    case ZB_JSON_NULL:
      return JSON_NODE_NULL;
    case ZB_JSON_BOOLEAN:
    case ZB_JSON_INTEGER:
    case ZB_JSON_DOUBLE:
    case ZB_JSON_STRING:
    default:
      return JSON_NODE_VALUE;
    }
}

static char *
describe_node (const ZbJson *node)
{
  switch (node->type)
    {
    case ZB_JSON_OBJECT:
      return g_strdup (_("an object"));
    case ZB_JSON_ARRAY:
      return g_strdup (_("an array"));
    case ZB_JSON_NULL:
      return g_strdup ("null");
    case ZB_JSON_STRING:
      {
        g_autofree char *shown = dup_shown (node->v.string);

        return g_strdup_printf (_("the string “%s”"), shown);
      }
    case ZB_JSON_BOOLEAN:
      return g_strdup (node->v.boolean ? "true" : "false");
    case ZB_JSON_INTEGER:
      return g_strdup_printf (_("the integer %lld"), (long long) node->v.integer);
    case ZB_JSON_DOUBLE:
      if (isinf (node->v.number))
        return g_strdup (_("a number too large for a double (infinity)"));
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        /* Not %g: the message must not depend on the locale's decimal comma. */
        return g_strdup_printf (_("the number %s"),
                                g_ascii_dtostr (buf, sizeof buf, node->v.number));
      }
    default:
      return g_strdup (_("an unknown value"));
    }
}

/* @expected is untranslated (N_), as most of the time no message is made: translated here. */
static gboolean
fail_type (Loader       *l,
           const char   *expected,
           const ZbJson *got)
{
  g_autofree char *described = describe_node (got);

  return fail (l, ZB_DATASET_ERROR_INVALID, _("expected %s, got %s"), _(expected), described);
}

/* @expected as for fail_type (). */
static gboolean
fail_missing (Loader     *l,
              const char *expected)
{
  return fail (l, ZB_DATASET_ERROR_INVALID, _("missing; expected %s"), _(expected));
}

static gboolean
holds_type (const ZbJson *node,
            ZbJsonType    type)
{
  return node->type == type;
}

/* Keys outside allowed are most often typos ("soruce"), which would otherwise lose data. */
static gboolean
check_keys (Loader            *l,
            const ZbJson      *object,
            const char *const *allowed)
{
  /* In the order written, so the first unknown key of the file is the one named. */
  for (guint i = 0; i < object->length; i++)
    {
      const char *name = object->v.members[i].name;

      if (g_strv_contains (allowed, name))
        continue;
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);
        gsize mark = path_push_key (l, name);

        fail (l, ZB_DATASET_ERROR_INVALID, _("unknown key; expected one of %s"), list);
        path_pop (l, mark);
        return FALSE;
      }
    }
  return TRUE;
}

/* The member key of object, checked to be of a JSON node type; NULL when absent (an error when
 * required) or on a type error. Optional members that are null count as absent. */
static const ZbJson *
get_member (Loader       *l,
            const ZbJson *object,
            const char   *key,
            gboolean      required,
            JsonNodeType  type,
            const char   *expected,
            gboolean     *ok)
{
  const ZbJson *node = zb_json_get_member (object, key);
  gsize mark = path_push_key (l, key);

  *ok = TRUE;
  if (node == NULL || (!required && node->type == ZB_JSON_NULL))
    {
      if (required)
        *ok = fail_missing (l, expected);
      node = NULL;
    }
  else if (node_kind (node) != type)
    {
      *ok = fail_type (l, expected, node);
      node = NULL;
    }
  path_pop (l, mark);
  return node;
}

static gboolean
read_string (Loader        *l,
             const ZbJson  *object,
             const char    *key,
             gboolean       required,
             gboolean       nonempty,
             char         **out)
{
  const char *expected = nonempty ? N_("a non-empty string") : N_("a string");
  gboolean ok;
  const ZbJson *node = get_member (l, object, key, required, JSON_NODE_VALUE, expected, &ok);
  gsize mark;

  if (node == NULL)
    return ok;
  mark = path_push_key (l, key);
  if (!holds_type (node, ZB_JSON_STRING) || (nonempty && *node->v.string == '\0'))
    ok = fail_type (l, expected, node);
  else
    zb_set_str (out, node->v.string);
  path_pop (l, mark);
  return ok;
}

static gboolean
read_offset (Loader       *l,
             const ZbJson *object,
             const char   *key,
             gsize        *out)
{
  const char *expected = N_("an integer byte offset");
  gboolean ok;
  const ZbJson *node = get_member (l, object, key, TRUE, JSON_NODE_VALUE, expected, &ok);
  gsize mark;

  if (node == NULL)
    return ok;
  mark = path_push_key (l, key);
  if (!holds_type (node, ZB_JSON_INTEGER) || node->v.integer < 0)
    ok = fail_type (l, N_("a non-negative integer byte offset"), node);
  else
    *out = (gsize) node->v.integer;
  path_pop (l, mark);
  return ok;
}

static gboolean
read_number (Loader       *l,
             const ZbJson *object,
             const char   *key,
             double       *out)
{
  const char *expected = N_("a finite number");
  gboolean ok;
  const ZbJson *node = get_member (l, object, key, TRUE, JSON_NODE_VALUE, expected, &ok);
  gsize mark;

  if (node == NULL)
    return ok;
  mark = path_push_key (l, key);
  if (holds_type (node, ZB_JSON_INTEGER))
    *out = (double) node->v.integer;
  else if (holds_type (node, ZB_JSON_DOUBLE) && isfinite (node->v.number))
    *out = node->v.number;
  else
    ok = fail_type (l, expected, node);
  path_pop (l, mark);
  return ok;
}

static gboolean
read_boolean (Loader       *l,
              const ZbJson *object,
              const char   *key,
              gboolean     *out)
{
  gboolean ok;
  const ZbJson *node = get_member (l, object, key, FALSE, JSON_NODE_VALUE, "true or false", &ok);
  gsize mark;

  if (node == NULL)
    return ok;
  mark = path_push_key (l, key);
  if (!holds_type (node, ZB_JSON_BOOLEAN))
    ok = fail_type (l, "true or false", node);
  else
    *out = node->v.boolean;
  path_pop (l, mark);
  return ok;
}

static gboolean
read_text (Loader       *l,
           const ZbJson *object,
           const char   *key,
           gboolean      required,
           ZbText       *out)
{
  static const char *const keys[] = { "zh", "en", NULL };
  const char *expected = N_("an object {\"zh\": …, \"en\": …}");
  gboolean ok;
  const ZbJson *text = get_member (l, object, key, required, JSON_NODE_OBJECT, expected, &ok);
  gsize mark;

  if (text == NULL)
    return ok;
  mark = path_push_key (l, key);
  ok = check_keys (l, text, keys)
       && read_string (l, text, "zh", FALSE, FALSE, &out->zh)
       && read_string (l, text, "en", FALSE, FALSE, &out->en);
  path_pop (l, mark);
  return ok;
}

/* An enumeration written as a string: theme, measure, status, chart type. The names come from
 * zb-types, one function a kind, so the loader accepts exactly what the writer writes. */
typedef const char *(*NameFunc) (int index);

static const char *
theme_name (int index)
{
  return zb_themes[index];
}

static const char *
measure_name (int index)
{
  return zb_measure_to_string ((ZbMeasure) index);
}

static const char *
status_name (int index)
{
  return zb_status_to_string ((ZbStatus) index);
}

static const char *
chart_type_name (int index)
{
  return zb_chart_type_to_string ((ZbChartType) index);
}

static gboolean
read_name (Loader       *l,
           const ZbJson *object,
           const char   *key,
           gboolean      required,
           NameFunc      name_of,
           int          *out,
           gboolean     *found)
{
  g_autoptr (GString) expected = NULL;
  gboolean ok;
  const ZbJson *node = zb_json_get_member (object, key);
  gsize mark;

  if (found != NULL)
    *found = FALSE;
  /* A known name, the common case, needs no message: the list of names is made for one. */
  if (node != NULL && holds_type (node, ZB_JSON_STRING))
    for (int i = 0; name_of (i) != NULL; i++)
      if (strcmp (name_of (i), node->v.string) == 0)
        {
          *out = i;
          if (found != NULL)
            *found = TRUE;
          return TRUE;
        }

  expected = g_string_new (_("one of "));
  for (int i = 0; name_of (i) != NULL; i++)
    {
      if (i > 0)
        g_string_append (expected, ", ");
      g_string_append (expected, name_of (i));
    }
  node = get_member (l, object, key, required, JSON_NODE_VALUE, expected->str, &ok);
  if (node == NULL)
    return ok;
  mark = path_push_key (l, key);
  fail_type (l, expected->str, node);
  path_pop (l, mark);
  return FALSE;
}

static gboolean
parse_year (const char *p)
{
  return g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
         && g_ascii_isdigit (p[3]);
}

/* 2023, 2023Q1, 2023H1, 2023Q1-Q3 (first three quarters), 2021-2025 (a plan's years). */
static gboolean
period_is_valid (const char *period)
{
  gsize len = strlen (period);

  if (len < 4 || !parse_year (period))
    return FALSE;
  if (len == 4)
    return TRUE;
  if (len == 6 && period[4] == 'Q')
    return period[5] >= '1' && period[5] <= '4';
  if (len == 6 && period[4] == 'H')
    return period[5] == '1' || period[5] == '2';
  if (len == 9 && period[4] == 'Q' && period[6] == '-' && period[7] == 'Q')
    return period[5] >= '1' && period[8] <= '4' && period[5] < period[8];
  if (len == 9 && period[4] == '-' && parse_year (period + 5))
    return strncmp (period, period + 5, 4) < 0;
  return FALSE;
}

static gboolean
read_period (Loader        *l,
             const ZbJson  *object,
             gboolean       required,
             char         **out)
{
  const char *expected = N_("a period such as 2023, 2023Q1, 2023H1, 2023Q1-Q3 or 2021-2025");
  gboolean ok;
  const ZbJson *node = get_member (l, object, "period", required, JSON_NODE_VALUE, expected, &ok);
  gsize mark;

  if (node == NULL)
    return ok;
  mark = path_push_key (l, "period");
  if (!holds_type (node, ZB_JSON_STRING) || !period_is_valid (node->v.string))
    ok = fail_type (l, expected, node);
  else
    zb_set_str (out, node->v.string);
  path_pop (l, mark);
  return ok;
}

/* Checks a span against the report; the path is that of the object holding start/end/text. */
static gboolean
check_span (Loader     *l,
            gsize       start,
            gsize       end,
            const char *text)
{
  ZbReport *report = l->dataset->report;
  g_autofree char *actual = NULL;
  gsize len = 0;

  if (report == NULL)
    return fail (l, ZB_DATASET_ERROR_REPORT,
                 _("a source span needs the report text, but $.report has no “text”"));
  zb_report_get_text (report, &len);
  if (start >= end)
    return fail (l, ZB_DATASET_ERROR_SPAN,
                 _("expected start < end, got the span %zu..%zu"),
                 start, end);
  if (end > len)
    return fail (l, ZB_DATASET_ERROR_SPAN,
                 _("the span %zu..%zu lies outside the report "
                   "text, which has %zu bytes"),
                 start, end, len);
  if (!zb_report_is_valid_span (report, start, end))
    return fail (l, ZB_DATASET_ERROR_SPAN,
                 _("the span %zu..%zu splits a UTF-8 character; "
                   "offsets must fall between characters"),
                 start, end);
  if (text == NULL)
    return TRUE;
  actual = zb_report_dup_range (report, start, end);
  if (g_strcmp0 (actual, text) != 0)
    {
      gsize mark = path_push_key (l, "text");
      g_autofree char *shown = dup_shown (actual);

      fail (l, ZB_DATASET_ERROR_SPAN,
            _("expected the report's words at %zu..%zu"
              ", “%s”, got “%s”"),
            start, end, shown, text);
      path_pop (l, mark);
      return FALSE;
    }
  return TRUE;
}

/* {"start", "end", "text"} into the out parameters, checked against the report. */
static gboolean
read_span (Loader        *l,
           const ZbJson  *object,
           gsize         *start,
           gsize         *end,
           char         **text)
{
  return read_offset (l, object, "start", start)
         && read_offset (l, object, "end", end)
         && read_string (l, object, "text", TRUE, TRUE, text)
         && check_span (l, *start, *end, *text);
}

/* Calls func for each element of the array at object.key, with the path set to the element. */
typedef gboolean (*ReadElementFunc) (Loader       *l,
                                     const ZbJson *element,
                                     gpointer      user_data);

static gboolean
read_array (Loader          *l,
            const ZbJson    *object,
            const char      *key,
            gboolean         required,
            ReadElementFunc  func,
            gpointer         user_data)
{
  gboolean ok;
  const ZbJson *array = get_member (l, object, key, required, JSON_NODE_ARRAY, N_("an array"), &ok);
  gsize mark;

  if (array == NULL)
    return ok;
  mark = path_push_key (l, key);
  for (guint i = 0; ok && i < array->length; i++)
    {
      gsize element_mark = path_push_index (l, i);

      ok = func (l, &array->v.elements[i], user_data);
      path_pop (l, element_mark);
    }
  path_pop (l, mark);
  return ok;
}

static const ZbJson *
expect_object (Loader       *l,
               const ZbJson *node,
               const char   *expected)
{
  if (node->type != ZB_JSON_OBJECT)
    {
      fail_type (l, expected, node);
      return NULL;
    }
  return node;
}

static gboolean
read_qualifier (Loader       *l,
                const ZbJson *element,
                gpointer      user_data)
{
  GPtrArray *qualifiers = user_data;

  if (!holds_type (element, ZB_JSON_STRING) || *element->v.string == '\0')
    return fail_type (l, N_("a non-empty string"), element);
  g_ptr_array_add (qualifiers, g_strdup (element->v.string));
  return TRUE;
}

static gboolean
read_source (Loader        *l,
             const ZbJson  *object,
             ZbObservation *observation)
{
  static const char *const keys[] = { "start", "end", "text", "label", NULL };
  gboolean ok;
  const ZbJson *source = get_member (l, object, "source", TRUE, JSON_NODE_OBJECT,
                                     N_("an object {\"start\", \"end\", \"text\"}"), &ok);
  gsize mark;

  if (source == NULL)
    return ok;
  mark = path_push_key (l, "source");
  ok = check_keys (l, source, keys)
       && read_string (l, source, "label", FALSE, TRUE, &observation->src_label);
  /* A value read from a table has a label instead of a span. */
  if (ok && (observation->src_label == NULL || zb_json_get_member (source, "start") != NULL))
    ok = read_span (l, source, &observation->src_start, &observation->src_end,
                    &observation->src_text);
  path_pop (l, mark);
  return ok;
}

static gboolean
read_observation (Loader       *l,
                  const ZbJson *element,
                  gpointer      user_data)
{
  static const char *const keys[] = {
    "period", "cumulative", "value", "status", "qualifiers", "source", NULL,
  };
  ZbIndicator *indicator = user_data;
  const ZbJson *object = expect_object (l, element, N_("an observation object"));
  ZbObservation *observation;
  g_autoptr (GPtrArray) qualifiers = g_ptr_array_new_with_free_func (g_free);
  int status = ZB_STATUS_ACTUAL;

  if (object == NULL || !check_keys (l, object, keys))
    return FALSE;
  observation = zb_indicator_add_observation (indicator);
  if (!read_period (l, object, TRUE, &observation->period)
      || !read_boolean (l, object, "cumulative", &observation->cumulative)
      || !read_number (l, object, "value", &observation->value)
      || !read_name (l, object, "status", TRUE, status_name, &status, NULL)
      || !read_array (l, object, "qualifiers", FALSE, read_qualifier, qualifiers)
      || !read_source (l, object, observation))
    return FALSE;
  observation->status = (ZbStatus) status;
  g_ptr_array_add (qualifiers, NULL);
  g_strfreev (observation->qualifiers);
  observation->qualifiers = (char **) g_ptr_array_free (g_steal_pointer (&qualifiers), FALSE);
  return TRUE;
}

/* The id of an indicator, chart or briefing: non-empty and not used by another of its kind. */
static gboolean
read_id (Loader        *l,
         const ZbJson  *object,
         GPtrArray     *items,
         GHashTable    *ids,
         char         **out)
{
  gpointer existing;
  gsize mark;

  if (!read_string (l, object, "id", TRUE, TRUE, out))
    return FALSE;
  existing = g_hash_table_lookup (ids, *out);
  if (existing == NULL)
    return TRUE;
  mark = path_push_key (l, "id");
  {
    guint index = 0;

    g_ptr_array_find (items, existing, &index);
    fail (l, ZB_DATASET_ERROR_DUPLICATE, _("the id “%s” is used twice (first at index %u)"), *out,
          index);
  }
  path_pop (l, mark);
  return FALSE;
}

static gboolean
read_indicator (Loader       *l,
                const ZbJson *element,
                gpointer      user_data)
{
  static const char *const keys[] = {
    "id", "name", "theme", "unit", "measure", "observations", NULL,
  };
  ZbDataset *self = l->dataset;
  const ZbJson *object = expect_object (l, element, N_("an indicator object"));
  g_autofree char *id = NULL;
  g_autoptr (ZbIndicator) indicator = NULL;
  int theme = 0;
  int measure = 0;

  if (object == NULL || !check_keys (l, object, keys)
      || !read_id (l, object, self->indicators, self->indicator_ids, &id))
    return FALSE;
  indicator = zb_indicator_new (id);
  if (!read_text (l, object, "name", TRUE, &indicator->name)
      || !read_name (l, object, "theme", TRUE, theme_name, &theme, NULL)
      || !read_string (l, object, "unit", TRUE, FALSE, &indicator->unit)
      || !read_name (l, object, "measure", TRUE, measure_name, &measure, NULL)
      || !read_array (l, object, "observations", TRUE, read_observation, indicator))
    return FALSE;
  zb_set_str (&indicator->theme, zb_themes[theme]);
  indicator->measure = (ZbMeasure) measure;
  zb_dataset_add_indicator (self, g_steal_pointer (&indicator));
  return TRUE;
}

typedef struct
{
  char     *indicator;
  char     *period;
  gboolean  has_status;
  ZbStatus  status;
  ZbText    label;
} SeriesFields;

/* A series or a reference line: both name an indicator and optionally one observation of it. */
static gboolean
read_series_fields (Loader       *l,
                    const ZbJson *element,
                    SeriesFields *fields)
{
  static const char *const keys[] = { "indicator", "period", "status", "label", NULL };
  const ZbJson *object = expect_object (l, element, N_("an object {\"indicator\": …}"));
  ZbIndicator *indicator;
  gboolean ok = TRUE;
  int status = 0;
  gsize mark;

  if (object == NULL || !check_keys (l, object, keys)
      || !read_string (l, object, "indicator", TRUE, TRUE, &fields->indicator)
      || !read_period (l, object, FALSE, &fields->period)
      || !read_name (l, object, "status", FALSE, status_name, &status, &fields->has_status)
      || !read_text (l, object, "label", FALSE, &fields->label))
    return FALSE;
  fields->status = (ZbStatus) status;

  indicator = zb_dataset_lookup_indicator (l->dataset, fields->indicator);
  mark = path_push_key (l, "indicator");
  if (indicator == NULL)
    ok = fail (l, ZB_DATASET_ERROR_REFERENCE, _("no indicator has the id “%s”"),
               fields->indicator);
  else if ((fields->period != NULL || fields->has_status)
           && zb_indicator_find_observation (indicator, fields->period,
                                             fields->has_status ? (int) fields->status : -1)
                == NULL)
    ok = fail (l, ZB_DATASET_ERROR_REFERENCE,
          _("the indicator “%s” has no observation for period %s and status %s"),
          fields->indicator, fields->period != NULL ? fields->period : "*",
          fields->has_status ? zb_status_to_string (fields->status) : "*");
  path_pop (l, mark);
  return ok;
}

/* An element of "series" or "references"; user_data is the array it joins. */
static gboolean
read_series_ref (Loader       *l,
                 const ZbJson *element,
                 gpointer      user_data)
{
  SeriesFields fields = { 0 };
  gboolean ok = read_series_fields (l, element, &fields);
  ZbSeriesRef *ref = series_ref_append (user_data, fields.indicator ? fields.indicator : "");

  ref->period = fields.period;
  ref->has_status = fields.has_status;
  ref->status = fields.status;
  ref->label = fields.label;
  g_free (fields.indicator);
  return ok;
}

static gboolean
read_chart (Loader       *l,
            const ZbJson *element,
            gpointer      user_data)
{
  static const char *const keys[] = {
    "id", "type", "title", "subtitle", "series", "references", NULL,
  };
  ZbDataset *self = l->dataset;
  const ZbJson *object = expect_object (l, element, N_("a chart object"));
  g_autofree char *id = NULL;
  g_autoptr (ZbChartSpec) chart = NULL;
  int type = 0;

  if (object == NULL || !check_keys (l, object, keys)
      || !read_id (l, object, self->charts, self->chart_ids, &id)
      || !read_name (l, object, "type", TRUE, chart_type_name, &type, NULL))
    return FALSE;
  chart = zb_chart_spec_new (id, (ZbChartType) type);
  if (!read_text (l, object, "title", TRUE, &chart->title)
      || !read_text (l, object, "subtitle", FALSE, &chart->subtitle)
      || !read_array (l, object, "series", TRUE, read_series_ref, chart->series)
      || !read_array (l, object, "references", FALSE, read_series_ref, chart->references))
    return FALSE;
  zb_dataset_add_chart (self, g_steal_pointer (&chart));
  return TRUE;
}

static gboolean
read_slide (Loader       *l,
            const ZbJson *element,
            gpointer      user_data)
{
  static const char *const keys[] = { "chart", "note", NULL };
  ZbBriefing *briefing = user_data;
  g_autofree char *chart = NULL;
  g_autofree char *note = NULL;
  ZbSlide *slide;
  gsize mark;

  if (holds_type (element, ZB_JSON_STRING) && *element->v.string != '\0')
    chart = g_strdup (element->v.string);
  else if (element->type == ZB_JSON_OBJECT)
    {
      if (!check_keys (l, element, keys)
          || !read_string (l, element, "chart", TRUE, TRUE, &chart)
          || !read_string (l, element, "note", FALSE, FALSE, &note))
        return FALSE;
    }
  else
    return fail_type (l, N_("a chart id or an object {\"chart\": …, \"note\": …}"), element);

  if (zb_dataset_lookup_chart (l->dataset, chart) == NULL)
    {
      mark = element->type == ZB_JSON_OBJECT ? path_push_key (l, "chart") : l->path->len;
      fail (l, ZB_DATASET_ERROR_REFERENCE, _("no chart has the id “%s”"), chart);
      path_pop (l, mark);
      return FALSE;
    }
  slide = zb_briefing_add_slide (briefing, chart);
  slide->note = g_steal_pointer (&note);
  return TRUE;
}

static gboolean
read_briefing (Loader       *l,
               const ZbJson *element,
               gpointer      user_data)
{
  static const char *const keys[] = { "id", "title", "subtitle", "charts", NULL };
  ZbDataset *self = l->dataset;
  const ZbJson *object = expect_object (l, element, N_("a briefing object"));
  g_autofree char *id = NULL;
  g_autoptr (ZbBriefing) briefing = NULL;

  if (object == NULL || !check_keys (l, object, keys)
      || !read_id (l, object, self->briefings, self->briefing_ids, &id))
    return FALSE;
  briefing = zb_briefing_new (id);
  if (!read_text (l, object, "title", TRUE, &briefing->title)
      || !read_text (l, object, "subtitle", FALSE, &briefing->subtitle)
      || !read_array (l, object, "charts", TRUE, read_slide, briefing))
    return FALSE;
  zb_dataset_add_briefing (self, g_steal_pointer (&briefing));
  return TRUE;
}

static gboolean
read_exclusion (Loader       *l,
                const ZbJson *element,
                gpointer      user_data)
{
  static const char *const keys[] = { "start", "end", "text", "reason", NULL };
  const ZbJson *object = expect_object (l, element, N_("an object {\"start\", \"end\", \"text\", \"reason\"}"));
  ZbExclusion *exclusion;

  if (object == NULL || !check_keys (l, object, keys))
    return FALSE;
  exclusion = g_new0 (ZbExclusion, 1);
  zb_dataset_add_exclusion (l->dataset, exclusion);
  return read_span (l, object, &exclusion->start, &exclusion->end, &exclusion->text)
         && read_string (l, object, "reason", TRUE, TRUE, &exclusion->reason);
}

/* Sections are written from the report on save; on load they are only checked. */
static gboolean
read_section (Loader       *l,
              const ZbJson *element,
              gpointer      user_data)
{
  static const char *const keys[] = { "id", "title", "start", "end", "parent", NULL };
  const ZbJson *object = expect_object (l, element, N_("a section object"));
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *parent = NULL;
  gsize start = 0;
  gsize end = 0;

  if (object == NULL || !check_keys (l, object, keys)
      || !read_string (l, object, "id", TRUE, TRUE, &id)
      || !read_string (l, object, "title", TRUE, FALSE, &title)
      || !read_offset (l, object, "start", &start)
      || !read_offset (l, object, "end", &end)
      || !read_string (l, object, "parent", FALSE, TRUE, &parent))
    return FALSE;
  return l->dataset->report == NULL || check_span (l, start, end, NULL);
}

static gboolean
is_sha256 (const char *str)
{
  if (strlen (str) != 64)
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_date (const char *str)
{
  guint year, month, day;
  int n = 0;

  /* Read exactly, in any locale: g_date_set_parse guesses and refuses years it finds unlikely. */
  if (strlen (str) != 10 || str[4] != '-' || str[7] != '-'
      || sscanf (str, "%4u-%2u-%2u%n", &year, &month, &day, &n) != 3 || n != 10)
    return FALSE;
  return year >= 1 && g_date_valid_dmy (day, month, year);
}

static gboolean
load_report_text (Loader       *l,
                  const ZbJson *object,
                  const char   *base_dir)
{
  ZbDataset *self = l->dataset;
  g_autofree char *sha256 = NULL;
  g_autofree char *full_path = NULL;
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize mark;

  if (!read_string (l, object, "text", FALSE, TRUE, &self->text_path))
    return FALSE;
  if (self->text_path == NULL)
    return TRUE;
  if (!read_string (l, object, "text_sha256", TRUE, TRUE, &sha256))
    return FALSE;
  mark = path_push_key (l, "text_sha256");
  if (!is_sha256 (sha256))
    {
      fail (l, ZB_DATASET_ERROR_INVALID, _("expected 64 hexadecimal digits, got “%s”"), sha256);
      path_pop (l, mark);
      return FALSE;
    }
  path_pop (l, mark);

  if (g_path_is_absolute (self->text_path))
    full_path = g_strdup (self->text_path);
  else
    full_path = g_build_filename (base_dir != NULL ? base_dir : ".", self->text_path, NULL);

  mark = path_push_key (l, "text");
  if (l->report != NULL)
    report = g_object_ref (l->report);
  else
    report = zb_report_new_from_file (full_path, &local_error);
  /* The report's own message names its file in most cases; say it once. */
  if (report == NULL && strstr (local_error->message, full_path) != NULL)
    fail (l, ZB_DATASET_ERROR_REPORT, "%s", local_error->message);
  else if (report == NULL)
    fail (l, ZB_DATASET_ERROR_REPORT, _("cannot use the report text “%s”: %s"), full_path,
          local_error->message);
  path_pop (l, mark);
  if (report == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (zb_report_get_sha256 (report), sha256) != 0)
    {
      mark = path_push_key (l, "text_sha256");
      fail (l, ZB_DATASET_ERROR_REPORT,
            _("the report text “%s” changed since the dataset was made: its SHA-256 is %s, "
              "the dataset expects %s"),
            full_path, zb_report_get_sha256 (report), sha256);
      path_pop (l, mark);
      return FALSE;
    }
  self->report = g_steal_pointer (&report);
  return TRUE;
}

static gboolean
read_report (Loader       *l,
             const ZbJson *root,
             const char   *base_dir)
{
  static const char *const keys[] = {
    "title", "place", "delivered", "text", "text_sha256", NULL,
  };
  ZbDataset *self = l->dataset;
  gboolean ok;
  const ZbJson *object = get_member (l, root, "report", TRUE, JSON_NODE_OBJECT,
                                     N_("an object describing the report"), &ok);
  gsize mark;

  if (object == NULL)
    return ok;
  mark = path_push_key (l, "report");
  ok = check_keys (l, object, keys)
       && read_text (l, object, "title", TRUE, &self->title)
       && read_text (l, object, "place", TRUE, &self->place)
       && read_string (l, object, "delivered", FALSE, TRUE, &self->delivered);
  if (ok && self->delivered != NULL && !is_date (self->delivered))
    {
      gsize date_mark = path_push_key (l, "delivered");

      ok = fail (l, ZB_DATASET_ERROR_INVALID, _("expected a date YYYY-MM-DD, got “%s”"),
                 self->delivered);
      path_pop (l, date_mark);
    }
  ok = ok && load_report_text (l, object, base_dir);
  path_pop (l, mark);
  return ok;
}

static gboolean
read_header (Loader       *l,
             const ZbJson *root)
{
  const ZbJson *format = zb_json_get_member (root, "format");
  const ZbJson *version = zb_json_get_member (root, "version");

  if (format == NULL || !holds_type (format, ZB_JSON_STRING)
      || strcmp (format->v.string, ZB_DATASET_FORMAT) != 0)
    {
      g_autofree char *described = format != NULL ? describe_node (format) : g_strdup (_("nothing"));
      gsize mark = path_push_key (l, "format");

      fail (l, ZB_DATASET_ERROR_FORMAT, _("expected “%s”, got %s: this is not a Zhibiao dataset"),
            ZB_DATASET_FORMAT, described);
      path_pop (l, mark);
      return FALSE;
    }
  if (version == NULL || !holds_type (version, ZB_JSON_INTEGER)
      || version->v.integer != ZB_DATASET_VERSION)
    {
      g_autofree char *described = version != NULL ? describe_node (version) : g_strdup (_("nothing"));
      gsize mark = path_push_key (l, "version");

      fail (l, ZB_DATASET_ERROR_FORMAT,
            _("expected %d, got %s: this version of Zhibiao reads dataset version %d only"),
            ZB_DATASET_VERSION, described, ZB_DATASET_VERSION);
      path_pop (l, mark);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_root (Loader       *l,
           const ZbJson *root,
           const char   *base_dir)
{
  static const char *const keys[] = {
    "format", "version", "report", "sections", "indicators", "charts", "briefings", "excluded",
    NULL,
  };
  const ZbJson *sections;

  if (root->type != ZB_JSON_OBJECT)
    {
      g_autofree char *described = describe_node (root);

      return fail (l, ZB_DATASET_ERROR_FORMAT,
                   _("expected an object with \"format\": \"%s\", got %s: this is not a Zhibiao "
                     "dataset"),
                   ZB_DATASET_FORMAT, described);
    }
  if (!read_header (l, root) || !check_keys (l, root, keys) || !read_report (l, root, base_dir))
    return FALSE;
  if (!read_array (l, root, "sections", FALSE, read_section, NULL)
      || !read_array (l, root, "indicators", TRUE, read_indicator, NULL)
      || !read_array (l, root, "charts", FALSE, read_chart, NULL)
      || !read_array (l, root, "briefings", FALSE, read_briefing, NULL)
      || !read_array (l, root, "excluded", FALSE, read_exclusion, NULL))
    return FALSE;

  sections = zb_json_get_member (root, "sections");
  if (l->dataset->report == NULL && sections != NULL && sections->type == ZB_JSON_ARRAY)
    l->dataset->sections = zb_json_to_node (sections);
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static ZbDataset *
load_data (const char *data,
           gsize       len,
           const char *base_dir,
           const char *display_name,
           ZbReport   *report,
           GError    **error)
{
  g_autoptr (ZbDataset) self = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (ZbJsonTree) tree = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) path = NULL;
  const char *file = display_name != NULL ? display_name : _("dataset");
  gsize skip = 0;
  Loader loader;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > ZB_DATASET_MAX_SIZE)
    {
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_TOO_LARGE,
                   _("%s: the file has %zu bytes; datasets larger than %d MB are "
                     "refused"),
                   file, len, ZB_DATASET_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  /* Editors on some systems write a byte order mark, which json-glib does not expect. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  if (is_blank (data + skip, len - skip))
    {
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_PARSE,
                   _("%s: the file is empty; expected a JSON object"), file);
      return NULL;
    }
  /* Well-formed JSON is read quickly (zb-json.h); anything else the careful way, which says
   * what is wrong and where. */
  tree = zb_json_tree_read (data + skip, len - skip, &json_limits);
  if (tree == NULL && !prescan (data + skip, len - skip, file, error))
    return NULL;

  parser = tree != NULL ? NULL : json_parser_new_immutable ();
  if (parser != NULL && !json_parser_load_from_data (parser, data + skip, (gssize) (len - skip), &local_error))
    {
      /* json-glib names data "<data>"; the person wants the file's name before line:column. It
       * also quotes the offending bytes cut anywhere, so its message may not be UTF-8. */
      g_autofree char *valid = g_utf8_make_valid (local_error->message, -1);
      const char *message = valid;
      const char *separator = ": ";

      if (g_str_has_prefix (message, "<data>:"))
        {
          message += strlen ("<data>");
          separator = "";
        }
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_PARSE, "%s%s%s", file, separator,
                   message);
      return NULL;
    }

  /* json-glib accepts a text of only white space and byte order marks, with no root at all. */
  if (tree == NULL && json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_PARSE,
                   _("%s: the file is empty; expected a JSON object"), file);
      return NULL;
    }
  if (tree == NULL)
    tree = zb_json_tree_new_from_node (json_parser_get_root (parser));

  self = zb_dataset_new ();
  path = g_string_new ("$");
  loader.file = file;
  loader.path = path;
  loader.dataset = self;
  loader.report = report;
  loader.error = NULL;
  if (!read_root (&loader, zb_json_tree_get_root (tree), base_dir))
    {
      g_assert (loader.error != NULL);
      g_propagate_error (error, loader.error);
      return NULL;
    }

  self->base_dir = g_strdup (base_dir);
  self->sha256 = zb_sha256_hex (data, len);
  return g_steal_pointer (&self);
}

ZbDataset *
zb_dataset_load_from_data (const char *data,
                           gsize       len,
                           const char *base_dir,
                           const char *display_name,
                           GError    **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_data (data, len, base_dir, display_name, NULL, error);
}

ZbDataset *
zb_dataset_load (const char *path,
                 GError    **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *message = NULL;
  ZbDataset *self;
  goffset size;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (zb_file_read_regular (path, ZB_DATASET_MAX_SIZE, &data, &len, &size, &message))
    {
    case ZB_FILE_READ_OK:
      break;
    case ZB_FILE_READ_MISSING:
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO,
                   _("%s: cannot read the file: no such file or folder"), path);
      return NULL;
    case ZB_FILE_READ_FOLDER:
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO,
                   _("%s: is a folder; expected a dataset file (.json)"), path);
      return NULL;
    case ZB_FILE_READ_NOT_REGULAR:
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO,
                   _("%s: is not a regular file (a pipe, socket or device); expected a dataset "
                     "file (.json)"),
                   path);
      return NULL;
    case ZB_FILE_READ_TOO_LARGE:
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_TOO_LARGE,
                   _("%s: the file has %lld bytes; datasets larger than %d MB "
                     "are refused"),
                   path, (long long) size, ZB_DATASET_MAX_SIZE / (1024 * 1024));
      return NULL;
    case ZB_FILE_READ_FAILED:
    default:
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO, _("%s: cannot read the file: %s"),
                   path, message);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  self = zb_dataset_load_from_data (data, len, dir, path, error);
  if (self != NULL)
    self->path = g_strdup (path);
  return self;
}
