#define G_LOG_DOMAIN "zb-indicator-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zb-indicator-item.h"
#include "zb-report.h"
#include "zb-units.h"

struct _ZbIndicatorItem
{
  GObject      parent_instance;

  ZbItemKind   kind;
  ZbDataset   *dataset;    /* keeps the indicator and chart pointers alive */
  ZbIndicator *indicator;
  ZbChartSpec *chart;
  char        *title;
  char        *subtitle;
  char        *value_text;
  char        *search_key; /* case-folded haystack for the search entry */
};

G_DEFINE_FINAL_TYPE (ZbIndicatorItem, zb_indicator_item, G_TYPE_OBJECT)

static void
zb_indicator_item_finalize (GObject *object)
{
  ZbIndicatorItem *self = ZB_INDICATOR_ITEM (object);

  g_clear_object (&self->dataset);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->value_text);
  g_free (self->search_key);

  G_OBJECT_CLASS (zb_indicator_item_parent_class)->finalize (object);
}

static void
zb_indicator_item_class_init (ZbIndicatorItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = zb_indicator_item_finalize;
}

static void
zb_indicator_item_init (ZbIndicatorItem *self)
{
}

static char *
build_search_key (const char *first,
                  ...)
{
  g_autoptr (GString) key = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_autofree char *folded = g_utf8_casefold (part, -1);

      g_string_append (key, folded);
      g_string_append_c (key, '\n');
    }
  va_end (args);

  return g_string_free (g_steal_pointer (&key), FALSE);
}

ZbIndicatorItem *
zb_indicator_item_new_header (const char *title)
{
  ZbIndicatorItem *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (ZB_TYPE_INDICATOR_ITEM, NULL);
  self->kind = ZB_ITEM_HEADER;
  self->title = g_strdup (title);
  return self;
}

ZbIndicatorItem *
zb_indicator_item_new_chart (ZbDataset   *dataset,
                             ZbChartSpec *chart,
                             ZbLang       lang)
{
  ZbIndicatorItem *self;
  ZbLang other = lang == ZB_LANG_ZH ? ZB_LANG_EN : ZB_LANG_ZH;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  self = g_object_new (ZB_TYPE_INDICATOR_ITEM, NULL);
  self->kind = ZB_ITEM_CHART;
  self->dataset = g_object_ref (dataset);
  self->chart = chart;
  self->title = g_strdup (zb_text_get (&chart->title, lang));
  if (*self->title == '\0')
    zb_set_str (&self->title, chart->id);
  self->subtitle = g_strdup (zb_text_get (&chart->title, other));
  self->search_key = build_search_key (zb_text_get (&chart->title, ZB_LANG_ZH),
                                       zb_text_get (&chart->title, ZB_LANG_EN),
                                       chart->id, NULL);
  return self;
}

ZbIndicatorItem *
zb_indicator_item_new_indicator (ZbDataset   *dataset,
                                 ZbIndicator *indicator,
                                 ZbLang       lang)
{
  ZbIndicatorItem *self;
  ZbObservation *latest;
  ZbLang other = lang == ZB_LANG_ZH ? ZB_LANG_EN : ZB_LANG_ZH;
  g_autofree char *value_zh = NULL;
  g_autofree char *value_en = NULL;
  g_autofree char *period = NULL;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  self = g_object_new (ZB_TYPE_INDICATOR_ITEM, NULL);
  self->kind = ZB_ITEM_INDICATOR;
  self->dataset = g_object_ref (dataset);
  self->indicator = indicator;
  self->title = g_strdup (zb_text_get (&indicator->name, lang));
  if (*self->title == '\0')
    zb_set_str (&self->title, indicator->id);

  latest = zb_indicator_get_latest (indicator);
  if (latest != NULL)
    {
      value_zh = zb_format_observation (latest, ZB_LANG_ZH);
      value_en = zb_format_observation (latest, ZB_LANG_EN);
      period = zb_format_period (latest->period, lang);
      self->value_text = g_strdup (lang == ZB_LANG_ZH ? value_zh : value_en);
    }
  else
    self->value_text = g_strdup ("");

  {
    const char *other_name = zb_text_get (&indicator->name, other);

    if (period != NULL && *other_name != '\0' && g_strcmp0 (other_name, self->title) != 0)
      self->subtitle = g_strdup_printf ("%s · %s", other_name, period);
    else if (period != NULL)
      self->subtitle = g_strdup (period);
    else
      self->subtitle = g_strdup (other_name);
  }

  self->search_key = build_search_key (zb_text_get (&indicator->name, ZB_LANG_ZH),
                                       zb_text_get (&indicator->name, ZB_LANG_EN),
                                       indicator->id,
                                       indicator->unit != NULL ? indicator->unit : "",
                                       value_zh != NULL ? value_zh : "",
                                       value_en != NULL ? value_en : "",
                                       NULL);
  return self;
}

