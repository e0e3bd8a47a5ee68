/* dataset-checks.h: checks that hold any curated dataset to its report, shared by
 * test-wuhan-dataset.c and test-national-dataset.c (each includes it once). */
#pragma once

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "zb-dataset.h"
#include "zb-extractor.h"
#include "zb-report.h"
#include "zb-units.h"

G_GNUC_UNUSED static const char *const curated_themes[] = {
  "economy", "consumption", "investment", "industry", "services", "digital", "innovation",
  "opening-up", "transport", "urban", "environment", "agriculture", "livelihood", "finance",
  "governance", NULL
};

static inline char *
curated_dataset_path (const char *name)
{
  const char *srcdir = g_getenv ("ZB_SOURCE_DIR");
  g_autofree char *file = g_strconcat (name, ".json", NULL);

  g_assert_nonnull (srcdir);
  return g_build_filename (srcdir, "data", file, NULL);
}

typedef struct
{
  gsize       start;
  gsize       end;
  const char *what;  /* indicator id, or "excluded" */
} CheckSpan;

static inline int
check_span_compare (gconstpointer a,
                    gconstpointer b)
{
  const CheckSpan *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

/* Every span of the dataset, observations and exclusions, sorted by start. */
static inline GArray *
check_collect_spans (ZbDataset *dataset)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (CheckSpan));

  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *o = g_ptr_array_index (indicator->observations, j);
          CheckSpan span = { o->src_start, o->src_end, indicator->id };

          g_array_append_val (spans, span);
        }
    }
  for (guint i = 0; i < zb_dataset_get_n_exclusions (dataset); i++)
    {
      ZbExclusion *exclusion = zb_dataset_get_exclusion (dataset, i);
      CheckSpan span = { exclusion->start, exclusion->end, "excluded" };

      g_array_append_val (spans, span);
    }
  g_array_sort (spans, check_span_compare);
  return spans;
}

static inline gboolean
check_digit_at (const char *text,
                gsize       len,
                gsize       pos)
{
  if (pos < len && g_ascii_isdigit (text[pos]))
    return TRUE;
  /* Full-width ０-９: EF BC 90 – EF BC 99. */
  return pos + 2 < len && (guchar) text[pos] == 0xEF && (guchar) text[pos + 1] == 0xBC
         && (guchar) text[pos + 2] >= 0x90 && (guchar) text[pos + 2] <= 0x99;
}

/* Every Arabic number of the text, by the token rule of zb-units.h, sorted. */
static inline GArray *
check_scan_numbers (const char *text,
                    gsize       len)
{
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (CheckSpan));
  gsize pos = 0;

  while (pos < len)
    {
      ZbNumber number;

      if (check_digit_at (text, len, pos) && zb_number_scan (text, len, pos, &number))
        {
          CheckSpan span = { number.start, number.end, NULL };

          g_assert_cmpuint (number.end, >, pos);
          g_array_append_val (numbers, span);
          pos = number.end;
          continue;
        }
      pos = (gsize) (g_utf8_next_char (text + pos) - text);
    }
  return numbers;
}

/* Each number of the report is exactly one span of the dataset, each span exactly one number,
 * and no two spans overlap. Returns the number of numbers. */
static inline guint
check_every_number (ZbDataset *dataset)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  gsize len;
  const char *text = zb_report_get_text (report, &len);
  g_autoptr (GArray) numbers = check_scan_numbers (text, len);
  g_autoptr (GArray) spans = check_collect_spans (dataset);

  for (guint i = 1; i < spans->len; i++)
    {
      const CheckSpan *prev = &g_array_index (spans, CheckSpan, i - 1);
      const CheckSpan *span = &g_array_index (spans, CheckSpan, i);

      if (prev->end > span->start)
        g_error ("spans overlap: [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") of %s and [%"
                 G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") of %s", prev->start, prev->end, prev->what,
                 span->start, span->end, span->what);
    }

  for (guint i = 0, j = 0; i < numbers->len || j < spans->len; i++, j++)
    {
      const CheckSpan *number = i < numbers->len ? &g_array_index (numbers, CheckSpan, i) : NULL;
      const CheckSpan *span = j < spans->len ? &g_array_index (spans, CheckSpan, j) : NULL;

      if (number != NULL && (span == NULL || number->start < span->start))
        {
          gsize from = number->start > 30 ? number->start - 30 : 0;
          g_autofree char *context = g_strndup (text + from, MIN (number->end + 10, len) - from);

          g_error ("the number “%.*s” at byte %" G_GSIZE_FORMAT " (“%s”) is neither an "
                   "observation nor an exclusion", (int) (number->end - number->start),
                   text + number->start, number->start, context);
        }
      if (number == NULL || span->start < number->start)
        g_error ("the span [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") of %s is not a number",
                 span->start, span->end, span->what);
      if (span->end != number->end)
        g_error ("the span [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") of %s does not end where "
                 "the number does (byte %" G_GSIZE_FORMAT ")", span->start, span->end, span->what,
                 number->end);
    }
  g_assert_cmpuint (numbers->len, ==, spans->len);
  return numbers->len;
}

