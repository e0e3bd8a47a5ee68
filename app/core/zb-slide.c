#define G_LOG_DOMAIN "zb-slide"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-export.h"
#include "zb-report.h"
#include "zb-slide.h"
#include "zb-text-render.h"
#include "zb-theme.h"
#include "zb-units.h"

/* Every size below is designed on a 1920 × 1080 slide and scaled by the slide's height (or its
 * width on a screen narrower than 16:9), so a projector and a PDF page read alike. */
#define DESIGN_WIDTH  1920.0
#define DESIGN_HEIGHT 1080.0

/* The size of the chart's labels on a 1080-line slide, big enough for the back of a room. */
#define CHART_FONT_SIZE 24.0

/* The notes area the PDF adds under each slide when asked for notes, in points. */
#define NOTES_HEIGHT 300.0

typedef struct
{
  gsize start;
  gsize end;
} Span;

/* A report sentence quoted on a slide, with the figures in it. */
typedef struct
{
  gsize   start;       /* the sentence's span in the report */
  gsize   end;
  char   *text;
  GArray *highlights;  /* of Span, byte offsets into text */
  char   *section;     /* "一、2023年工作回顾 › （一）…" */
  /* Only the clauses that hold the figures, "…全年增长5.7%…", for a caption that the whole
   * sentences would overflow. */
  char   *excerpt;
  GArray *excerpt_highlights;
} Quote;

typedef struct
{
  PangoLayout   *layout;
  const char    *role;
  double         x, y, width, height;  /* the box the text was given */
  double         font_size;
  const ZbColor *color;
} TextBlock;

typedef struct
{
  ZbSlideKind    kind;
  char          *title;
  char          *subtitle;
  const ZbChartSpec *spec;  /* the dataset's */
  ZbChartSpec   *bare;      /* spec without its headings, which the slide sets in its own type */
  GPtrArray     *figures;   /* of ZbObservation* */
  GPtrArray     *quotes;    /* of Quote*, in report order */
  char          *caption;
  char          *notes;
  int            selected;
  Quote         *selected_quote;
  char          *selected_caption;

  /* The layout for one size and theme. */
  gboolean       laid_out;
  double         width, height;
  ZbTheme        theme;
  ZbChartLayout *chart;
  double         chart_x, chart_y;
  GPtrArray     *texts;     /* of TextBlock* */
} Slide;

struct _ZbSlideDeck
{
  GObject       parent_instance;

  ZbDataset    *dataset;
  ZbLang        lang;
  char         *briefing_id;
  char         *briefing_title;
  char         *briefing_subtitle;
  GPtrArray    *slides;     /* of Slide* */
  PangoContext *pango;
};

G_DEFINE_FINAL_TYPE (ZbSlideDeck, zb_slide_deck, G_TYPE_OBJECT)

static void
quote_free (Quote *quote)
{
  if (quote == NULL)
    return;
  g_free (quote->text);
  g_array_unref (quote->highlights);
  g_free (quote->section);
  g_free (quote->excerpt);
  g_array_unref (quote->excerpt_highlights);
  g_free (quote);
}

static void
text_block_free (TextBlock *block)
{
  g_clear_object (&block->layout);
  g_free (block);
}

static void
slide_invalidate (Slide *slide)
{
  slide->laid_out = FALSE;
  g_clear_object (&slide->chart);
  if (slide->texts != NULL)
    g_ptr_array_set_size (slide->texts, 0);
}

static void
slide_free (Slide *slide)
{
  slide_invalidate (slide);
  g_clear_pointer (&slide->texts, g_ptr_array_unref);
  g_free (slide->title);
  g_free (slide->subtitle);
  g_free (slide->bare);
  g_clear_pointer (&slide->figures, g_ptr_array_unref);
  g_clear_pointer (&slide->quotes, g_ptr_array_unref);
  g_clear_pointer (&slide->selected_quote, quote_free);
  g_free (slide->caption);
  g_free (slide->selected_caption);
  g_free (slide->notes);
  g_free (slide);
}

static Slide *
slide_new (ZbSlideKind kind)
{
  Slide *slide = g_new0 (Slide, 1);

  slide->kind = kind;
  slide->selected = -1;
  slide->figures = g_ptr_array_new ();
  slide->quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) quote_free);
  slide->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) text_block_free);
  return slide;
}

static void
zb_slide_deck_finalize (GObject *object)
{
  ZbSlideDeck *self = ZB_SLIDE_DECK (object);

  g_clear_pointer (&self->slides, g_ptr_array_unref);
  g_clear_object (&self->dataset);
  g_clear_object (&self->pango);
  g_free (self->briefing_id);
  g_free (self->briefing_title);
  g_free (self->briefing_subtitle);

  G_OBJECT_CLASS (zb_slide_deck_parent_class)->finalize (object);
}

static void
zb_slide_deck_class_init (ZbSlideDeckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = zb_slide_deck_finalize;
}

static void
zb_slide_deck_init (ZbSlideDeck *self)
{
  self->slides = g_ptr_array_new_with_free_func ((GDestroyNotify) slide_free);
  /* The charts' context (unhinted metrics, one language for every run): a layout measures the
   * same on screen, in a PNG and in a PDF, so text that fits when measured fits when drawn at any
   * size, and slides load no font sets of their own. */
  self->pango = zb_theme_create_pango_context ();
}

/* Labels in the slides' language, not the UI's: a Chinese deck stays Chinese in any locale. */
static const char *
lang_str (ZbSlideDeck *self,
          const char  *zh,
          const char  *en)
{
  return self->lang == ZB_LANG_ZH ? zh : en;
}

static char *
format_date (const char *iso,
             ZbLang      lang)
{
  static const char *const months[] = { "January", "February", "March", "April", "May", "June",
                                        "July", "August", "September", "October", "November",
                                        "December" };
  unsigned year, month, day;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &year, &month, &day) != 3
      || month < 1 || month > 12 || day < 1 || day > 31)
    return g_strdup (iso != NULL ? iso : "");
  if (lang == ZB_LANG_ZH)
    return g_strdup_printf ("%u年%u月%u日", year, month, day);
  return g_strdup_printf ("%u %s %u", day, months[month - 1], year);
}

/* "武汉市政府工作报告" / "Wuhan Government Work Report". */
static char *
dup_source_name (ZbSlideDeck *self)
{
  const char *place = zb_text_get (zb_dataset_get_place (self->dataset), self->lang);
  const char *title = zb_text_get (zb_dataset_get_title (self->dataset), self->lang);

  if (*place == '\0' || g_str_has_prefix (title, place))
    return g_strdup (title);
  return g_strconcat (place, self->lang == ZB_LANG_ZH ? "" : " ", title, NULL);
}

static char *
dup_section_path (ZbReport *report,
                  gsize     offset)
{
  g_auto (GStrv) path = zb_report_dup_section_path (report, offset);

  return g_strjoinv (" › ", path);
}

static gsize
skip_spaces (const char *text,
             gsize       start,
             gsize       end)
{
  while (start < end)
    {
      const char *next = g_utf8_next_char (text + start);

      if (!g_unichar_isspace (g_utf8_get_char (text + start)))
        break;
      start = next - text;
    }
  return start;
}

static gsize
trim_spaces_back (const char *text,
                  gsize       start,
                  gsize       end)
{
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (text + end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev - text;
    }
  return end;
}