ZbItemKind
zb_indicator_item_get_kind (ZbIndicatorItem *self)
{
  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), ZB_ITEM_HEADER);
  return self->kind;
}

const char *
zb_indicator_item_get_title (ZbIndicatorItem *self)
{
  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), NULL);
  return self->title;
}

const char *
zb_indicator_item_get_subtitle (ZbIndicatorItem *self)
{
  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), NULL);
  return self->subtitle != NULL ? self->subtitle : "";
}

const char *
zb_indicator_item_get_value_text (ZbIndicatorItem *self)
{
  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), NULL);
  return self->value_text != NULL ? self->value_text : "";
}

ZbIndicator *
zb_indicator_item_get_indicator (ZbIndicatorItem *self)
{
  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), NULL);
  return self->indicator;
}

ZbChartSpec *
zb_indicator_item_get_chart (ZbIndicatorItem *self)
{
  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), NULL);
  return self->chart;
}

char *
zb_indicator_item_dup_description (ZbIndicatorItem *self)
{
  GString *text;

  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), NULL);

  text = g_string_new (self->title);
  if (self->value_text != NULL && *self->value_text != '\0')
    g_string_append_printf (text, "\n%s", self->value_text);
  if (self->kind != ZB_ITEM_HEADER && self->subtitle != NULL && *self->subtitle != '\0')
    g_string_append_printf (text, "\n%s", self->subtitle);
  return g_string_free (text, FALSE);
}

gboolean
zb_indicator_item_matches (ZbIndicatorItem *self,
                           const char      *query)
{
  g_autofree char *folded = NULL;
  g_auto (GStrv) words = NULL;

  g_return_val_if_fail (ZB_IS_INDICATOR_ITEM (self), FALSE);

  if (query == NULL || *query == '\0')
    return TRUE;
  if (self->search_key == NULL)
    return FALSE;

  /* Every word must match somewhere, so "retail 2023" narrows rather than widens. */
  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (folded, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0' && strstr (self->search_key, words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *zh;
  const char *en;
  gboolean    before;  /* written before the number */
} Qualifier;

/* The report's hedging words, with where each goes around the number in either language. */
static const Qualifier qualifiers[] = {
  { "力争", "aiming for", TRUE },
  { "超过", "over", TRUE },
  { "突破", "over", TRUE },
  { "达到", "reaching", TRUE },
  { "约", "about", TRUE },
  { "近", "nearly", TRUE },
  { "不低于", "at least", TRUE },
  { "高于", "above", TRUE },
  { "以上", "or more", FALSE },
  { "左右", "about", TRUE },
  { "以内", "at most", TRUE },
  { "以下", "or less", FALSE },
};

static const Qualifier *
lookup_qualifier (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (qualifiers); i++)
    if (g_strcmp0 (qualifiers[i].zh, word) == 0)
      return &qualifiers[i];
  return NULL;
}

