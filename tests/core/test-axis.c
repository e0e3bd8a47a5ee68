#define G_LOG_DOMAIN "test-axis"

#include "config.h"

#include <math.h>

#include "zb-axis.h"

/* A nice step is 1, 2, 2.5 or 5 times a power of ten. */
static gboolean
is_nice (double step)
{
  double magnitude = pow (10.0, floor (log10 (step) + 1e-9));
  double norm = step / magnitude;

  return fabs (norm - 1) < 1e-6 || fabs (norm - 2) < 1e-6 || fabs (norm - 2.5) < 1e-6
         || fabs (norm - 5) < 1e-6 || fabs (norm - 10) < 1e-6;
}

static void
check_axis (double   lo,
            double   hi,
            gboolean include_zero,
            guint    max_intervals)
{
  ZbAxis axis;

  zb_axis_compute (&axis, lo, hi, include_zero, max_intervals);
  g_test_message ("[%g, %g] zero=%d max=%u -> %g..%g step %g (%u ticks)", lo, hi, include_zero,
                  max_intervals, axis.min, axis.max, axis.step, axis.n_ticks);

  g_assert_true (is_nice (axis.step));
  g_assert_cmpfloat (axis.min, <=, MIN (lo, hi) + 1e-9);
  g_assert_cmpfloat (axis.max, >=, MAX (lo, hi) - 1e-9);
  g_assert_cmpuint (axis.n_ticks, >=, 2);
  g_assert_cmpuint (axis.n_ticks - 1, <=, max_intervals);
  if (include_zero)
    {
      g_assert_cmpfloat (axis.min, <=, 0);
      g_assert_cmpfloat (axis.max, >=, 0);
    }
  /* The ends are ticks, every tick is a multiple of the step, and the last is max. */
  for (guint i = 0; i < axis.n_ticks; i++)
    {
      double tick = zb_axis_get_tick (&axis, i);
      double ratio = tick / axis.step;
      g_assert_cmpfloat (fabs (ratio - round (ratio)), <, 1e-6);
    }
  g_assert_cmpfloat (fabs (zb_axis_get_tick (&axis, axis.n_ticks - 1) - axis.max), <, 1e-9);
  /* The range is not wastefully wide: less than one step beyond the data at either end. */
  if (!include_zero)
    {
      g_assert_cmpfloat (MIN (lo, hi) - axis.min, <, axis.step + 1e-9);
      g_assert_cmpfloat (axis.max - MAX (lo, hi), <, axis.step + 1e-9);
    }
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (zb_axis_nice_step (10, 5), ==, 2);
  g_assert_cmpfloat (zb_axis_nice_step (10, 4), ==, 2.5);
  g_assert_cmpfloat (zb_axis_nice_step (10, 2), ==, 5);
  g_assert_cmpfloat (zb_axis_nice_step (10, 10), ==, 1);
  g_assert_cmpfloat (fabs (zb_axis_nice_step (0.7, 5) - 0.2), <, 1e-12);
  g_assert_cmpfloat (zb_axis_nice_step (33757.93, 6), ==, 10000);
  /* Degenerate spans fall back to 1 rather than NaN. */
  g_assert_cmpfloat (zb_axis_nice_step (0, 5), ==, 1);
  g_assert_cmpfloat (zb_axis_nice_step (NAN, 5), ==, 1);
}

static void
test_gdp_range (void)
{
  ZbAxis axis;

  /* GDP growth 4.5 … 5.7 with the 6% target: bars from zero, ticks 0, 1 … or 0, 2 … */
  zb_axis_compute (&axis, 4.5, 6.0, TRUE, 6);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, >=, 6);
  g_assert_cmpfloat (axis.max, <=, 7.5);
  g_assert_true (is_nice (axis.step));
  g_assert_cmpfloat (zb_axis_fraction (&axis, 0), ==, 0);
  g_assert_cmpfloat (zb_axis_fraction (&axis, axis.max), ==, 1);
  g_assert_cmpfloat (fabs (zb_axis_fraction (&axis, 3) * (axis.max - axis.min) - 3), <, 1e-9);
}

static void
test_ranges (void)
{
  static const double cases[][2] = {
    { 4.5, 5.7 }, { 0, 100 }, { -3.2, 8.1 }, { 0.001, 0.0042 }, { 2198, 20011.65 },
    { 1, 1.0001 }, { -50, -10 }, { 123456789, 987654321 }, { 48, 78.8 }, { 0.3, 0.1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint max = 2; max <= 10; max++)
      {
        check_axis (cases[i][0], cases[i][1], TRUE, max);
        check_axis (cases[i][0], cases[i][1], FALSE, max);
      }
}

static void
test_degenerate (void)
{
  ZbAxis axis;

  zb_axis_compute (&axis, 0, 0, TRUE, 5);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, >, 0);

  zb_axis_compute (&axis, 7, 7, FALSE, 5);
  g_assert_cmpfloat (axis.min, <, 7);
  g_assert_cmpfloat (axis.max, >, 7);

  zb_axis_compute (&axis, 7, 7, TRUE, 5);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, >=, 7);

  zb_axis_compute (&axis, NAN, INFINITY, TRUE, 5);
  g_assert_true (isfinite (axis.min) && isfinite (axis.max));
  g_assert_cmpfloat (axis.max, >, axis.min);
}

static void
test_tick_labels_are_round (void)
{
  ZbAxis axis;

  /* 0.1 + 0.2 must come out as 0.3 exactly, and the decimals match the step. */
  zb_axis_compute (&axis, 0, 0.9, TRUE, 9);
  g_assert_cmpfloat (axis.step, ==, 0.1);
  g_assert_cmpint (axis.decimals, ==, 1);
  g_assert_cmpfloat (zb_axis_get_tick (&axis, 3), ==, 0.3);

  zb_axis_compute (&axis, 0, 10, TRUE, 4);
  g_assert_cmpfloat (axis.step, ==, 2.5);
  g_assert_cmpint (axis.decimals, ==, 1);

  zb_axis_compute (&axis, 0, 1000, TRUE, 5);
  g_assert_cmpint (axis.decimals, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/axis/nice-step", test_nice_step);
  g_test_add_func ("/axis/gdp-range", test_gdp_range);
  g_test_add_func ("/axis/ranges", test_ranges);
  g_test_add_func ("/axis/degenerate", test_degenerate);
  g_test_add_func ("/axis/tick-labels", test_tick_labels_are_round);

  return g_test_run ();
}
