/* zb-dataset.c: the indicator dataset of one report; loading, validation and lossless saving. */
#define G_LOG_DOMAIN "zb-dataset"

#include "config.h"

#include "zb-dataset.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zb-error.h"
#include "zb-report.h"

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
  g_free (indicator);
}

ZbObservation *
zb_indicator_add_observation (ZbIndicator *indicator)
{
  ZbObservation *observation;

  g_return_val_if_fail (indicator != NULL, NULL);

  observation = g_new0 (ZbObservation, 1);
  observation->status = ZB_STATUS_ACTUAL;
  observation->qualifiers = g_new0 (char *, 1);
  observation->indicator = indicator;
  g_ptr_array_add (indicator->observations, observation);
  return observation;
}

ZbObservation *
zb_indicator_find_observation (ZbIndicator *indicator,
                               const char  *period,
                               int          status)
{
  g_return_val_if_fail (indicator != NULL, NULL);

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

  if (indicator->observations->len == 0)
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

static void
zb_reference_free (ZbReference *ref)
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
  spec->references = g_ptr_array_new_with_free_func ((GDestroyNotify) zb_reference_free);
  return spec;
}

ZbSeriesRef *
zb_chart_spec_add_series (ZbChartSpec *spec,
                          const char  *indicator)
{
  ZbSeriesRef *ref;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  ref = g_new0 (ZbSeriesRef, 1);
  ref->indicator = g_strdup (indicator);
  g_ptr_array_add (spec->series, ref);
  return ref;
}

ZbReference *
zb_chart_spec_add_reference (ZbChartSpec *spec,
                             const char  *indicator)
{
  ZbReference *ref;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  ref = g_new0 (ZbReference, 1);
  ref->indicator = g_strdup (indicator);
  g_ptr_array_add (spec->references, ref);
  return ref;
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

guint
zb_dataset_get_n_indicators (ZbDataset *self)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), 0);

  return self->indicators->len;
}

ZbIndicator *
zb_dataset_get_indicator (ZbDataset *self,
                          guint      index)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);

  return item_get (self->indicators, index);
}

ZbIndicator *
zb_dataset_lookup_indicator (ZbDataset  *self,
                             const char *id)
{
  g_return_val_if_fail (ZB_IS_DATASET (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->indicator_ids, id);
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
    n += ((ZbIndicator *) g_ptr_array_index (self->indicators, i))->observations->len;
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
  for (guint i = 0; i < self->indicators->len; i++)
    {
      ZbIndicator *indicator = g_ptr_array_index (self->indicators, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *observation = g_ptr_array_index (indicator->observations, j);

          if (observation->src_end > observation->src_start)
            g_ptr_array_add (self->span_index, observation);
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
  /* Spans do not overlap in practice; several observations may share one span, and then the
   * first in file order wins. */
  if (lo == 0)
    return NULL;
  {
    gsize start = ((ZbObservation *) g_ptr_array_index (self->span_index, lo - 1))->src_start;
    guint first = lo - 1;

    while (first > 0
           && ((ZbObservation *) g_ptr_array_index (self->span_index, first - 1))->src_start == start)
      first--;
    for (guint i = first; i < lo; i++)
      {
        ZbObservation *observation = g_ptr_array_index (self->span_index, i);

        if (offset < observation->src_end)
          return observation;
      }
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
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        flat = flat && node_is_flat (member);
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
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          g_string_append (out, n++ > 0 ? sep : (inline_ ? "" : "\n"));
          if (!inline_)
            g_string_append_printf (out, "%*s", indent + 2, "");
          append_string (out, name);
          g_string_append (out, ": ");
          append_node (out, member, indent + 2);
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
      for (guint j = 0; j < indicator->observations->len; j++)
        build_observation (builder, g_ptr_array_index (indicator->observations, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* ZbSeriesRef and ZbReference have the same fields; one function writes both. */
static void
build_series_ref (JsonBuilder  *builder,
                  const char   *indicator,
                  const char   *period,
                  gboolean      has_status,
                  ZbStatus      status,
                  const ZbText *label)
{
  json_builder_begin_object (builder);
  build_string_member (builder, "indicator", indicator);
  if (period != NULL)
    build_string_member (builder, "period", period);
  if (has_status)
    build_string_member (builder, "status", zb_status_to_string (status));
  if (text_is_set (label))
    build_text (builder, "label", label);
  json_builder_end_object (builder);
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
      json_builder_set_member_name (builder, "series");
      json_builder_begin_array (builder);
      for (guint j = 0; j < chart->series->len; j++)
        {
          ZbSeriesRef *ref = g_ptr_array_index (chart->series, j);

          build_series_ref (builder, ref->indicator, ref->period, ref->has_status, ref->status,
                            &ref->label);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "references");
      json_builder_begin_array (builder);
      for (guint j = 0; j < chart->references->len; j++)
        {
          ZbReference *ref = g_ptr_array_index (chart->references, j);

          build_series_ref (builder, ref->indicator, ref->period, ref->has_status, ref->status,
                            &ref->label);
        }
      json_builder_end_array (builder);
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

  /* A temporary file renamed over the old one: a failed save leaves the old file whole. */
  if (!g_file_set_contents_full (path, data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &local_error))
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
  self->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  self->modified = FALSE;
  return TRUE;
}

/* Loading ----------------------------------------------------------------------------------- */

ZbDataset *
zb_dataset_load_from_data (const char *data,
                           gsize       len,
                           const char *base_dir,
                           const char *display_name,
                           GError    **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_IO, "%s: not implemented yet",
               display_name != NULL ? display_name : "dataset");
  return NULL;
}

ZbDataset *
zb_dataset_load (const char *path,
                 GError    **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return zb_dataset_load_from_data (NULL, 0, NULL, path, error);
}
