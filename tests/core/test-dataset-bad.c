#include "config.h"

#include "zb-dataset.h"
#include "zb-error.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* One broken dataset of tests/data/bad/ (written by make-bad.py), the error it must give and
 * words its message must carry: where (line:column or JSON path) and what was expected. */
typedef struct
{
  const char *file;
  int         code;
  const char *where;
  const char *what;
} BadCase;

static const BadCase bad_cases[] = {
  /* Not JSON, or not a dataset. */
  { "empty.json", ZB_DATASET_ERROR_PARSE, "empty.json: ", "empty; expected a JSON object" },
  { "blank.json", ZB_DATASET_ERROR_PARSE, "blank.json: ", "empty" },
  { "truncated.json", ZB_DATASET_ERROR_PARSE, "truncated.json:20:19:", "unterminated string" },
  { "trailing-comma.json", ZB_DATASET_ERROR_PARSE, "trailing-comma.json:198:6:", "unexpected character `,'" },
  { "stray-comma.json", ZB_DATASET_ERROR_PARSE, "stray-comma.json:35:", "expected string constant" },
  { "value-nan.json", ZB_DATASET_ERROR_PARSE, "value-nan.json:32:22:", "`NaN'" },
  { "invalid-utf8.json", ZB_DATASET_ERROR_PARSE, "invalid-utf8.json:10:15:", "not valid UTF-8" },
  { "big-integer.json", ZB_DATASET_ERROR_PARSE, "big-integer.json:93:20:", "100000000000000000000 is too large" },
  { "duplicate-key.json", ZB_DATASET_ERROR_PARSE, "duplicate-key.json:33:11:", "key “value” appears twice" },
  { "octal-escape.json", ZB_DATASET_ERROR_PARSE, "octal-escape.json:26:16:", "“\\3” is not an escape of JSON" },
  { "nul-escape.json", ZB_DATASET_ERROR_PARSE, "nul-escape.json:64:18:", "“\\u0000” is the character NUL" },
  { "escaped-key.json", ZB_DATASET_ERROR_PARSE, "escaped-key.json:33:11:", "has an escape" },
  /* Well-formed JSON, but past what a dataset may hold: the quick reader (zb-json) must leave
   * these to the careful one, which says so. */
  { "escaped-key-alone.json", ZB_DATASET_ERROR_PARSE, "escaped-key-alone.json:32:11:", "has an escape" },
  { "integer-19-digits.json", ZB_DATASET_ERROR_PARSE, "integer-19-digits.json:93:20:", "1234567890123456789 is too large" },
  { "deep-nesting.json", ZB_DATASET_ERROR_TOO_LARGE, "deep-nesting.json:1:", "nested deeper than 64 levels" },
  { "top-level-array.json", ZB_DATASET_ERROR_FORMAT, "top-level-array.json: $:", "expected an object with \"format\": \"zhibiao-dataset\", got an array" },
  { "top-level-string.json", ZB_DATASET_ERROR_FORMAT, "top-level-string.json: $:", "got the string" },
  { "unknown-format.json", ZB_DATASET_ERROR_FORMAT, "$.format:", "expected “zhibiao-dataset”, got the string “zhibiao-chart”" },
  { "missing-format.json", ZB_DATASET_ERROR_FORMAT, "$.format:", "not a Zhibiao dataset" },
  { "version-2.json", ZB_DATASET_ERROR_FORMAT, "$.version:", "expected 1, got the integer 2" },
  { "version-string.json", ZB_DATASET_ERROR_FORMAT, "$.version:", "got the string “1”" },

  /* Wrong types and values. */
  { "unknown-key.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].soruce:", "unknown key; expected one of period" },
  { "indicators-object.json", ZB_DATASET_ERROR_INVALID, "$.indicators:", "expected an array, got an object" },
  { "indicator-string.json", ZB_DATASET_ERROR_INVALID, "$.indicators[1]:", "expected an indicator object, got the string “gdp”" },
  { "missing-unit.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].unit:", "missing; expected a string" },
  { "unit-number.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].unit:", "expected a string, got the integer 5" },
  { "name-string.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].name:", "expected an object {\"zh\": …, \"en\": …}" },
  { "name-en-number.json", ZB_DATASET_ERROR_INVALID, "$.indicators[1].name.en:", "expected a string, got the integer 1" },
  { "invalid-theme.json", ZB_DATASET_ERROR_INVALID, "$.indicators[2].theme:", "expected one of economy, consumption" },
  { "invalid-measure.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].measure:", "one of growth_rate, share, level, change, rank, got the string “growth”" },
  { "invalid-status.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[1].status:", "one of actual, target, other, got the string “planned”" },
  { "invalid-period.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].period:", "expected a period such as 2023, 2023Q1" },
  { "period-reversed.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].period:", "got the string “2023Q3-Q1”" },
  { "period-number.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].period:", "got the integer 2023" },
  { "value-string.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].value:", "expected a finite number, got the string “5.7”" },
  { "value-infinite.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].value:", "expected a finite number, got a number too large" },
  { "value-missing.json", ZB_DATASET_ERROR_INVALID, "$.indicators[1].observations[0].value:", "missing; expected a finite number" },
  { "cumulative-string.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[0].cumulative:", "expected true or false" },
  { "qualifiers-number.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[1].qualifiers[0]:", "expected a non-empty string, got the integer 1" },
  { "qualifiers-string.json", ZB_DATASET_ERROR_INVALID, "$.indicators[0].observations[1].qualifiers:", "expected an array, got the string" },
  { "source-end-string.json", ZB_DATASET_ERROR_INVALID, "$.indicators[3].observations[0].source.end:", "integer byte offset, got the string “175”" },
  { "source-start-negative.json", ZB_DATASET_ERROR_INVALID, "$.indicators[3].observations[0].source.start:", "non-negative integer byte offset, got the integer -1" },
  { "source-start-float.json", ZB_DATASET_ERROR_INVALID, "$.indicators[3].observations[0].source.start:", "integer byte offset, got the number 174.5" },
  { "source-missing.json", ZB_DATASET_ERROR_INVALID, "$.indicators[2].observations[0].source:", "missing; expected an object" },
  { "sha-not-hex.json", ZB_DATASET_ERROR_INVALID, "$.report.text_sha256:", "expected 64 hexadecimal digits" },
  { "report-missing.json", ZB_DATASET_ERROR_INVALID, "$.report:", "missing; expected an object" },
  { "delivered-invalid.json", ZB_DATASET_ERROR_INVALID, "$.report.delivered:", "expected a date YYYY-MM-DD, got “2024-13-40”" },
  { "title-array.json", ZB_DATASET_ERROR_INVALID, "$.report.title:", "got an array" },
  { "chart-invalid-type.json", ZB_DATASET_ERROR_INVALID, "$.charts[0].type:", "one of column, bar, line, dumbbell, small-multiples, got the string “pie”" },
  { "chart-series-object.json", ZB_DATASET_ERROR_INVALID, "$.charts[1].series:", "expected an array, got an object" },
  { "briefing-slide-number.json", ZB_DATASET_ERROR_INVALID, "$.briefings[0].charts[0]:", "expected a chart id or an object" },
  { "exclusion-missing-reason.json", ZB_DATASET_ERROR_INVALID, "$.excluded[1].reason:", "missing" },
  { "empty-id.json", ZB_DATASET_ERROR_INVALID, "$.indicators[1].id:", "expected a non-empty string" },

  /* Spans that do not point at their words. */
  { "span-out-of-range.json", ZB_DATASET_ERROR_SPAN, "$.indicators[0].observations[0].source:", "100000..100003 lies outside the report text, which has 265 bytes" },
  { "span-reversed.json", ZB_DATASET_ERROR_SPAN, "$.indicators[0].observations[0].source:", "expected start < end, got the span 78..75" },
  { "span-empty.json", ZB_DATASET_ERROR_SPAN, "$.indicators[0].observations[0].source:", "expected start < end" },
  { "span-splits-char.json", ZB_DATASET_ERROR_SPAN, "$.indicators[0].observations[0].source:", "73..78 splits a UTF-8 character" },
  { "source-text-mismatch.json", ZB_DATASET_ERROR_SPAN, "$.indicators[0].observations[0].source.text:", "expected the report's words at 75..78, “5.7”, got “5.8”" },
  { "exclusion-text-mismatch.json", ZB_DATASET_ERROR_SPAN, "$.excluded[0].text:", "“2023”, got “2022”" },
  { "exclusion-out-of-range.json", ZB_DATASET_ERROR_SPAN, "$.excluded[1]:", "outside the report text" },
  { "section-out-of-range.json", ZB_DATASET_ERROR_SPAN, "$.sections[0]:", "19..9999 lies outside" },
  { "span-without-report.json", ZB_DATASET_ERROR_REPORT, "$.indicators[0].observations[0].source:", "needs the report text" },

  /* Ids and references. */
  { "duplicate-indicator.json", ZB_DATASET_ERROR_DUPLICATE, "$.indicators[2].id:", "the id “gdp-growth” is used twice (first at index 0)" },
  { "duplicate-chart.json", ZB_DATASET_ERROR_DUPLICATE, "$.charts[1].id:", "the id “gdp-growth” is used twice" },
  { "duplicate-briefing.json", ZB_DATASET_ERROR_DUPLICATE, "$.briefings[1].id:", "the id “overview” is used twice" },
  { "chart-unknown-indicator.json", ZB_DATASET_ERROR_REFERENCE, "$.charts[0].series[0].indicator:", "no indicator has the id “gdp-grwth”" },
  { "chart-unknown-period.json", ZB_DATASET_ERROR_REFERENCE, "$.charts[0].references[0].indicator:", "has no observation for period 2022" },
  { "briefing-unknown-chart.json", ZB_DATASET_ERROR_REFERENCE, "$.briefings[0].charts[1].chart:", "no chart has the id “firm”" },
  { "briefing-unknown-chart-id.json", ZB_DATASET_ERROR_REFERENCE, "$.briefings[0].charts[0]:", "no chart has the id “gdp”" },

  /* The report text: both files are named. */
  { "missing-report.json", ZB_DATASET_ERROR_REPORT, "$.report.text:", "no-such-report.txt" },
  { "report-is-folder.json", ZB_DATASET_ERROR_REPORT, "$.report.text:", "folder" },
  { "checksum-mismatch.json", ZB_DATASET_ERROR_REPORT, "$.report.text_sha256:", "good/tiny.txt” changed since the dataset was made" },
  { "invalid-utf8-report.json", ZB_DATASET_ERROR_REPORT, "$.report.text:", "invalid-utf8-report.txt” is not valid UTF-8" },
};