static gboolean
observation_has_source (const ZbObservation *obs)
{
  return obs->src_text != NULL && obs->src_end > obs->src_start;
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize x = *(const gsize *) a;
  gsize y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

/* A figure reads with its unit: "5.7%" rather than "5.7" then a plain "%". */
static void
extend_over_unit (const char *text,
                  Span       *span)
{
  const ZbUnitInfo *info = NULL;
  gsize len = strlen (text);
  gsize matched = zb_unit_match (text + span->end, len - span->end, &info);

  if (info != NULL)
    span->end += matched;
}

static gboolean
is_clause_end (gunichar c)
{
  return c != 0 && g_utf8_strchr ("，；：。！？", -1, c) != NULL;
}

/* The clause around [start, end) of text: from after the previous clause mark to before the next,
 * or to the end of the text when the sentence ends there. */
static Span
clause_around (const char *text,
               Span        figure)
{
  gsize len = strlen (text);
  Span clause = { 0, len };
  const char *p;

  for (p = text + figure.start; p > text;)
    {
      const char *prev = g_utf8_prev_char (p);

      if (is_clause_end (g_utf8_get_char (prev)))
        break;
      p = prev;
    }
  clause.start = p - text;
  for (p = text + figure.end; *p != '\0'; p = g_utf8_next_char (p))
    if (is_clause_end (g_utf8_get_char (p)))
      {
        const char *next = g_utf8_next_char (p);

        clause.end = *next == '\0' ? len : (gsize) (p - text);
        break;
      }
  return clause;
}

static void
build_excerpt (Quote *quote)
{
  g_autoptr (GArray) clauses = g_array_new (FALSE, FALSE, sizeof (Span));
  GString *excerpt = g_string_new (NULL);

  quote->excerpt_highlights = g_array_new (FALSE, FALSE, sizeof (Span));
  for (guint i = 0; i < quote->highlights->len; i++)
    {
      Span clause = clause_around (quote->text, g_array_index (quote->highlights, Span, i));
      Span *last = clauses->len > 0 ? &g_array_index (clauses, Span, clauses->len - 1) : NULL;

      /* Neighbouring clauses stay one piece with the mark between them. */
      if (last != NULL
          && (quote->text[last->end] == '\0'
              || clause.start <= (gsize) (g_utf8_next_char (quote->text + last->end) - quote->text)))
        last->end = MAX (last->end, clause.end);
      else
        g_array_append_val (clauses, clause);
    }

  for (guint i = 0; i < clauses->len; i++)
    {
      Span clause = g_array_index (clauses, Span, i);
      gsize shift;

      if (clause.start > 0 || i > 0)
        g_string_append (excerpt, "…");
      shift = excerpt->len;
      g_string_append_len (excerpt, quote->text + clause.start, clause.end - clause.start);
      for (guint j = 0; j < quote->highlights->len; j++)
        {
          Span span = g_array_index (quote->highlights, Span, j);

          if (span.start < clause.start || span.end > clause.end)
            continue;
          span.start = span.start - clause.start + shift;
          span.end = span.end - clause.start + shift;
          g_array_append_val (quote->excerpt_highlights, span);
        }
      if (i + 1 == clauses->len && clause.end < strlen (quote->text))
        g_string_append (excerpt, "…");
    }
  quote->excerpt = g_string_free (excerpt, FALSE);
}

/* The sentences the figures were written in, in report order, each with its figures marked. */
static GPtrArray *
collect_quotes (ZbDataset *dataset,
                GPtrArray *figures)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  GPtrArray *quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) quote_free);
  const char *text;
  gsize len;

  if (report == NULL)
    return quotes;
  text = zb_report_get_text (report, &len);

  for (guint i = 0; i < figures->len; i++)
    {
      ZbObservation *obs = g_ptr_array_index (figures, i);
      gsize start, end;
      gboolean seen = FALSE;

      if (!observation_has_source (obs) || !zb_report_get_sentence (report, obs->src_start, &start, &end))
        continue;
      for (guint j = 0; j < starts->len && !seen; j++)
        seen = g_array_index (starts, gsize, j) == start;
      if (!seen)
        g_array_append_val (starts, start);
    }
  g_array_sort (starts, compare_offsets);

  for (guint i = 0; i < starts->len; i++)
    {
      gsize start = g_array_index (starts, gsize, i);
      gsize sentence_start, end;
      Quote *quote;

      zb_report_get_sentence (report, start, &sentence_start, &end);
      start = skip_spaces (text, start, end);
      end = trim_spaces_back (text, start, end);

      quote = g_new0 (Quote, 1);
      quote->start = start;
      quote->end = end;
      quote->text = g_strndup (text + start, end - start);
      quote->highlights = g_array_new (FALSE, FALSE, sizeof (Span));
      quote->section = dup_section_path (report, start);
      for (guint j = 0; j < figures->len; j++)
        {
          ZbObservation *obs = g_ptr_array_index (figures, j);
          Span span;

          if (!observation_has_source (obs) || obs->src_start < start || obs->src_end > end)
            continue;
          span.start = obs->src_start - start;
          span.end = obs->src_end - start;
          extend_over_unit (quote->text, &span);
          g_array_append_val (quote->highlights, span);
        }
      g_array_sort (quote->highlights, compare_offsets);
      build_excerpt (quote);
      g_ptr_array_add (quotes, quote);
    }
  return quotes;
}

/* Sentences are quoted one after another; an ideographic space keeps them apart on a slide
 * without breaking a line the way a newline would. */
static char *
join_quotes (GPtrArray  *quotes,
             const char *separator)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < quotes->len; i++)
    {
      Quote *quote = g_ptr_array_index (quotes, i);

      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, quote->text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define QUOTE_SEPARATOR "\u3000"

static void
add_figure (GPtrArray     *figures,
            ZbObservation *obs)
{
  if (obs != NULL && !g_ptr_array_find (figures, obs, NULL))
    g_ptr_array_add (figures, obs);
}

static gboolean
collect_figures (ZbSlideDeck  *self,
                 Slide        *slide,
                 GError      **error)
{
  g_autoptr (GPtrArray) marked = NULL;
  ZbRenderOptions options;

  zb_render_options_init (&options);
  options.width = DESIGN_WIDTH;
  options.height = DESIGN_HEIGHT;
  options.lang = self->lang;
  /* Without a layout where it can: a deck of a hundred charts lays each out when it draws it. */
  marked = zb_chart_dup_marked_observations (self->dataset, slide->spec, &options, error);
  if (marked == NULL)
    return FALSE;

  for (guint i = 0; i < marked->len; i++)
    add_figure (slide->figures, g_ptr_array_index (marked, i));
  for (guint i = 0; slide->spec->references != NULL && i < slide->spec->references->len; i++)
    {
      ZbReference *ref = g_ptr_array_index (slide->spec->references, i);
      ZbIndicator *indicator = zb_dataset_lookup_indicator (self->dataset, ref->indicator);

      if (indicator != NULL)
        add_figure (slide->figures,
                    zb_indicator_find_observation (indicator, ref->period,
                                                   ref->has_status ? (int) ref->status : -1));
    }
  return TRUE;
}

static Slide *
chart_slide_new (ZbSlideDeck        *self,
                 const ZbSlide      *entry,
                 guint               number,
                 GError            **error)
{
  const ZbChartSpec *spec = zb_dataset_lookup_chart (self->dataset, entry->chart);
  Slide *slide;

  if (spec == NULL)
    {
      g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE,
                   _("Slide %u of the briefing shows the chart “%s”, which the dataset does not have"),
                   number, entry->chart);
      return NULL;
    }

  slide = slide_new (ZB_SLIDE_KIND_CHART);
  slide->spec = spec;
  slide->title = g_strdup (zb_text_get (&spec->title, self->lang));
  slide->subtitle = g_strdup (zb_text_get (&spec->subtitle, self->lang));
  /* A shallow copy sharing the dataset's series: the chart is drawn under the slide's own
   * heading instead of its small one. */
  slide->bare = g_memdup2 (spec, sizeof *spec);
  slide->bare->title = (ZbText) { NULL, NULL };
  slide->bare->subtitle = (ZbText) { NULL, NULL };

  if (!collect_figures (self, slide, error))
    {
      g_prefix_error (error, _("Slide %u (chart “%s”): "), number, entry->chart);
      slide_free (slide);
      return NULL;
    }
  g_ptr_array_unref (slide->quotes);
  slide->quotes = collect_quotes (self->dataset, slide->figures);
  slide->caption = join_quotes (slide->quotes, QUOTE_SEPARATOR);
  if (entry->note != NULL && *entry->note != '\0')
    slide->notes = g_strdup (entry->note);
  else
    slide->notes = join_quotes (slide->quotes, "\n\n");
  return slide;
}

