/* zb-chart.c: chart layout, cairo rendering and hit-testing.
 *
 * A layout resolves the spec's series into panels (one for most charts; one per indicator for
 * small multiples), each with its own value axis, categories and marks. All text is measured with
 * Pango once, here, and kept as a display list, so that rendering only strokes, fills and shows
 * laid-out text: the same on screen and in every file.
 */
#define G_LOG_DOMAIN "zb-chart"

#include "config.h"

#include "zb-chart.h"
#include "zb-face-hint.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "zb-axis.h"
#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-report.h"
#include "zb-table.h"
#include "zb-text-render.h"
#include "zb-theme.h"
#include "zb-units.h"

/* Chart text follows the chart's language option, not the desktop's locale, so it is chosen
 * here rather than through gettext. */
#define TR(lang, zh, en) ((lang) == ZB_LANG_ZH ? (zh) : (en))

/* Above this many points a line is reduced to the extremes of each column of pixels. */
#define LINE_REDUCE_THRESHOLD 2000

typedef enum
{
  PANEL_COLUMN,
  PANEL_BAR,
  PANEL_LINE,
  PANEL_DUMBBELL,
} PanelKind;

typedef enum
{
  ROLE_TITLE,
  ROLE_TEXT,
  ROLE_MUTED,
  ROLE_REFERENCE,
} TextRole;

typedef enum
{
  REF_LINE,    /* a plain target */
  REF_BAND,    /* 左右: about */
  REF_FLOOR,   /* 以上, 超过: at least */
  REF_CEILING, /* 以内: at most */
} RefKind;

typedef enum
{
  SHAPE_RECT,
  SHAPE_DOT,
  SHAPE_DIAMOND,  /* a target in a dumbbell */
  SHAPE_POINT,
} ShapeKind;

typedef struct
{
  PangoLayout *layout;
  double       x, y;
  TextRole     role;
  gboolean     backdrop;  /* paint the background behind it: it may sit on a line */
  int          mark;      /* drawn only when this mark is revealed; -1 always */
} Text;

typedef struct
{
  ZbIndicator  *indicator;
  char         *label;     /* the series' name in the chart's language */
  /* ZbObservation*, borrowed, sorted by period; NULL for a lazy series (a long table's
   * column), whose observations are made one by one when asked for: read through series_get */
  GPtrArray    *obs;
  guint         n;         /* observations */
  const double *values;    /* their values, in the same order */
  GArray       *own_values;
  guint         color;
} Series;

typedef struct
{
  ZbObservation *obs;
  double         value;
  double         lo, hi;  /* band or shaded range in value units */
  RefKind        kind;
  double         pos;     /* pixel position of the line */
} Ref;

typedef struct
{
  PanelKind  kind;
  char      *unit;
  GPtrArray *series;      /* Series*, borrowed from the layout */
  guint      n_groups;    /* marks a category: series, or 2 (actual, target) for dumbbells */
  guint      n_categories;
  ZbObservation **cells;  /* n_categories × n_groups, row-major; NULL where there is none */
  Series    *lazy;        /* instead of cells: the panel's one series, when that is lazy */
  const double   *values; /* the cells' values when the panel is one series in its order */
  char     **category_names; /* for categories that are indicators; NULL for periods */
  gboolean   with_year;
  gboolean   in_quarters;
  gboolean   mixed_status;

  double     factor;          /* axis units a data unit: 1, or a rescaling for English */
  char      *scale_word;      /* "billion" when the axis counts billions, else NULL */

  double     x, y, w, h;      /* whole panel */
  double     px, py, pw, ph;  /* plot area */
  ZbAxis     axis;
  GArray    *refs;            /* Ref */
  guint      first_mark;
  guint      n_marks;

  /* a reduced line: x, y pairs of points to draw */
  GArray    *line_points;
  gboolean   continuous;      /* x by index across the plot, not in category slots */
} Panel;

typedef enum
{
  SWATCH_SQUARE,   /* a series of columns, bars or lines */
  SWATCH_DOT,      /* a dumbbell's actual */
  SWATCH_DIAMOND,  /* a dumbbell's target */
} SwatchKind;

typedef struct
{
  SwatchKind kind;
  guint      color;
  double     x, cy;
} LegendEntry;

typedef struct
{
  ShapeKind kind;
  guint     color;
  double    cx, cy, r;
  guint     group;
  gboolean  target;  /* drawn hollow: a goal, not an achievement */
  guint     category;  /* of its panel: the label is made from it when asked for */
} MarkShape;

struct _ZbChartLayout
{
  GObject parent_instance;

  ZbDataset      *dataset;
  ZbChartType     type;
  char           *id;
  ZbText          title;
  ZbRenderOptions options;
  const ZbPalette *palette;

  double          base;      /* base font size in layout units */

  GPtrArray      *series;    /* Series* */
  GPtrArray      *panels;    /* Panel* */
  GArray         *marks;     /* ZbMark */
  GArray         *shapes;    /* MarkShape, parallel to marks */
  GArray         *texts;     /* Text */
  GArray         *legend;    /* LegendEntry */
  double          legend_swatch;

  int             selected;
  int             hover;
  int             reveal;
};

G_DEFINE_FINAL_TYPE (ZbChartLayout, zb_chart_layout, G_TYPE_OBJECT)

void
zb_render_options_init (ZbRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->width = 1600;
  options->height = 900;
  options->lang = ZB_LANG_ZH;
  options->theme = ZB_THEME_LIGHT;
  options->font_scale = 1.0;
}

/* Periods ----------------------------------------------------------------------------------- */

typedef struct
{
  int year;
  int first;  /* first quarter 1..4 */
  int last;   /* last quarter 1..4 */
} Period;

static gboolean
parse_year (const char **p,
            int         *year)
{
  const char *s = *p;

  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  if (g_ascii_isdigit (s[4]))
    return FALSE;
  *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (*year < 1900 || *year > 2200)
    return FALSE;
  *p = s + 4;
  return TRUE;
}

static gboolean
parse_quarter (const char **p,
               int         *q)
{
  const char *s = *p;

  if (s[0] != 'Q' || s[1] < '1' || s[1] > '4')
    return FALSE;
  *q = s[1] - '0';
  *p = s + 2;
  return TRUE;
}

/* "2023", "2023Q1", "2023H1", "2023Q1-Q3"; cumulative "2023Qn" means the first n quarters. */
static gboolean
period_parse (const char *str,
              gboolean    cumulative,
              Period     *out)
{
  const char *p = str;
  int q;

  if (str == NULL || !parse_year (&p, &out->year))
    return FALSE;
  if (*p == '\0')
    {
      out->first = 1;
      out->last = 4;
      return TRUE;
    }
  if (p[0] == 'H' && (p[1] == '1' || p[1] == '2') && p[2] == '\0')
    {
      out->first = p[1] == '1' ? 1 : 3;
      out->last = out->first + 1;
      return TRUE;
    }
  if (!parse_quarter (&p, &q))
    return FALSE;
  out->first = cumulative ? 1 : q;
  out->last = q;
  if (*p == '\0')
    return TRUE;
  if (*p != '-')
    return FALSE;
  p++;
  if (!parse_quarter (&p, &q) || *p != '\0' || q < out->first)
    return FALSE;
  out->first = cumulative ? 1 : out->first;
  out->last = q;
  return TRUE;
}

static int
period_compare (const ZbObservation *a,
                const ZbObservation *b)
{
  Period pa, pb;
  gboolean ok_a = period_parse (a->period, a->cumulative, &pa);
  gboolean ok_b = period_parse (b->period, b->cumulative, &pb);

  if (!ok_a || !ok_b)
    return ok_a - ok_b;
  if (pa.year != pb.year)
    return pa.year < pb.year ? -1 : 1;
  if (pa.last != pb.last)
    return pa.last < pb.last ? -1 : 1;
  if (pa.first != pb.first)
    return pa.first < pb.first ? -1 : 1;
  return (int) a->status - (int) b->status;
}

static const char *const zh_quarters[] = { "", "一季度", "二季度", "三季度", "四季度" };
static const char *const zh_numerals[] = { "", "一", "二", "三", "四" };

/* The words for a part of a year: cumulative periods say so (前三季度, never "Q3"). */
static char *
period_part_label (const Period *p,
                   ZbLang        lang)
{
  if (p->first == 1 && p->last == 4)
    return g_strdup (TR (lang, "全年", "Full year"));
  if (p->first == p->last)
    return lang == ZB_LANG_ZH ? g_strdup (zh_quarters[p->first]) : g_strdup_printf ("Q%d", p->first);
  if (p->first == 1 && p->last == 2)
    return g_strdup (TR (lang, "上半年", "H1"));
  if (p->first == 3 && p->last == 4)
    return g_strdup (TR (lang, "下半年", "H2"));
  if (p->first == 1)
    return lang == ZB_LANG_ZH ? g_strdup_printf ("前%s季度", zh_numerals[p->last])
                              : g_strdup_printf ("Q1–Q%d", p->last);
  return lang == ZB_LANG_ZH ? g_strdup_printf ("%s至%s季度", zh_numerals[p->first], zh_numerals[p->last])
                            : g_strdup_printf ("Q%d–Q%d", p->first, p->last);
}

static char *
period_label (const ZbObservation *obs,
              gboolean             with_year,
              gboolean             in_quarters,
              gboolean             with_status,
              ZbLang               lang)
{
  Period p;
  g_autofree char *base = NULL;

  if (!period_parse (obs->period, obs->cumulative, &p))
    base = g_strdup (obs->period != NULL ? obs->period : "");
  else if (p.first == 1 && p.last == 4 && !in_quarters)
    base = lang == ZB_LANG_ZH ? g_strdup_printf ("%d年", p.year) : g_strdup_printf ("%d", p.year);
  else
    {
      g_autofree char *part = period_part_label (&p, lang);

      if (!with_year)
        base = g_steal_pointer (&part);
      else if (lang == ZB_LANG_ZH)
        base = g_strdup_printf ("%d年%s", p.year, part);
      else
        base = g_strdup_printf ("%d %s", p.year, part);
    }

  if (with_status && obs->status == ZB_STATUS_TARGET)
    return g_strconcat (base, TR (lang, "目标", " target"), NULL);
  return g_steal_pointer (&base);
}

/* Values -------------------------------------------------------------------------------------- */

static gboolean
has_qualifier (const ZbObservation *obs,
               const char          *word)
{
  if (obs->qualifiers == NULL)
    return FALSE;
  return g_strv_contains ((const char *const *) obs->qualifiers, word);
}

/* The bound a qualifier puts on a figure, as a sign: "突破2万亿元" is "> 2万亿元". */
static const char *
qualifier_sign (const ZbObservation *obs)
{
  if (has_qualifier (obs, "突破") || has_qualifier (obs, "超过"))
    return ">";
  if (has_qualifier (obs, "以上") || has_qualifier (obs, "不低于"))
    return "≥";
  if (has_qualifier (obs, "以内") || has_qualifier (obs, "以下") || has_qualifier (obs, "不超过"))
    return "≤";
  if (has_qualifier (obs, "左右") || has_qualifier (obs, "约") || has_qualifier (obs, "近"))
    return "≈";
  return NULL;
}

static char *
value_label (const ZbObservation *obs,
             ZbLang               lang)
{
  const char *unit = obs->indicator != NULL ? obs->indicator->unit : "";
  g_autofree char *value = zb_format_value (obs->value, unit, lang);
  const char *sign = qualifier_sign (obs);

  if (sign == NULL)
    return g_steal_pointer (&value);
  return g_strconcat (sign, " ", value, NULL);
}

/* Text ---------------------------------------------------------------------------------------- */

/* Text laid out once a thread: shaping is most of a chart's layout, and the same labels come
 * again and again (tick values, periods, units, a deck's titles and source lines; a window
 * lays its chart out anew at every size). A chart's layouts are never changed once measured,
 * so charts share them. Each thread has its own, as Pango's default font map is per thread. */
#define TEXT_CACHE_MAX 1024

typedef struct
{
  PangoFontMap *font_map;     /* unowned: only compared with the thread's default */
  PangoContext *contexts[2];  /* by ZbLang, on font_map */
  GHashTable   *layouts;      /* TextKey -> PangoLayout */
} TextCache;

/* Everything that makes a layout: the context is the language's, the font the size's (in
 * Pango units, as the font description keeps it) and the weight's. */
typedef struct
{
  int         params[6];  /* language, size, bold, width, lines, alignment */
  const char *text;
} TextKey;

static guint
text_key_hash (gconstpointer data)
{
  const TextKey *key = data;
  guint hash = g_str_hash (key->text);

  for (guint i = 0; i < G_N_ELEMENTS (key->params); i++)
    hash = hash * 31 + (guint) key->params[i];
  return hash;
}

static gboolean
text_key_equal (gconstpointer a,
                gconstpointer b)
{
  const TextKey *ka = a, *kb = b;

  return memcmp (ka->params, kb->params, sizeof ka->params) == 0 && strcmp (ka->text, kb->text) == 0;
}

/* A key to keep: the text copied after it, in the same block. */
static TextKey *
text_key_dup (const TextKey *key)
{
  gsize len = strlen (key->text) + 1;
  TextKey *copy = g_malloc (sizeof (TextKey) + len);

  memcpy (copy->params, key->params, sizeof key->params);
  copy->text = memcpy ((char *) (copy + 1), key->text, len);
  return copy;
}

static void
text_cache_free (gpointer data)
{
  TextCache *cache = data;

  g_hash_table_unref (cache->layouts);
  for (guint i = 0; i < G_N_ELEMENTS (cache->contexts); i++)
    g_clear_object (&cache->contexts[i]);
  g_free (cache);
}

static GPrivate text_cache_private = G_PRIVATE_INIT (text_cache_free);

static guint
lang_index (ZbLang lang)
{
  return lang == ZB_LANG_EN ? 1 : 0;
}

static TextCache *
text_cache_get (void)
{
  TextCache *cache = g_private_get (&text_cache_private);

  if (cache == NULL)
    {
      cache = g_new0 (TextCache, 1);
      cache->layouts = g_hash_table_new_full (text_key_hash, text_key_equal, g_free, g_object_unref);
      g_private_set (&text_cache_private, cache);
    }
  return cache;
}

