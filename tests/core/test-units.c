#include "config.h"

#include "zb-units.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

static ZbNumber
scan_ok (const char *text,
         gsize       pos)
{
  ZbNumber n;

  g_assert_true (zb_number_scan (text, strlen (text), pos, &n));
  return n;
}

static char *
span (const char     *text,
      const ZbNumber *n)
{
  return g_strndup (text + n->start, n->end - n->start);
}

static void
test_scan_ascii (void)
{
  const char *text = "增长4.5%，上半年增长5%";
  ZbNumber n = scan_ok (text, strlen ("增长"));
  g_autofree char *s = span (text, &n);

  g_assert_cmpfloat (n.value, ==, 4.5);
  g_assert_cmpint (n.decimals, ==, 1);
  g_assert_cmpstr (s, ==, "4.5");
  g_assert_false (n.fullwidth);

  /* Not a digit at pos: nothing. */
  g_assert_false (zb_number_scan (text, strlen (text), 0, &n));
}

static void
test_scan_separators (void)
{
  const char *a = "共1,200个";
  const char *b = "33757.93亿元";
  const char *c = "3，5个";     /* a list, not a thousands separator */
  const char *d = "1,2345";     /* four digits after the comma: two numbers */
  const char *e = "12,345,678.5元";
  const char *f = "1,23";
  ZbNumber n;
  g_autofree char *sa = NULL;
  g_autofree char *se = NULL;

  n = scan_ok (a, strlen ("共"));
  sa = span (a, &n);
  g_assert_cmpstr (sa, ==, "1,200");
  g_assert_cmpfloat (n.value, ==, 1200);

  n = scan_ok (b, 0);
  g_assert_cmpfloat (n.value, ==, 33757.93);
  g_assert_cmpint (n.decimals, ==, 2);
  g_assert_cmpuint (n.end, ==, strlen ("33757.93"));

  n = scan_ok (c, 0);
  g_assert_cmpfloat (n.value, ==, 3);
  g_assert_cmpuint (n.end, ==, 1);

  n = scan_ok (d, 0);
  g_assert_cmpfloat (n.value, ==, 1);
  g_assert_cmpuint (n.end, ==, 1);

  n = scan_ok (e, 0);
  se = span (e, &n);
  g_assert_cmpstr (se, ==, "12,345,678.5");
  g_assert_cmpfloat (n.value, ==, 12345678.5);

  n = scan_ok (f, 0);
  g_assert_cmpfloat (n.value, ==, 1);
}

static void
test_scan_fullwidth (void)
{
  const char *text = "增长４.５％";
  const char *text2 = "１２．５万人";
  ZbNumber n = scan_ok (text, strlen ("增长"));
  g_autofree char *s = span (text, &n);
  const ZbUnitInfo *info = NULL;
  gsize ulen;

  g_assert_cmpfloat (n.value, ==, 4.5);
  g_assert_true (n.fullwidth);
  g_assert_cmpstr (s, ==, "４.５");

  ulen = zb_unit_match (text + n.end, strlen (text) - n.end, &info);
  g_assert_cmpuint (ulen, ==, strlen ("％"));
  g_assert_nonnull (info);
  g_assert_cmpstr (info->unit, ==, "%");

  n = scan_ok (text2, 0);
  g_assert_cmpfloat (n.value, ==, 12.5);
  g_assert_cmpint (n.decimals, ==, 1);
  g_assert_cmpuint (n.end, ==, strlen ("１２．５"));
}

static void
test_scan_range (void)
{
  /* "3—5个": two numbers, the first without a unit of its own. */
  const char *text = "3—5个";
  ZbNumber a = scan_ok (text, 0);
  ZbNumber b;
  const ZbUnitInfo *info = NULL;

  g_assert_cmpfloat (a.value, ==, 3);
  g_assert_cmpuint (a.end, ==, 1);
  g_assert_cmpuint (zb_unit_match (text + a.end, strlen (text) - a.end, &info), ==, 0);
  g_assert_null (info);
  b = scan_ok (text, strlen ("3—"));
  g_assert_cmpfloat (b.value, ==, 5);
  g_assert_cmpuint (zb_unit_match (text + b.end, strlen (text) - b.end, &info), ==, strlen ("个"));
  g_assert_cmpstr (info->unit, ==, "个");
}

