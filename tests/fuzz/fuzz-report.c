/* fuzz-report.c: the report text model (UTF-8 checks, sections, sentences, paragraphs).
 *
 * Every span the model hands out must lie inside the text on character boundaries, and a lookup
 * by offset must return a span that contains the offset: the detail pane and the extractor slice
 * the text with these spans without checking them again.
 */
#define G_LOG_DOMAIN "zb-fuzz"

#include "config.h"

#include "fuzz-common.h"
#include "zb-error.h"
#include "zb-report.h"

/* Lookups are probed at this many offsets at most, so one input stays fast however long. */
#define MAX_PROBES 4096

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  zb_fuzz_init ();
  return 0;
}

static void
check_span (ZbReport *report,
            gsize     start,
            gsize     end)
{
  g_autofree char *copy = NULL;

  ZB_FUZZ_CHECK (zb_report_is_valid_span (report, start, end));
  copy = zb_report_dup_range (report, start, end);
  ZB_FUZZ_CHECK (copy != NULL);
  ZB_FUZZ_CHECK (g_utf8_validate (copy, -1, NULL));
}

static void
check_sections (ZbReport *report,
                gsize     len)
{
  guint n = zb_report_get_n_sections (report);

  for (guint i = 0; i < n; i++)
    {
      const ZbSection *section = zb_report_get_section (report, i);

      ZB_FUZZ_CHECK (section != NULL && section->id != NULL && section->title != NULL);
      ZB_FUZZ_CHECK (g_utf8_validate (section->title, -1, NULL));
      ZB_FUZZ_CHECK (section->start <= section->heading_end);
      ZB_FUZZ_CHECK (section->heading_end <= section->end && section->end <= len);
      ZB_FUZZ_CHECK (section->parent < (int) i);
      ZB_FUZZ_CHECK (section->level >= 1);
      check_span (report, section->start, section->end);
      check_span (report, section->start, section->heading_end);
    }
}

static void
check_offset (ZbReport *report,
              gsize     offset,
              gsize     len)
{
  g_auto (GStrv) path = zb_report_dup_section_path (report, offset);
  int index = zb_report_find_section (report, offset);
  gsize start, end;

  ZB_FUZZ_CHECK (path != NULL);
  ZB_FUZZ_CHECK (index >= -1 && index < (int) zb_report_get_n_sections (report));
  if (index >= 0)
    {
      const ZbSection *section = zb_report_get_section (report, index);

      ZB_FUZZ_CHECK (section->start <= offset && offset < section->end);
      ZB_FUZZ_CHECK (path[0] != NULL);
    }
  if (zb_report_get_sentence (report, offset, &start, &end))
    {
      ZB_FUZZ_CHECK (start <= offset && offset < end);
      check_span (report, start, end);
    }
  if (zb_report_get_paragraph (report, offset, &start, &end))
    {
      ZB_FUZZ_CHECK (start <= offset && offset < end);
      check_span (report, start, end);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = NULL;
  const char *text;
  gsize len, previous_end = 0, step;
  guint n;

  report = zb_report_new_from_bytes (bytes, "fuzz.txt", &error);
  if (report == NULL)
    {
      ZB_FUZZ_CHECK (error != NULL && error->domain == ZB_REPORT_ERROR);
      ZB_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  ZB_FUZZ_CHECK (error == NULL);

  text = zb_report_get_text (report, &len);
  ZB_FUZZ_CHECK (len == size && text[len] == '\0');
  ZB_FUZZ_CHECK (zb_report_get_text_start (report) <= len);
  ZB_FUZZ_CHECK (zb_report_get_sha256 (report) != NULL);
  zb_report_get_heading (report);
  zb_report_get_title (report);
  zb_report_get_delivered (report);

  check_sections (report, len);

  n = zb_report_get_n_sentences (report);
  for (guint i = 0; i < n; i++)
    {
      gsize start = G_MAXSIZE, end = G_MAXSIZE;

      zb_report_get_sentence_at_index (report, i, &start, &end);
      ZB_FUZZ_CHECK (start < end && start >= previous_end);
      check_span (report, start, end);
      previous_end = end;
    }

  step = MAX (1, len / MAX_PROBES);
  for (gsize offset = 0; offset <= len + 1; offset += step)
    check_offset (report, offset, len);
  /* Offsets past the end are a caller's mistake the model must answer calmly. */
  check_offset (report, G_MAXSIZE, len);
  return 0;
}