/* The cache of this thread, emptied when the thread's default font map is not the one its
 * text was laid out with (the window takes the font map its start-up thread warmed). */
static TextCache *
text_cache_for (ZbLang lang)
{
  TextCache *cache = text_cache_get ();
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  guint i = lang_index (lang);

  if (cache->font_map != font_map)
    {
      g_hash_table_remove_all (cache->layouts);
      for (guint j = 0; j < G_N_ELEMENTS (cache->contexts); j++)
        g_clear_object (&cache->contexts[j]);
      cache->font_map = font_map;
    }
  if (cache->contexts[i] == NULL)
    cache->contexts[i] = zb_theme_create_pango_context ();
  return cache;
}

/* str (or "") at size (rounded to the theme's step), wrapped into max_width on at most
 * max_lines and ellipsized beyond, or on one line when max_width <= 0. A new reference. */
static PangoLayout *
text_new (ZbChartLayout *self,
          const char    *str,
          double         size,
          gboolean       bold,
          double         max_width,
          int            max_lines,
          PangoAlignment align)
{
  TextCache *cache = text_cache_for (self->options.lang);
  int width, lines = max_width > 0 ? MAX (max_lines, 1) : 0;
  TextKey key;
  PangoLayout *layout;
  PangoRectangle ink, logical;
  /* At the reference size, scaled (zb-text-render.h): no font set is made while laying out. */
  double scale;

  size = MAX (round (size / ZB_THEME_FONT_SIZE_STEP) * ZB_THEME_FONT_SIZE_STEP, 1);
  scale = size / ZB_TEXT_REFERENCE_SIZE;
  /* The wrapping width as the layout gets it, at the reference size: the key is what is laid out. */
  width = max_width > 0 ? MAX (1, (int) (max_width / scale * PANGO_SCALE)) : -1;
  key.params[0] = (int) lang_index (self->options.lang);
  key.params[1] = (int) (size * PANGO_SCALE);
  key.params[2] = bold != FALSE;
  key.params[3] = width;
  key.params[4] = lines;
  key.params[5] = (int) align;
  key.text = str != NULL ? str : "";
  layout = g_hash_table_lookup (cache->layouts, &key);
  if (layout != NULL)
    return g_object_ref (layout);

  layout = pango_layout_new (cache->contexts[lang_index (self->options.lang)]);
  zb_text_layout_set_scale (layout, scale);
  pango_layout_set_font_description (layout, zb_text_reference_font (bold));
  if (width > 0)
    {
      pango_layout_set_width (layout, width);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -lines);
    }
  /* The chart's own direction: a label in a right-to-left script (Arabic, Hebrew) is aligned as
   * asked, not mirrored, which would put a right-aligned category name off the left edge. */
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, key.text, -1);
  /* Measured now, so that a shared layout is only ever read. */
  pango_layout_get_extents (layout, &ink, &logical);

  if (g_hash_table_size (cache->layouts) >= TEXT_CACHE_MAX)
    g_hash_table_remove_all (cache->layouts);
  g_hash_table_insert (cache->layouts, text_key_dup (&key), g_object_ref (layout));
  return layout;
}

/* The logical extents of the text at its own size, in pixels. */
static void
text_extents (PangoLayout *layout,
              ZbRect      *rect)
{
  zb_text_layout_get_extents (layout, &rect->x, &rect->y, &rect->width, &rect->height);
}

/* The ink-independent size of the text: logical extents, so lines stack evenly. */
static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  ZbRect logical;

  text_extents (layout, &logical);
  if (width != NULL)
    *width = logical.x + logical.width;
  if (height != NULL)
    *height = logical.height;
}

/* The left edge of the text's lines: with a width set and centred or right alignment, the
 * lines start inside the layout box. */
static double
text_offset_x (PangoLayout *layout)
{
  ZbRect logical;

  text_extents (layout, &logical);
  return logical.x;
}

static double
text_width (PangoLayout *layout)
{
  ZbRect logical;

  text_extents (layout, &logical);
  return logical.width;
}

/* The width a layout was wrapped to, at its own size. */
static double
text_box_width (PangoLayout *layout)
{
  return pango_layout_get_width (layout) * zb_text_layout_get_scale (layout) / PANGO_SCALE;
}

static double
text_height (PangoLayout *layout)
{
  double h;

  text_size (layout, NULL, &h);
  return h;
}

/* Draws the text with its layout box's top-left corner at x, y. */
static void
text_render (PangoLayout *layout,
             double       x,
             double       y,
             cairo_t     *cr)
{
  cairo_move_to (cr, x, y);
  zb_text_render_layout (cr, layout);
}
/* Layout arrays keep NULL for a category or value without a label. */
static void
unref_layout (gpointer layout)
{
  if (layout != NULL)
    g_object_unref (layout);
}

/* Places layout so that its text (not its layout box) starts at x. Takes ownership. */
static Text *
place_text (ZbChartLayout *self,
            PangoLayout   *layout,
            double         x,
            double         y,
            TextRole       role)
{
  Text text = { layout, x - text_offset_x (layout), y, role, FALSE, -1 };

  g_array_append_val (self->texts, text);
  return &g_array_index (self->texts, Text, self->texts->len - 1);
}

static void
text_clear (gpointer data)
{
  Text *text = data;

  g_clear_object (&text->layout);
}

/* Series and panels ------------------------------------------------------------------------- */

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->label);
  g_clear_pointer (&series->obs, g_ptr_array_unref);
  g_clear_pointer (&series->own_values, g_array_unref);
  g_free (series);
}

static void
panel_free (gpointer data)
{
  Panel *panel = data;

  g_free (panel->unit);
  g_free (panel->scale_word);
  g_ptr_array_unref (panel->series);
  g_free (panel->cells);
  g_strfreev (panel->category_names);
  g_array_unref (panel->refs);
  g_clear_pointer (&panel->line_points, g_array_unref);
  g_free (panel);
}

static Panel *
panel_new (PanelKind   kind,
           const char *unit)
{
  Panel *panel = g_new0 (Panel, 1);

  panel->kind = kind;
  panel->factor = 1;
  panel->unit = g_strdup (unit != NULL ? unit : "");
  panel->series = g_ptr_array_new ();
  panel->refs = g_array_new (FALSE, TRUE, sizeof (Ref));
  return panel;
}

/* A lazy series made into observations, for panels that need all of them. Its values stay
 * valid (they live as long as the indicator) and in the same order. */
static void
series_complete (Series *series)
{
  if (series->obs == NULL)
    {
      GPtrArray *all = zb_indicator_get_observations (series->indicator);

      /* Borrowed: not g_ptr_array_copy, which would take the indicator's free function too. */
      series->obs = g_ptr_array_sized_new (all->len);
      g_ptr_array_extend (series->obs, all, NULL, NULL);
    }
}

/* A period as a key that tells a missing period from an empty one, as g_strcmp0 does. */
static const char *
period_key (const char *period)
{
  return period != NULL ? period : "\x01";
}

static ZbObservation *
series_get (Series *series,
            guint   index)
{
  if (series->obs != NULL)
    return g_ptr_array_index (series->obs, index);
  return zb_indicator_get_observation (series->indicator, index);
}

static ZbObservation *
cell (Panel *panel,
      guint  category,
      guint  group)
{
  if (panel->lazy != NULL)
    return series_get (panel->lazy, category);
  return panel->cells[category * panel->n_groups + group];
}

static int
compare_obs_period (gconstpointer a,
                    gconstpointer b)
{
  return period_compare (*(ZbObservation *const *) a, *(ZbObservation *const *) b);
}

static gboolean
all_periods_parse (GPtrArray *obs)
{
  Period p;

  for (guint i = 0; i < obs->len; i++)
    {
      ZbObservation *o = g_ptr_array_index (obs, i);
      if (!period_parse (o->period, o->cumulative, &p))
        return FALSE;
    }
  return TRUE;
}

/* The observations a series selects and, when values is not NULL, their values in the same
 * order: one pass over a million observations instead of one for each use. */
static GPtrArray *
collect_observations (ZbIndicator       *indicator,
                      const ZbSeriesRef *ref,
                      GArray            *values)
{
  GPtrArray *all = zb_indicator_get_observations (indicator);
  GPtrArray *obs = g_ptr_array_sized_new (all->len);

  for (guint j = 0; j < all->len; j++)
    {
      ZbObservation *o = g_ptr_array_index (all, j);
      double value = o->value;

      if (ref->period != NULL && g_strcmp0 (ref->period, o->period) != 0)
        continue;
      if (ref->has_status && ref->status != o->status)
        continue;
      if (!isfinite (value))
        continue;
      g_ptr_array_add (obs, o);
      if (values != NULL)
        g_array_append_val (values, value);
    }
  /* Report periods are put in time order; other labels (a table's rows) stay as given. */
  if (obs->len > 1 && all_periods_parse (obs))
    {
      g_ptr_array_sort (obs, compare_obs_period);
      for (guint j = 0; values != NULL && j < obs->len; j++)
        g_array_index (values, double, j) = ((ZbObservation *) g_ptr_array_index (obs, j))->value;
    }
  return obs;
}

GPtrArray *
zb_chart_series_dup_observations (ZbIndicator       *indicator,
                                  const ZbSeriesRef *ref)
{
  g_return_val_if_fail (indicator != NULL, NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  return collect_observations (indicator, ref, NULL);
}

/* A long table's column is drawn from its values as they are, its observations made only for
 * the marks: when the series takes all of them and they are not report periods (which
 * collect_observations would put in time order). */
static gboolean
series_take_lazy (Series            *series,
                  const ZbSeriesRef *ref)
{
  guint n = 0;
  const double *values = NULL;
  ZbObservation *first;
  Period p;

  if (ref->period == NULL && !ref->has_status)
    values = zb_indicator_peek_values (series->indicator, &n);
  if (values == NULL || n == 0)
    return FALSE;
  first = zb_indicator_get_observation (series->indicator, 0);
  if (n > 1 && period_parse (first->period, first->cumulative, &p))
    return FALSE;
  series->n = n;
  series->values = values;
  return TRUE;
}

static gboolean
resolve_series (ZbChartLayout     *self,
                const ZbChartSpec *spec,
                GError           **error)
{
  guint color = 0;

  for (guint i = 0; spec->series != NULL && i < spec->series->len; i++)
    {
      ZbSeriesRef *ref = g_ptr_array_index (spec->series, i);
      ZbIndicator *indicator = zb_dataset_peek_indicator_by_id (self->dataset, ref->indicator);
      Series *series;
      const char *label;

      if (indicator == NULL)
        {
          g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE,
                       "Chart “%s” names the indicator “%s”, which is not in the dataset",
                       spec->id != NULL ? spec->id : "", ref->indicator != NULL ? ref->indicator : "");
          return FALSE;
        }

      series = g_new0 (Series, 1);
      series->indicator = indicator;
      label = zb_text_get (&ref->label, self->options.lang);
      if (*label == '\0')
        label = zb_text_get (&indicator->name, self->options.lang);
      if (*label == '\0')
        label = indicator->id;
      series->label = g_strdup (label);
      if (!series_take_lazy (series, ref))
        {
          series->own_values = g_array_new (FALSE, FALSE, sizeof (double));
          series->obs = collect_observations (indicator, ref, series->own_values);
          series->n = series->obs->len;
          series->values = (const double *) series->own_values->data;
        }
      if (series->n == 0)
        {
          series_free (series);
          continue;
        }
      series->color = color++ % ZB_PALETTE_N_SERIES;
      g_ptr_array_add (self->series, series);
    }

  if (self->series->len == 0)
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_EMPTY,
                   "Chart “%s” has no values to draw", spec->id != NULL ? spec->id : "");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  ZbObservation *obs;
  char          *name;
  guint          index;
} Ranked;

/* The larger value first; equal values in their order. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Ranked *ra = a, *rb = b;

  if (ra->obs->value != rb->obs->value)
    return ra->obs->value > rb->obs->value ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

/* Categories of a column or line panel: periods when a series has several, else one category a
 * series (an indicator's name). */