static char *
bad_path (const char *file)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "data", "bad", file, NULL);
}

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *where,
                   const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = zb_dataset_load (path, &error);

  g_test_message ("%s", error != NULL ? error->message : "(loaded)");
  g_assert_null (dataset);
  g_assert_error (error, ZB_DATASET_ERROR, code);
  /* Every message starts with the file as the user named it. */
  g_assert_true (g_str_has_prefix (error->message, path));
  if (where != NULL && strstr (error->message, where) == NULL)
    g_error ("“%s” lacks “%s”", error->message, where);
  if (what != NULL && strstr (error->message, what) == NULL)
    g_error ("“%s” lacks “%s”", error->message, what);
}

static void
test_bad_case (gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *path = bad_path (bad->file);

  assert_load_fails (path, bad->code, bad->where, bad->what);
}

/* A broken file without a row in the table would be a test nobody runs. */
static void
test_every_file_has_a_case (void)
{
  g_autofree char *dir_path = bad_path (NULL);
  g_autoptr (GError) error = NULL;
  GDir *dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean found = FALSE;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
        found = found || strcmp (bad_cases[i].file, name) == 0;
      if (!found)
        g_error ("tests/data/bad/%s has no row in bad_cases", name);
      n++;
    }
  g_dir_close (dir);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (bad_cases));
  g_assert_cmpuint (n, >=, 35);
}