static void
test_scan_edge (void)
{
  ZbNumber n;
  const char *trailing_point = "5.";
  const char *huge = "123456789012345678901234567890";
  const char *truncated_fw = "\xef\xbc";  /* the start of a full-width digit, cut off */

  n = scan_ok (trailing_point, 0);
  g_assert_cmpfloat (n.value, ==, 5);
  g_assert_cmpuint (n.end, ==, 1);

  n = scan_ok (huge, 0);
  g_assert_cmpuint (n.end, ==, strlen (huge));
  g_assert_cmpfloat (fabs (n.value - 1.2345678901234568e29) / 1e29, <, 1e-12);

  g_assert_false (zb_number_scan (truncated_fw, strlen (truncated_fw), 0, &n));
  g_assert_false (zb_number_scan ("abc", 3, 0, &n));
  g_assert_false (zb_number_scan ("", 0, 0, &n));
}

static void
test_parse (void)
{
  double v = 0;

  g_assert_true (zb_number_parse ("33757.93", &v));
  g_assert_cmpfloat (v, ==, 33757.93);
  g_assert_true (zb_number_parse ("1,200", &v));
  g_assert_cmpfloat (v, ==, 1200);
  g_assert_true (zb_number_parse ("４.５", &v));
  g_assert_cmpfloat (v, ==, 4.5);
  g_assert_false (zb_number_parse ("4.5%", &v));
  g_assert_false (zb_number_parse ("", &v));
  g_assert_false (zb_number_parse ("abc", &v));
  g_assert_false (zb_number_parse ("1,20", &v));
  g_assert_false (zb_number_parse (" 12", &v));
}

static void
check_unit (const char *text,
            const char *expected,
            gsize       expected_len)
{
  const ZbUnitInfo *info = NULL;
  gsize n = zb_unit_match (text, strlen (text), &info);

  if (expected == NULL)
    {
      g_assert_cmpuint (n, ==, 0);
      g_assert_null (info);
      return;
    }
  g_assert_nonnull (info);
  g_assert_cmpstr (info->unit, ==, expected);
  g_assert_cmpuint (n, ==, expected_len);
}

static void
test_unit_match (void)
{
  check_unit ("亿元以上", "亿元", strlen ("亿元"));
  check_unit ("万亿元，", "万亿元", strlen ("万亿元"));
  check_unit ("万人次", "万人次", strlen ("万人次"));
  check_unit ("万人以上", "万人", strlen ("万人"));
  check_unit ("亿人次", "亿人次", strlen ("亿人次"));
  check_unit ("个百分点", "个百分点", strlen ("个百分点"));
  check_unit ("个大型项目", "个", strlen ("个"));
  check_unit ("平方公里", "平方公里", strlen ("平方公里"));
  check_unit ("万平方米", "万平方米", strlen ("万平方米"));
  check_unit ("万吨/日", "万吨/日", strlen ("万吨/日"));
  check_unit ("万吨", "万吨", strlen ("万吨"));
  check_unit ("立方米/秒", "立方米/秒", strlen ("立方米/秒"));
  check_unit ("万标箱", "万标箱", strlen ("万标箱"));
  check_unit ("万千瓦", "万千瓦", strlen ("万千瓦"));
  check_unit ("‰", "‰", strlen ("‰"));
  check_unit ("号线", "号线", strlen ("号线"));
  check_unit ("  %", "%", 2 + 1);
  check_unit ("\u3000万户", "万户", strlen ("\u3000万户"));
  /* 余 between the multiplier and the base unit stays in the match. */
  check_unit ("万余户", "万户", strlen ("万余户"));
  check_unit ("万多人", "万人", strlen ("万多人"));
  check_unit ("月18日", NULL, 0);
  check_unit ("G工厂", NULL, 0);
  check_unit ("", NULL, 0);
  /* A multiplier alone is a unit ("2990万"), but never shadows a longer one. */
  check_unit ("万", "万", strlen ("万"));
  check_unit ("万亿，", "万亿", strlen ("万亿"));
  check_unit ("万场次", "万场次", strlen ("万场次"));
  check_unit ("万纳税人", "万", strlen ("万"));
}