static void
panel_set_categories (ZbChartLayout *self,
                      Panel         *panel)
{
  gboolean one_each = TRUE;
  GHashTable *seen;

  for (guint s = 0; s < panel->series->len; s++)
    if (((Series *) g_ptr_array_index (panel->series, s))->n != 1)
      one_each = FALSE;

  if (panel->kind == PANEL_DUMBBELL)
    {
      panel->n_groups = 2;
      panel->n_categories = panel->series->len;
      panel->cells = g_new0 (ZbObservation *, panel->n_categories * 2);
      panel->category_names = g_new0 (char *, panel->n_categories + 1);
      for (guint s = 0; s < panel->series->len; s++)
        {
          Series *series = g_ptr_array_index (panel->series, s);

          panel->category_names[s] = g_strdup (series->label);
          series_complete (series);
          for (guint j = 0; j < series->n; j++)
            {
              ZbObservation *obs = g_ptr_array_index (series->obs, j);
              /* The latest of each: the obs are in period order. */
              if (obs->status == ZB_STATUS_TARGET)
                panel->cells[s * 2 + 1] = obs;
              else if (obs->status == ZB_STATUS_ACTUAL)
                panel->cells[s * 2] = obs;
            }
        }
      return;
    }

  if (panel->series->len > 1 && one_each)
    {
      /* One value an indicator: the indicators are the categories, in one colour. */
      panel->n_groups = 1;
      panel->n_categories = panel->series->len;
      panel->cells = g_new0 (ZbObservation *, panel->n_categories);
      panel->category_names = g_new0 (char *, panel->n_categories + 1);
      for (guint s = 0; s < panel->series->len; s++)
        {
          Series *series = g_ptr_array_index (panel->series, s);
          panel->cells[s] = series_get (series, 0);
          panel->category_names[s] = g_strdup (series->label);
        }
    }
  else if (panel->series->len == 1)
    {
      Series *series = g_ptr_array_index (panel->series, 0);

      panel->n_groups = 1;
      panel->n_categories = series->n;
      if (panel->kind != PANEL_BAR)  /* bars are re-ordered by value below */
        panel->values = series->values;
      if (series->obs != NULL)
        {
          panel->cells = g_new (ZbObservation *, panel->n_categories);
          memcpy (panel->cells, series->obs->pdata, sizeof (gpointer) * panel->n_categories);
        }
      else if (panel->kind == PANEL_BAR)
        {
          series_complete (series);
          panel->cells = g_new (ZbObservation *, panel->n_categories);
          memcpy (panel->cells, series->obs->pdata, sizeof (gpointer) * panel->n_categories);
        }
      else
        panel->lazy = series;  /* a million points need no array of them */
    }
  else
    {
      /* Several series over periods: the union of their periods, each series a group. */
      GPtrArray *all = g_ptr_array_new ();
      GHashTable *by_period = g_hash_table_new (g_str_hash, g_str_equal);

      seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint s = 0; s < panel->series->len; s++)
        {
          Series *series = g_ptr_array_index (panel->series, s);

          series_complete (series);
          for (guint j = 0; j < series->n; j++)
            {
              ZbObservation *obs = g_ptr_array_index (series->obs, j);
              const char *key = obs->period != NULL ? obs->period : "";
              if (g_hash_table_add (seen, (gpointer) key))
                g_ptr_array_add (all, obs);
            }
        }
      if (all_periods_parse (all))
        g_ptr_array_sort (all, compare_obs_period);
      panel->n_groups = panel->series->len;
      panel->n_categories = all->len;
      panel->cells = g_new0 (ZbObservation *, panel->n_categories * panel->n_groups);
      /* Each series' last observation of each period, found by period rather than by a walk
       * through the series for every category (which two long columns make quadratic). */
      for (guint s = 0; s < panel->series->len; s++)
        {
          Series *series = g_ptr_array_index (panel->series, s);

          g_hash_table_remove_all (by_period);
          for (guint j = 0; j < series->n; j++)
            {
              ZbObservation *obs = g_ptr_array_index (series->obs, j);
              g_hash_table_insert (by_period, (gpointer) period_key (obs->period), obs);
            }
          for (guint c = 0; c < all->len; c++)
            {
              const char *key = ((ZbObservation *) g_ptr_array_index (all, c))->period;
              panel->cells[c * panel->n_groups + s] = g_hash_table_lookup (by_period, period_key (key));
            }
        }
      g_hash_table_unref (by_period);
      g_hash_table_unref (seen);
      g_ptr_array_unref (all);
    }

  if (panel->kind == PANEL_BAR)
    {
      /* Ranked: the largest first. Only meaningful for one group. */
      if (panel->n_groups == 1 && panel->n_categories > 1)
        {
          guint n = panel->n_categories;
          g_autofree Ranked *ranked = g_new (Ranked, n);

          /* A stable sort (equal values keep their order), not one that is quadratic in a
           * long table's rows. */
          for (guint i = 0; i < n; i++)
            {
              ranked[i].obs = panel->cells[i];
              ranked[i].name = panel->category_names != NULL ? panel->category_names[i] : NULL;
              ranked[i].index = i;
            }
          g_qsort_with_data (ranked, (gint) n, sizeof (Ranked), compare_ranked, NULL);
          for (guint i = 0; i < n; i++)
            {
              panel->cells[i] = ranked[i].obs;
              if (panel->category_names != NULL)
                panel->category_names[i] = ranked[i].name;
            }
        }
    }
}

/* How period labels of a panel read: the year only when several years mix with parts of years,
 * 全年 for a whole year among quarters, a status when actuals and targets mix. */
static void
panel_set_period_style (Panel *panel)
{
  int year = -1;
  gboolean sub = FALSE, years = FALSE, actual = FALSE, target = FALSE;
  guint n = panel->n_categories * panel->n_groups;

  /* A million points need no scan: such series are not report periods. */
  if (n > 10000)
    return;
  for (guint i = 0; i < n; i++)
    {
      ZbObservation *obs = cell (panel, i / panel->n_groups, i % panel->n_groups);
      Period p;

      if (obs == NULL)
        continue;
      actual |= obs->status != ZB_STATUS_TARGET;
      target |= obs->status == ZB_STATUS_TARGET;
      if (!period_parse (obs->period, obs->cumulative, &p))
        continue;
      if (year >= 0 && year != p.year)
        years = TRUE;
      year = p.year;
      if (!(p.first == 1 && p.last == 4))
        sub = TRUE;
    }
  panel->in_quarters = sub;
  panel->with_year = sub && years;
  panel->mixed_status = actual && target;
}

static char *
category_label (ZbChartLayout *self,
                Panel         *panel,
                guint          category)
{
  ZbObservation *obs = NULL;

  if (panel->category_names != NULL)
    return g_strdup (panel->category_names[category]);
  for (guint g = 0; g < panel->n_groups && obs == NULL; g++)
    obs = cell (panel, category, g);
  if (obs == NULL)
    return g_strdup ("");
  return period_label (obs, panel->with_year, panel->in_quarters, panel->mixed_status,
                       self->options.lang);
}

static void
build_panels (ZbChartLayout *self)
{
  gboolean same_unit = TRUE;
  const char *unit0 = ((Series *) g_ptr_array_index (self->series, 0))->indicator->unit;

  for (guint s = 1; s < self->series->len; s++)
    if (g_strcmp0 (((Series *) g_ptr_array_index (self->series, s))->indicator->unit, unit0) != 0)
      same_unit = FALSE;

  if (self->type == ZB_CHART_SMALL_MULTIPLES
      || (!same_unit && (self->type == ZB_CHART_COLUMN || self->type == ZB_CHART_LINE)))
    {
      /* One panel an indicator, each on its own axis: different units never share a scale. */
      for (guint s = 0; s < self->series->len; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);
          PanelKind kind = self->type == ZB_CHART_LINE || series->n > 12 ? PANEL_LINE : PANEL_COLUMN;
          Panel *panel = panel_new (kind, series->indicator->unit);

          g_ptr_array_add (panel->series, series);
          g_ptr_array_add (self->panels, panel);
        }
    }
  else
    {
      PanelKind kind = self->type == ZB_CHART_BAR ? PANEL_BAR
                     : self->type == ZB_CHART_LINE ? PANEL_LINE
                     : self->type == ZB_CHART_DUMBBELL ? PANEL_DUMBBELL
                     : PANEL_COLUMN;

      /* Bars and dumbbells stack one panel a unit, each with its own axis. */
      for (guint s = 0; s < self->series->len; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);
          Panel *panel = NULL;

          for (guint p = 0; p < self->panels->len && panel == NULL; p++)
            {
              Panel *candidate = g_ptr_array_index (self->panels, p);
              if (g_strcmp0 (candidate->unit, series->indicator->unit) == 0)
                panel = candidate;
            }
          if (panel == NULL)
            {
              panel = panel_new (kind, series->indicator->unit);
              g_ptr_array_add (self->panels, panel);
            }
          g_ptr_array_add (panel->series, series);
        }
    }

  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);
      panel_set_categories (self, panel);
      panel_set_period_style (panel);
    }
}

static gboolean
resolve_references (ZbChartLayout     *self,
                    const ZbChartSpec *spec,
                    GError           **error)
{
  for (guint i = 0; spec->references != NULL && i < spec->references->len; i++)
    {
      ZbReference *ref = g_ptr_array_index (spec->references, i);
      ZbIndicator *indicator = zb_dataset_lookup_indicator (self->dataset, ref->indicator);
      ZbObservation *obs;
      Panel *target = NULL;
      Ref r = { 0 };

      if (indicator == NULL)
        {
          g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE,
                       "Chart “%s” draws a reference line of the indicator “%s”, which is not in the dataset",
                       spec->id != NULL ? spec->id : "", ref->indicator != NULL ? ref->indicator : "");
          return FALSE;
        }
      obs = zb_indicator_find_observation (indicator, ref->period, ref->has_status ? (int) ref->status : -1);
      if (obs == NULL)
        {
          g_set_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE,
                       "Chart “%s” draws a reference line of “%s” for the period “%s”, which has no such value",
                       spec->id != NULL ? spec->id : "", ref->indicator, ref->period != NULL ? ref->period : "");
          return FALSE;
        }

      /* The panel of that indicator, else the panel of its unit. */
      for (guint p = 0; p < self->panels->len && target == NULL; p++)
        {
          Panel *panel = g_ptr_array_index (self->panels, p);
          for (guint s = 0; s < panel->series->len; s++)
            if (((Series *) g_ptr_array_index (panel->series, s))->indicator == indicator)
              target = panel;
        }
      for (guint p = 0; p < self->panels->len && target == NULL; p++)
        {
          Panel *panel = g_ptr_array_index (self->panels, p);
          if (g_strcmp0 (panel->unit, indicator->unit) == 0)
            target = panel;
        }
      if (target == NULL)
        continue;

      r.obs = obs;
      r.value = obs->value;
      r.lo = r.hi = obs->value;
      if (has_qualifier (obs, "左右") || has_qualifier (obs, "约"))
        {
          /* "About 6%": a band a twentieth of the value wide on either side. */
          r.kind = REF_BAND;
          r.lo = obs->value - fabs (obs->value) * 0.05;
          r.hi = obs->value + fabs (obs->value) * 0.05;
        }
      else if (has_qualifier (obs, "以上") || has_qualifier (obs, "超过") || has_qualifier (obs, "突破")
               || has_qualifier (obs, "不低于"))
        r.kind = REF_FLOOR;
      else if (has_qualifier (obs, "以内") || has_qualifier (obs, "以下") || has_qualifier (obs, "不超过"))
        {
          /* Room above a ceiling, so that the shaded "beyond" can be seen. */
          r.kind = REF_CEILING;
          r.hi = obs->value + fabs (obs->value) * 0.1;
        }
      else
        r.kind = REF_LINE;
      g_array_append_val (target->refs, r);
    }
  return TRUE;
}

/* Marks --------------------------------------------------------------------------------------- */

static void
add_mark (ZbChartLayout *self,
          Panel         *panel,
          guint          panel_index,
          ZbObservation *obs,
          guint          category,
          double         x,
          double         y,
          double         w,
          double         h,
          MarkShape     *shape)
{
  ZbMark mark = { 0 };

  mark.indicator = obs->indicator;
  mark.observation = obs;
  mark.x = x;
  mark.y = y;
  mark.width = w;
  mark.height = h;
  mark.panel = panel_index;
  shape->category = category;
  g_array_append_val (self->marks, mark);
  g_array_append_val (self->shapes, *shape);
  panel->n_marks++;
}

/* "一季度 4.5%", "GDP growth · 2023 Q1 4.5%": made on first use, since a long line has
 * thousands of marks and most are never asked about. */
static const char *
mark_label (ZbChartLayout *self,
            guint          index)
{
  ZbMark *mark = &g_array_index (self->marks, ZbMark, index);
  MarkShape *shape = &g_array_index (self->shapes, MarkShape, index);
  Panel *panel;
  g_autofree char *value = NULL;
  g_autofree char *category = NULL;

  if (mark->label != NULL)
    return mark->label;
  panel = g_ptr_array_index (self->panels, mark->panel);
  value = value_label (mark->observation, self->options.lang);
  if (panel->kind == PANEL_DUMBBELL || (panel->category_names == NULL && (panel->n_groups > 1 || self->panels->len > 1)))
    {
      ZbIndicator *indicator = mark->indicator;
      const char *name = indicator != NULL ? zb_text_get (&indicator->name, self->options.lang) : "";
      g_autofree char *period = period_label (mark->observation, TRUE, FALSE, TRUE, self->options.lang);

      mark->label = g_strdup_printf ("%s · %s %s", name, period, value);
    }
  else
    {
      category = category_label (self, panel, shape->category);
      mark->label = g_strdup_printf ("%s %s", category, value);
    }
  return mark->label;
}

static void
mark_clear (gpointer data)
{
  ZbMark *mark = data;

  g_clear_pointer (&mark->label, g_free);
}

/* Geometry ------------------------------------------------------------------------------------ */

/* Positions of axis values (ticks, in axis units) and of data values (as written). */
static double
axis_y (Panel  *panel,
        double  value)
{
  return panel->py + panel->ph * (1 - zb_axis_fraction (&panel->axis, value));
}

static double
axis_x (Panel  *panel,
        double  value)
{
  return panel->px + panel->pw * zb_axis_fraction (&panel->axis, value);
}

static double
value_to_y (Panel  *panel,
            double  value)
{
  return axis_y (panel, value * panel->factor);
}

static double
value_to_x (Panel  *panel,
            double  value)
{
  return axis_x (panel, value * panel->factor);
}

static void
panel_data_range (Panel  *panel,
                  double *lo,
                  double *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; panel->values != NULL && i < panel->n_categories; i++)
    {
      *lo = MIN (*lo, panel->values[i]);
      *hi = MAX (*hi, panel->values[i]);
    }
  for (guint i = 0; panel->values == NULL && i < panel->n_categories * panel->n_groups; i++)
    {
      ZbObservation *obs = cell (panel, i / panel->n_groups, i % panel->n_groups);
      if (obs == NULL)
        continue;
      *lo = MIN (*lo, obs->value);
      *hi = MAX (*hi, obs->value);
    }
  for (guint i = 0; i < panel->refs->len; i++)
    {
      Ref *r = &g_array_index (panel->refs, Ref, i);
      *lo = MIN (*lo, r->lo);
      *hi = MAX (*hi, r->hi);
    }
  *lo *= panel->factor;
  *hi *= panel->factor;
}

/* English labels give amounts in billions, millions or plain numbers ("219.8 billion yuan",
 * "14,500"), not in 亿 or 万: the axis follows, so that its ticks read like the labels. */