/* Every source text is the report's bytes, every value the number as written, every exclusion
 * has a known reason, every indicator a valid theme and both names. */
static inline void
check_sources_and_names (ZbDataset *dataset)
{
  static const char *const reasons[] = {
    "date", "year", "ordinal", "name", "section-number", "other", NULL
  };
  ZbReport *report = zb_dataset_get_report (dataset);
  gsize len;
  const char *text = zb_report_get_text (report, &len);

  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      g_assert_true (zb_theme_is_valid (indicator->theme));
      g_assert_true (g_strv_contains (curated_themes, indicator->theme));
      g_assert_true (indicator->name.zh != NULL && *indicator->name.zh != '\0');
      g_assert_true (indicator->name.en != NULL && *indicator->name.en != '\0');
      /* Curated ids are readable slugs, not the extractor's "x-" hashes. */
      g_assert_false (g_str_has_prefix (indicator->id, "x-"));
      g_assert_cmpuint (indicator->observations->len, >, 0);
      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *o = g_ptr_array_index (indicator->observations, j);
          double value;

          g_assert_cmpuint (o->src_end, <=, len);
          g_assert_cmpuint (strlen (o->src_text), ==, o->src_end - o->src_start);
          g_assert_cmpint (memcmp (text + o->src_start, o->src_text, strlen (o->src_text)), ==, 0);
          g_assert_true (zb_number_parse (o->src_text, &value));
          g_assert_cmpfloat_with_epsilon (o->value, value, 1e-9);
        }
    }
  for (guint i = 0; i < zb_dataset_get_n_exclusions (dataset); i++)
    {
      ZbExclusion *e = zb_dataset_get_exclusion (dataset, i);

      g_assert_cmpuint (strlen (e->text), ==, e->end - e->start);
      g_assert_cmpint (memcmp (text + e->start, e->text, strlen (e->text)), ==, 0);
      g_assert_true (g_strv_contains (reasons, e->reason));
    }
}

/* The sections written in the file are the ones the report module finds. */
static inline void
check_sections (ZbDataset  *dataset,
                const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  ZbReport *report = zb_dataset_get_report (dataset);
  JsonArray *sections;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  sections = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "sections");
  g_assert_cmpuint (json_array_get_length (sections), ==, zb_report_get_n_sections (report));
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *s = json_array_get_object_element (sections, i);
      const ZbSection *section = zb_report_get_section (report, i);
      JsonNode *parent = json_object_get_member (s, "parent");

      g_assert_cmpstr (json_object_get_string_member (s, "id"), ==, section->id);
      g_assert_cmpstr (json_object_get_string_member (s, "title"), ==, section->title);
      g_assert_cmpint (json_object_get_int_member (s, "start"), ==, (gint64) section->start);
      g_assert_cmpint (json_object_get_int_member (s, "end"), ==, (gint64) section->end);
      if (section->parent < 0)
        g_assert_true (JSON_NODE_HOLDS_NULL (parent));
      else
        g_assert_cmpstr (json_node_get_string (parent), ==,
                         zb_report_get_section (report, (guint) section->parent)->id);
    }
}

/* `zhibiao list FILE` prints one line for every indicator, starting with its id. */
static inline void
check_list (ZbDataset  *dataset,
            const char *path)
{
  const char *binary = g_getenv ("ZB_BINARY");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = NULL;
  const char *argv[] = { binary, "list", path, NULL };
  int status;

  g_assert_nonnull (binary);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("zhibiao list %s failed: %s", path, err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tab = strchr (lines[i], '\t');

      if (tab != NULL && !g_str_has_prefix (lines[i], "chart ")
          && !g_str_has_prefix (lines[i], "briefing "))
        g_assert_true (g_hash_table_add (listed, g_strndup (lines[i], (gsize) (tab - lines[i]))));
    }
  g_assert_cmpuint (g_hash_table_size (listed), ==, zb_dataset_get_n_indicators (dataset));
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    g_assert_true (g_hash_table_contains (listed, zb_dataset_get_indicator (dataset, i)->id));
}