/* Sentences a Sources slide lists: a fixed number, so that the slide count of a deck does not
 * depend on the size it is shown at; type shrinks on a small screen instead. */
#define SOURCES_PER_SLIDE 9

/* The closing slides listing every sentence the deck quotes, in report order, nine a slide. */
static void
add_sources_slides (ZbSlideDeck *self)
{
  g_autoptr (GPtrArray) figures = g_ptr_array_new ();
  g_autoptr (GPtrArray) quotes = NULL;
  guint n_pages;

  for (guint i = 0; i < self->slides->len; i++)
    {
      Slide *chart = g_ptr_array_index (self->slides, i);

      for (guint j = 0; j < chart->figures->len; j++)
        add_figure (figures, g_ptr_array_index (chart->figures, j));
    }
  quotes = collect_quotes (self->dataset, figures);
  n_pages = (quotes->len + SOURCES_PER_SLIDE - 1) / SOURCES_PER_SLIDE;

  for (guint page = 0; page < n_pages; page++)
    {
      Slide *slide = slide_new (ZB_SLIDE_KIND_SOURCES);

      if (n_pages == 1)
        slide->title = g_strdup (lang_str (self, "来源", "Sources"));
      else if (self->lang == ZB_LANG_ZH)
        slide->title = g_strdup_printf ("来源（%u/%u）", page + 1, n_pages);
      else
        slide->title = g_strdup_printf ("Sources (%u/%u)", page + 1, n_pages);

      for (guint i = page * SOURCES_PER_SLIDE; i < MIN (quotes->len, (page + 1) * SOURCES_PER_SLIDE); i++)
        {
          Quote *quote = g_ptr_array_index (quotes, i);

          g_ptr_array_add (slide->quotes, quote);
          g_ptr_array_index (quotes, i) = NULL;
          for (guint j = 0; j < figures->len; j++)
            {
              ZbObservation *obs = g_ptr_array_index (figures, j);

              if (observation_has_source (obs) && obs->src_start >= quote->start && obs->src_end <= quote->end)
                g_ptr_array_add (slide->figures, obs);
            }
        }
      slide->caption = join_quotes (slide->quotes, QUOTE_SEPARATOR);
      slide->notes = g_strdup ("");
      g_ptr_array_add (self->slides, slide);
    }
}

ZbSlideDeck *
zb_slide_deck_new (ZbDataset         *dataset,
                   const ZbBriefing  *briefing,
                   ZbLang             lang,
                   gboolean           sources_slide,
                   GError           **error)
{
  g_autoptr (ZbSlideDeck) self = NULL;
  Slide *title;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (briefing != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (briefing->slides == NULL || briefing->slides->len == 0)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_EMPTY,
                   _("The briefing “%s” has no slides yet: add a chart to it first"),
                   zb_text_get (&briefing->title, lang));
      return NULL;
    }

  self = g_object_new (ZB_TYPE_SLIDE_DECK, NULL);
  self->dataset = g_object_ref (dataset);
  self->lang = lang;
  self->briefing_id = g_strdup (briefing->id);
  self->briefing_title = g_strdup (zb_text_get (&briefing->title, lang));
  self->briefing_subtitle = g_strdup (zb_text_get (&briefing->subtitle, lang));

  title = slide_new (ZB_SLIDE_KIND_TITLE);
  title->title = g_strdup (self->briefing_title);
  title->subtitle = g_strdup (self->briefing_subtitle);
  title->notes = g_strdup (self->briefing_subtitle);
  title->caption = g_strdup ("");
  g_ptr_array_add (self->slides, title);

  for (guint i = 0; i < briefing->slides->len; i++)
    {
      Slide *slide = chart_slide_new (self, g_ptr_array_index (briefing->slides, i), i + 1, error);

      if (slide == NULL)
        return NULL;
      g_ptr_array_add (self->slides, slide);
    }
  if (sources_slide)
    add_sources_slides (self);

  return g_steal_pointer (&self);
}

static Slide *
get_slide (ZbSlideDeck *self,
           guint        index)
{
  return index < self->slides->len ? g_ptr_array_index (self->slides, index) : NULL;
}

ZbDataset *
zb_slide_deck_get_dataset (ZbSlideDeck *self)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  return self->dataset;
}

ZbLang
zb_slide_deck_get_lang (ZbSlideDeck *self)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), ZB_LANG_ZH);
  return self->lang;
}

guint
zb_slide_deck_get_n_slides (ZbSlideDeck *self)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), 0);
  return self->slides->len;
}

ZbSlideKind
zb_slide_deck_get_kind (ZbSlideDeck *self,
                        guint        index)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), ZB_SLIDE_KIND_TITLE);
  g_return_val_if_fail (index < self->slides->len, ZB_SLIDE_KIND_TITLE);
  return get_slide (self, index)->kind;
}

const char *
zb_slide_deck_get_title (ZbSlideDeck *self,
                         guint        index)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);
  return get_slide (self, index)->title;
}

const ZbChartSpec *
zb_slide_deck_get_chart (ZbSlideDeck *self,
                         guint        index)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);
  return get_slide (self, index)->spec;
}

int
zb_slide_deck_find_chart (ZbSlideDeck *self,
                          const char  *chart_id)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), -1);

  for (guint i = 0; chart_id != NULL && i < self->slides->len; i++)
    {
      Slide *slide = get_slide (self, i);

      if (slide->spec != NULL && g_strcmp0 (slide->spec->id, chart_id) == 0)
        return i;
    }
  return -1;
}

const char *
zb_slide_deck_get_caption (ZbSlideDeck *self,
                           guint        index)
{
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);

  slide = get_slide (self, index);
  if (slide->selected_caption != NULL)
    return slide->selected_caption;
  return slide->caption != NULL ? slide->caption : "";
}

const char *
zb_slide_deck_get_notes (ZbSlideDeck *self,
                         guint        index)
{
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);

  slide = get_slide (self, index);
  return slide->notes != NULL ? slide->notes : "";
}

GPtrArray *
zb_slide_deck_get_figures (ZbSlideDeck *self,
                           guint        index)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);
  return get_slide (self, index)->figures;
}

/* ---- Layout -------------------------------------------------------------------------------- */

typedef struct
{
  ZbSlideDeck     *deck;
  Slide           *slide;
  PangoContext    *pango;      /* the deck's, or a helper thread's (see LayoutAhead) */
  const ZbPalette *palette;
  double           width, height;
  double           u;          /* layout units per design pixel */
  double           left, right, top, bottom;
} Frame;

static PangoAttrList *
highlight_attrs (GArray        *spans,
                 const ZbColor *color)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      PangoAttribute *attr;

      attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_foreground_new (color->red * 65535, color->green * 65535, color->blue * 65535);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);
    }
  return attrs;
}

static PangoLayout *
new_layout (Frame         *frame,
            const char    *text,
            PangoAttrList *attrs,
            double         size,
            PangoWeight    weight,
            double         width,
            int            max_lines)
{
  PangoLayout *layout = pango_layout_new (frame->pango);
  g_autoptr (PangoFontDescription) font = pango_font_description_copy (zb_text_reference_font (FALSE));
  /* At the reference size, scaled (zb-text-render.h): fitting text tries many sizes, and each
   * new size would have fontconfig sort the font list again. */
  double scale = size / ZB_TEXT_REFERENCE_SIZE;

  zb_text_layout_set_scale (layout, scale);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, MAX (1, (int) floor (width / scale * PANGO_SCALE)));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -MAX (1, max_lines));
  /* Headings (bold) set tight, running text more open, which CJK reading wants. */
  if (max_lines > 1)
    pango_layout_set_line_spacing (layout, weight >= PANGO_WEIGHT_BOLD ? 1.05 : 1.25);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  double height;

  zb_text_layout_get_extents (layout, NULL, NULL, NULL, &height);
  return height;
}

