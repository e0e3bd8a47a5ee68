#define G_LOG_DOMAIN "zb-units"

#include "config.h"

#include "zb-units.h"
#include "zb-text-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Numbers
 * ------------------------------------------------------------------------------------------- */

/* The ASCII digit at p, or -1; *width is the number of bytes it takes. Full-width digits are
 * U+FF10..U+FF19, encoded EF BC 90..99. */
static int
digit_at (const char *text,
          gsize       len,
          gsize       pos,
          gsize      *width)
{
  const guchar *p = (const guchar *) text + pos;

  if (pos < len && p[0] >= '0' && p[0] <= '9')
    {
      *width = 1;
      return p[0] - '0';
    }
  if (pos + 3 <= len && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
    {
      *width = 3;
      return p[2] - 0x90;
    }
  return -1;
}

/* A decimal point and a thousands separator, each as written in ASCII or full width. */
static const char *const points[] = { ".", "．" };
static const char *const separators[] = { ",", "，" };

/* A thousands separator counts only when exactly three digits follow it, so that "3，5个" (a
 * list) and "1,2345" stay two numbers. */
static gboolean
separator_groups_at (const char *text,
                     gsize       len,
                     gsize       pos,
                     gsize      *after)
{
  gsize sep = zb_text_any_at (text, len, pos, separators, G_N_ELEMENTS (separators));
  gsize p, w;

  if (sep == 0)
    return FALSE;
  p = pos + sep;
  for (int i = 0; i < 3; i++)
    {
      if (digit_at (text, len, p, &w) < 0)
        return FALSE;
      p += w;
    }
  if (digit_at (text, len, p, &w) >= 0)
    return FALSE;
  *after = p;
  return TRUE;
}

gboolean
zb_number_scan (const char *text,
                gsize       len,
                gsize       pos,
                ZbNumber   *out)
{
  g_autoptr (GString) ascii = NULL;
  gsize p = pos, w, after;
  gboolean fullwidth = FALSE;
  int decimals = 0;
  int d;
  int int_digits = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (digit_at (text, len, p, &w) < 0)
    return FALSE;

  ascii = g_string_new (NULL);
  for (;;)
    {
      while ((d = digit_at (text, len, p, &w)) >= 0)
        {
          g_string_append_c (ascii, (char) ('0' + d));
          fullwidth |= (w == 3);
          int_digits++;
          p += w;
        }
      /* Separators only group digits before the point and only while groups are whole. */
      if (int_digits > 0 && separator_groups_at (text, len, p, &after))
        {
          p += zb_text_any_at (text, len, p, separators, G_N_ELEMENTS (separators));
          continue;
        }
      break;
    }

  w = zb_text_any_at (text, len, p, points, G_N_ELEMENTS (points));
  if (w > 0 && digit_at (text, len, p + w, &after) >= 0)
    {
      g_string_append_c (ascii, '.');
      p += w;
      while ((d = digit_at (text, len, p, &w)) >= 0)
        {
          g_string_append_c (ascii, (char) ('0' + d));
          fullwidth |= (w == 3);
          decimals++;
          p += w;
        }
    }

  out->value = g_ascii_strtod (ascii->str, NULL);
  out->decimals = decimals;
  out->start = pos;
  out->end = p;
  out->fullwidth = fullwidth;
  return TRUE;
}

gboolean
zb_number_parse (const char *str,
                 double     *value)
{
  ZbNumber number;
  gsize len;

  g_return_val_if_fail (str != NULL, FALSE);

  len = strlen (str);
  if (!zb_number_scan (str, len, 0, &number) || number.end != len)
    return FALSE;
  if (value != NULL)
    *value = number.value;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * The unit table
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  const char *base;
  const char *en;
  const char *en_plural;
  gboolean    multipliable; /* takes 万, 亿, 万亿 in front */
} ZbBaseUnit;

/* Counters whose noun is part of the indicator's name ("1.45万家" of firms, "296个" of estates)
 * have no English name of their own: in English the number stands alone ("14,500"). */
static const ZbBaseUnit base_units[] = {
  { "%", "%", NULL, FALSE },
  { "‰", "‰", NULL, FALSE },
  { "个百分点", "percentage point", "percentage points", FALSE },
  { "元", "yuan", NULL, TRUE },
  { "美元", "US dollar", "US dollars", TRUE },
  { "人", "person", "people", TRUE },
  { "人次", "person-time", "person-times", TRUE },
  { "户", "household", "households", TRUE },
  { "家", "", NULL, TRUE },
  { "个", "", NULL, TRUE },
  { "件", "", NULL, TRUE },
  { "所", "", NULL, TRUE },
  { "项", "", NULL, TRUE },
  { "座", "", NULL, TRUE },
  { "条", "", NULL, TRUE },
  { "处", "", NULL, TRUE },
  { "名", "", NULL, TRUE },
  { "位", "", NULL, TRUE },
  { "只", "", NULL, TRUE },
  { "场", "", NULL, TRUE },
  { "场次", "", NULL, TRUE },
  { "栋", "", NULL, TRUE },
  { "张", "", NULL, TRUE },
  { "套", "", NULL, TRUE },
  { "间", "", NULL, TRUE },
  { "台", "", NULL, TRUE },
  { "架", "", NULL, TRUE },
  { "列", "", NULL, TRUE },
  { "批", "", NULL, TRUE },
  { "类", "", NULL, TRUE },
  { "种", "", NULL, TRUE },
  { "部", "", NULL, TRUE },
  { "株", "", NULL, TRUE },
  { "棵", "", NULL, TRUE },
  { "头", "", NULL, TRUE },
  { "艘", "", NULL, TRUE },
  { "次", "time", "times", TRUE },
  { "届", "", NULL, FALSE },
  { "期", "", NULL, FALSE },
  { "号线", "", NULL, FALSE },
  { "米", "m", NULL, TRUE },
  { "公里", "km", NULL, TRUE },
  { "千米", "km", NULL, TRUE },
  { "平方公里", "km²", NULL, TRUE },
  { "平方米", "m²", NULL, TRUE },
  { "立方米", "m³", NULL, TRUE },
  { "立方米/秒", "m³/s", NULL, FALSE },
  { "公顷", "ha", NULL, TRUE },
  { "亩", "mu", NULL, TRUE },
  { "标箱", "TEU", NULL, TRUE },
  { "辆", "vehicle", "vehicles", TRUE },
  { "吨", "t", NULL, TRUE },
  { "吨/日", "t/day", NULL, TRUE },
  { "微克/立方米", "μg/m³", NULL, FALSE },
  { "公斤", "kg", NULL, TRUE },
  { "斤", "jin", NULL, TRUE },
  { "千瓦", "kW", NULL, TRUE },
  { "千瓦时", "kWh", NULL, TRUE },
  { "兆瓦", "MW", NULL, FALSE },
  { "吉瓦", "GW", NULL, FALSE },
  { "倍", "times", NULL, FALSE },
  { "年", "year", "years", FALSE },
  { "个月", "month", "months", FALSE },
  { "周年", "anniversary", "anniversaries", FALSE },
  { "天", "day", "days", FALSE },
  { "小时", "hour", "hours", FALSE },
  { "分钟", "minute", "minutes", FALSE },
  { "岁", "years old", NULL, FALSE },
  { "P", "PFLOPS", NULL, FALSE },
  /* A bare multiplier: "观影人次超过2990万". */
  { "", "", NULL, TRUE },
};

typedef struct
{
  const char *prefix;
  double      multiplier;
  const char *en;        /* the English scale word for an axis label */
} ZbMultiplier;

static const ZbMultiplier multipliers[] = {
  { "万亿", 1e12, "trillion" },
  { "亿", 1e8, "100 million" },
  { "万", 1e4, "10,000" },
};

/* Written forms that stand for a table entry. */
static const struct
{
  const char *written;
  const char *unit;
} aliases[] = {
  { "％", "%" },
};

static ZbUnitInfo *unit_table;
static guint n_units;
static GHashTable *unit_index;  /* unit → ZbUnitInfo*, for the formatting of every label */

static void
ensure_table (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GArray *array = g_array_new (TRUE, TRUE, sizeof (ZbUnitInfo));

      for (guint i = 0; i < G_N_ELEMENTS (base_units); i++)
        {
          const ZbBaseUnit *b = &base_units[i];
          ZbUnitInfo info = { b->base, b->base, 1.0, b->en, b->en_plural };

          if (b->base[0] != '\0')
            g_array_append_val (array, info);
          if (!b->multipliable)
            continue;
          for (guint m = 0; m < G_N_ELEMENTS (multipliers); m++)
            {
              g_autofree char *unit = g_strconcat (multipliers[m].prefix, b->base, NULL);
              ZbUnitInfo minfo = { g_intern_string (unit), b->base, multipliers[m].multiplier,
                                   b->en, b->en_plural };

              g_array_append_val (array, minfo);
            }
        }
      n_units = array->len;
      unit_table = (ZbUnitInfo *) (gpointer) g_array_free (array, FALSE);
      unit_index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < n_units; i++)
        g_hash_table_insert (unit_index, (gpointer) unit_table[i].unit, &unit_table[i]);
      g_once_init_leave (&initialized, 1);
    }
}

