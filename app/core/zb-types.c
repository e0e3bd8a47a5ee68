#define G_LOG_DOMAIN "zb-types"

#include "config.h"

#include "zb-types.h"

#include <string.h>

static const char *const measure_names[] = { "growth_rate", "share", "level", "change", "rank", NULL };
static const char *const status_names[] = { "actual", "target", "other", NULL };
static const char *const chart_type_names[] = { "column", "bar", "line", "dumbbell", "small-multiples", NULL };
static const char *const lang_names[] = { "zh", "en", NULL };

const char *const zb_themes[] = {
  "economy", "consumption", "investment", "industry", "services", "digital", "innovation",
  "opening-up", "transport", "urban", "environment", "agriculture", "livelihood", "finance",
  "governance", NULL,
};

static int
name_index (const char *const *names,
            const char        *str)
{
  if (str == NULL)
    return -1;
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], str) == 0)
      return i;
  return -1;
}

#define ZB_DEFINE_NAMES(prefix, Type, names)                                                       \
  const char *prefix##_to_string (Type value)                                                      \
  {                                                                                                \
    if ((guint) value >= G_N_ELEMENTS (names) - 1)                                                 \
      return NULL;                                                                                 \
    return names[value];                                                                           \
  }                                                                                                \
  gboolean prefix##_from_string (const char *str, Type *out)                                       \
  {                                                                                                \
    int i = name_index (names, str);                                                               \
    if (i < 0)                                                                                     \
      return FALSE;                                                                                \
    if (out != NULL)                                                                               \
      *out = (Type) i;                                                                             \
    return TRUE;                                                                                   \
  }

ZB_DEFINE_NAMES (zb_measure, ZbMeasure, measure_names)
ZB_DEFINE_NAMES (zb_status, ZbStatus, status_names)
ZB_DEFINE_NAMES (zb_chart_type, ZbChartType, chart_type_names)
ZB_DEFINE_NAMES (zb_lang, ZbLang, lang_names)

gboolean
zb_theme_is_valid (const char *theme)
{
  return name_index (zb_themes, theme) >= 0;
}

gboolean
zb_set_str (char      **str_ptr,
            const char *new_str)
{
  g_return_val_if_fail (str_ptr != NULL, FALSE);

  if (g_strcmp0 (*str_ptr, new_str) == 0)
    return FALSE;
  g_free (*str_ptr);
  *str_ptr = g_strdup (new_str);
  return TRUE;
}