static void
panel_set_scale (ZbChartLayout *self,
                 Panel         *panel)
{
  const ZbUnitInfo *info;
  double lo, hi, largest, scale = 1;
  const char *word = NULL;

  panel->factor = 1;
  if (self->options.lang != ZB_LANG_EN || (info = zb_unit_lookup (panel->unit)) == NULL || info->multiplier == 1)
    return;
  panel_data_range (panel, &lo, &hi);
  largest = MAX (fabs (lo), fabs (hi)) * info->multiplier;
  if (largest >= 1e12)
    scale = 1e12, word = "trillion";
  else if (largest >= 1e9)
    scale = 1e9, word = "billion";
  else if (largest >= 1e6)
    scale = 1e6, word = "million";
  panel->factor = info->multiplier / scale;
  panel->scale_word = g_strdup (word);
}

static char *
unit_caption (ZbChartLayout *self,
              Panel         *panel)
{
  g_autofree char *name = NULL;

  if (panel->unit == NULL || *panel->unit == '\0')
    return NULL;
  if (panel->factor != 1)
    {
      const ZbUnitInfo *info = zb_unit_lookup (panel->unit);
      const char *noun = info->en_plural != NULL ? info->en_plural : info->en;

      name = g_strjoin (" ", panel->scale_word != NULL ? panel->scale_word : "", noun, NULL);
      g_strstrip (name);
    }
  else
    name = zb_format_unit (panel->unit, self->options.lang);
  if (name == NULL || *name == '\0')
    return NULL;
  return self->options.lang == ZB_LANG_ZH ? g_strconcat ("单位：", name, NULL)
                                          : g_strconcat ("Unit: ", name, NULL);
}

static char *
reference_caption (ZbChartLayout *self,
                   Ref           *r,
                   const ZbText  *label)
{
  ZbLang lang = self->options.lang;
  g_autofree char *value = value_label (r->obs, lang);
  const char *custom = label != NULL ? zb_text_get (label, lang) : "";
  Period p;

  if (*custom != '\0')
    return g_strdup_printf ("%s %s", custom, value);
  if (r->obs->status == ZB_STATUS_TARGET && period_parse (r->obs->period, FALSE, &p))
    return lang == ZB_LANG_ZH ? g_strdup_printf ("%d年目标 %s", p.year, value)
                              : g_strdup_printf ("%d target %s", p.year, value);
  if (r->obs->status == ZB_STATUS_TARGET)
    return g_strdup_printf ("%s %s", TR (lang, "目标", "Target"), value);
  return g_strdup (value);
}

/* Ticks of a value axis: the labels, and their widest and tallest. */
static GPtrArray *
tick_layouts (ZbChartLayout *self,
              Panel         *panel,
              double         size,
              double        *max_w,
              double        *max_h)
{
  GPtrArray *layouts = g_ptr_array_new_with_free_func (unref_layout);

  *max_w = *max_h = 0;
  for (guint i = 0; i < panel->axis.n_ticks; i++)
    {
      g_autofree char *str = zb_format_number (zb_axis_get_tick (&panel->axis, i),
                                               panel->axis.decimals, self->options.lang);
      PangoLayout *layout = text_new (self, str, size, FALSE, -1, 1, PANGO_ALIGN_LEFT);
      double w, h;

      text_size (layout, &w, &h);
      *max_w = MAX (*max_w, w);
      *max_h = MAX (*max_h, h);
      g_ptr_array_add (layouts, layout);
    }
  return layouts;
}

static GPtrArray *
reference_layouts (ZbChartLayout     *self,
                   Panel             *panel,
                   const ZbChartSpec *spec,
                   double             size,
                   double             max_width,
                   double            *max_w,
                   double            *max_h)
{
  GPtrArray *layouts = g_ptr_array_new_with_free_func (unref_layout);

  *max_w = *max_h = 0;
  for (guint i = 0; i < panel->refs->len; i++)
    {
      Ref *r = &g_array_index (panel->refs, Ref, i);
      const ZbText *label = NULL;
      g_autofree char *str = NULL;
      PangoLayout *layout;
      double w, h;

      /* The spec's label of this reference, matched by its observation. */
      for (guint j = 0; spec->references != NULL && j < spec->references->len; j++)
        {
          ZbReference *ref = g_ptr_array_index (spec->references, j);
          if (r->obs->indicator != NULL && g_strcmp0 (ref->indicator, r->obs->indicator->id) == 0
              && (ref->period == NULL || g_strcmp0 (ref->period, r->obs->period) == 0))
            label = &ref->label;
        }
      str = reference_caption (self, r, label);
      layout = text_new (self, str, size, TRUE, max_width, 2, PANGO_ALIGN_LEFT);
      text_size (layout, &w, &h);
      w = text_width (layout);
      *max_w = MAX (*max_w, w);
      *max_h = MAX (*max_h, h);
      g_ptr_array_add (layouts, layout);
    }
  return layouts;
}

static guint
intervals_for (double length,
               double spacing)
{
  return (guint) CLAMP (floor (length / spacing), 2, 8);
}

static MarkShape
shape_rect (guint color)
{
  MarkShape shape = { SHAPE_RECT, color, 0, 0, 0, 0, FALSE };
  return shape;
}

static guint
series_color (Panel *panel,
              guint  group)
{
  if (panel->kind == PANEL_DUMBBELL)
    return group;  /* actual: the first colour, target: the second */
  return ((Series *) g_ptr_array_index (panel->series, MIN (group, panel->series->len - 1)))->color;
}

/* Column and line panels: categories along x, values up. */
static void
layout_vertical (ZbChartLayout     *self,
                 Panel             *panel,
                 guint              panel_index,
                 const ZbChartSpec *spec)
{
  double base = self->base;
  double small = base * 0.85;
  double gap = base * 0.5;
  double lo, hi, tick_w, tick_h, ref_w, ref_h, unit_h = 0, value_h = 0, cat_h = 0, slot;
  g_autoptr (GPtrArray) ticks = NULL;
  g_autoptr (GPtrArray) ref_layouts = NULL;
  g_autoptr (GPtrArray) cat_layouts = g_ptr_array_new_with_free_func (unref_layout);
  g_autoptr (GArray) cat_x = g_array_new (FALSE, FALSE, sizeof (double));  /* of a continuous line's labels */
  g_autoptr (GPtrArray) value_layouts = g_ptr_array_new_with_free_func (unref_layout);
  g_autofree char *unit = unit_caption (self, panel);
  PangoLayout *unit_layout = NULL;
  gboolean is_line = panel->kind == PANEL_LINE;
  guint n = panel->n_categories;
  gboolean show_values;
  guint label_step = 1;
  double plot_h_guess;

  panel->continuous = is_line && n > 40;
  /* Labels of several lines would collide where the lines meet. */
  show_values = is_line ? n <= 12 && panel->n_groups == 1 : n * panel->n_groups <= 24;

  panel_data_range (panel, &lo, &hi);
  plot_h_guess = panel->h * 0.7;
  zb_axis_compute (&panel->axis, lo, hi, !is_line || lo == hi, intervals_for (plot_h_guess, base * 2.6));
  ticks = tick_layouts (self, panel, small, &tick_w, &tick_h);
  ref_layouts = reference_layouts (self, panel, spec, small, panel->w * 0.2, &ref_w, &ref_h);

  if (unit != NULL)
    {
      unit_layout = text_new (self, unit, small, FALSE, -1, 1, PANGO_ALIGN_LEFT);
      unit_h = text_height (unit_layout) + gap * 0.5;
    }

  panel->px = panel->x + tick_w + gap;
  /* In a window shrunk to almost nothing the text no longer fits; the plot keeps a size. */
  panel->pw = MAX (panel->w - tick_w - gap - (ref_w > 0 ? ref_w + gap : base * 0.5), 1);
  slot = panel->pw / MAX (n, 1);

  /* Value labels: shown when every one fits its slot; otherwise the axis alone tells. */
  if (show_values)
    {
      double fit = panel->n_groups > 1 ? slot * 0.8 / panel->n_groups + gap * 0.5 : slot * 0.96;
      for (guint c = 0; c < n && show_values; c++)
        for (guint g = 0; g < panel->n_groups; g++)
          {
            ZbObservation *obs = cell (panel, c, g);
            g_autofree char *str = NULL;
            PangoLayout *layout;
            double w, h;

            if (obs == NULL)
              {
                g_ptr_array_add (value_layouts, NULL);
                continue;
              }
            str = value_label (obs, self->options.lang);
            layout = text_new (self, str, small, TRUE, -1, 1, PANGO_ALIGN_LEFT);
            text_size (layout, &w, &h);
            g_ptr_array_add (value_layouts, layout);
            value_h = MAX (value_h, h);
            if (w > fit)
              show_values = FALSE;
          }
      if (!show_values)
        {
          g_ptr_array_set_size (value_layouts, 0);
          value_h = 0;
        }
    }

  /* Category labels: wrapped into their slot on at most two lines, ellipsized beyond; the full
   * name is in the mark's label. When even that does not fit, every k-th label. */
  if (!panel->continuous)
    {
      double widest = 0;
      for (guint c = 0; c < n; c++)
        {
          g_autofree char *str = category_label (self, panel, c);
          PangoLayout *layout = text_new (self, str, small, FALSE, MAX (slot - gap * 0.5, base), 2,
                                          PANGO_ALIGN_CENTER);
          double h = text_height (layout);
          PangoLayout *single = text_new (self, str, small, FALSE, -1, 1, PANGO_ALIGN_LEFT);

          widest = MAX (widest, text_width (single));
          g_object_unref (single);
          cat_h = MAX (cat_h, h);
          g_ptr_array_add (cat_layouts, layout);
        }
      /* Lines with many points label every k-th point on one line instead. */
      if (is_line && widest > slot - gap * 0.5)
        {
          label_step = (guint) ceil ((widest + gap) / slot);
          g_ptr_array_set_size (cat_layouts, 0);
          cat_h = 0;
          for (guint c = 0; c < n; c++)
            {
              g_autofree char *str = c % label_step == 0 ? category_label (self, panel, c) : NULL;
              PangoLayout *layout = str != NULL ? text_new (self, str, small, FALSE, -1, 1, PANGO_ALIGN_LEFT) : NULL;
              if (layout != NULL)
                cat_h = MAX (cat_h, text_height (layout));
              g_ptr_array_add (cat_layouts, layout);
            }
        }
    }
  else
    {
      /* Continuous: labels at round positions (every 200,000th point, say), as many as fit
       * with room between them. */
      g_autofree char *last = category_label (self, panel, n - 1);
      PangoLayout *probe = text_new (self, last, small, FALSE, -1, 1, PANGO_ALIGN_LEFT);
      double w = text_width (probe) + gap * 2;
      guint n_labels = (guint) CLAMP (floor (panel->pw / MAX (w * 1.5, 1)), 2, 8);
      ZbAxis positions;

      g_object_unref (probe);
      zb_axis_compute (&positions, 0, n - 1, TRUE, n_labels - 1);
      if (positions.step < 1)
        positions.step = 1;
      for (double at = 0; at <= n - 1; at += positions.step)
        {
          guint c = (guint) at;
          g_autofree char *str = category_label (self, panel, c);
          PangoLayout *layout = text_new (self, str, small, FALSE, -1, 1, PANGO_ALIGN_LEFT);
          double lw = text_width (layout);
          double x = panel->px + panel->pw * c / MAX (n - 1, 1);

          cat_h = MAX (cat_h, text_height (layout));
          /* Clear of the tick labels on the left, inside the panel on the right. */
          x = CLAMP (x - lw / 2, panel->px - gap * 0.5, panel->x + panel->w - lw);
          g_ptr_array_add (cat_layouts, layout);
          /* placed below, once the plot's bottom is known */
          g_array_append_val (cat_x, x);
        }
    }

  panel->py = panel->y + unit_h + MAX (value_h + gap * 0.5, tick_h * 0.5);
  panel->ph = panel->y + panel->h - cat_h - gap * 0.6 - panel->py;
  if (panel->ph < base * 2)
    panel->ph = base * 2;

  /* The axis again now that the plot's height is known: as many ticks as fit, down to the two
   * ends alone in a short panel of small multiples. */
  {
    guint intervals = panel->ph >= tick_h * 2.4 * 2 ? intervals_for (panel->ph, tick_h * 2.4) : 1;
    if (intervals + 1 != panel->axis.n_ticks)
      {
        ZbAxis axis;
        zb_axis_compute (&axis, lo, hi, !is_line || lo == hi, intervals);
        if (axis.n_ticks < panel->axis.n_ticks)
          {
            double w2, h2;
            panel->axis = axis;
            g_ptr_array_unref (ticks);
            ticks = tick_layouts (self, panel, small, &w2, &h2);
          }
      }
  }

  /* Texts: ticks right-aligned to the plot, the unit above them. */
  if (unit_layout != NULL)
    place_text (self, unit_layout, panel->x, panel->y, ROLE_MUTED);
  for (guint i = 0; i < ticks->len; i++)
    {
      PangoLayout *layout = g_object_ref (g_ptr_array_index (ticks, i));
      double w, h;

      text_size (layout, &w, &h);
      place_text (self, layout, panel->px - gap * 0.6 - text_width (layout),
                  axis_y (panel, zb_axis_get_tick (&panel->axis, i)) - h / 2, ROLE_MUTED);
    }

  for (guint i = 0; i < panel->refs->len; i++)
    {
      Ref *r = &g_array_index (panel->refs, Ref, i);
      PangoLayout *layout = g_object_ref (g_ptr_array_index (ref_layouts, i));
      double h = text_height (layout);
      double y = value_to_y (panel, r->value);

      r->pos = y;
      y = CLAMP (y - h / 2, panel->y, panel->y + panel->h - h);
      place_text (self, layout, panel->px + panel->pw + gap * 0.6, y, ROLE_REFERENCE);
    }

  /* Marks. */
  {
    double zero = axis_y (panel, CLAMP (0, panel->axis.min, panel->axis.max));
    double group_w = slot * (panel->n_groups > 1 ? 0.8 : 0.62);
    double bar_w = MIN (group_w / panel->n_groups, base * 6);
    double dot = MAX (base * 0.28, 3);
    guint value_index = 0;

    group_w = bar_w * panel->n_groups;
    panel->first_mark = self->marks->len;

    if (panel->continuous && n > LINE_REDUCE_THRESHOLD && panel->values != NULL)
      {
        /* Per column of pixels (of layout units: at scale 2 a column is two pixels wide), keep
         * the first, lowest, highest and last point in their order: the drawn line covers the
         * same pixels as the full one. Marks are the extremes. */
        guint columns = (guint) MAX (ceil (panel->pw), 1);
        double x_per = panel->pw / MAX (n - 1, 1);
        const double *values = panel->values;

        panel->line_points = g_array_sized_new (FALSE, FALSE, sizeof (double), columns * 8);
        for (guint col = 0, i = 0; col < columns && i < n; col++)
          {
            guint end = (guint) MIN ((guint64) n, ((guint64) (col + 1) * n + columns - 1) / columns);
            guint imin = i, imax = i;
            guint idx[4];

            if (end <= i)
              continue;
            for (guint j = i; j < end; j++)
              {
                if (values[j] < values[imin])
                  imin = j;
                if (values[j] > values[imax])
                  imax = j;
              }
            idx[0] = i;
            idx[1] = MIN (imin, imax);
            idx[2] = MAX (imin, imax);
            idx[3] = end - 1;
            for (guint k = 0; k < 4; k++)
              {
                double pt[2];
                if (k > 0 && idx[k] == idx[k - 1])
                  continue;
                pt[0] = panel->px + x_per * idx[k];
                pt[1] = value_to_y (panel, values[idx[k]]);
                g_array_append_vals (panel->line_points, pt, 2);
              }
            for (guint k = 1; k <= 2; k++)
              {
                ZbObservation *obs = cell (panel, idx[k], 0);
                MarkShape shape = { SHAPE_POINT, series_color (panel, 0), 0, 0, 0, 0, FALSE };
                double mx = panel->px + x_per * idx[k];
                double my = value_to_y (panel, obs->value);

                if (k == 2 && idx[2] == idx[1])
                  break;
                shape.cx = mx;
                shape.cy = my;
                shape.r = 0;
                add_mark (self, panel, panel_index, obs, idx[k], mx, my, 0, 0, &shape);
              }
            i = end;
          }
      }
    else
      {
        for (guint c = 0; c < n; c++)
          {
            double cx = panel->continuous ? panel->px + panel->pw * c / MAX (n - 1, 1)
                                          : panel->px + slot * (c + 0.5);

            for (guint g = 0; g < panel->n_groups; g++)
              {
                ZbObservation *obs = cell (panel, c, g);
                PangoLayout *vl = show_values && value_index < value_layouts->len
                                    ? g_ptr_array_index (value_layouts, value_index) : NULL;
                double y;

                value_index++;
                if (obs == NULL)
                  continue;
                y = value_to_y (panel, obs->value);
                if (is_line)
                  {
                    MarkShape shape = { SHAPE_POINT, series_color (panel, g), cx, y,
                                        n <= 60 ? dot : 0, g, obs->status == ZB_STATUS_TARGET };
                    add_mark (self, panel, panel_index, obs, c, cx, y, 0, 0, &shape);
                    if (vl != NULL)
                      {
                        double w, h;
                        Text *t;
                        text_size (vl, &w, &h);
                        t = place_text (self, g_object_ref (vl), cx - text_width (vl) / 2,
                                        obs->value >= 0 ? y - h - dot - 2 : y + dot + 2, ROLE_TEXT);
                        t->backdrop = TRUE;
                        t->mark = self->marks->len - 1;
                      }
                  }
                else
                  {
                    double x = cx - group_w / 2 + bar_w * g;
                    double top = MIN (y, zero), height = fabs (zero - y);
                    MarkShape shape = shape_rect (series_color (panel, g));

                    shape.group = g;
                    shape.target = obs->status == ZB_STATUS_TARGET;
                    add_mark (self, panel, panel_index, obs, c, x, top, bar_w, height, &shape);
                    if (vl != NULL)
                      {
                        double w, h;
                        Text *t;
                        text_size (vl, &w, &h);
                        t = place_text (self, g_object_ref (vl), x + bar_w / 2 - text_width (vl) / 2,
                                        obs->value >= 0 ? top - h - 1 : top + height + 1, ROLE_TEXT);
                        t->backdrop = TRUE;
                        t->mark = self->marks->len - 1;
                      }
                  }
              }
          }
      }

    /* Category labels under the plot; a label that would touch the previous one is left out
     * (its point still has the full label as a tooltip). */
    {
      double previous_end = -INFINITY;

      for (guint c = 0; c < cat_layouts->len; c++)
        {
          PangoLayout *layout = g_ptr_array_index (cat_layouts, c);
          double y = panel->py + panel->ph + gap * 0.6;
          double w, x;

          if (layout == NULL)
            continue;
          if (!panel->continuous && label_step == 1)
            {
              Text *t = place_text (self, g_object_ref (layout), 0, y, ROLE_MUTED);
              /* centred text: keep the layout box, not the first line's start */
              t->x = panel->px + slot * c + gap * 0.25;
              continue;
            }
          w = text_width (layout);
          if (panel->continuous)
            x = g_array_index (cat_x, double, c);
          else
            x = CLAMP (panel->px + slot * (c + 0.5) - w / 2, panel->px - gap * 0.5, panel->x + panel->w - w);
          if (x < previous_end + gap)
            continue;
          place_text (self, g_object_ref (layout), x, y, ROLE_MUTED);
          previous_end = x + w;
        }
    }
  }
}