const ZbUnitInfo *
zb_unit_table (void)
{
  ensure_table ();
  return unit_table;
}

const ZbUnitInfo *
zb_unit_lookup (const char *unit)
{
  g_return_val_if_fail (unit != NULL, NULL);

  ensure_table ();
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (unit, aliases[i].written) == 0)
      unit = aliases[i].unit;
  return g_hash_table_lookup (unit_index, unit);
}

static gsize
space_at (const char *text,
          gsize       len,
          gsize       pos)
{
  if (pos < len && (text[pos] == ' ' || text[pos] == '\t'))
    return 1;
  if (zb_text_has_prefix_at (text, len, pos, "\u3000") || zb_text_has_prefix_at (text, len, pos, "\u00a0"))
    return zb_text_has_prefix_at (text, len, pos, "\u3000") ? 3 : 2;
  return 0;
}

/* The longest table entry (or alias) written exactly at pos; its byte length, or 0. */
static gsize
longest_entry_at (const char        *text,
                  gsize              len,
                  gsize              pos,
                  const ZbUnitInfo **info)
{
  gsize best = 0;

  *info = NULL;
  for (guint i = 0; i < n_units; i++)
    {
      gsize n = strlen (unit_table[i].unit);

      if (n > best && zb_text_has_prefix_at (text, len, pos, unit_table[i].unit))
        {
          best = n;
          *info = &unit_table[i];
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      gsize n = strlen (aliases[i].written);

      if (n > best && zb_text_has_prefix_at (text, len, pos, aliases[i].written))
        {
          best = n;
          *info = zb_unit_lookup (aliases[i].unit);
        }
    }
  return best;
}

/* "53万余户", "300多万人": a multiplier, then 余 or 多, then the base unit. The unit is the
 * multiplied one (万户); the extractor reads the 余 as a qualifier from the matched text. */
static gsize
approximate_entry_at (const char        *text,
                      gsize              len,
                      gsize              pos,
                      const ZbUnitInfo **info)
{
  for (guint m = 0; m < G_N_ELEMENTS (multipliers); m++)
    {
      const char *prefix = multipliers[m].prefix;
      gsize p = pos + strlen (prefix);
      const ZbUnitInfo *base = NULL;
      g_autofree char *unit = NULL;
      gsize n;

      if (!zb_text_has_prefix_at (text, len, pos, prefix))
        continue;
      if (!zb_text_has_prefix_at (text, len, p, "余") && !zb_text_has_prefix_at (text, len, p, "多"))
        continue;
      p += strlen ("余");
      n = longest_entry_at (text, len, p, &base);
      if (n == 0)
        continue;
      unit = g_strconcat (prefix, base->unit, NULL);
      *info = zb_unit_lookup (unit);
      if (*info != NULL)
        return p + n - pos;
    }
  return 0;
}

gsize
zb_unit_match (const char        *text,
               gsize              len,
               const ZbUnitInfo **info)
{
  const ZbUnitInfo *found = NULL;
  gsize p = 0, n, w, approx;

  g_return_val_if_fail (text != NULL, 0);

  ensure_table ();
  if (info != NULL)
    *info = NULL;
  while ((w = space_at (text, len, p)) > 0)
    p += w;

  n = longest_entry_at (text, len, p, &found);
  {
    const ZbUnitInfo *approx_info = NULL;

    approx = approximate_entry_at (text, len, p, &approx_info);
    if (approx > n)
      {
        n = approx;
        found = approx_info;
      }
  }
  if (n == 0)
    return 0;
  if (info != NULL)
    *info = found;
  return p + n;
}

double
zb_unit_normalise (double      value,
                   const char *unit)
{
  const ZbUnitInfo *info = unit != NULL ? zb_unit_lookup (unit) : NULL;

  return info != NULL ? value * info->multiplier : value;
}

/* ---------------------------------------------------------------------------------------------
 * Formatting
 * ------------------------------------------------------------------------------------------- */

/* Fewest decimals (at most 10) that give back value to ten significant digits, so that
 * 2198 * 1e8 / 1e9 prints "219.8" and not "219.80000000000001". */
static int
shortest_decimals (double value)
{
  double mag = fabs (value);

  /* Past 1e15 a double has no exact decimals left to show. */
  if (mag >= 1e15 || !isfinite (value))
    return 0;
  static const char *const formats[] = { "%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f",
                                         "%.7f", "%.8f", "%.9f" };

  for (int d = 0; d < 10; d++)
    {
      /* Printed and read back in the C locale: "%f" would follow a locale's decimal comma, which
       * g_ascii_strtod reads as the end of the number. */
      char buf[G_ASCII_DTOSTR_BUF_SIZE + 16];
      double back;

      g_ascii_formatd (buf, sizeof buf, formats[d], value);
      back = g_ascii_strtod (buf, NULL);
      if (fabs (back - value) <= MAX (mag * 1e-10, 1e-12))
        return d;
    }
  return 10;
}

/* Digits of a value too large for exact decimals: fifteen significant digits then zeros, because
 * "%.0f" of 1e30 prints the binary value's noise ("…019884624838656"). */
static char *
large_integer_digits (double value,
                      int    decimals)
{
  char buf[64];
  GString *out = g_string_new (NULL);
  const char *e;
  int exponent;

  g_snprintf (buf, sizeof buf, "%.14e", value);
  e = strchr (buf, 'e');
  exponent = atoi (e + 1);
  for (const char *c = buf; c < e; c++)
    if (g_ascii_isdigit (*c))
      g_string_append_c (out, *c);
  while ((int) out->len < exponent + 1)
    g_string_append_c (out, '0');
  g_string_truncate (out, exponent + 1);
  if (decimals > 0)
    {
      g_string_append_c (out, '.');
      for (int i = 0; i < decimals; i++)
        g_string_append_c (out, '0');
    }
  return g_string_free (out, FALSE);
}

char *
zb_format_number (double value,
                  int    decimals,
                  ZbLang lang)
{
  g_autofree char *digits = NULL;
  GString *out;
  const char *p, *point;
  gsize int_len;

  if (!isfinite (value))
    return g_strdup ("–");

  if (decimals < 0)
    decimals = shortest_decimals (value);
  decimals = MIN (decimals, 20);

  if (fabs (value) >= 1e15)
    digits = large_integer_digits (fabs (value), decimals);
  else
    digits = g_strdup_printf ("%.*f", decimals, fabs (value));
  /* printf follows the locale's decimal point; ours is always "." */
  for (char *c = digits; *c != '\0'; c++)
    if (*c == ',')
      *c = '.';

  out = g_string_new (NULL);
  /* No "-0.0" for a value that rounds to zero: the sign only before a digit that is not 0. */
  if (value < 0 && strpbrk (digits, "123456789") != NULL)
    g_string_append_c (out, '-');

  point = strchr (digits, '.');
  int_len = point != NULL ? (gsize) (point - digits) : strlen (digits);
  p = digits;
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, p[i]);
    }
  if (point != NULL)
    g_string_append (out, point);

  return g_string_free (out, FALSE);
}