char *
zb_format_observation (const ZbObservation *observation,
                       ZbLang               lang)
{
  g_autoptr (GString) before = g_string_new (NULL);
  g_autoptr (GString) after = g_string_new (NULL);
  g_autofree char *value = NULL;
  const char *unit;

  g_return_val_if_fail (observation != NULL, NULL);

  unit = observation->indicator != NULL ? observation->indicator->unit : "";
  value = zb_format_value (observation->value, unit != NULL ? unit : "", lang);

  for (guint i = 0; observation->qualifiers != NULL && observation->qualifiers[i] != NULL; i++)
    {
      const char *word = observation->qualifiers[i];
      const Qualifier *q = lookup_qualifier (word);

      if (lang == ZB_LANG_ZH)
        {
          /* Chinese keeps the report's own order: 以上/左右/以内 follow the number. */
          gboolean zh_before = q != NULL && q->before && g_strcmp0 (word, "左右") != 0
                               && g_strcmp0 (word, "以内") != 0;
          g_string_append (zh_before ? before : after, word);
        }
      else if (q != NULL)
        {
          GString *side = q->before ? before : after;

          if (strstr (side->str, q->en) != NULL)
            continue;
          if (q->before)
            g_string_append_printf (side, "%s ", q->en);
          else
            g_string_append_printf (side, " %s", q->en);
        }
    }

  return g_strconcat (before->str, value, after->str, NULL);
}

static const char *const zh_numerals[] = { "", "一", "二", "三", "四" };

char *
zb_format_period (const char *period,
                  ZbLang      lang)
{
  int year = 0, a = 0, b = 0;
  char kind = 0;
  int consumed = 0;

  g_return_val_if_fail (period != NULL, NULL);

  if (sscanf (period, "%4d%n", &year, &consumed) != 1 || consumed != 4)
    return g_strdup (period);

  if (period[4] == '\0')
    return lang == ZB_LANG_ZH ? g_strdup_printf ("%d年", year) : g_strdup_printf ("%d", year);

  if (sscanf (period + 4, "Q%d-Q%d", &a, &b) == 2 && a >= 1 && b <= 4 && a < b)
    {
      if (lang == ZB_LANG_EN)
        return g_strdup_printf ("Q%d–Q%d %d", a, b, year);
      if (a == 1)
        return g_strdup_printf ("%d年前%s季度", year, zh_numerals[b]);
      return g_strdup_printf ("%d年%s至%s季度", year, zh_numerals[a], zh_numerals[b]);
    }

  if (sscanf (period + 4, "%c%d", &kind, &a) == 2 && a >= 1)
    {
      if (kind == 'Q' && a <= 4)
        return lang == ZB_LANG_ZH ? g_strdup_printf ("%d年%s季度", year, zh_numerals[a])
                                  : g_strdup_printf ("Q%d %d", a, year);
      if (kind == 'H' && a <= 2)
        return lang == ZB_LANG_ZH ? g_strdup_printf ("%d年%s半年", year, a == 1 ? "上" : "下")
                                  : g_strdup_printf ("H%d %d", a, year);
    }

  return g_strdup (period);
}

const char *
zb_status_label (ZbStatus status)
{
  switch (status)
    {
    case ZB_STATUS_ACTUAL:
      return _("Actual");
    case ZB_STATUS_TARGET:
      return _("Target");
    case ZB_STATUS_OTHER:
    default:
      return _("Other");
    }
}

ZbLang
zb_lang_for_locale (void)
{
  const char *const *names = g_get_language_names ();

  return names[0] != NULL && g_str_has_prefix (names[0], "zh") ? ZB_LANG_ZH : ZB_LANG_EN;
}

char *
zb_observation_dup_sentence (ZbDataset           *dataset,
                             const ZbObservation *observation)
{
  ZbReport *report;
  gsize start, end;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (observation != NULL, NULL);

  report = zb_dataset_get_report (dataset);
  if (report == NULL || observation->src_text == NULL)
    return NULL;
  if (!zb_report_get_sentence (report, observation->src_start, &start, &end))
    return NULL;
  return zb_report_dup_range (report, start, end);
}