/* The extractor's observation whose span starts at start, or NULL. */
static inline ZbObservation *
check_extracted_at (ZbDataset *extracted,
                    gsize      start)
{
  ZbObservation *o = zb_dataset_find_observation_at (extracted, start);

  return o != NULL && o->src_start == start ? o : NULL;
}

/* The extractor run on the dataset's report. */
static inline ZbDataset *
check_extract (ZbDataset *dataset)
{
  g_autoptr (GError) error = NULL;
  ZbDataset *extracted = zb_extract (zb_dataset_get_report (dataset), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (extracted);
  return extracted;
}

/* The report's words around [start, end), for messages: "增长[4.5]%，". */
static inline char *
check_context (ZbDataset *dataset,
               gsize      start,
               gsize      end)
{
  gsize len;
  const char *text = zb_report_get_text (zb_dataset_get_report (dataset), &len);
  const char *from = text + start;
  const char *to = text + end;

  for (int i = 0; i < 8 && from > text; i++)
    from = g_utf8_prev_char (from);
  for (int i = 0; i < 3 && to < text + len; i++)
    to = g_utf8_next_char (to);
  return g_strdup_printf ("%.*s[%.*s]%.*s", (int) (text + start - from), from,
                          (int) (end - start), text + start, (int) (to - (text + end)),
                          text + end);
}

/* Where the extractor and the curated dataset disagree, one message each: a curated observation
 * the extractor does not find with the same span, value and unit; an extractor observation whose
 * span is neither a curated observation nor an exclusion. */
static inline GPtrArray *
check_extractor_agrees (ZbDataset *dataset,
                        ZbDataset *extracted)
{
  GPtrArray *disagreements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) spans = check_collect_spans (dataset);
  g_autoptr (GHashTable) curated = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < spans->len; i++)
    {
      CheckSpan *span = &g_array_index (spans, CheckSpan, i);

      g_hash_table_insert (curated, GSIZE_TO_POINTER (span->start + 1), span);
    }

  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *o = g_ptr_array_index (indicator->observations, j);
          ZbObservation *e = check_extracted_at (extracted, o->src_start);
          g_autofree char *context = check_context (dataset, o->src_start, o->src_end);

          if (e == NULL)
            g_ptr_array_add (disagreements,
                             g_strdup_printf ("%s “%s”: the extractor has no observation here "
                                              "(curated %s %g %s)", indicator->id, context,
                                              o->period, o->value, indicator->unit));
          else if (e->src_end != o->src_end || fabs (e->value - o->value) > 1e-9
                   || g_strcmp0 (e->indicator->unit, indicator->unit) != 0)
            g_ptr_array_add (disagreements,
                             g_strdup_printf ("%s “%s”: curated %g “%s”, extracted %g “%s” "
                                              "(span end %" G_GSIZE_FORMAT " / %" G_GSIZE_FORMAT
                                              ")", indicator->id, context, o->value,
                                              indicator->unit, e->value, e->indicator->unit,
                                              o->src_end, e->src_end));
        }
    }

  for (guint i = 0; i < zb_dataset_get_n_indicators (extracted); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (extracted, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        {
          ZbObservation *e = g_ptr_array_index (indicator->observations, j);
          CheckSpan *span = g_hash_table_lookup (curated, GSIZE_TO_POINTER (e->src_start + 1));

          if (span == NULL || span->end != e->src_end)
            {
              g_autofree char *context = check_context (extracted, e->src_start, e->src_end);

              g_ptr_array_add (disagreements,
                               g_strdup_printf ("extracted “%s” (%g “%s”) is neither a curated "
                                                "observation nor an exclusion", context, e->value,
                                                indicator->unit));
            }
        }
    }
  return disagreements;
}

/* The JSON is what data/curation/build-dataset.py makes of the curation tables, so an edit of
 * the JSON by hand (which the next build would lose) fails here. */
static inline void
check_up_to_date (const char *name)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *script = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  script = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "curation", "build-dataset.py",
                             NULL);
  {
    const char *argv[] = { python, script, name, "--check", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("data/%s.json does not match the curation tables: %s", name, err);
}