/* A width @text on one line cannot be under, for each unit of font size, without shaping it:
 * wide (CJK) characters are an em in every CJK face, said as 0.9 to be safe; anything else
 * but white space at least a fifth of one. */
static double
min_natural_width (const char *text)
{
  double width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iswide (c))
        width += 0.9;
      else if (!g_unichar_isspace (c))
        width += 0.2;
    }
  return width;
}

/* The layout of @text at the largest of the sizes max_size, max_size·0.94, max_size·0.94², …
 * (and min_size last) at which it is neither cut nor taller than @max_height; at min_size, with
 * fewer lines until it fits the height (or NULL when @must_fit). Each try shapes the whole text
 * again, so sizes at which the text on one line is surely longer than max_lines lines (each
 * allowed an em of white space left at its end) are not tried, and after the first try the
 * sizes are searched by halves: the text fits at every size below one at which it fits. */
static PangoLayout *
fit_layout (Frame         *frame,
            const char    *text,
            PangoAttrList *attrs,
            PangoWeight    weight,
            double         max_size,
            double         min_size,
            double         width,
            double         max_height,
            int            max_lines,
            gboolean       must_fit,
            double        *out_size)
{
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
  PangoLayout *best = NULL;
  double natural = min_natural_width (text);
  guint lo, hi, first;
  int lines;

  for (double size = max_size;; size = MAX (min_size, size * 0.94))
    {
      g_array_append_val (sizes, size);
      if (size <= min_size)
        break;
    }

  /* sizes[lo] is the largest size that may fit; the text is known not to fit above it. */
  lo = 0;
  while (lo < sizes->len
         && natural * g_array_index (sizes, double, lo) > MAX (1, max_lines) * (width + g_array_index (sizes, double, lo)))
    lo++;
  first = lo;
  hi = sizes->len - 1;
  while (lo <= hi && lo < sizes->len)
    {
      guint mid = lo == first ? first : lo + (hi - lo) / 2;
      double size = g_array_index (sizes, double, mid);
      PangoLayout *layout = new_layout (frame, text, attrs, size, weight, width, max_lines);

      /* Tried uncut: a text that fits its lines is laid out the same either way, and Pango's
       * cutting to a number of lines costs a sixth of a caption's shaping. */
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
      if (pango_layout_get_line_count (layout) <= MAX (1, max_lines) && layout_height (layout) <= max_height)
        {
          g_clear_object (&best);
          best = layout;
          *out_size = size;
          if (mid == first)
            break;
          hi = mid - 1;
        }
      else
        {
          g_object_unref (layout);
          lo = mid + 1;
        }
    }
  if (best != NULL || must_fit)
    return best;

  /* Fewer lines at the smallest size until the cut text fits the height too. */
  *out_size = min_size;
  lines = max_lines;
  best = new_layout (frame, text, attrs, min_size, weight, width, lines);
  while (lines > 1 && layout_height (best) > max_height)
    {
      g_object_unref (best);
      best = new_layout (frame, text, attrs, min_size, weight, width, --lines);
    }
  return best;
}

static TextBlock *
add_text (Frame         *frame,
          const char    *role,
          PangoLayout   *layout,
          double         font_size,
          double         x,
          double         y,
          double         width,
          double         height,
          const ZbColor *color)
{
  TextBlock *block = g_new0 (TextBlock, 1);

  block->layout = layout;
  block->role = role;
  block->x = x;
  block->y = y;
  block->width = width;
  block->height = height;
  block->font_size = font_size;
  block->color = color;
  g_ptr_array_add (frame->slide->texts, block);
  return block;
}

/* Fits text in a box of width × max_height at (x, y) and records it; returns its height. */
static double
place_text (Frame         *frame,
            const char    *role,
            const char    *text,
            PangoAttrList *attrs,
            PangoWeight    weight,
            double         max_size,
            double         min_size,
            double         x,
            double         y,
            double         width,
            double         max_height,
            int            max_lines,
            const ZbColor *color)
{
  double size;
  PangoLayout *layout;
  double height;

  if (text == NULL || *text == '\0')
    return 0;
  layout = fit_layout (frame, text, attrs, weight, max_size * frame->u, min_size * frame->u,
                       width, max_height, max_lines, FALSE, &size);
  height = layout_height (layout);
  add_text (frame, role, layout, size, x, y, width, MAX (height, max_height), color);
  return height;
}

static void
layout_footer (Frame      *frame,
               const char *section,
               double     *footer_top)
{
  ZbSlideDeck *deck = frame->deck;
  g_autofree char *number = NULL;
  double number_width, height, size, u = frame->u;
  guint index = 0;
  PangoLayout *layout;

  g_ptr_array_find (deck->slides, frame->slide, &index);
  number = g_strdup_printf ("%u / %u", index + 1, deck->slides->len);
  layout = new_layout (frame, number, NULL, 22 * u, PANGO_WEIGHT_NORMAL, frame->width, 1);
  pango_layout_set_width (layout, -1);
  zb_text_layout_get_extents (layout, NULL, NULL, &number_width, &height);
  *footer_top = frame->height - frame->bottom - height;
  add_text (frame, "number", layout, 22 * u, frame->width - frame->right - number_width,
            *footer_top, number_width, height, &frame->palette->muted);

  if (section != NULL && *section != '\0')
    {
      double width = frame->width - frame->left - frame->right - number_width - 32 * u;

      layout = fit_layout (frame, section, NULL, PANGO_WEIGHT_NORMAL, 22 * u, 18 * u, width,
                           height * 1.5, 1, FALSE, &size);
      add_text (frame, "section", layout, size, frame->left,
                *footer_top + height - layout_height (layout), width, layout_height (layout),
                &frame->palette->muted);
    }
}

/* "2024年1月18日在武汉市第十五届人民代表大会第三次会议上": the line under the report's title,
 * for a Chinese deck; the date alone otherwise. */
static char *
dup_occasion (ZbSlideDeck *self)
{
  ZbReport *report = zb_dataset_get_report (self->dataset);
  const char *heading = report != NULL ? zb_report_get_heading (report) : NULL;
  const char *line = heading != NULL ? strchr (heading, '\n') : NULL;

  if (self->lang != ZB_LANG_ZH || line == NULL)
    return format_date (zb_dataset_get_delivered (self->dataset), self->lang);
  line++;
  while (g_str_has_prefix (line, "—") || g_str_has_prefix (line, "-") || *line == ' ')
    line = g_utf8_next_char (line);
  return g_strstrip (g_strdup (line));
}

static void
layout_title_slide (Frame *frame)
{
  ZbSlideDeck *deck = frame->deck;
  Slide *slide = frame->slide;
  const ZbPalette *palette = frame->palette;
  double u = frame->u;
  double width = frame->width - frame->left - frame->right;
  g_autofree char *source = dup_source_name (deck);
  g_autofree char *date = dup_occasion (deck);
  double y, h, total;
  guint first = slide->texts->len;

  /* Laid out from the top, then the whole block is centred vertically a little above middle. */
  y = 0;
  h = place_text (frame, "eyebrow", source, NULL, PANGO_WEIGHT_BOLD, 32, 24, frame->left, y,
                  width, 60 * u, 1, &palette->series[0]);
  y += h + 28 * u;
  h = place_text (frame, "title", slide->title, NULL, PANGO_WEIGHT_BOLD, 96, 56, frame->left, y,
                  width, frame->height * 0.36, 3, &palette->foreground);
  y += h + 24 * u;
  h = place_text (frame, "subtitle", slide->subtitle, NULL, PANGO_WEIGHT_NORMAL, 44, 30,
                  frame->left, y, width, frame->height * 0.16, 2, &palette->muted);
  y += (h > 0 ? h + 56 * u : 32 * u);
  h = place_text (frame, "meta", date, NULL, PANGO_WEIGHT_NORMAL, 30, 22, frame->left + 36 * u, y,
                  width - 36 * u, 50 * u, 1, &palette->foreground);
  total = y + h;

  for (guint i = first; i < slide->texts->len; i++)
    {
      TextBlock *block = g_ptr_array_index (slide->texts, i);

      block->y += MAX (frame->top, (frame->height - total) * 0.45);
    }
}