/* Bar and dumbbell panels: categories down the side, values across. */
static void
layout_horizontal (ZbChartLayout     *self,
                   Panel             *panel,
                   guint              panel_index,
                   const ZbChartSpec *spec)
{
  double base = self->base;
  double small = base * 0.85;
  double gap = base * 0.5;
  gboolean dumbbell = panel->kind == PANEL_DUMBBELL;
  double lo, hi, tick_w, tick_h, ref_w, ref_h, value_w = 0, value_left_w = 0, cat_w = 0, unit_h = 0, slot;
  g_autoptr (GPtrArray) ticks = NULL;
  g_autoptr (GPtrArray) ref_layouts = NULL;
  g_autoptr (GPtrArray) cat_layouts = g_ptr_array_new_with_free_func (unref_layout);
  g_autoptr (GPtrArray) value_layouts = g_ptr_array_new_with_free_func (unref_layout);
  g_autofree char *unit = unit_caption (self, panel);
  PangoLayout *unit_layout = NULL;
  guint n = panel->n_categories;
  double cat_size = small;
  int cat_lines = 2;
  double top_h, bottom_h;

  panel_data_range (panel, &lo, &hi);
  /* Bars encode length and start at zero; dumbbell dots encode position, so their axis may
   * start near the data and keep actual and target apart. */
  if (dumbbell && hi > lo)
    {
      /* A little room so that no dot sits on the end of the axis. */
      double margin = (hi - lo) * 0.04;
      lo = lo >= 0 && lo - margin < 0 ? 0 : lo - margin;
      hi += margin;
    }
  zb_axis_compute (&panel->axis, lo, hi, !dumbbell || lo == hi, intervals_for (panel->w * 0.6, base * 6));
  ticks = tick_layouts (self, panel, small, &tick_w, &tick_h);
  ref_layouts = reference_layouts (self, panel, spec, small, panel->w * 0.3, &ref_w, &ref_h);
  if (unit != NULL)
    {
      unit_layout = text_new (self, unit, small, FALSE, -1, 1, PANGO_ALIGN_LEFT);
      unit_h = text_height (unit_layout);
    }

  /* Value labels: the right of each bar (the left for negatives); dumbbells have one each side. */
  for (guint c = 0; c < n; c++)
    for (guint g = 0; g < panel->n_groups; g++)
      {
        ZbObservation *obs = cell (panel, c, g);
        g_autofree char *str = NULL;
        PangoLayout *layout;
        double w;

        if (obs == NULL)
          {
            g_ptr_array_add (value_layouts, NULL);
            continue;
          }
        str = value_label (obs, self->options.lang);
        layout = text_new (self, str, small, TRUE, -1, 1, PANGO_ALIGN_LEFT);
        w = text_width (layout);
        if (obs->value < 0 || (dumbbell && g == 0 && cell (panel, c, 1) != NULL
                               && obs->value <= cell (panel, c, 1)->value && obs != cell (panel, c, 1)))
          value_left_w = MAX (value_left_w, w);
        else if (dumbbell && g == 1 && cell (panel, c, 0) != NULL && obs->value < cell (panel, c, 0)->value)
          value_left_w = MAX (value_left_w, w);
        else
          value_w = MAX (value_w, w);
        g_ptr_array_add (value_layouts, layout);
      }

  top_h = ref_layouts->len > 0 ? ref_h + gap * 0.5 : 0;
  bottom_h = tick_h + gap * 0.6 + (unit_h > 0 ? unit_h + gap * 0.3 : 0);
  panel->py = panel->y + top_h;
  panel->ph = MAX (panel->h - top_h - bottom_h, base * 2);
  slot = panel->ph / MAX (n, 1);

  /* Category names: at most a third of the width, two lines if the row has room for them, else
   * one; a smaller font only as a last resort. */
  {
    double line_h;
    PangoLayout *probe = text_new (self, "国Ag", cat_size, FALSE, -1, 1, PANGO_ALIGN_LEFT);

    line_h = text_height (probe);
    g_object_unref (probe);
    if (slot < line_h * 2.1)
      cat_lines = 1;
    if (slot < line_h * 1.05)
      cat_size = MAX (cat_size * slot / (line_h * 1.1), 4);
  }
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *str = category_label (self, panel, c);
      PangoLayout *layout = text_new (self, str, cat_size, FALSE, panel->w * 0.32, cat_lines, PANGO_ALIGN_RIGHT);

      cat_w = MAX (cat_w, text_width (layout));
      g_ptr_array_add (cat_layouts, layout);
    }

  panel->px = panel->x + cat_w + gap + (value_left_w > 0 ? value_left_w + gap * 2.5 : 0);
  panel->pw = panel->w - (panel->px - panel->x) - MAX (value_w + gap, tick_w / 2) - base * 0.3;
  if (panel->pw < base * 4)
    panel->pw = base * 4;

  /* Ticks under the plot, the unit under them at the right. */
  for (guint i = 0; i < ticks->len; i++)
    {
      PangoLayout *layout = g_object_ref (g_ptr_array_index (ticks, i));
      double w = text_width (layout);
      place_text (self, layout, axis_x (panel, zb_axis_get_tick (&panel->axis, i)) - w / 2,
                  panel->py + panel->ph + gap * 0.6, ROLE_MUTED);
    }
  if (unit_layout != NULL)
    place_text (self, unit_layout, panel->px + panel->pw - text_width (unit_layout),
                panel->py + panel->ph + gap * 0.9 + tick_h, ROLE_MUTED);

  for (guint i = 0; i < panel->refs->len; i++)
    {
      Ref *r = &g_array_index (panel->refs, Ref, i);
      PangoLayout *layout = g_object_ref (g_ptr_array_index (ref_layouts, i));
      double w = text_width (layout);
      double x = value_to_x (panel, r->value);

      r->pos = x;
      place_text (self, layout, CLAMP (x - w / 2, panel->x, panel->x + panel->w - w), panel->y, ROLE_REFERENCE);
    }

  for (guint c = 0; c < n; c++)
    {
      PangoLayout *layout = g_object_ref (g_ptr_array_index (cat_layouts, c));
      double h = text_height (layout);
      Text *t = place_text (self, layout, 0, panel->py + slot * (c + 0.5) - h / 2, ROLE_TEXT);

      /* right-aligned in a box of the gutter's width */
      t->x = panel->x + cat_w - text_box_width (layout);
    }

  panel->first_mark = self->marks->len;
  {
    double zero = axis_x (panel, CLAMP (0, panel->axis.min, panel->axis.max));
    double bar_h = MIN (slot * 0.66, base * 3);
    double dot = MIN (MAX (base * 0.38, 3), slot * 0.35);
    guint value_index = 0;

    for (guint c = 0; c < n; c++)
      {
        double cy = panel->py + slot * (c + 0.5);
        ZbObservation *a = cell (panel, c, 0);
        ZbObservation *b = panel->n_groups > 1 ? cell (panel, c, 1) : NULL;

        for (guint g = 0; g < panel->n_groups; g++)
          {
            ZbObservation *obs = cell (panel, c, g);
            PangoLayout *vl = g_ptr_array_index (value_layouts, value_index++);
            double x, w, h;
            gboolean left;

            if (obs == NULL)
              continue;
            x = value_to_x (panel, obs->value);
            text_size (vl, &w, &h);
            w = text_width (vl);
            if (dumbbell)
              {
                ZbObservation *other = g == 0 ? b : a;
                MarkShape shape = { g == 0 ? SHAPE_DOT : SHAPE_DIAMOND, g, x, cy, dot, g, g == 1 };
                Text *t;

                left = other != NULL && (obs->value < other->value || (obs->value == other->value && g == 0));
                add_mark (self, panel, panel_index, obs, c, x, cy, 0, 0, &shape);
                if (other != NULL && obs->value == other->value && g == 1)
                  continue;  /* the same value: one label is enough */
                t = place_text (self, g_object_ref (vl), left ? x - dot - gap * 0.5 - w : x + dot + gap * 0.5,
                                cy - h / 2, ROLE_TEXT);
                t->mark = self->marks->len - 1;
              }
            else
              {
                double bx = MIN (x, zero), bw = fabs (x - zero);
                MarkShape shape = shape_rect (series_color (panel, g));
                Text *t;

                shape.target = obs->status == ZB_STATUS_TARGET;
                add_mark (self, panel, panel_index, obs, c, bx, cy - bar_h / 2, bw, bar_h, &shape);
                t = place_text (self, g_object_ref (vl), obs->value >= 0 ? bx + bw + gap * 0.4 : bx - gap * 0.4 - w,
                                cy - h / 2, ROLE_TEXT);
                t->backdrop = TRUE;
                t->mark = self->marks->len - 1;
              }
          }
      }
  }
}

