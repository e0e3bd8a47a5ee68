/* zb-units.h: numbers as written in a report, their units, and formatting for display.
 *
 * The token rule shared by the extractor and the curated datasets:
 *  - a number is a run of digits (ASCII 0-9 or full-width ０-９), optionally with thousands
 *    separators (",", "，" only when followed by exactly three digits) and one decimal point
 *    ("." or full-width "．") followed by a digit;
 *  - its source span (source.text) covers exactly those characters as written: "4.5", "1,200", "４.５";
 *  - its unit is the longest entry of the unit table that follows it (spaces skipped), written
 *    with its multiplier as in the text: "亿元", "万家", "%", "万标箱"; "" when none follows;
 *  - the value is the number as written (2198 for 2198亿元, 1.45 for 1.45万家).
 *
 * The table holds base units (元, 人, 家, 公里, %, ‰, 个百分点 …), each countable one also with the
 * multipliers 万, 亿 and 万亿 (万元, 亿人次, 万亿元), and the bare multipliers themselves ("2990万").
 * Written forms that stand for an entry match it: "％" is "%". A multiplier, then 余 or 多, then
 * a base unit ("53万余户") matches the multiplied unit (万户) with the 余 inside the match.
 */
#pragma once

#include "zb-types.h"

G_BEGIN_DECLS

typedef struct
{
  double   value;
  int      decimals;   /* digits after the decimal point as written */
  gsize    start;      /* byte span of the number in the text */
  gsize    end;
  gboolean fullwidth;  /* written with full-width digits */
} ZbNumber;

typedef struct
{
  const char *unit;        /* as written: "亿元" */
  const char *base;        /* the unit without its multiplier: "元" */
  double      multiplier;  /* 1e8 for 亿元 */
  const char *en;          /* English name of the base unit: "yuan", "people", "" for % */
  const char *en_plural;   /* plural, or NULL when the same */
} ZbUnitInfo;

/* Scans a number starting exactly at pos. Returns FALSE when there is none. */
gboolean           zb_number_scan (const char *text,
                                   gsize       len,
                                   gsize       pos,
                                   ZbNumber   *out);
/* Parses a whole string as a number ("33757.93", "1,200", "４.５"). */
gboolean           zb_number_parse (const char *str,
                                    double     *value);

/* The longest unit of the table at the start of text (after spaces, which are counted in the
 * returned length), or 0 and *info NULL. */
gsize              zb_unit_match (const char        *text,
                                  gsize              len,
                                  const ZbUnitInfo **info);
const ZbUnitInfo  *zb_unit_lookup (const char *unit);
/* Every unit of the table; NULL-terminated by an entry with unit == NULL. */
const ZbUnitInfo  *zb_unit_table (void);

/* value in the base unit (2198 亿元 -> 2.198e11 元). Unknown units multiply by 1. */
double             zb_unit_normalise (double      value,
                                      const char *unit);

/* "4.5" / "2,198" / "33,757.93", keeping decimals as given (-1: shortest exact form). */
char              *zb_format_number (double value,
                                     int    decimals,
                                     ZbLang lang);
/* "2,198亿元" / "219.8 billion yuan"; "4.5%" / "4.5%"; "1.45万家" / "14,500".
 * English has no 万 or 亿: the value in the base unit is written with million, billion or trillion
 * when it is that large and with all its digits below a million. Counters whose noun belongs to
 * the indicator's name (家, 个, 件, 项, 所 …) have no English unit, so the number stands alone;
 * units with a name of their own get it, plural as needed ("250,000 people", "540 km").
 * An unknown unit is appended as written. */
char              *zb_format_value (double      value,
                                    const char *unit,
                                    ZbLang      lang);
/* The unit as an axis label: "亿元" / "100 million yuan", "%" / "%". */
char              *zb_format_unit (const char *unit,
                                   ZbLang      lang);

G_END_DECLS
