/* zb-axis.h: a value axis as pure arithmetic: range, nice ticks, value -> fraction.
 *
 * Ticks are multiples of a "nice" step (1, 2, 2.5 or 5 × 10^n) and the range starts and ends on a
 * tick, so every tick label is a short round number and the data always lies inside the range.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double min;      /* first tick */
  double max;      /* last tick */
  double step;
  guint  n_ticks;  /* ticks from min to max inclusive */
  int    decimals; /* digits after the point every tick label needs */
} ZbAxis;

/* The nice step for a span divided into at most max_intervals (>= 1) intervals. */
double zb_axis_nice_step (double span,
                          guint  max_intervals);

/* Computes a range covering [data_min, data_max] (in either order; NaN and infinities are
 * ignored) with at most max_intervals intervals. include_zero widens it to 0: bars start there. */
void   zb_axis_compute (ZbAxis  *axis,
                        double   data_min,
                        double   data_max,
                        gboolean include_zero,
                        guint    max_intervals);

/* The i-th tick value, rounded to the step so that labels never read 0.30000000000000004. */
double zb_axis_get_tick (const ZbAxis *axis,
                         guint         index);

/* Where value lies on the axis: 0 at min, 1 at max (outside for values outside the range). */
double zb_axis_fraction (const ZbAxis *axis,
                         double        value);

G_END_DECLS
