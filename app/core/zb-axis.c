#define G_LOG_DOMAIN "zb-axis"

#include "config.h"

#include "zb-axis.h"

#include <math.h>

static const double nice_steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };

double
zb_axis_nice_step (double span,
                   guint  max_intervals)
{
  double raw, magnitude, norm;

  g_return_val_if_fail (max_intervals >= 1, 1.0);

  if (!isfinite (span) || span <= 0)
    return 1.0;

  raw = span / max_intervals;
  magnitude = pow (10.0, floor (log10 (raw)));
  norm = raw / magnitude;
  for (guint i = 0; i < G_N_ELEMENTS (nice_steps); i++)
    {
      /* A little slack so that a span of exactly 5 steps is not pushed to the next step by
       * rounding in the division above. */
      if (norm <= nice_steps[i] * (1 + 1e-9))
        return nice_steps[i] * magnitude;
    }
  return 10.0 * magnitude;
}

static int
step_decimals (double step)
{
  double magnitude = floor (log10 (step) + 1e-9);
  double norm = step / pow (10.0, magnitude);
  int decimals = (int) -magnitude;

  /* 2.5 × 10^n needs one digit more than its magnitude says (0.25, 2.5). */
  if (fabs (norm - 2.5) < 1e-6)
    decimals += 1;
  return MAX (decimals, 0);
}

static double
snap (double value,
      double step)
{
  double snapped = round (value / step) * step;

  /* Rounding to the decimals of the step removes the binary noise of multiplication. */
  int decimals = step_decimals (step);
  double scale = pow (10.0, decimals);
  snapped = round (snapped * scale) / scale;
  return snapped == 0 ? 0 : snapped; /* no "-0" */
}

void
zb_axis_compute (ZbAxis  *axis,
                 double   data_min,
                 double   data_max,
                 gboolean include_zero,
                 guint    max_intervals)
{
  double lo, hi, step;

  g_return_if_fail (axis != NULL);

  if (max_intervals < 1)
    max_intervals = 1;

  lo = isfinite (data_min) ? data_min : (isfinite (data_max) ? data_max : 0);
  hi = isfinite (data_max) ? data_max : lo;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (include_zero)
    {
      lo = MIN (lo, 0);
      hi = MAX (hi, 0);
    }
  if (hi - lo <= 0)
    {
      /* A single value (include_zero already made it a span unless it is 0): show it in the
       * middle of a range around it. */
      if (lo == 0)
        hi = 1;
      else
        {
          lo -= fabs (lo) * 0.5;
          hi += fabs (hi) * 0.5;
        }
    }

  step = zb_axis_nice_step (hi - lo, max_intervals);
  for (;;)
    {
      double first = floor (lo / step + 1e-9) * step;
      double last = ceil (hi / step - 1e-9) * step;
      guint n = (guint) llround ((last - first) / step);

      if (n <= max_intervals || n <= 1)
        {
          axis->step = step;
          axis->min = snap (first, step);
          axis->max = snap (last, step);
          axis->n_ticks = n + 1;
          axis->decimals = step_decimals (step);
          return;
        }
      /* Rounding the ends outwards added an interval too many: take the next nice step. */
      step = zb_axis_nice_step (step * (max_intervals + 1), max_intervals);
    }
}

double
zb_axis_get_tick (const ZbAxis *axis,
                  guint         index)
{
  g_return_val_if_fail (axis != NULL, 0);

  return snap (axis->min + index * axis->step, axis->step);
}

double
zb_axis_fraction (const ZbAxis *axis,
                  double        value)
{
  g_return_val_if_fail (axis != NULL, 0);

  if (axis->max <= axis->min)
    return 0;
  return (value - axis->min) / (axis->max - axis->min);
}
