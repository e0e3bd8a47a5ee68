/* test-json.c: zb-json reads what json-glib reads, to the same tree, and refuses the rest. */
#include "config.h"

#include <string.h>

#include "zb-json.h"

/* json-glib's own tree of @text, written out compactly; NULL when it refuses the text. */
static char *
json_glib_reading (const char *text,
                   gsize       length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL) || json_parser_get_root (parser) == NULL)
    return NULL;
  return json_to_string (json_parser_get_root (parser), FALSE);
}

static void
assert_same_reading (const char *text,
                     gsize       length)
{
  ZbJsonLimits limits = { 64, 0, 0 };
  g_autoptr (JsonNode) root = zb_json_read (text, length, &limits);
  g_autofree char *ours = NULL;
  g_autofree char *theirs = json_glib_reading (text, length);

  g_test_message ("%.*s", (int) MIN (length, 80), text);
  g_assert_nonnull (root);
  ours = json_to_string (root, FALSE);
  g_assert_cmpstr (ours, ==, theirs);
}

static void
test_same_tree (void)
{
  static const char *const texts[] = {
    "{}", "[]", "  {\"a\" : [ ]\n,\t\"b\":{} }  ", "\"plain\"", "0", "-0", "7", "-12",
    "9223372036854775807", "-9223372036854775808", "1.5", "-0.25", "1e3", "2.5E-3", "1E+2",
    "true", "false", "null", "[true,false,null,1,1.0,\"1\"]",
    "{\"escapes\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u4e2d \\ud83d\\ude00\"}",
    "{\"中文\":\"武汉 2024年 增长5.7%\",\"nested\":[[[[{\"deep\":[1,[2,[3]]]}]]]]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_same_reading (texts[i], strlen (texts[i]));
}

/* The datasets the app ships: the whole of each, read alike. */
static void
test_same_datasets (void)
{
  static const char *const files[] = { "wuhan-2024.json", "china-national-2024.json" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      assert_same_reading (contents, length);
    }
}

/* What it leaves to the careful reader: errors, and what json-glib takes but a dataset must
 * not (duplicate keys, wrapped integers, lone surrogates, comments). */
static void
test_refusals (void)
{
  static const char *const texts[] = {
    "", "   ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1 2]", "{}x", "{}{}",
    "{\"a\":1,\"a\":2}", "9223372036854775808", "-9223372036854775809", "+1", "01", "1.", ".5",
    "1e", "-", "NaN", "Infinity", "tru", "nul", "[1]//", "/* c */{}", "\"\\ud800\"",
    "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\u0000\"", "\"\\u12\"", "\"\\x41\"", "\"tab\there\"",
    "\"line\nbreak\"", "\"unterminated", "\"\xff\xfe\"", "\"\xe4\xb8\"",
    "{\"titl\\u0065\":1}", "{\"a\\n\":1}",
  };
  ZbJsonLimits limits = { 64, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (JsonNode) root = zb_json_read (texts[i], strlen (texts[i]), &limits);

      g_test_message ("refused: %s", texts[i]);
      g_assert_null (root);
    }
}

static gboolean
accepts (const char         *text,
         const ZbJsonLimits *limits)
{
  g_autoptr (JsonNode) root = zb_json_read (text, strlen (text), limits);

  return root != NULL;
}

/* The limits: what is beyond them is left to the careful reader (which says it is too large),
 * what is within them read. */
static void
test_limits (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const ZbJsonLimits depth_10 = { 10, 0, 0 }, depth_9 = { 9, 0, 0 };
  const ZbJsonLimits string_10 = { 0, 10, 0 }, string_9 = { 0, 9, 0 };
  const ZbJsonLimits digits_18 = { 0, 0, 18 }, digits_19 = { 0, 0, 19 };
  /* ten bytes as written: the escape counts as two */
  const char *string = "\"abcdefgh\\n\"";
  const char *integer = "[1234567890123456789, -123456789012345678, 1.23456789012345678901]";

  for (int i = 0; i < 10; i++)
    g_string_append_c (text, '[');
  for (int i = 0; i < 10; i++)
    g_string_append_c (text, ']');
  g_assert_true (accepts (text->str, &depth_10));
  g_assert_false (accepts (text->str, &depth_9));

  {
    g_autoptr (JsonNode) within = zb_json_read (string, strlen (string), &string_10);

    g_assert_nonnull (within);
    g_assert_cmpstr (json_node_get_string (within), ==, "abcdefgh\n");
    g_assert_false (accepts (string, &string_9));
  }
  {
    /* 19 digits is one too many at 18; a number with a point is no integer */
    g_autoptr (JsonNode) within = zb_json_read (integer, strlen (integer), &digits_19);

    g_assert_nonnull (within);
    g_assert_cmpint (json_array_get_int_element (json_node_get_array (within), 0), ==, 1234567890123456789);
    g_assert_false (accepts (integer, &digits_18));
    g_assert_true (accepts ("[-123456789012345678, 1.23456789012345678901]", &digits_18));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/same-tree", test_same_tree);
  g_test_add_func ("/json/same-datasets", test_same_datasets);
  g_test_add_func ("/json/refusals", test_refusals);
  g_test_add_func ("/json/limits", test_limits);
  return g_test_run ();
}