static void
layout_panel (ZbChartLayout     *self,
              Panel             *panel,
              guint              panel_index,
              const ZbChartSpec *spec)
{
  panel_set_scale (self, panel);
  if (panel->kind == PANEL_BAR || panel->kind == PANEL_DUMBBELL)
    layout_horizontal (self, panel, panel_index, spec);
  else
    layout_vertical (self, panel, panel_index, spec);
}

/* Sources ------------------------------------------------------------------------------------- */

/* The observations of every series in order, however long: sources are looked up in them
 * rather than in the marks, which a long line reduces. Capped so that a million points are not
 * all looked up. */
static guint
n_observations (ZbChartLayout *self)
{
  guint n = 0;

  for (guint s = 0; s < self->series->len; s++)
    n += ((Series *) g_ptr_array_index (self->series, s))->n;
  return MIN (n, 10000);
}

static ZbObservation *
nth_observation (ZbChartLayout *self,
                 guint          index)
{
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      if (index < series->n)
        return series_get (series, index);
      index -= series->n;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The top-level section ("一、2023年工作回顾") of each observation, in order, without repeats. */
static GPtrArray *
source_sections (ZbChartLayout *self)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func (g_free);
  ZbReport *report = zb_dataset_get_report (self->dataset);

  if (report == NULL)
    return sections;
  for (guint i = 0; i < n_observations (self); i++)
    {
      ZbObservation *obs = nth_observation (self, i);
      int index;
      const ZbSection *section = NULL;
      g_autofree char *name = NULL;
      gboolean seen = FALSE;

      if (obs->src_text == NULL)
        continue;
      index = zb_report_find_section (report, obs->src_start);
      while (index >= 0)
        {
          section = zb_report_get_section (report, index);
          index = section->parent;
        }
      if (section == NULL)
        continue;
      name = g_strconcat (section->number != NULL ? section->number : "", section->title, NULL);
      for (guint j = 0; j < sections->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (sections, j), name) == 0;
      if (!seen)
        g_ptr_array_add (sections, g_steal_pointer (&name));
    }
  return sections;
}

static char *
source_line (ZbChartLayout *self)
{
  ZbLang lang = self->options.lang;
  const char *table = zb_table_get_source (self->dataset);
  const char *title = zb_text_get (zb_dataset_get_title (self->dataset), lang);
  const char *delivered = zb_dataset_get_delivered (self->dataset);
  g_autoptr (GPtrArray) sections = NULL;
  GString *out = g_string_new (TR (lang, "来源：", "Source: "));

  if (table != NULL)
    {
      g_string_append (out, table);
      return g_string_free (out, FALSE);
    }
  g_string_append (out, *title != '\0' ? title : TR (lang, "政府工作报告", "Government work report"));
  /* The year the report was delivered, unless its title says it already. */
  if (delivered != NULL && strlen (delivered) >= 4 && strstr (title, (char[5]) { delivered[0], delivered[1], delivered[2], delivered[3], 0 }) == NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append_len (out, delivered, 4);
    }
  sections = source_sections (self);
  for (guint i = 0; i < sections->len && i < 3; i++)
    {
      if (i == 0)
        g_string_append (out, TR (lang, "，", ", section "));
      else
        g_string_append (out, TR (lang, "；", "; "));
      g_string_append (out, g_ptr_array_index (sections, i));
    }
  if (sections->len > 3)
    g_string_append (out, TR (lang, "等", " …"));
  return g_string_free (out, FALSE);
}

char *
zb_chart_observation_dup_source (ZbDataset           *dataset,
                                 const ZbObservation *observation)
{
  ZbReport *report;
  gsize start, end;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (observation != NULL, NULL);

  if (observation->src_label != NULL)
    return g_strdup (observation->src_label);
  report = zb_dataset_get_report (dataset);
  if (report == NULL || observation->src_text == NULL)
    return NULL;
  if (!zb_report_get_sentence (report, observation->src_start, &start, &end))
    return NULL;
  return zb_report_dup_range (report, start, end);
}

GPtrArray *
zb_chart_layout_dup_sources (ZbChartLayout *self)
{
  GPtrArray *sentences;
  GHashTable *seen;

  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), NULL);

  sentences = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_observations (self) && sentences->len < 50; i++)
    {
      ZbObservation *obs = nth_observation (self, i);
      char *sentence = zb_chart_observation_dup_source (self->dataset, obs);

      if (sentence == NULL)
        continue;
      g_strstrip (sentence);
      /* Asked first: adding an equal key would swap the set's pointer for this one, freed next. */
      if (*sentence == '\0' || g_hash_table_contains (seen, sentence))
        {
          g_free (sentence);
          continue;
        }
      g_hash_table_add (seen, sentence);
      g_ptr_array_add (sentences, sentence);
    }
  /* The table owns the strings now; the set only borrowed them. */
  g_hash_table_steal_all (seen);
  g_hash_table_unref (seen);
  return sentences;
}

/* Layout -------------------------------------------------------------------------------------- */

static void
add_legend_entry (ZbChartLayout *self,
                  SwatchKind     kind,
                  guint          color,
                  double         x,
                  Text          *label)
{
  LegendEntry entry = { kind, color, x, label->y + text_height (label->layout) / 2 };

  g_array_append_val (self->legend, entry);
}

static void
layout_legend (ZbChartLayout *self,
               double         x,
               double         y,
               double         width,
               double        *height)
{
  double small = self->base * 0.85;
  double cursor = x;
  double h = 0;
  double swatch = small * 0.8;

  self->legend_swatch = swatch;
  *height = 0;

  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);

      if (panel->kind == PANEL_DUMBBELL)
        {
          /* Actual and target, with the years they have. */
          for (guint g = 0; g < 2; g++)
            {
              ZbObservation *obs = NULL;
              g_autofree char *str = NULL;
              Period period;
              PangoLayout *layout;
              Text *t;

              for (guint c = 0; c < panel->n_categories && obs == NULL; c++)
                obs = cell (panel, c, g);
              if (obs == NULL)
                continue;
              if (period_parse (obs->period, FALSE, &period))
                str = self->options.lang == ZB_LANG_ZH
                        ? g_strdup_printf ("%d年%s", period.year, g == 0 ? "实际" : "目标")
                        : g_strdup_printf ("%d %s", period.year, g == 0 ? "actual" : "target");
              else
                str = g_strdup (g == 0 ? TR (self->options.lang, "实际", "Actual") : TR (self->options.lang, "目标", "Target"));
              layout = text_new (self, str, small, FALSE, -1, 1, PANGO_ALIGN_LEFT);
              h = MAX (h, text_height (layout));
              t = place_text (self, layout, cursor + swatch * 1.5, y, ROLE_TEXT);
              add_legend_entry (self, g == 0 ? SWATCH_DOT : SWATCH_DIAMOND, g, cursor, t);
              cursor = t->x + text_width (layout) + self->base * 1.2;
            }
          *height = h + self->base * 0.5;
          return;
        }
    }

  if (self->panels->len != 1)
    return;
  {
    Panel *panel = g_ptr_array_index (self->panels, 0);
    if (panel->n_groups < 2)
      return;
    for (guint s = 0; s < panel->series->len; s++)
      {
        Series *series = g_ptr_array_index (panel->series, s);
        PangoLayout *layout = text_new (self, series->label, small, FALSE, width * 0.45, 1, PANGO_ALIGN_LEFT);
        double w = text_width (layout);
        Text *t;

        if (cursor + swatch * 1.5 + w > x + width && cursor > x)
          {
            cursor = x;
            y += h * 1.2;
            *height += h * 1.2;
          }
        h = MAX (h, text_height (layout));
        t = place_text (self, layout, cursor + swatch * 1.5, y, ROLE_TEXT);
        add_legend_entry (self, SWATCH_SQUARE, series->color, cursor, t);
        cursor = t->x + w + self->base * 1.2;
      }
    *height += h + self->base * 0.5;
  }
}

/* Columns of a small-multiples grid: panels close to 4:3, and few empty cells (four panels make
 * two rows of two, not three and one). */
static guint
grid_columns (guint  n,
              double width,
              double height)
{
  guint best = 1;
  double best_score = INFINITY;

  for (guint cols = 1; cols <= n; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double aspect = (width / cols) / (height / rows);
      double score = fabs (log (aspect / 1.33)) + 0.35 * (rows * cols - n);

      if (score < best_score)
        {
          best_score = score;
          best = cols;
        }
    }
  return best;
}

static void
layout_chart (ZbChartLayout     *self,
              const ZbChartSpec *spec)
{
  double W = self->options.width, H = self->options.height;
  double base = self->base;
  double pad = MAX (MIN (W, H) * 0.04, 6);
  double inner_w = W - 2 * pad;
  double y = pad, bottom = H - pad;
  const char *title = zb_text_get (&spec->title, self->options.lang);
  const char *subtitle = zb_text_get (&spec->subtitle, self->options.lang);
  g_autofree char *source = source_line (self);
  double legend_h = 0;

  if (*title != '\0')
    {
      PangoLayout *layout = text_new (self, title, base * 1.45, TRUE, inner_w, 2, PANGO_ALIGN_LEFT);
      place_text (self, layout, pad, y, ROLE_TITLE);
      y += text_height (layout) + base * 0.2;
    }
  if (*subtitle != '\0')
    {
      PangoLayout *layout = text_new (self, subtitle, base, FALSE, inner_w, 2, PANGO_ALIGN_LEFT);
      place_text (self, layout, pad, y, ROLE_MUTED);
      y += text_height (layout);
    }
  y += base * 0.8;

  /* From the bottom: the optional quoted sentences, then the source line above them. */
  if (self->options.source_footer)
    {
      g_autoptr (GPtrArray) sentences = zb_chart_layout_dup_sources (self);
      g_autoptr (GString) quoted = g_string_new (NULL);

      gboolean table = zb_table_get_source (self->dataset) != NULL;

      /* Report sentences are quoted; a table's cells are listed. */
      if (table && sentences->len > 0)
        g_string_append (quoted, TR (self->options.lang, "数据所在单元格：", "Cells: "));
      for (guint i = 0; i < sentences->len; i++)
        {
          const char *text = g_ptr_array_index (sentences, i);

          if (table)
            g_string_append_printf (quoted, "%s%s", i > 0 ? "; " : "", text);
          else
            g_string_append_printf (quoted, "%s“%s”", i > 0 && self->options.lang == ZB_LANG_EN ? " " : "", text);
        }
      if (quoted->len > 0)
        {
          PangoLayout *layout = text_new (self, quoted->str, base * 0.75, FALSE, inner_w, 4, PANGO_ALIGN_LEFT);
          double h = text_height (layout);
          place_text (self, layout, pad, bottom - h, ROLE_MUTED);
          bottom -= h + base * 0.3;
        }
    }
  {
    PangoLayout *layout = text_new (self, source, base * 0.75, FALSE, inner_w, 2, PANGO_ALIGN_LEFT);
    double h = text_height (layout);
    place_text (self, layout, pad, bottom - h, ROLE_MUTED);
    bottom -= h + base * 0.9;
  }

  layout_legend (self, pad, y, inner_w, &legend_h);
  y += legend_h;

  /* Panels: one fills the area; several make a grid (columns and lines) or a stack (bars). */
  {
    guint n = self->panels->len;
    double area_h = MAX (bottom - y, base * 4);

    if (n == 1)
      {
        Panel *panel = g_ptr_array_index (self->panels, 0);
        panel->x = pad;
        panel->y = y;
        panel->w = inner_w;
        panel->h = area_h;
        layout_panel (self, panel, 0, spec);
      }
    else if (((Panel *) g_ptr_array_index (self->panels, 0))->kind == PANEL_BAR
             || ((Panel *) g_ptr_array_index (self->panels, 0))->kind == PANEL_DUMBBELL)
      {
        guint rows = 0;
        double overhead = base * 3.5;

        for (guint p = 0; p < n; p++)
          rows += ((Panel *) g_ptr_array_index (self->panels, p))->n_categories;
        for (guint p = 0; p < n; p++)
          {
            Panel *panel = g_ptr_array_index (self->panels, p);
            double share = (area_h - overhead * n) * panel->n_categories / MAX (rows, 1);

            panel->x = pad;
            panel->y = y;
            panel->w = inner_w;
            panel->h = share + overhead - base;
            layout_panel (self, panel, p, spec);
            y += share + overhead;
          }
      }
    else
      {
        guint cols = grid_columns (n, inner_w, area_h);
        guint rows = (n + cols - 1) / cols;
        double cell_w = inner_w / cols, cell_h = area_h / rows;
        double gutter = base * 1.5;

        for (guint p = 0; p < n; p++)
          {
            Panel *panel = g_ptr_array_index (self->panels, p);
            Series *series = g_ptr_array_index (panel->series, 0);
            guint r = p / cols, c = p % cols;
            PangoLayout *layout;
            double th;

            panel->x = pad + c * cell_w;
            panel->y = y + r * cell_h;
            panel->w = cell_w - (c + 1 < cols ? gutter : 0);
            layout = text_new (self, series->label, base * 0.95, TRUE, panel->w, 2, PANGO_ALIGN_LEFT);
            th = text_height (layout);
            place_text (self, layout, panel->x, panel->y, ROLE_TEXT);
            panel->y += th + base * 0.3;
            panel->h = cell_h - th - base * 0.3 - (r + 1 < rows ? gutter : 0);
            layout_panel (self, panel, p, spec);
          }
      }
  }
}

/* GObject ------------------------------------------------------------------------------------- */

static void
zb_chart_layout_finalize (GObject *object)
{
  ZbChartLayout *self = (ZbChartLayout *) object;

  g_clear_object (&self->dataset);
  g_free (self->id);
  g_free (self->title.zh);
  g_free (self->title.en);
  g_clear_pointer (&self->panels, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->shapes, g_array_unref);
  g_clear_pointer (&self->texts, g_array_unref);
  g_clear_pointer (&self->legend, g_array_unref);

  G_OBJECT_CLASS (zb_chart_layout_parent_class)->finalize (object);
}

static void
zb_chart_layout_class_init (ZbChartLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = zb_chart_layout_finalize;
}