/* A quote of a Sources slide: the whole sentence, or its clauses with figures when the sentence
 * would be cut at max_lines. */
static PangoLayout *
quote_layout (Frame       *frame,
              const Quote *quote,
              double       size,
              int          max_lines)
{
  g_autoptr (PangoAttrList) attrs = highlight_attrs (quote->highlights, &frame->palette->series[0]);
  g_autoptr (PangoAttrList) excerpt_attrs = NULL;
  double width = frame->width - frame->left - frame->right;
  PangoLayout *layout = new_layout (frame, quote->text, attrs, size, PANGO_WEIGHT_NORMAL, width,
                                    max_lines);

  if (!pango_layout_is_ellipsized (layout))
    return layout;
  g_object_unref (layout);
  excerpt_attrs = highlight_attrs (quote->excerpt_highlights, &frame->palette->series[0]);
  return new_layout (frame, quote->excerpt, excerpt_attrs, size, PANGO_WEIGHT_NORMAL, width,
                     max_lines);
}

/* Lays the quotes out from y under headings of their sections; returns where the list ends.
 * Only records the text blocks when record is set, so sizes can be tried first. */
static double
place_quote_list (Frame    *frame,
                  double    size,
                  double    y,
                  int       max_lines,
                  gboolean  record)
{
  Slide *slide = frame->slide;
  double u = frame->u;
  double width = frame->width - frame->left - frame->right;
  double section_size = MAX (18, size * 0.8) * u;
  const char *section = NULL;

  for (guint i = 0; i < slide->quotes->len; i++)
    {
      Quote *quote = g_ptr_array_index (slide->quotes, i);
      PangoLayout *text;
      double height;

      if (g_strcmp0 (section, quote->section) != 0 && *quote->section != '\0')
        {
          PangoLayout *heading = new_layout (frame, quote->section, NULL, section_size,
                                             PANGO_WEIGHT_BOLD, width, 1);

          section = quote->section;
          if (i > 0)
            y += size * 0.5 * u;
          height = layout_height (heading);
          if (record)
            add_text (frame, "source-section", heading, section_size, frame->left, y, width, height,
                      &frame->palette->muted);
          else
            g_object_unref (heading);
          y += height + 6 * u;
        }

      text = quote_layout (frame, quote, size * u, max_lines);
      height = layout_height (text);
      if (record)
        add_text (frame, "source", text, size * u, frame->left, y, width, height,
                  &frame->palette->foreground);
      else
        g_object_unref (text);
      y += height + size * 0.45 * u;
    }
  return y;
}

static void
layout_sources_slide (Frame *frame)
{
  const ZbPalette *palette = frame->palette;
  double u = frame->u;
  double width = frame->width - frame->left - frame->right;
  double y = frame->top, footer_top, bottom, size = 26;
  int max_lines = 2;

  y += place_text (frame, "title", frame->slide->title, NULL, PANGO_WEIGHT_BOLD, 60, 40,
                   frame->left, y, width, 90 * u, 1, &palette->foreground);
  y += 36 * u;
  layout_footer (frame, NULL, &footer_top);
  bottom = footer_top - 24 * u;

  /* Smaller type first, then one line a quote; the list is short enough to fit then. */
  while (place_quote_list (frame, size, y, max_lines, FALSE) > bottom)
    {
      if (size > 18)
        size = MAX (18, size - 1);
      else if (max_lines > 1)
        max_lines = 1;
      else
        break;
    }
  place_quote_list (frame, size, y, max_lines, TRUE);
}

/* The caption of a chart slide, whole sentences or only their clauses with figures, set as large
 * as fits a quarter of the slide; NULL when the slide quotes nothing, or when it does not fit and
 * @must_fit. */
static PangoLayout *
fit_caption (Frame       *frame,
             gboolean     excerpt,
             gboolean     must_fit,
             double       width,
             double      *size,
             const char **role)
{
  Slide *slide = frame->slide;
  const Quote *selected = slide->selected_quote;
  guint n = selected != NULL ? 1 : slide->quotes->len;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr (PangoAttrList) attrs = NULL;

  for (guint i = 0; i < n; i++)
    {
      const Quote *quote = selected != NULL ? selected : g_ptr_array_index (slide->quotes, i);
      GArray *highlights = excerpt ? quote->excerpt_highlights : quote->highlights;
      gsize offset;

      if (i > 0)
        g_string_append (text, QUOTE_SEPARATOR);
      offset = text->len;
      g_string_append (text, excerpt ? quote->excerpt : quote->text);
      for (guint j = 0; j < highlights->len; j++)
        {
          Span span = g_array_index (highlights, Span, j);

          span.start += offset;
          span.end += offset;
          g_array_append_val (spans, span);
        }
    }
  if (text->len == 0)
    return NULL;

  *role = excerpt ? "caption-excerpt" : "caption";
  attrs = highlight_attrs (spans, &frame->palette->series[0]);
  return fit_layout (frame, text->str, attrs, PANGO_WEIGHT_NORMAL, 34 * frame->u, 24 * frame->u,
                     width, frame->height * 0.25, 4, must_fit, size);
}

static void
layout_chart_slide (Frame *frame)
{
  Slide *slide = frame->slide;
  const ZbPalette *palette = frame->palette;
  double u = frame->u;
  double width = frame->width - frame->left - frame->right;
  double y = frame->top, footer_top, caption_top, caption_height, chart_bottom;
  double bar = 28 * u, size, pad;
  const char *role;
  PangoLayout *layout;
  ZbRenderOptions options;

  y += place_text (frame, "title", slide->title, NULL, PANGO_WEIGHT_BOLD, 60, 40, frame->left, y,
                   width, 150 * u, 2, &palette->foreground);
  if (slide->subtitle != NULL && *slide->subtitle != '\0')
    {
      y += 8 * u;
      y += place_text (frame, "subtitle", slide->subtitle, NULL, PANGO_WEIGHT_NORMAL, 32, 24,
                       frame->left, y, width, 48 * u, 1, &palette->muted);
    }
  y += 24 * u;

  /* The chart draws its own source line (report and section), so the footer is the number. */
  layout_footer (frame, NULL, &footer_top);

  caption_top = footer_top;
  /* The whole sentences if they fit, else the clauses with the figures, cut if need be. */
  layout = fit_caption (frame, FALSE, TRUE, width - bar, &size, &role);
  if (layout == NULL)
    layout = fit_caption (frame, TRUE, FALSE, width - bar, &size, &role);
  if (layout != NULL)
    {
      caption_height = layout_height (layout);
      caption_top = footer_top - 20 * u - caption_height;
      add_text (frame, role, layout, size, frame->left + bar, caption_top, width - bar,
                caption_height, &palette->foreground);
    }
  chart_bottom = caption_top - 28 * u;

  /* The renderer insets its drawing by a padding of its own; the chart's area grows by it so
   * that the chart lines up with the slide's text. */
  pad = MAX (MIN (width, chart_bottom - y) * 0.04, 6);
  zb_render_options_init (&options);
  options.width = width + 2 * pad;
  options.height = MAX (1, chart_bottom - y + pad);
  options.lang = frame->deck->lang;
  options.theme = slide->theme;
  /* The renderer sizes its type from the chart's area; this sets it from the slide instead, so
   * every slide of a deck has the same type whatever room its caption leaves. */
  options.font_scale = CHART_FONT_SIZE * u / CLAMP (MIN (options.width, options.height) * 0.024, 7, 40);
  options.source_footer = FALSE;
  options.transparent = TRUE;
  slide->chart_x = frame->left - pad;
  slide->chart_y = y - pad;
  /* A chart that cannot be laid out at this size leaves its area empty rather than the slide. */
  slide->chart = zb_chart_layout_new (frame->deck->dataset, slide->bare, &options, NULL);
  if (slide->chart != NULL)
    zb_chart_layout_set_selected (slide->chart, slide->selected);
}