static void
test_missing_file (void)
{
  g_autofree char *path = bad_path ("no-such-dataset.json");

  assert_load_fails (path, ZB_DATASET_ERROR_IO, "cannot read the file", "no such file");
}

static void
test_directory (void)
{
  g_autofree char *path = bad_path (NULL);

  assert_load_fails (path, ZB_DATASET_ERROR_IO, NULL, "is a folder; expected a dataset file");
}

/* Opening a FIFO for reading blocks until a writer comes: the loader must not open it. A hang
 * here shows as the test's timeout. */
static void
test_fifo (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("zb-dataset-bad-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp, "pipe.json", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_load_fails (path, ZB_DATASET_ERROR_IO, NULL, "not a regular file");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* A sparse file larger than the limit is refused from its size alone, without being read. */
static void
test_too_large (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("zb-dataset-bad-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp, "huge.json", NULL);
  int fd;

  g_assert_no_error (error);
  fd = g_open (path, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) ZB_DATASET_MAX_SIZE + 1), ==, 0);
  g_assert_true (g_close (fd, NULL));
  assert_load_fails (path, ZB_DATASET_ERROR_TOO_LARGE, NULL, "larger than 64 MB are refused");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* The same checks from memory: the display name and the base folder are what the caller gave. */
static void
test_from_data (void)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");
  g_autofree char *good_dir = g_build_filename (root, "tests", "data", "good", NULL);
  g_autofree char *good_path = g_build_filename (good_dir, "tiny.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *with_bom = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (good_path, &contents, &len, NULL));

  /* A byte order mark from a Windows editor is tolerated. */
  with_bom = g_strconcat ("\xEF\xBB\xBF", contents, NULL);
  dataset = zb_dataset_load_from_data (with_bom, len + 3, good_dir, "bom.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_clear_object (&dataset);

  /* Resolved against another folder, the report is missing. */
  dataset = zb_dataset_load_from_data (contents, len, root, "moved.json", &error);
  g_assert_null (dataset);
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REPORT);
  g_assert_true (g_str_has_prefix (error->message, "moved.json: $.report.text: "));
  g_assert_nonnull (strstr (error->message, "tiny.txt"));
  g_clear_error (&error);

  /* A string over a megabyte, in JSON that is otherwise well formed, is refused as too large. */
  {
    g_autoptr (GString) huge = g_string_new (contents);
    const char *label = strstr (huge->str, "\"Tiny report\"");
    gsize at;

    g_assert_nonnull (label);
    at = (gsize) (label - huge->str) + 1;
    for (int i = 0; i < 2 * 1024; i++)
      g_string_insert_len (huge, at, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", 512);
    dataset = zb_dataset_load_from_data (huge->str, huge->len, good_dir, "long.json", &error);
    g_assert_null (dataset);
    g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "at most 1 MB"));
    g_clear_error (&error);
  }

  /* Bytes after a NUL are not hidden from the checks. */
  dataset = zb_dataset_load_from_data ("{}\0{", 4, good_dir, "nul.json", &error);
  g_assert_null (dataset);
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "nul.json:1:3: "));
}