static void
test_unit_table (void)
{
  const ZbUnitInfo *table = zb_unit_table ();
  const char *required[] = {
    "%", "‰", "个百分点", "万亿元", "亿元", "万元", "元", "万人", "人", "万人次", "亿人次", "人次",
    "万户", "户", "万家", "家", "个", "件", "所", "项", "座", "条", "处", "名", "位", "只", "次",
    "公里", "平方公里", "万平方米", "平方米", "万标箱", "标箱", "万辆", "辆", "万吨", "吨", "万吨/日",
    "立方米/秒", "亩", "万亩", "千瓦", "万千瓦", "兆瓦", "倍", "年", "天", "小时", "分钟", "岁", "张",
    "套", "间", "台", "架", "列", "批", "届", "期", "号线",
  };
  guint n = 0;
  const ZbUnitInfo *yi;

  for (const ZbUnitInfo *u = table; u->unit != NULL; u++)
    {
      /* Each written unit once, so that a lookup finds the one entry a match would. */
      g_assert_true (zb_unit_lookup (u->unit) == u);
      g_assert_cmpstr (u->unit, !=, "");
      g_assert_cmpfloat (u->multiplier, >=, 1);
      n++;
    }
  g_assert_cmpuint (n, >, G_N_ELEMENTS (required));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const ZbUnitInfo *info = zb_unit_lookup (required[i]);

      if (info == NULL)
        g_error ("unit %s missing from the table", required[i]);
      g_assert_cmpstr (info->unit, ==, required[i]);
    }
  yi = zb_unit_lookup ("亿元");
  g_assert_cmpstr (yi->base, ==, "元");
  g_assert_cmpfloat (yi->multiplier, ==, 1e8);
  g_assert_cmpfloat (zb_unit_lookup ("万亿元")->multiplier, ==, 1e12);
  g_assert_null (zb_unit_lookup ("furlong"));
  g_assert_null (zb_unit_lookup ("万百分点"));
}

static void
test_normalise (void)
{
  g_assert_cmpfloat (zb_unit_normalise (2198, "亿元"), ==, 2.198e11);
  g_assert_cmpfloat (zb_unit_normalise (1.45, "万家"), ==, 14500);
  g_assert_cmpfloat (zb_unit_normalise (4.5, "%"), ==, 4.5);
  g_assert_cmpfloat (zb_unit_normalise (7, "furlong"), ==, 7);
}

static void
check_format (double      value,
              const char *unit,
              ZbLang      lang,
              const char *expected)
{
  g_autofree char *s = zb_format_value (value, unit, lang);

  g_assert_cmpstr (s, ==, expected);
}

static void
test_format_number (void)
{
  g_autofree char *a = zb_format_number (2198, -1, ZB_LANG_ZH);
  g_autofree char *b = zb_format_number (33757.93, -1, ZB_LANG_EN);
  g_autofree char *c = zb_format_number (5, 1, ZB_LANG_EN);
  g_autofree char *d = zb_format_number (-1234567.5, -1, ZB_LANG_EN);
  g_autofree char *e = zb_format_number (1e20, -1, ZB_LANG_EN);
  g_autofree char *f = zb_format_number (NAN, -1, ZB_LANG_EN);
  g_autofree char *g = zb_format_number (0.2, -1, ZB_LANG_EN);
  g_autofree char *h = zb_format_number (999, -1, ZB_LANG_EN);

  g_assert_cmpstr (a, ==, "2,198");
  g_assert_cmpstr (b, ==, "33,757.93");
  g_assert_cmpstr (c, ==, "5.0");
  g_assert_cmpstr (d, ==, "-1,234,567.5");
  g_assert_cmpstr (e, ==, "100,000,000,000,000,000,000");
  g_assert_cmpstr (f, ==, "–");
  g_assert_cmpstr (g, ==, "0.2");
  g_assert_cmpstr (h, ==, "999");
}