/* Lays @slide out with @pango's font map, unless it is laid out for this size and theme. */
static void
ensure_layout_with (ZbSlideDeck  *self,
                    Slide        *slide,
                    double        width,
                    double        height,
                    ZbTheme       theme,
                    PangoContext *pango)
{
  Frame frame = { 0 };

  if (slide->laid_out && slide->width == width && slide->height == height && slide->theme == theme)
    return;

  slide_invalidate (slide);
  slide->laid_out = TRUE;
  slide->width = width;
  slide->height = height;
  slide->theme = theme;

  frame.deck = self;
  frame.slide = slide;
  frame.pango = pango;
  frame.palette = zb_theme_get_palette (theme);
  frame.width = width;
  frame.height = height;
  frame.u = MIN (height / DESIGN_HEIGHT, width / DESIGN_WIDTH);
  frame.left = frame.right = MIN (110 * frame.u, width * 0.06);
  frame.top = 72 * frame.u;
  frame.bottom = 48 * frame.u;

  switch (slide->kind)
    {
    case ZB_SLIDE_KIND_TITLE:
      layout_title_slide (&frame);
      break;
    case ZB_SLIDE_KIND_CHART:
      layout_chart_slide (&frame);
      break;
    case ZB_SLIDE_KIND_SOURCES:
      layout_sources_slide (&frame);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
ensure_layout (ZbSlideDeck *self,
               Slide       *slide,
               double       width,
               double       height,
               ZbTheme      theme)
{
  ensure_layout_with (self, slide, width, height, theme, self->pango);
}

/* ---- Laying out ahead ---------------------------------------------------------------------- */

/* A deck's PDF lays its slides out on two threads: the one drawing the pages from the first
 * slide on, a helper from the last one back, until they meet. Shaping the captions and titles is
 * most of a slide's time. Pango's objects are not for two threads at once, so the helper has a
 * context on its own font map (the default font map is a thread's own), and the slides it laid
 * out are drawn only once it has finished: drawing measures glyphs through their fonts, whose
 * caches are not locked. (zb-text-render writes a face loaded by both font maps once.) */
typedef struct
{
  ZbSlideDeck *deck;
  double       width, height;
  ZbTheme      theme;
  GMutex       lock;
  guint        next;    /* slides before it were taken by the drawing thread */
  guint        ahead;   /* slides from it on were taken by the helper */
  GThread     *thread;  /* NULL once joined, or when there is no helper */
  gpointer     spare;   /* the SpareHelper the helper was started as, if it was */
} LayoutAhead;

/* Decks shorter than this are laid out by the drawing thread alone: the helper's own font map
 * costs about as much as a few slides. */
#define LAYOUT_AHEAD_MIN_SLIDES 6

static gint layout_ahead_enabled = TRUE;

void
zb_slide_deck_set_layout_ahead (gboolean enabled)
{
  g_atomic_int_set (&layout_ahead_enabled, enabled);
}

/* The helper's loop: slides from the last one back, until it meets the drawing thread. */
static void
layout_ahead_run (LayoutAhead  *ahead,
                  PangoContext *pango)
{
  for (;;)
    {
      guint index;

      g_mutex_lock (&ahead->lock);
      if (ahead->ahead <= ahead->next)
        {
          g_mutex_unlock (&ahead->lock);
          break;
        }
      index = --ahead->ahead;
      g_mutex_unlock (&ahead->lock);
      ensure_layout_with (ahead->deck, get_slide (ahead->deck, index), ahead->width, ahead->height,
                          ahead->theme, pango);
    }
}

static gpointer
layout_ahead_thread (gpointer data)
{
  PangoContext *pango = zb_theme_create_pango_context ();

  layout_ahead_run (data, pango);
  g_object_unref (pango);
  return NULL;
}

/* A helper started before its deck exists (zb_slide_start_layout_helper ()): it readies its
 * font map, then waits for the deck whose PDF it is to help with. */
typedef struct
{
  GThread     *thread;
  LayoutAhead *job;      /* NULL until given one */
  gboolean     stop;
} SpareHelper;

static GMutex spare_lock;
static GCond spare_cond;
static SpareHelper *spare;  /* the helper waiting for a deck, if any */

static gpointer
spare_helper_thread (gpointer data)
{
  SpareHelper *helper = data;
  PangoContext *pango = zb_theme_create_pango_context ();
  LayoutAhead *job;

  /* Shaping a sample in both weights loads the fonts every slide uses. */
  for (guint i = 0; i < 2; i++)
    g_object_unref (zb_text_sample_layout (pango, i == 1));

  g_mutex_lock (&spare_lock);
  while (helper->job == NULL && !helper->stop)
    g_cond_wait (&spare_cond, &spare_lock);
  job = helper->job;
  g_mutex_unlock (&spare_lock);

  if (job != NULL)
    layout_ahead_run (job, pango);
  g_object_unref (pango);
  return NULL;
}

void
zb_slide_start_layout_helper (void)
{
  if (!g_atomic_int_get (&layout_ahead_enabled) || g_get_num_processors () < 2)
    return;
  g_mutex_lock (&spare_lock);
  if (spare == NULL)
    {
      SpareHelper *helper = g_new0 (SpareHelper, 1);

      helper->thread = g_thread_try_new ("zb-slides", spare_helper_thread, helper, NULL);
      if (helper->thread != NULL)
        spare = helper;
      else
        g_free (helper);
    }
  g_mutex_unlock (&spare_lock);
}

/* The waiting helper, now working on @ahead, or NULL when there is none. */
static GThread *
take_spare_helper (LayoutAhead *ahead)
{
  GThread *thread = NULL;

  g_mutex_lock (&spare_lock);
  if (spare != NULL)
    {
      spare->job = ahead;
      thread = spare->thread;
      g_cond_broadcast (&spare_cond);
      /* Its thread reads the helper until it has its job; freed once joined. */
      ahead->spare = g_steal_pointer (&spare);
    }
  g_mutex_unlock (&spare_lock);
  return thread;
}

gboolean
zb_slide_stop_layout_helper (void)
{
  SpareHelper *helper;

  g_mutex_lock (&spare_lock);
  helper = g_steal_pointer (&spare);
  if (helper != NULL)
    {
      helper->stop = TRUE;
      g_cond_broadcast (&spare_cond);
    }
  g_mutex_unlock (&spare_lock);
  if (helper == NULL)
    return FALSE;
  g_thread_join (helper->thread);
  g_free (helper);
  return TRUE;
}

static void
layout_ahead_start (LayoutAhead *ahead,
                    ZbSlideDeck *deck,
                    double       width,
                    double       height,
                    ZbTheme      theme)
{
  *ahead = (LayoutAhead) { deck, width, height, theme, { 0 }, 0, deck->slides->len, NULL, NULL };
  g_mutex_init (&ahead->lock);
  if (g_atomic_int_get (&layout_ahead_enabled) && deck->slides->len >= LAYOUT_AHEAD_MIN_SLIDES
      && g_get_num_processors () > 1)
    {
      ahead->thread = take_spare_helper (ahead);
      if (ahead->thread == NULL)
        ahead->thread = g_thread_try_new ("zb-slides", layout_ahead_thread, ahead, NULL);
    }
}

/* Waits for the helper, whose slides are then the drawing thread's to use. */
static void
layout_ahead_join (LayoutAhead *ahead)
{
  if (ahead->thread != NULL)
    g_thread_join (g_steal_pointer (&ahead->thread));
  g_clear_pointer (&ahead->spare, g_free);
}

/* Called before slide @index is drawn: takes it, or waits for the helper, which took it. */
static void
layout_ahead_claim (LayoutAhead *ahead,
                    guint        index)
{
  gboolean taken;

  if (ahead == NULL || ahead->thread == NULL)
    return;
  g_mutex_lock (&ahead->lock);
  taken = index < ahead->ahead;
  if (taken)
    ahead->next = MAX (ahead->next, index + 1);
  g_mutex_unlock (&ahead->lock);
  if (!taken)
    layout_ahead_join (ahead);
}

static void
layout_ahead_finish (LayoutAhead *ahead)
{
  layout_ahead_join (ahead);
  g_mutex_clear (&ahead->lock);
}

/* ---- Drawing ------------------------------------------------------------------------------- */

static void
draw_text (cairo_t   *cr,
           TextBlock *block)
{
  zb_draw_save (cr);
  zb_color_set_source (block->color, cr);
  cairo_move_to (cr, block->x, block->y);
  zb_text_render_layout (cr, block->layout);
  zb_draw_restore (cr);
}

static TextBlock *
find_text (Slide      *slide,
           const char *role)
{
  for (guint i = 0; i < slide->texts->len; i++)
    {
      TextBlock *block = g_ptr_array_index (slide->texts, i);

      if (g_str_equal (block->role, role))
        return block;
    }
  return NULL;
}

static void
draw_decorations (ZbSlideDeck     *self,
                  Slide           *slide,
                  cairo_t         *cr,
                  const ZbPalette *palette)
{
  double u = MIN (slide->height / DESIGN_HEIGHT, slide->width / DESIGN_WIDTH);
  TextBlock *block;

  zb_color_set_source (&palette->series[0], cr);
  if (slide->kind == ZB_SLIDE_KIND_CHART
      && ((block = find_text (slide, "caption")) != NULL
          || (block = find_text (slide, "caption-excerpt")) != NULL))
    {
      /* A quotation bar: the caption is the report's words, not ours. */
      cairo_rectangle (cr, block->x - 28 * u, block->y + 4 * u, 6 * u, block->height - 8 * u);
      zb_draw_fill (cr);
    }
  if (slide->kind == ZB_SLIDE_KIND_TITLE && (block = find_text (slide, "meta")) != NULL)
    {
      cairo_rectangle (cr, block->x - 36 * u, block->y, 8 * u, block->height);
      zb_draw_fill (cr);
    }
  if (slide->kind == ZB_SLIDE_KIND_TITLE)
    {
      /* A band along the bottom edge, the one ornament of the deck. */
      cairo_rectangle (cr, 0, slide->height - 16 * u, slide->width, 16 * u);
      zb_draw_fill (cr);
    }
}

void
zb_slide_deck_render (ZbSlideDeck *self,
                      guint        index,
                      cairo_t     *cr,
                      double       width,
                      double       height,
                      ZbTheme      theme,
                      int          reveal)
{
  const ZbPalette *palette;
  Slide *slide;

  g_return_if_fail (ZB_IS_SLIDE_DECK (self));
  g_return_if_fail (index < self->slides->len);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  slide = get_slide (self, index);
  ensure_layout (self, slide, width, height, theme);
  palette = zb_theme_get_palette (theme);

  zb_draw_save (cr);
  zb_color_set_source (&palette->background, cr);
  cairo_rectangle (cr, 0, 0, width, height);
  zb_draw_fill (cr);

  draw_decorations (self, slide, cr, palette);
  for (guint i = 0; i < slide->texts->len; i++)
    draw_text (cr, g_ptr_array_index (slide->texts, i));

  if (slide->chart != NULL)
    {
      zb_draw_save (cr);
      cairo_translate (cr, slide->chart_x, slide->chart_y);
      zb_chart_layout_set_reveal (slide->chart, reveal);
      zb_chart_layout_render (slide->chart, cr);
      zb_draw_restore (cr);
    }
  zb_draw_restore (cr);
}

guint
zb_slide_deck_get_n_marks (ZbSlideDeck *self,
                           guint        index)
{
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), 0);
  g_return_val_if_fail (index < self->slides->len, 0);

  slide = get_slide (self, index);
  if (slide->kind != ZB_SLIDE_KIND_CHART)
    return 0;
  if (!slide->laid_out)
    ensure_layout (self, slide, DESIGN_WIDTH, DESIGN_HEIGHT, ZB_THEME_LIGHT);
  return slide->chart != NULL ? zb_chart_layout_get_n_marks (slide->chart) : 0;
}