static void
zb_chart_layout_init (ZbChartLayout *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->panels = g_ptr_array_new_with_free_func (panel_free);
  self->marks = g_array_new (FALSE, TRUE, sizeof (ZbMark));
  g_array_set_clear_func (self->marks, mark_clear);
  self->shapes = g_array_new (FALSE, TRUE, sizeof (MarkShape));
  self->texts = g_array_new (FALSE, TRUE, sizeof (Text));
  self->legend = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  g_array_set_clear_func (self->texts, text_clear);
  self->selected = -1;
  self->hover = -1;
  self->reveal = -1;
}


void
zb_chart_prepare_fonts (ZbLang      lang,
                        ZbFaceHint *hint)
{
  PangoContext *context;

  /* Started first: it opens last run's faces while the font map below starts. */
  if (hint == NULL)
    hint = zb_face_hint_start ();
  context = zb_theme_create_pango_context ();
  PangoLayout *layouts[3] = { NULL };
  /* What needs no FreeType face is done while the hint opens them: Pango's font sets, and shaping
   * with HarfBuzz. Measuring text has cairo open faces, which must wait for the hint. */
  for (guint i = 0; i < 2; i++)
    zb_text_sample_shape (context, i == 1);
  zb_face_hint_wait (hint);
  /* Laying out a sample with Chinese, Latin and digits in both weights makes Pango choose and
   * load every face a chart uses. */
  for (guint i = 0; i < 2; i++)
    layouts[i] = zb_text_sample_layout (context, i == 1);
  zb_face_hint_finish (hint, layouts);
  for (guint i = 0; i < 2; i++)
    g_object_unref (layouts[i]);
  g_object_unref (context);
}

static double
natural_text_size (const ZbRenderOptions *options)
{
  return CLAMP (MIN (options->width, options->height) * 0.024, 7, 40);
}

static ZbChartLayout *layout_new (ZbDataset             *dataset,
                                  const ZbChartSpec     *spec,
                                  const ZbRenderOptions *options,
                                  GError               **error);

/* TRUE when two pieces of text overlap or one leaves the canvas (half a unit of rounding). */
static gboolean
texts_collide (ZbChartLayout *self)
{
  g_autoptr (GArray) rects = zb_chart_layout_dup_text_rects (self);

  for (guint i = 0; i < rects->len; i++)
    {
      const ZbRect *a = &g_array_index (rects, ZbRect, i);

      if (a->x < -0.5 || a->y < -0.5 || a->x + a->width > self->options.width + 0.5
          || a->y + a->height > self->options.height + 0.5)
        return TRUE;
      for (guint j = i + 1; j < rects->len; j++)
        {
          const ZbRect *b = &g_array_index (rects, ZbRect, j);

          if (MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x) > 0.5
              && MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y) > 0.5)
            return TRUE;
        }
    }
  return FALSE;
}

ZbChartLayout *
zb_chart_layout_new (ZbDataset             *dataset,
                     const ZbChartSpec     *spec,
                     const ZbRenderOptions *options,
                     GError               **error)
{
  ZbRenderOptions shrunk;
  ZbChartLayout *self;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = layout_new (dataset, spec, options, error);
  /* A window's minimum text size can be too large for a small chart of many panels: the text
   * shrinks toward the chart's own size before anything overlaps. */
  shrunk = *options;
  while (self != NULL && shrunk.min_text_size > natural_text_size (options) && texts_collide (self))
    {
      shrunk.min_text_size *= 0.9;
      if (shrunk.min_text_size <= natural_text_size (options))
        shrunk.min_text_size = 0;
      g_object_unref (self);
      self = layout_new (dataset, spec, &shrunk, error);
    }
  return self;
}

/* The chart's series, panels and references, before any text is laid out. */
static ZbChartLayout *
layout_resolve (ZbDataset             *dataset,
                const ZbChartSpec     *spec,
                const ZbRenderOptions *options,
                GError               **error)
{
  g_autoptr (ZbChartLayout) self = NULL;

  if (!(options->width >= 1 && options->height >= 1 && options->width <= 1e6 && options->height <= 1e6))
    {
      g_set_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE,
                   "A chart cannot be %g × %g: width and height must be positive", options->width, options->height);
      return NULL;
    }

  self = g_object_new (ZB_TYPE_CHART_LAYOUT, NULL);
  self->dataset = g_object_ref (dataset);
  self->options = *options;
  if (!(self->options.font_scale > 0))
    self->options.font_scale = 1.0;
  self->type = spec->type;
  self->id = g_strdup (spec->id);
  self->title.zh = g_strdup (spec->title.zh);
  self->title.en = g_strdup (spec->title.en);
  self->palette = zb_theme_get_palette (options->theme);
  /* Text grows with the chart, as on a slide or a page; a window's chart keeps readable text. */
  self->base = MAX (natural_text_size (options), options->min_text_size) * self->options.font_scale;

  if (!resolve_series (self, spec, error))
    return NULL;
  build_panels (self);
  if (!resolve_references (self, spec, error))
    return NULL;
  return g_steal_pointer (&self);
}

static ZbChartLayout *
layout_new (ZbDataset             *dataset,
            const ZbChartSpec     *spec,
            const ZbRenderOptions *options,
            GError               **error)
{
  ZbChartLayout *self = layout_resolve (dataset, spec, options, error);

  if (self != NULL)
    layout_chart (self, spec);
  return self;
}

/* A line of more points than pixel columns is reduced to each column's extremes: which points
 * it marks depends on the width of its plot, and so on the chart's text. */
static gboolean
marks_depend_on_size (ZbChartLayout *self)
{
  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);

      if (panel->kind == PANEL_LINE && panel->n_categories > LINE_REDUCE_THRESHOLD)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
zb_chart_dup_marked_observations (ZbDataset             *dataset,
                                  const ZbChartSpec     *spec,
                                  const ZbRenderOptions *options,
                                  GError               **error)
{
  g_autoptr (ZbChartLayout) self = NULL;
  GPtrArray *observations;

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = layout_resolve (dataset, spec, options, error);
  if (self == NULL)
    return NULL;
  if (marks_depend_on_size (self))
    {
      g_clear_object (&self);
      self = zb_chart_layout_new (dataset, spec, options, error);
      if (self == NULL)
        return NULL;
      observations = g_ptr_array_sized_new (self->marks->len);
      for (guint i = 0; i < self->marks->len; i++)
        g_ptr_array_add (observations, g_array_index (self->marks, ZbMark, i).observation);
      return observations;
    }

  /* The order of layout_vertical () and layout_horizontal (): panel by panel, category by
   * category, a mark for each group that has a value. */
  observations = g_ptr_array_new ();
  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);

      for (guint c = 0; c < panel->n_categories; c++)
        for (guint g = 0; g < panel->n_groups; g++)
          {
            ZbObservation *obs = cell (panel, c, g);

            if (obs != NULL)
              g_ptr_array_add (observations, obs);
          }
    }
  return observations;
}

/* Rendering ----------------------------------------------------------------------------------- */

static const ZbColor *
role_color (ZbChartLayout *self,
            TextRole       role)
{
  switch (role)
    {
    case ROLE_TITLE:
    case ROLE_TEXT:
      return &self->palette->foreground;
    case ROLE_MUTED:
      return &self->palette->muted;
    case ROLE_REFERENCE:
    default:
      return &self->palette->reference;
    }
}

static gboolean
mark_revealed (ZbChartLayout *self,
               int            index)
{
  return self->reveal < 0 || index < self->reveal;
}

static void
render_panel_frame (ZbChartLayout *self,
                    Panel         *panel,
                    cairo_t       *cr)
{
  const ZbPalette *pal = self->palette;
  gboolean vertical = panel->kind == PANEL_COLUMN || panel->kind == PANEL_LINE;
  double lw = MAX (self->base / 16, 0.75) * pal->line_scale;

  cairo_set_line_width (cr, lw);
  zb_color_set_source (&pal->grid, cr);
  for (guint i = 0; i < panel->axis.n_ticks; i++)
    {
      double v = zb_axis_get_tick (&panel->axis, i);
      if (vertical)
        {
          double y = axis_y (panel, v);
          cairo_move_to (cr, panel->px, y);
          cairo_line_to (cr, panel->px + panel->pw, y);
        }
      else
        {
          double x = axis_x (panel, v);
          cairo_move_to (cr, x, panel->py);
          cairo_line_to (cr, x, panel->py + panel->ph);
        }
    }
  zb_draw_stroke (cr);

  /* The zero line (or the axis at its minimum) stronger than the grid. */
  zb_color_set_source (&pal->axis, cr);
  cairo_set_line_width (cr, lw * 1.5);
  if (vertical)
    {
      double y = axis_y (panel, CLAMP (0, panel->axis.min, panel->axis.max));
      cairo_move_to (cr, panel->px, y);
      cairo_line_to (cr, panel->px + panel->pw, y);
    }
  else
    {
      double x = axis_x (panel, CLAMP (0, panel->axis.min, panel->axis.max));
      cairo_move_to (cr, x, panel->py);
      cairo_line_to (cr, x, panel->py + panel->ph);
    }
  zb_draw_stroke (cr);
}

static void
render_references (ZbChartLayout *self,
                   Panel         *panel,
                   cairo_t       *cr)
{
  const ZbPalette *pal = self->palette;
  gboolean vertical = panel->kind == PANEL_COLUMN || panel->kind == PANEL_LINE;
  double lw = MAX (self->base / 9, 1.25) * pal->line_scale;
  double dash[] = { self->base * 0.45, self->base * 0.3 };

  for (guint i = 0; i < panel->refs->len; i++)
    {
      Ref *r = &g_array_index (panel->refs, Ref, i);
      double a, b;

      if (r->kind == REF_BAND || r->kind == REF_CEILING)
        {
          zb_color_set_source (&pal->band, cr);
          if (vertical)
            {
              a = r->kind == REF_BAND ? value_to_y (panel, r->hi) : panel->py;
              b = r->kind == REF_BAND ? value_to_y (panel, r->lo) : r->pos;
              cairo_rectangle (cr, panel->px, a, panel->pw, b - a);
            }
          else
            {
              a = r->kind == REF_BAND ? value_to_x (panel, r->lo) : r->pos;
              b = r->kind == REF_BAND ? value_to_x (panel, r->hi) : panel->px + panel->pw;
              cairo_rectangle (cr, a, panel->py, b - a, panel->ph);
            }
          if (r->kind == REF_CEILING)
            {
              /* Beyond the ceiling is lighter than a band. */
              zb_draw_save (cr);
              zb_draw_clip (cr);
              zb_draw_paint_with_alpha (cr, 0.5);
              zb_draw_restore (cr);
            }
          else
            zb_draw_fill (cr);
        }

      zb_color_set_source (&pal->reference, cr);
      cairo_set_line_width (cr, lw);
      cairo_set_dash (cr, dash, 2, 0);
      if (vertical)
        {
          cairo_move_to (cr, panel->px, r->pos);
          cairo_line_to (cr, panel->px + panel->pw, r->pos);
        }
      else
        {
          cairo_move_to (cr, r->pos, panel->py);
          cairo_line_to (cr, r->pos, panel->py + panel->ph);
        }
      zb_draw_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (r->kind == REF_FLOOR || r->kind == REF_CEILING)
        {
          /* A small arrowhead at the end of the line pointing where the goal lies. */
          double s = self->base * 0.4;
          double dir = r->kind == REF_FLOOR ? -1 : 1;

          if (vertical)
            {
              double x = panel->px + panel->pw;
              cairo_move_to (cr, x - s, r->pos);
              cairo_line_to (cr, x, r->pos + dir * s * 1.4);
              cairo_line_to (cr, x + s, r->pos);
            }
          else
            {
              double y = panel->py;
              cairo_move_to (cr, r->pos, y + s);
              cairo_line_to (cr, r->pos - dir * s * 1.4, y);
              cairo_line_to (cr, r->pos, y - s);
            }
          cairo_close_path (cr);
          zb_draw_fill (cr);
        }
    }
}

/* A dot, or for a target a diamond a little larger so that it reads as big as the dot. */
static void
mark_path (cairo_t *cr,
           gboolean diamond,
           double   cx,
           double   cy,
           double   r)
{
  cairo_new_sub_path (cr);
  if (!diamond)
    {
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      return;
    }
  r *= 1.3;
  cairo_move_to (cr, cx, cy - r);
  cairo_line_to (cr, cx + r, cy);
  cairo_line_to (cr, cx, cy + r);
  cairo_line_to (cr, cx - r, cy);
  cairo_close_path (cr);
}

