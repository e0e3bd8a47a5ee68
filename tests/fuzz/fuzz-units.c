/* fuzz-units.c: number scanning, unit matching and formatting.
 *
 * The input is text in which numbers and units are scanned at every position; its first bytes also
 * give a double, a number of decimals and a unit string for the formatters, so that values such as
 * NaN, infinities, -0 and 1e308 reach them.
 */
#define G_LOG_DOMAIN "zb-fuzz"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "zb-units.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  zb_fuzz_init ();
  return 0;
}

static void
format_everything (double      value,
                   int         decimals,
                   const char *unit)
{
  for (ZbLang lang = ZB_LANG_ZH; lang <= ZB_LANG_EN; lang++)
    {
      g_autofree char *number = zb_format_number (value, decimals, lang);
      g_autofree char *formatted = zb_format_value (value, unit, lang);
      g_autofree char *axis = zb_format_unit (unit, lang);

      ZB_FUZZ_CHECK (number != NULL && g_utf8_validate (number, -1, NULL));
      ZB_FUZZ_CHECK (formatted != NULL && g_utf8_validate (formatted, -1, NULL));
      ZB_FUZZ_CHECK (axis != NULL && g_utf8_validate (axis, -1, NULL));
    }
  zb_unit_normalise (value, unit);
}

static void
scan_text (const char *text,
           gsize       len)
{
  for (gsize pos = 0; pos <= len; pos++)
    {
      const ZbUnitInfo *info = NULL;
      ZbNumber number;
      gsize unit_len;

      if (zb_number_scan (text, len, pos, &number))
        {
          ZB_FUZZ_CHECK (number.start == pos && number.end > pos && number.end <= len);
          ZB_FUZZ_CHECK (number.decimals >= 0);
          ZB_FUZZ_CHECK (!isnan (number.value) && number.value >= 0);
          /* The span is a whole number as written: scanning the copy alone reads it all. */
          {
            g_autofree char *copy = g_strndup (text + number.start, number.end - number.start);
            double value;

            ZB_FUZZ_CHECK (zb_number_parse (copy, &value));
            ZB_FUZZ_CHECK (value == number.value);
          }
        }
      unit_len = zb_unit_match (text + pos, len - pos, &info);
      ZB_FUZZ_CHECK (unit_len <= len - pos);
      ZB_FUZZ_CHECK ((unit_len == 0) == (info == NULL));
      if (info != NULL)
        ZB_FUZZ_CHECK (zb_unit_lookup (info->unit) == info);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *unit = NULL;
  double value = 0;
  double parsed;
  int decimals = -1;

  if (size > 64 * 1024)
    return 0;

  if (size >= sizeof value + 1)
    {
      memcpy (&value, data, sizeof value);
      decimals = (int) (signed char) data[sizeof value];
    }
  text = g_strndup ((const char *) data, size);  /* stops at the first NUL, like a C string */
  scan_text ((const char *) data, size);

  /* Formatting takes units from a dataset, which the loader checked to be UTF-8. */
  unit = g_utf8_make_valid (text, MIN (strlen (text), 32));
  format_everything (value, decimals, unit);
  if (zb_number_parse (text, &parsed))
    format_everything (parsed, -1, unit);
  return 0;
}