static void
test_format_value (void)
{
  check_format (2198, "亿元", ZB_LANG_ZH, "2,198亿元");
  check_format (2198, "亿元", ZB_LANG_EN, "219.8 billion yuan");
  check_format (1.45, "万家", ZB_LANG_ZH, "1.45万家");
  check_format (1.45, "万家", ZB_LANG_EN, "14,500");
  check_format (4.5, "%", ZB_LANG_ZH, "4.5%");
  check_format (4.5, "%", ZB_LANG_EN, "4.5%");
  check_format (4.5, "％", ZB_LANG_EN, "4.5%");
  check_format (2, "万亿元", ZB_LANG_EN, "2 trillion yuan");
  check_format (126, "万亿元", ZB_LANG_EN, "126 trillion yuan");
  check_format (279, "万标箱", ZB_LANG_EN, "2.79 million TEU");
  check_format (25, "万人", ZB_LANG_EN, "250,000 people");
  check_format (1244, "万人", ZB_LANG_EN, "12.44 million people");
  check_format (3.33, "亿人次", ZB_LANG_EN, "333 million person-times");
  check_format (540, "公里", ZB_LANG_EN, "540 km");
  check_format (0.5, "个百分点", ZB_LANG_EN, "0.5 percentage points");
  check_format (1, "个百分点", ZB_LANG_EN, "1 percentage point");
  check_format (2.5, "‰", ZB_LANG_EN, "2.5‰");
  check_format (69, "件", ZB_LANG_EN, "69");
  check_format (12, "", ZB_LANG_EN, "12");
  check_format (2990, "万", ZB_LANG_EN, "29.9 million");
  check_format (2990, "万", ZB_LANG_ZH, "2,990万");
  check_format (12, NULL, ZB_LANG_ZH, "12");
  check_format (3, "furlong", ZB_LANG_ZH, "3furlong");
  check_format (3, "furlong", ZB_LANG_EN, "3 furlong");
  check_format (1e30, "万亿元", ZB_LANG_EN, "1,000,000,000,000,000,000,000,000,000,000 trillion yuan");
}

static void
test_format_unit (void)
{
  const struct
  {
    const char *unit;
    ZbLang      lang;
    const char *expected;
  } cases[] = {
    { "亿元", ZB_LANG_EN, "100 million yuan" },
    { "亿元", ZB_LANG_ZH, "亿元" },
    { "万亿元", ZB_LANG_EN, "trillion yuan" },
    { "万人", ZB_LANG_EN, "10,000 people" },
    { "万家", ZB_LANG_EN, "10,000" },
    { "%", ZB_LANG_EN, "%" },
    { "公里", ZB_LANG_EN, "km" },
    { "个百分点", ZB_LANG_EN, "percentage points" },
    { "", ZB_LANG_EN, "" },
    { "furlong", ZB_LANG_EN, "furlong" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = zb_format_unit (cases[i].unit, cases[i].lang);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

/* A locale whose decimal point is a comma must not change how figures are written: the app
 * calls setlocale (LC_ALL, ""), and a German analyst's "4.5%" must not become "4.5000000000%". */
static void
test_format_comma_locale (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("zb-locale-XXXXXX", &error);
  g_autofree char *target = g_build_filename (tmp, "de_DE.UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  int status = -1;

  g_assert_no_error (error);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                     | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL)
      || status != 0)
    {
      g_test_skip ("localedef cannot make de_DE.UTF-8 here (package locales)");
      return;
    }
  g_setenv ("LOCPATH", tmp, TRUE);
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale cannot be used");
      return;
    }
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");

  a = zb_format_value (4.5, "%", ZB_LANG_ZH);
  b = zb_format_value (1.85, "万家", ZB_LANG_ZH);
  c = zb_format_number (33757.93, -1, ZB_LANG_EN);
  setlocale (LC_NUMERIC, saved);
  g_unsetenv ("LOCPATH");

  g_assert_cmpstr (a, ==, "4.5%");
  g_assert_cmpstr (b, ==, "1.85万家");
  g_assert_cmpstr (c, ==, "33,757.93");
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmp);
    g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/units/scan/ascii", test_scan_ascii);
  g_test_add_func ("/units/scan/separators", test_scan_separators);
  g_test_add_func ("/units/scan/fullwidth", test_scan_fullwidth);
  g_test_add_func ("/units/scan/range", test_scan_range);
  g_test_add_func ("/units/scan/edge", test_scan_edge);
  g_test_add_func ("/units/parse", test_parse);
  g_test_add_func ("/units/match", test_unit_match);
  g_test_add_func ("/units/table", test_unit_table);
  g_test_add_func ("/units/normalise", test_normalise);
  g_test_add_func ("/units/format/number", test_format_number);
  g_test_add_func ("/units/format/value", test_format_value);
  g_test_add_func ("/units/format/unit", test_format_unit);
  g_test_add_func ("/units/format/comma-locale", test_format_comma_locale);

  return g_test_run ();
}