static void
render_marks (ZbChartLayout *self,
              Panel         *panel,
              cairo_t       *cr)
{
  const ZbPalette *pal = self->palette;
  double lw = MAX (self->base / 8, 1.5) * pal->line_scale;

  if (panel->kind == PANEL_LINE)
    {
      for (guint g = 0; g < panel->n_groups; g++)
        {
          gboolean started = FALSE;

          zb_color_set_source (&pal->series[series_color (panel, g)], cr);
          cairo_set_line_width (cr, panel->line_points != NULL ? MAX (lw * 0.6, 1) : lw);
          /* Round joins on a few points; a reduced line is mostly vertical strokes a pixel
           * apart, where bevels look the same and cost far less to fill. */
          cairo_set_line_join (cr, panel->line_points != NULL ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
          if (panel->line_points != NULL)
            {
              guint n_points = panel->line_points->len / 2;
              guint limit = n_points;

              if (self->reveal >= 0)
                limit = (guint) (n_points * MIN (1.0, (double) MAX (self->reveal - (int) panel->first_mark, 0)
                                                         / MAX (panel->n_marks, 1)));
              for (guint i = 0; i < limit; i++)
                {
                  double *pt = &g_array_index (panel->line_points, double, i * 2);
                  if (i == 0)
                    cairo_move_to (cr, pt[0], pt[1]);
                  else
                    cairo_line_to (cr, pt[0], pt[1]);
                }
              zb_draw_stroke (cr);
              continue;
            }
          for (guint m = panel->first_mark; m < panel->first_mark + panel->n_marks; m++)
            {
              MarkShape *shape = &g_array_index (self->shapes, MarkShape, m);
              if (shape->group != g || !mark_revealed (self, m))
                continue;
              if (!started)
                cairo_move_to (cr, shape->cx, shape->cy);
              else
                cairo_line_to (cr, shape->cx, shape->cy);
              started = TRUE;
            }
          zb_draw_stroke (cr);
        }
    }

  if (panel->kind == PANEL_DUMBBELL)
    {
      /* The connector between actual and target of each row. */
      zb_color_set_source (&pal->axis, cr);
      cairo_set_line_width (cr, lw * 1.6);
      for (guint m = panel->first_mark; m + 1 < panel->first_mark + panel->n_marks; m++)
        {
          ZbMark *a = &g_array_index (self->marks, ZbMark, m);
          ZbMark *b = &g_array_index (self->marks, ZbMark, m + 1);
          MarkShape *sa = &g_array_index (self->shapes, MarkShape, m);
          MarkShape *sb = &g_array_index (self->shapes, MarkShape, m + 1);

          if (sa->group == 0 && sb->group == 1 && a->y == b->y && mark_revealed (self, m + 1))
            {
              cairo_move_to (cr, sa->cx, sa->cy);
              cairo_line_to (cr, sb->cx, sb->cy);
            }
        }
      zb_draw_stroke (cr);
    }

  for (guint m = panel->first_mark; m < panel->first_mark + panel->n_marks; m++)
    {
      ZbMark *mark = &g_array_index (self->marks, ZbMark, m);
      MarkShape *shape = &g_array_index (self->shapes, MarkShape, m);
      const ZbColor *color = &pal->series[shape->color];

      if (!mark_revealed (self, m))
        continue;
      switch (shape->kind)
        {
        case SHAPE_RECT:
          if (shape->target)
            {
              /* A goal is drawn hollow: outlined, lightly filled. */
              cairo_rectangle (cr, mark->x + lw / 2, mark->y + lw / 2, MAX (mark->width - lw, 0),
                               MAX (mark->height - lw, 0));
              cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.18);
              zb_draw_fill_preserve (cr);
              zb_color_set_source (color, cr);
              cairo_set_line_width (cr, lw);
              zb_draw_stroke (cr);
            }
          else
            {
              zb_color_set_source (color, cr);
              cairo_rectangle (cr, mark->x, mark->y, mark->width, mark->height);
              zb_draw_fill (cr);
            }
          break;
        case SHAPE_DOT:
        case SHAPE_DIAMOND:
        case SHAPE_POINT:
          if (shape->r <= 0)
            break;
          mark_path (cr, shape->kind == SHAPE_DIAMOND, shape->cx, shape->cy, shape->r);
          if (shape->kind == SHAPE_DIAMOND || shape->target)
            {
              zb_color_set_source (&pal->background, cr);
              zb_draw_fill_preserve (cr);
              zb_color_set_source (color, cr);
              cairo_set_line_width (cr, MAX (shape->r * 0.45, 1.5));
              zb_draw_stroke (cr);
            }
          else
            {
              zb_color_set_source (color, cr);
              zb_draw_fill (cr);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
render_outline (ZbChartLayout *self,
                int            index,
                const ZbColor *color,
                cairo_t       *cr)
{
  ZbMark *mark;
  MarkShape *shape;
  double lw = MAX (self->base / 7, 2);

  if (index < 0 || (guint) index >= self->marks->len || !mark_revealed (self, index))
    return;
  mark = &g_array_index (self->marks, ZbMark, index);
  shape = &g_array_index (self->shapes, MarkShape, index);
  zb_color_set_source (color, cr);
  cairo_set_line_width (cr, lw);
  if (shape->kind == SHAPE_RECT)
    cairo_rectangle (cr, mark->x - lw / 2, mark->y - lw / 2, mark->width + lw, mark->height + lw);
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, shape->cx, shape->cy, MAX (shape->r, self->base * 0.3) + lw, 0, 2 * G_PI);
    }
  zb_draw_stroke (cr);
}

static void
render_legend (ZbChartLayout *self,
               cairo_t       *cr)
{
  double s = self->legend_swatch;

  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendEntry *entry = &g_array_index (self->legend, LegendEntry, i);
      const ZbColor *color = &self->palette->series[entry->color];

      switch (entry->kind)
        {
        case SWATCH_SQUARE:
          zb_color_set_source (color, cr);
          cairo_rectangle (cr, entry->x, entry->cy - s / 2, s, s);
          zb_draw_fill (cr);
          break;
        case SWATCH_DOT:
          mark_path (cr, FALSE, entry->x + s / 2, entry->cy, s * 0.42);
          zb_color_set_source (color, cr);
          zb_draw_fill (cr);
          break;
        case SWATCH_DIAMOND:
        default:
          mark_path (cr, TRUE, entry->x + s / 2, entry->cy, s * 0.42);
          zb_color_set_source (&self->palette->background, cr);
          zb_draw_fill_preserve (cr);
          zb_color_set_source (color, cr);
          cairo_set_line_width (cr, MAX (s * 0.18, 1.5));
          zb_draw_stroke (cr);
          break;
        }
    }
}

/* Clips drawing to the canvas less the boxes of the labels marked backdrop (even-odd: each box is
 * a hole; the layout keeps labels from overlapping, so no two holes cancel). */
static void
clip_out_label_boxes (ZbChartLayout *self,
                      cairo_t       *cr)
{
  cairo_rectangle (cr, 0, 0, self->options.width, self->options.height);
  for (guint i = 0; i < self->texts->len; i++)
    {
      Text *t = &g_array_index (self->texts, Text, i);
      double w, h;

      if (!t->backdrop || (t->mark >= 0 && !mark_revealed (self, t->mark)))
        continue;
      text_size (t->layout, &w, &h);
      cairo_rectangle (cr, t->x + text_offset_x (t->layout) - 2, t->y, text_width (t->layout) + 4, h);
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  zb_draw_clip (cr);
  cairo_new_path (cr);
}

void
zb_chart_paint_background (ZbTheme  theme,
                           cairo_t *cr,
                           double   width,
                           double   height)
{
  g_return_if_fail (cr != NULL);

  zb_color_set_source (&zb_theme_get_palette (theme)->background, cr);
  cairo_rectangle (cr, 0, 0, width, height);
  zb_draw_fill (cr);
}

void
zb_chart_layout_render (ZbChartLayout *self,
                        cairo_t       *cr)
{
  const ZbPalette *pal;

  g_return_if_fail (ZB_IS_CHART_LAYOUT (self));
  g_return_if_fail (cr != NULL);

  pal = self->palette;
  zb_draw_save (cr);
  if (!self->options.transparent)
    zb_chart_paint_background (self->options.theme, cr, self->options.width, self->options.height);

  /* A label sitting on a grid or target line stays legible: the lines stop short of its box.
   * Cut rather than painted over, since on screen the widget's own background shows. Panels do
   * not overlap, so every panel's lines can go first, under one clip, then every panel's marks. */
  zb_draw_save (cr);
  clip_out_label_boxes (self, cr);
  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);

      render_panel_frame (self, panel, cr);
      render_references (self, panel, cr);
    }
  zb_draw_restore (cr);
  for (guint p = 0; p < self->panels->len; p++)
    render_marks (self, g_ptr_array_index (self->panels, p), cr);
  render_legend (self, cr);

  for (guint i = 0; i < self->texts->len; i++)
    {
      Text *t = &g_array_index (self->texts, Text, i);

      if (t->mark >= 0 && !mark_revealed (self, t->mark))
        continue;
      zb_color_set_source (role_color (self, t->role), cr);
      text_render (t->layout, t->x, t->y, cr);
    }

  render_outline (self, self->hover, &pal->highlight, cr);
  render_outline (self, self->selected, &pal->selection, cr);
  zb_draw_restore (cr);
}

/* Queries ------------------------------------------------------------------------------------- */

guint
zb_chart_layout_get_n_marks (ZbChartLayout *self)
{
  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), 0);

  return self->marks->len;
}

const ZbMark *
zb_chart_layout_get_mark (ZbChartLayout *self,
                          guint          index)
{
  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->marks->len, NULL);

  mark_label (self, index);
  return &g_array_index (self->marks, ZbMark, index);
}

int
zb_chart_layout_hit_test (ZbChartLayout *self,
                          double         x,
                          double         y)
{
  /* Thin marks (points, short bars) get a target at least this big, centred on them. */
  double slop = MAX (self->base * 1.2, 12);
  int best = -1;
  double best_d = INFINITY;

  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), -1);

  for (guint i = 0; i < self->marks->len; i++)
    {
      ZbMark *m = &g_array_index (self->marks, ZbMark, i);
      double w = MAX (m->width, slop), h = MAX (m->height, slop);
      double cx = m->x + m->width / 2, cy = m->y + m->height / 2;
      double dx, dy, d;

      if (!mark_revealed (self, i))
        continue;
      if (fabs (x - cx) > w / 2 || fabs (y - cy) > h / 2)
        continue;
      /* Inside a real rectangle wins over a nearby enlarged one. */
      dx = MAX (fabs (x - cx) - m->width / 2, 0);
      dy = MAX (fabs (y - cy) - m->height / 2, 0);
      d = dx * dx + dy * dy + 1e-6 * ((x - cx) * (x - cx) + (y - cy) * (y - cy));
      if (d < best_d)
        {
          best_d = d;
          best = (int) i;
        }
    }
  return best;
}

int
zb_chart_layout_find_mark (ZbChartLayout       *self,
                           const ZbObservation *observation)
{
  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), -1);

  for (guint i = 0; i < self->marks->len; i++)
    if (g_array_index (self->marks, ZbMark, i).observation == observation)
      return (int) i;
  return -1;
}

void
zb_chart_layout_set_selected (ZbChartLayout *self,
                              int            index)
{
  g_return_if_fail (ZB_IS_CHART_LAYOUT (self));

  self->selected = index >= 0 && (guint) index < self->marks->len ? index : -1;
}

int
zb_chart_layout_get_selected (ZbChartLayout *self)
{
  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), -1);

  return self->selected;
}

void
zb_chart_layout_set_hover (ZbChartLayout *self,
                           int            index)
{
  g_return_if_fail (ZB_IS_CHART_LAYOUT (self));

  self->hover = index >= 0 && (guint) index < self->marks->len ? index : -1;
}

void
zb_chart_layout_set_reveal (ZbChartLayout *self,
                            int            n)
{
  g_return_if_fail (ZB_IS_CHART_LAYOUT (self));

  self->reveal = n < 0 ? -1 : n;
}

const ZbText *
zb_chart_layout_get_title (ZbChartLayout *self)
{
  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), NULL);

  return &self->title;
}

const char *
zb_chart_layout_get_id (ZbChartLayout *self)
{
  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), NULL);

  return self->id;
}

GArray *
zb_chart_layout_dup_text_rects (ZbChartLayout *self)
{
  GArray *rects;

  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), NULL);

  rects = g_array_sized_new (FALSE, FALSE, sizeof (ZbRect), self->texts->len);
  for (guint i = 0; i < self->texts->len; i++)
    {
      Text *t = &g_array_index (self->texts, Text, i);
      ZbRect rect;

      text_extents (t->layout, &rect);
      rect.x += t->x;
      rect.y += t->y;
      g_array_append_val (rects, rect);
    }
  return rects;
}

static const char *
type_name (ZbChartLayout *self)
{
  ZbLang lang = self->options.lang;

  switch (self->type)
    {
    case ZB_CHART_COLUMN:
      return TR (lang, "柱状图", "Column chart");
    case ZB_CHART_BAR:
      return TR (lang, "条形图（按数值排序）", "Bar chart, ranked by value");
    case ZB_CHART_LINE:
      return TR (lang, "折线图", "Line chart");
    case ZB_CHART_DUMBBELL:
      return TR (lang, "哑铃图（实际与目标）", "Dumbbell chart of actual against target");
    case ZB_CHART_SMALL_MULTIPLES:
    default:
      return TR (lang, "分面小图", "Small multiples");
    }
}

char *
zb_chart_layout_describe (ZbChartLayout *self)
{
  ZbLang lang;
  GString *out;
  const char *title;
  int lo = -1, hi = -1;

  g_return_val_if_fail (ZB_IS_CHART_LAYOUT (self), NULL);

  lang = self->options.lang;
  title = zb_text_get (&self->title, lang);
  out = g_string_new (type_name (self));
  if (*title != '\0')
    g_string_append_printf (out, lang == ZB_LANG_ZH ? "“%s”" : " “%s”", title);

  for (guint i = 0; i < self->marks->len; i++)
    {
      ZbMark *m = &g_array_index (self->marks, ZbMark, i);
      if (lo < 0 || m->observation->value < g_array_index (self->marks, ZbMark, lo).observation->value)
        lo = (int) i;
      if (hi < 0 || m->observation->value > g_array_index (self->marks, ZbMark, hi).observation->value)
        hi = (int) i;
    }
  if (lang == ZB_LANG_ZH)
    g_string_append_printf (out, "：%u个数值", self->marks->len);
  else
    g_string_append_printf (out, ": %u values", self->marks->len);
  if (lo >= 0 && lo != hi)
    {
      const char *a = mark_label (self, lo);
      const char *b = mark_label (self, hi);
      if (lang == ZB_LANG_ZH)
        g_string_append_printf (out, "，最低为%s，最高为%s", a, b);
      else
        g_string_append_printf (out, ", lowest %s, highest %s", a, b);
    }
  else if (lo >= 0)
    g_string_append_printf (out, lang == ZB_LANG_ZH ? "：%s" : ": %s", mark_label (self, lo));

  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);
      for (guint i = 0; i < panel->refs->len; i++)
        {
          Ref *r = &g_array_index (panel->refs, Ref, i);
          g_autofree char *caption = reference_caption (self, r, NULL);
          g_string_append_printf (out, lang == ZB_LANG_ZH ? "；参考线：%s" : "; reference line: %s", caption);
        }
    }
  g_string_append (out, TR (lang, "。", "."));

  if (self->selected >= 0)
    g_string_append_printf (out, lang == ZB_LANG_ZH ? "已选中：%s。" : " Selected: %s.",
                            mark_label (self, self->selected));
  return g_string_free (out, FALSE);
}