const ZbMark *
zb_slide_deck_get_mark (ZbSlideDeck *self,
                        guint        index,
                        guint        mark)
{
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (mark < zb_slide_deck_get_n_marks (self, index), NULL);

  slide = get_slide (self, index);
  return zb_chart_layout_get_mark (slide->chart, mark);
}

gboolean
zb_slide_deck_get_mark_center (ZbSlideDeck *self,
                               guint        index,
                               guint        mark,
                               double       width,
                               double       height,
                               ZbTheme      theme,
                               double      *x,
                               double      *y)
{
  const ZbMark *m;
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), FALSE);
  g_return_val_if_fail (index < self->slides->len, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  slide = get_slide (self, index);
  ensure_layout (self, slide, width, height, theme);
  if (slide->chart == NULL || mark >= zb_chart_layout_get_n_marks (slide->chart))
    return FALSE;
  m = zb_chart_layout_get_mark (slide->chart, mark);
  *x = slide->chart_x + m->x + m->width / 2;
  *y = slide->chart_y + m->y + m->height / 2;
  return TRUE;
}

int
zb_slide_deck_hit_test (ZbSlideDeck *self,
                        guint        index,
                        double       width,
                        double       height,
                        ZbTheme      theme,
                        double       x,
                        double       y)
{
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), -1);
  g_return_val_if_fail (index < self->slides->len, -1);

  slide = get_slide (self, index);
  if (width <= 0 || height <= 0)
    return -1;
  ensure_layout (self, slide, width, height, theme);
  if (slide->chart == NULL)
    return -1;
  return zb_chart_layout_hit_test (slide->chart, x - slide->chart_x, y - slide->chart_y);
}

void
zb_slide_deck_set_selected (ZbSlideDeck *self,
                            guint        index,
                            int          mark)
{
  Slide *slide;
  g_autoptr (GPtrArray) figures = g_ptr_array_new ();
  const ZbMark *m;

  g_return_if_fail (ZB_IS_SLIDE_DECK (self));
  g_return_if_fail (index < self->slides->len);

  slide = get_slide (self, index);
  if (mark >= (int) zb_slide_deck_get_n_marks (self, index))
    mark = -1;
  if (mark == slide->selected)
    return;

  m = mark >= 0 ? zb_chart_layout_get_mark (slide->chart, mark) : NULL;
  slide->selected = mark;
  g_clear_pointer (&slide->selected_quote, quote_free);
  g_clear_pointer (&slide->selected_caption, g_free);
  if (m != NULL && m->observation != NULL)
    {
      g_autoptr (GPtrArray) quotes = NULL;

      g_ptr_array_add (figures, m->observation);
      quotes = collect_quotes (self->dataset, figures);
      if (quotes->len > 0)
        {
          slide->selected_quote = g_ptr_array_steal_index (quotes, 0);
          slide->selected_caption = g_strdup (slide->selected_quote->text);
        }
    }
  /* The caption's height changes, and with it the chart's area. */
  slide_invalidate (slide);
}

