/* zb-types.h: forward declarations and small shared enums of the core.
 *
 * Every header of app/core includes this one instead of each other, so that headers never
 * include each other in circles (the gnome-text-editor pattern).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _ZbReport      ZbReport;
typedef struct _ZbDataset     ZbDataset;
typedef struct _ZbChartLayout ZbChartLayout;

typedef struct _ZbText        ZbText;
typedef struct _ZbSection     ZbSection;
typedef struct _ZbObservation ZbObservation;
typedef struct _ZbIndicator   ZbIndicator;
typedef struct _ZbSeriesRef   ZbSeriesRef;
/* A reference line names an observation exactly as a series does. */
typedef struct _ZbSeriesRef   ZbReference;
typedef struct _ZbChartSpec   ZbChartSpec;
typedef struct _ZbSlide       ZbSlide;
typedef struct _ZbBriefing    ZbBriefing;
typedef struct _ZbExclusion   ZbExclusion;

/* Which of the two label languages a dataset carries is used. */
typedef enum
{
  ZB_LANG_ZH,
  ZB_LANG_EN,
} ZbLang;

typedef enum
{
  ZB_MEASURE_GROWTH_RATE,
  ZB_MEASURE_SHARE,
  ZB_MEASURE_LEVEL,
  ZB_MEASURE_CHANGE,
  ZB_MEASURE_RANK,
} ZbMeasure;

typedef enum
{
  ZB_STATUS_ACTUAL,
  ZB_STATUS_TARGET,
  ZB_STATUS_OTHER,
} ZbStatus;

typedef enum
{
  ZB_CHART_COLUMN,
  ZB_CHART_BAR,
  ZB_CHART_LINE,
  ZB_CHART_DUMBBELL,
  ZB_CHART_SMALL_MULTIPLES,
} ZbChartType;

/* Strings as written in the dataset file; NULL when the string is unknown. */
const char *zb_measure_to_string (ZbMeasure measure);
gboolean    zb_measure_from_string (const char *str, ZbMeasure *out);
const char *zb_status_to_string (ZbStatus status);
gboolean    zb_status_from_string (const char *str, ZbStatus *out);
const char *zb_chart_type_to_string (ZbChartType type);
gboolean    zb_chart_type_from_string (const char *str, ZbChartType *out);
const char *zb_lang_to_string (ZbLang lang);
gboolean    zb_lang_from_string (const char *str, ZbLang *out);

/* The fixed list of themes an indicator may have; NULL-terminated. */
extern const char *const zb_themes[];
gboolean                 zb_theme_is_valid (const char *theme);

/* Replaces *str_ptr by a copy of new_str; TRUE when it changed (g_set_str is GLib 2.76). */
gboolean zb_set_str (char **str_ptr, const char *new_str);

G_END_DECLS
