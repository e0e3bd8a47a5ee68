/* zb-theme.h: the colours and fonts of a chart, one palette a theme.
 *
 * Series colours follow Okabe and Ito's palette, which stays distinguishable for the common forms
 * of colour blindness; the dark and high-contrast themes use variants that keep enough contrast
 * against their background.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "zb-chart.h"

G_BEGIN_DECLS

/* The font every chart asks for: Noto Sans CJK SC has both Chinese and Latin glyphs; the
 * fallbacks keep text readable (in Latin at least) where it is not installed. */
#define ZB_CHART_FONT_FAMILY "Noto Sans CJK SC, Noto Sans CJK, Source Han Sans SC, WenQuanYi Micro Hei, DejaVu Sans, Sans"

typedef struct
{
  double red, green, blue, alpha;
} ZbColor;

#define ZB_PALETTE_N_SERIES 7

typedef struct
{
  ZbColor background;
  ZbColor foreground;   /* titles, labels */
  ZbColor muted;        /* subtitles, tick labels, the source line */
  ZbColor grid;
  ZbColor axis;
  ZbColor reference;    /* target lines and their labels */
  ZbColor band;         /* the band of a target "about x" */
  ZbColor highlight;    /* hover outline */
  ZbColor selection;    /* selected outline */
  ZbColor series[ZB_PALETTE_N_SERIES];
  double  line_scale;   /* stroke widths are multiplied by this (thicker in high contrast) */
} ZbPalette;

const ZbPalette *zb_theme_get_palette (ZbTheme theme);

/* Sets cr's source to color. */
void             zb_color_set_source (const ZbColor *color,
                                      cairo_t       *cr);
/* The luminance (0 dark … 1 light) of a colour, for choosing readable text on a mark. */
double           zb_color_luminance (const ZbColor *color);

/* A Pango context for chart and slide text, the same for measuring and for drawing on any
 * surface and in either language (unhinted metrics, one language tag for every run). */
PangoContext    *zb_theme_create_pango_context (void);

/* Font sizes are rounded to this step, so that charts of slightly different sizes share
 * Pango's fonts instead of having fontconfig sort the fonts again for each new size. */
#define ZB_THEME_FONT_SIZE_STEP 0.25

G_END_DECLS