int
zb_slide_deck_get_selected (ZbSlideDeck *self,
                            guint        index)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), -1);
  g_return_val_if_fail (index < self->slides->len, -1);
  return get_slide (self, index)->selected;
}

GArray *
zb_slide_deck_dup_texts (ZbSlideDeck *self,
                         guint        index,
                         double       width,
                         double       height,
                         ZbTheme      theme)
{
  GArray *texts;
  Slide *slide;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  slide = get_slide (self, index);
  ensure_layout (self, slide, width, height, theme);
  texts = g_array_new (FALSE, TRUE, sizeof (ZbSlideText));
  for (guint i = 0; i < slide->texts->len; i++)
    {
      TextBlock *block = g_ptr_array_index (slide->texts, i);
      double x, y, w, h;
      ZbSlideText text;

      zb_text_layout_get_extents (block->layout, &x, &y, &w, &h);
      text.role = block->role;
      text.x = block->x;
      text.y = block->y;
      text.width = block->width;
      text.height = block->height;
      text.text_width = x + w;
      text.text_height = y + h;
      text.font_size = block->font_size;
      text.ellipsized = pango_layout_is_ellipsized (block->layout);
      g_array_append_val (texts, text);
    }
  return texts;
}

/* ---- Export -------------------------------------------------------------------------------- */

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO, _("Could not draw “%s”: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

static void
draw_notes (ZbSlideDeck *self,
            guint        index,
            cairo_t     *cr)
{
  static const ZbColor paper = { 1, 1, 1, 1 };
  const ZbPalette *palette = zb_theme_get_palette (ZB_THEME_LIGHT);
  Slide *slide = get_slide (self, index);
  Frame frame = { .deck = self, .slide = slide, .pango = self->pango, .palette = palette, .u = 1 };
  g_autoptr (PangoLayout) label = NULL;
  g_autoptr (PangoLayout) notes = NULL;
  double margin = 48, width = ZB_SLIDE_PDF_WIDTH - 2 * margin, size, y = ZB_SLIDE_PDF_HEIGHT;

  zb_draw_save (cr);
  zb_color_set_source (&paper, cr);
  cairo_rectangle (cr, 0, y, ZB_SLIDE_PDF_WIDTH, NOTES_HEIGHT);
  zb_draw_fill (cr);
  zb_color_set_source (&palette->grid, cr);
  cairo_rectangle (cr, 0, y, ZB_SLIDE_PDF_WIDTH, 1);
  zb_draw_fill (cr);

  y += 28;
  label = new_layout (&frame, lang_str (self, "演讲备注", "Speaker notes"), NULL, 11,
                      PANGO_WEIGHT_BOLD, width, 1);
  zb_color_set_source (&palette->muted, cr);
  cairo_move_to (cr, margin, y);
  zb_text_render_layout (cr, label);
  y += layout_height (label) + 8;

  notes = fit_layout (&frame, zb_slide_deck_get_notes (self, index), NULL, PANGO_WEIGHT_NORMAL,
                      14, 10, width, ZB_SLIDE_PDF_HEIGHT + NOTES_HEIGHT - 28 - y, 40, FALSE, &size);
  zb_color_set_source (&palette->foreground, cr);
  cairo_move_to (cr, margin, y);
  zb_text_render_layout (cr, notes);
  zb_draw_restore (cr);
}

typedef struct
{
  ZbSlideDeck *deck;
  ZbTheme      theme;
  gboolean     with_notes;
  LayoutAhead *ahead;
} PdfPage;

static void
render_pdf_page (cairo_t  *cr,
                 guint     index,
                 gpointer  user_data)
{
  PdfPage *page = user_data;

  layout_ahead_claim (page->ahead, index);
  zb_slide_deck_render (page->deck, index, cr, ZB_SLIDE_PDF_WIDTH, ZB_SLIDE_PDF_HEIGHT, page->theme, -1);
  if (page->with_notes)
    draw_notes (page->deck, index, cr);
}

gboolean
zb_slide_deck_export_pdf (ZbSlideDeck *self,
                          const char  *path,
                          ZbTheme      theme,
                          gboolean     with_notes,
                          GError     **error)
{
  g_autoptr (GBytes) bytes = NULL;
  double page_height = ZB_SLIDE_PDF_HEIGHT + (with_notes ? NOTES_HEIGHT : 0);
  LayoutAhead ahead;
  PdfPage page = { self, theme, with_notes, &ahead };
  ZbPdfInfo info;
  g_autofree char *keywords = NULL;
  cairo_status_t status;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Where it comes from, as a chart's PDF says it: the report, the briefing, the dataset. */
  keywords = zb_export_pdf_info (&info, self->dataset, "briefing", self->briefing_id, self->briefing_title,
                                 self->lang);

  layout_ahead_start (&ahead, self, ZB_SLIDE_PDF_WIDTH, ZB_SLIDE_PDF_HEIGHT, theme);
  bytes = zb_text_render_pdf_bytes (ZB_SLIDE_PDF_WIDTH, page_height, &info, self->slides->len,
                                    render_pdf_page, &page, &status);
  layout_ahead_finish (&ahead);
  return check_cairo (status, path, error) && zb_export_write_file (path, bytes, error);
}

char *
zb_slide_deck_png_name (ZbSlideDeck *self,
                        guint        index)
{
  int digits = 2;

  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), NULL);

  for (guint n = self->slides->len; n >= 100; n /= 10)
    digits++;
  return g_strdup_printf ("slide-%0*u.png", digits, index + 1);
}

/* slide-NN.png files beyond the deck's length, from an earlier export of a longer briefing. */
static void
remove_stale_pngs (ZbSlideDeck *self,
                   const char  *directory)
{
  g_autoptr (GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      guint64 number;
      g_autofree char *path = NULL;
      const char *digits;
      char *end;

      if (!g_str_has_prefix (name, "slide-") || !g_str_has_suffix (name, ".png"))
        continue;
      digits = name + strlen ("slide-");
      if (!g_ascii_isdigit (*digits))
        continue;
      number = g_ascii_strtoull (digits, &end, 10);
      if (!g_str_equal (end, ".png") || number <= self->slides->len)
        continue;
      path = g_build_filename (directory, name, NULL);
      g_unlink (path);
    }
}

gboolean
zb_slide_deck_export_png (ZbSlideDeck *self,
                          const char  *directory,
                          int          width,
                          int          height,
                          ZbTheme      theme,
                          GError     **error)
{
  g_return_val_if_fail (ZB_IS_SLIDE_DECK (self), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE,
                   _("A slide of %d × %d pixels cannot be drawn: choose a size from 16 to 16384 pixels a side"),
                   width, height);
      return FALSE;
    }
  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   directory, g_strerror (saved));
      return FALSE;
    }

  for (guint i = 0; i < self->slides->len; i++)
    {
      g_autofree char *name = zb_slide_deck_png_name (self, i);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autoptr (GBytes) bytes = NULL;
      /* Slides are opaque: RGB, written by the charts' PNG encoder with the provenance. */
      cairo_surface_t *surface = zb_export_image_surface_new (CAIRO_FORMAT_RGB24, width, height);
      cairo_status_t status;
      cairo_t *cr = cairo_create (surface);

      zb_slide_deck_render (self, i, cr, width, height, theme, -1);
      status = cairo_status (cr);
      cairo_destroy (cr);
      if (status == CAIRO_STATUS_SUCCESS)
        bytes = zb_export_encode_png (surface, self->dataset, self->briefing_id,
                                      get_slide (self, i)->title, self->lang);
      cairo_surface_destroy (surface);
      if (!check_cairo (status, path, error) || !zb_export_write_file (path, bytes, error))
        return FALSE;
    }
  remove_stale_pngs (self, directory);
  return TRUE;
}