static void
run_cli (const char *const *args,
         int               *status,
         char             **out,
         char             **err)
{
  const char *binary = g_getenv ("ZB_BINARY");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int wait_status;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
  /* Say why, rather than only that the status is 2. */
  if (strstr (*err, "not available in this build") != NULL)
    g_error ("%s: the subcommand is not linked into %s (a weak reference does not pull an object "
             "out of a static library; the binary needs libzhibiao-cli linked whole)",
             args[0], binary);
}

static void
test_cli_validate (void)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");
  g_autofree char *good = g_build_filename (root, "tests", "data", "good", "tiny.json", NULL);
  g_autofree char *version = bad_path ("version-2.json");
  g_autofree char *split = bad_path ("span-splits-char.json");
  g_autofree char *checksum = bad_path ("checksum-mismatch.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int status;

  run_cli ((const char *[]) { "validate", good, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("%s: ok (4 indicators, 5 observations, 2 exclusions, 2 charts)\n",
                              good);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Every file is checked; one bad file makes the status 1. */
  run_cli ((const char *[]) { "validate", version, good, split, checksum, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, expected);
  g_assert_nonnull (strstr (err, "zhibiao validate: "));
  g_assert_nonnull (strstr (err, "version-2.json: $.version: expected 1, got the integer 2"));
  g_assert_nonnull (strstr (err, "span-splits-char.json: $.indicators[0].observations[0].source: "
                                 "the span 73..78 splits a UTF-8 character"));
  g_assert_nonnull (strstr (err, "changed since the dataset was made"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli ((const char *[]) { "validate", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "usage: zhibiao validate FILE"));
}

static void
test_cli_list (void)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");
  g_autofree char *good = g_build_filename (root, "tests", "data", "good", "tiny.json", NULL);
  g_autofree char *bad = bad_path ("duplicate-chart.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  int status;

  run_cli ((const char *[]) { "list", good, "--lang", "en", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  g_assert_cmpstr (lines[0], ==, "gdp-growth\tGDP growth\t2023 5.7% actual cumulative; 2024 6% target (左右)");
  g_assert_cmpstr (lines[1], ==, "gdp\tGDP\t2023 2 trillion yuan actual (突破)");
  g_assert_cmpstr (lines[2], ==, "new-firms\t新增规上工业企业\t2023 1,200 actual");
  g_assert_true (g_str_has_prefix (lines[4], "chart gdp-growth\tcolumn\tGDP growth\tgdp-growth actual; reference gdp-growth 2024 target"));
  g_assert_true (g_str_has_prefix (lines[6], "briefing overview\tOverview\t2 slides"));
  g_assert_true (g_str_has_suffix (lines[7], "4 indicators, 5 observations, 2 exclusions, 2 charts, 1 briefings"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&lines, g_strfreev);

  run_cli ((const char *[]) { "list", good, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "gdp-growth\t地区生产总值增长\t2023 5.7% actual"));
  g_assert_nonnull (strstr (out, "gdp\t地区生产总值\t2023 2万亿元 actual (突破)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli ((const char *[]) { "list", bad, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "duplicate-chart.json: $.charts[1].id: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli ((const char *[]) { "list", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli ((const char *[]) { "list", good, "--lang", "fr", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "zh or en"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/dataset-bad/%s", bad_cases[i].file);

      g_test_add_data_func (name, &bad_cases[i], test_bad_case);
    }
  g_test_add_func ("/dataset-bad/every-file-has-a-case", test_every_file_has_a_case);
  g_test_add_func ("/dataset-bad/missing-file", test_missing_file);
  g_test_add_func ("/dataset-bad/directory", test_directory);
  g_test_add_func ("/dataset-bad/fifo", test_fifo);
  g_test_add_func ("/dataset-bad/too-large", test_too_large);
  g_test_add_func ("/dataset-bad/from-data", test_from_data);
  g_test_add_func ("/dataset-bad/cli-validate", test_cli_validate);
  g_test_add_func ("/dataset-bad/cli-list", test_cli_list);

  return g_test_run ();
}
