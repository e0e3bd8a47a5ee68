#include "config.h"

#include "zb-types.h"

static void
test_names_round_trip (void)
{
  ZbMeasure m;
  ZbStatus s;
  ZbChartType t;

  g_assert_true (zb_measure_from_string ("growth_rate", &m));
  g_assert_cmpint (m, ==, ZB_MEASURE_GROWTH_RATE);
  g_assert_cmpstr (zb_measure_to_string (ZB_MEASURE_RANK), ==, "rank");
  g_assert_false (zb_measure_from_string ("growth", &m));
  g_assert_true (zb_status_from_string ("target", &s));
  g_assert_cmpint (s, ==, ZB_STATUS_TARGET);
  g_assert_false (zb_status_from_string (NULL, &s));
  g_assert_true (zb_chart_type_from_string ("small-multiples", &t));
  g_assert_cmpint (t, ==, ZB_CHART_SMALL_MULTIPLES);
  g_assert_null (zb_chart_type_to_string ((ZbChartType) 99));
}

static void
test_themes (void)
{
  g_assert_true (zb_theme_is_valid ("opening-up"));
  g_assert_true (zb_theme_is_valid ("governance"));
  g_assert_false (zb_theme_is_valid ("sports"));
  g_assert_false (zb_theme_is_valid (NULL));
}

static void
test_set_str (void)
{
  g_autofree char *s = NULL;

  g_assert_true (zb_set_str (&s, "a"));
  g_assert_false (zb_set_str (&s, "a"));
  g_assert_true (zb_set_str (&s, NULL));
  g_assert_null (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/names", test_names_round_trip);
  g_test_add_func ("/types/themes", test_themes);
  g_test_add_func ("/types/set-str", test_set_str);
  return g_test_run ();
}
