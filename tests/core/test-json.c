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
  g_autoptr (ZbJsonTree) tree = zb_json_tree_read (text, length, &limits);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (ZbJsonTree) copied = NULL;
  g_autoptr (JsonNode) copied_root = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = json_glib_reading (text, length);
  g_autofree char *copy = NULL;

  g_test_message ("%.*s", (int) MIN (length, 80), text);
  g_assert_nonnull (tree);
  root = zb_json_to_node (zb_json_tree_get_root (tree));
  ours = json_to_string (root, FALSE);
  g_assert_cmpstr (ours, ==, theirs);

  /* json-glib's tree taken into ours (as a dataset json-glib read is) is the same again. */
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));
  copied = zb_json_tree_new_from_node (json_parser_get_root (parser));
  copied_root = zb_json_to_node (zb_json_tree_get_root (copied));
  copy = json_to_string (copied_root, FALSE);
  g_assert_cmpstr (copy, ==, theirs);
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
      g_autoptr (ZbJsonTree) tree = zb_json_tree_read (texts[i], strlen (texts[i]), &limits);

      g_test_message ("refused: %s", texts[i]);
      g_assert_null (tree);
    }
}

static gboolean
accepts (const char         *text,
         const ZbJsonLimits *limits)
{
  g_autoptr (ZbJsonTree) tree = zb_json_tree_read (text, strlen (text), limits);

  return tree != NULL;
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
    g_autoptr (ZbJsonTree) within = zb_json_tree_read (string, strlen (string), &string_10);

    g_assert_nonnull (within);
    g_assert_cmpint (zb_json_tree_get_root (within)->type, ==, ZB_JSON_STRING);
    g_assert_cmpstr (zb_json_tree_get_root (within)->v.string, ==, "abcdefgh\n");
    g_assert_cmpuint (zb_json_tree_get_root (within)->length, ==, 9);
    g_assert_false (accepts (string, &string_9));
  }
  {
    /* 19 digits is one too many at 18; a number with a point is no integer */
    g_autoptr (ZbJsonTree) within = zb_json_tree_read (integer, strlen (integer), &digits_19);
    const ZbJson *root;

    g_assert_nonnull (within);
    root = zb_json_tree_get_root (within);
    g_assert_cmpint (root->type, ==, ZB_JSON_ARRAY);
    g_assert_cmpuint (root->length, ==, 3);
    g_assert_cmpint (root->v.elements[0].type, ==, ZB_JSON_INTEGER);
    g_assert_cmpint (root->v.elements[0].v.integer, ==, 1234567890123456789);
    g_assert_cmpint (root->v.elements[2].type, ==, ZB_JSON_DOUBLE);
    g_assert_false (accepts (integer, &digits_18));
    g_assert_true (accepts ("[-123456789012345678, 1.23456789012345678901]", &digits_18));
  }
}

/* Members in the order written, found by name; a name twice refused in a small object and in
 * a large one (which is checked another way). */
static void
test_members (void)
{
  const char *text = "{\"b\": 1, \"a\": [true, null], \"c\": \"x\"}";
  g_autoptr (ZbJsonTree) tree = zb_json_tree_read (text, strlen (text), NULL);
  const ZbJson *root, *a;
  g_autoptr (GString) large = g_string_new ("{");

  g_assert_nonnull (tree);
  root = zb_json_tree_get_root (tree);
  g_assert_cmpint (root->type, ==, ZB_JSON_OBJECT);
  g_assert_cmpuint (root->length, ==, 3);
  g_assert_cmpstr (root->v.members[0].name, ==, "b");
  g_assert_cmpstr (root->v.members[1].name, ==, "a");
  g_assert_cmpstr (root->v.members[2].name, ==, "c");
  a = zb_json_get_member (root, "a");
  g_assert_nonnull (a);
  g_assert_cmpint (a->type, ==, ZB_JSON_ARRAY);
  g_assert_cmpuint (a->length, ==, 2);
  g_assert_true (a->v.elements[0].type == ZB_JSON_BOOLEAN && a->v.elements[0].v.boolean);
  g_assert_cmpint (a->v.elements[1].type, ==, ZB_JSON_NULL);
  g_assert_cmpstr (zb_json_get_member (root, "c")->v.string, ==, "x");
  g_assert_null (zb_json_get_member (root, "d"));
  g_assert_null (zb_json_get_member (a, "b"));

  for (int i = 0; i < 40; i++)
    g_string_append_printf (large, "%s\"key%d\": %d", i > 0 ? ", " : "", i, i);
  g_string_append (large, "}");
  g_assert_true (accepts (large->str, NULL));
  g_string_insert (large, large->len - 1, ", \"key0\": 0");
  g_assert_false (accepts (large->str, NULL));
  g_assert_false (accepts ("{\"a\": 1, \"b\": 2, \"a\": 3}", NULL));
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
  g_test_add_func ("/json/members", test_members);
  return g_test_run ();
}