static gboolean
unit_is_symbol (const ZbUnitInfo *info)
{
  return strcmp (info->base, "%") == 0 || strcmp (info->base, "‰") == 0;
}

static const char *
english_name (const ZbUnitInfo *info,
              double            value)
{
  if (fabs (value) != 1.0 && info->en_plural != NULL)
    return info->en_plural;
  return info->en;
}

/* Ten significant digits: a product such as 2198 * 1e8 is not exact in binary. */
static double
round_significant (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.10g", value), NULL);
}

/* English has no 万 or 亿: the value in the base unit is written with million, billion or
 * trillion when it is that large, and with digits below a million ("14,500"). */
static char *
format_english_amount (double amount)
{
  static const struct
  {
    double      scale;
    const char *word;
  } scales[] = {
    { 1e12, "trillion" },
    { 1e9, "billion" },
    { 1e6, "million" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    if (fabs (amount) >= scales[i].scale)
      {
        g_autofree char *num = NULL;
        double scaled = round_significant (amount / scales[i].scale);

        num = zb_format_number (scaled, -1, ZB_LANG_EN);
        return g_strdup_printf ("%s %s", num, scales[i].word);
      }

  return zb_format_number (round_significant (amount), -1, ZB_LANG_EN);
}

char *
zb_format_value (double      value,
                 const char *unit,
                 ZbLang      lang)
{
  const ZbUnitInfo *info;
  g_autofree char *amount = NULL;
  const char *name;

  if (unit == NULL)
    unit = "";
  info = unit[0] != '\0' ? zb_unit_lookup (unit) : NULL;

  if (lang == ZB_LANG_ZH || info == NULL)
    {
      g_autofree char *num = zb_format_number (value, -1, lang);

      if (info != NULL)
        unit = info->unit;
      if (lang == ZB_LANG_EN && unit[0] != '\0' && !g_str_has_prefix (unit, "%"))
        return g_strdup_printf ("%s %s", num, unit);
      return g_strconcat (num, unit, NULL);
    }

  if (unit_is_symbol (info))
    {
      g_autofree char *num = zb_format_number (value, -1, lang);
      return g_strconcat (num, info->en, NULL);
    }

  amount = format_english_amount (value * info->multiplier);
  name = english_name (info, value * info->multiplier);
  if (name[0] == '\0')
    return g_steal_pointer (&amount);
  return g_strdup_printf ("%s %s", amount, name);
}

char *
zb_format_unit (const char *unit,
                ZbLang      lang)
{
  const ZbUnitInfo *info;
  const char *name;

  g_return_val_if_fail (unit != NULL, NULL);

  info = zb_unit_lookup (unit);
  if (info == NULL)
    return g_strdup (unit);
  if (lang == ZB_LANG_ZH)
    return g_strdup (info->unit);

  name = english_name (info, 2);
  for (guint m = 0; m < G_N_ELEMENTS (multipliers); m++)
    if (info->multiplier == multipliers[m].multiplier)
      {
        if (name[0] == '\0')
          return g_strdup (multipliers[m].en);
        return g_strdup_printf ("%s %s", multipliers[m].en, name);
      }
  return g_strdup (name);
}
