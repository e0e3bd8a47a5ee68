/* test-cli.c: hostile input through the command line, and the fuzzers' findings as regressions.
 *
 * Every hostile case runs the real binary ($ZB_BINARY) on inputs generated in a temporary folder,
 * under a deadline (a hang is killed, not waited for) and with its peak memory measured by
 * wait4(): the promise is a clear message, exit status 1, bounded time and memory, no crash.
 */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-extractor.h"
#include "zb-report.h"
#include "zb-table.h"
#include "zb-test-files.h"

#if defined(__SANITIZE_ADDRESS__)
#define ZB_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZB_TEST_ASAN 1
#endif
#endif

/* Findings reported to the lead and not fixed yet, from tests/fuzz/open-findings. A test that
 * meets one of these marks itself incomplete instead of failing; when the name is deleted there,
 * the test asserts the right behaviour. */
static char **open_findings;

static void
load_open_findings (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "tests", "fuzz",
                                            "open-findings", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  if (g_file_get_contents (path, &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (lines[i][0] != '\0' && lines[i][0] != '#')
            g_strv_builder_add (names, lines[i]);
        }
    }
  open_findings = g_strv_builder_end (names);
}

/* A child may not take more than this, so that a runaway read cannot take the machine down. */
#define CHILD_MEMORY_LIMIT_MB 2048

/* Memory bounds are for a plain build; AddressSanitizer's shadow and quarantine add about 2×. */
#ifdef ZB_TEST_ASAN
#define MEMORY_SCALE 3.0
#else
#define MEMORY_SCALE 1.0
#endif

static gboolean
finding_is_open (const char *name)
{
  return g_strv_contains ((const char *const *) open_findings, name);
}

/* TRUE (and the test is marked incomplete) when failed is explained by an open finding. */
static gboolean
excused_by (const char *finding,
            gboolean    failed,
            const char *what)
{
  g_autofree char *message = NULL;

  if (!failed || !finding_is_open (finding))
    return FALSE;
  message = g_strdup_printf ("open finding %s: %s", finding, what);
  g_test_incomplete (message);
  return TRUE;
}

/* Running the binary ------------------------------------------------------------------------ */

typedef struct
{
  int      status;    /* exit status, or -1 when ended by a signal */
  int      signal;
  gboolean timed_out;
  double   seconds;
  double   peak_mb;   /* the child's maximum resident set size */
  GString *out;
  GString *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  if (run->out != NULL)
    g_string_free (run->out, TRUE);
  if (run->err != NULL)
    g_string_free (run->err, TRUE);
  memset (run, 0, sizeof *run);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static void
limit_memory (gpointer user_data)
{
#ifndef ZB_TEST_ASAN
  /* AddressSanitizer reserves terabytes of address space, so only uninstrumented children get
   * an address-space limit; instrumented ones get hard_rss_limit_mb below. */
  rlim_t bytes = (rlim_t) GPOINTER_TO_INT (user_data) << 20;
  struct rlimit limit = { bytes, bytes };

  setrlimit (RLIMIT_AS, &limit);
#endif
}

static gboolean
drain (int      fd,
       GString *into)
{
  char buffer[65536];
  ssize_t n = read (fd, buffer, sizeof buffer);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return TRUE;
  if (n <= 0)
    return FALSE;
  g_string_append_len (into, buffer, n);
  return TRUE;
}

/* Runs zhibiao with args in dir, killing it after timeout seconds; memory_mb caps its memory. */
static void
run_cli_limited (const char        *dir,
                 const char *const *args,
                 double             timeout,
                 int                memory_mb,
                 CliRun            *run)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  g_autofree char *asan = NULL;
  struct pollfd fds[2];
  struct rusage usage;
  gint64 start, deadline;
  GPid pid;
  int status = 0;

  memset (run, 0, sizeof *run);
  run->out = g_string_new (NULL);
  run->err = g_string_new (NULL);
  g_ptr_array_add (argv, (char *) g_getenv ("ZB_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  asan = g_strdup_printf ("%s%shard_rss_limit_mb=%d", g_environ_getenv (envp, "ASAN_OPTIONS") ?: "",
                          g_environ_getenv (envp, "ASAN_OPTIONS") != NULL ? ":" : "",
                          memory_mb);
  envp = g_environ_setenv (envp, "ASAN_OPTIONS", asan, TRUE);
  /* In a sanitizer build, fontconfig's leaks in pango's caches would fail every export at exit. */
  if (g_environ_getenv (envp, "LSAN_OPTIONS") == NULL)
    {
      g_autofree char *suppressions = g_strdup_printf ("suppressions=%s/tests/fuzz/lsan.supp",
                                                       g_getenv ("ZB_SOURCE_DIR"));

      envp = g_environ_setenv (envp, "LSAN_OPTIONS", suppressions, TRUE);
    }

  start = g_get_monotonic_time ();
  deadline = start + (gint64) (timeout * G_USEC_PER_SEC);
  g_spawn_async_with_pipes (dir, (char **) argv->pdata, envp,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL, limit_memory,
                            GINT_TO_POINTER (memory_mb), &pid, NULL, &fds[0].fd, &fds[1].fd, &error);
  g_assert_no_error (error);
  fds[0].events = fds[1].events = POLLIN;

  while (fds[0].fd >= 0 || fds[1].fd >= 0)
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        {
          run->timed_out = TRUE;
          kill (pid, SIGKILL);
          break;
        }
      if (poll (fds, 2, (int) MAX (1, left / 1000)) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));
      for (guint i = 0; i < 2; i++)
        if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0
            && !drain (fds[i].fd, i == 0 ? run->out : run->err))
          {
            close (fds[i].fd);
            fds[i].fd = -1;  /* poll ignores negative descriptors */
          }
    }
  for (guint i = 0; i < 2; i++)
    if (fds[i].fd >= 0)
      close (fds[i].fd);

  while (wait4 (pid, &status, 0, &usage) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);
  run->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run->peak_mb = usage.ru_maxrss / 1024.0;  /* kilobytes on Linux */
  run->status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  run->signal = WIFSIGNALED (status) ? WTERMSIG (status) : 0;
}

static void
run_cli (const char        *dir,
         const char *const *args,
         double             timeout,
         CliRun            *run)
{
  run_cli_limited (dir, args, timeout, CHILD_MEMORY_LIMIT_MB, run);
}

/* One row of the table of hostile inputs, in the test log. */
static void
log_row (const char   *input,
         const CliRun *run)
{
  g_autofree char *first_line = g_strndup (run->err->str, strcspn (run->err->str, "\n"));

  g_test_message ("hostile | %s | exit %d%s%s | %s | %.0f MB | %.2f s", input, run->status,
                  run->signal != 0 ? " signal " : "", run->signal != 0 ? g_strsignal (run->signal) : "",
                  run->timed_out ? "(killed: timed out)" : first_line, run->peak_mb, run->seconds);
}

/* Exit status 1 with a message naming what is wrong: what every refused input must get. */
static void
assert_refused (const CliRun *run,
                const char   *expected_words)
{
  g_assert_false (run->timed_out);
  g_assert_cmpint (run->signal, ==, 0);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_utf8_validate (run->err->str, run->err->len, NULL));
  g_assert_nonnull (strstr (run->err->str, expected_words));
}

/* The temporary folder of one test --------------------------------------------------------- */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  const char *good[] = { "tiny.json", "tiny.txt" };

  fixture->dir = g_dir_make_tmp ("zb-test-cli-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *from = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "tests", "data", "good",
                                                good[i], NULL);
      g_autofree char *to = g_build_filename (fixture->dir, good[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_file_get_contents (from, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, len, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  zb_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
fixture_write (Fixture    *fixture,
               const char *name,
               const char *contents,
               gssize      len)
{
  g_autofree char *path = fixture_path (fixture, name);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* tiny.json with its first occurrence of from replaced by to. */
static void
fixture_write_variant (Fixture    *fixture,
                       const char *name,
                       const char *from,
                       const char *to)
{
  g_autofree char *path = fixture_path (fixture, "tiny.json");
  g_autofree char *contents = NULL;
  g_autoptr (GString) variant = NULL;
  g_autoptr (GError) error = NULL;
  const char *hit;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  hit = strstr (contents, from);
  g_assert_nonnull (hit);
  variant = g_string_new_len (contents, hit - contents);
  g_string_append (variant, to);
  g_string_append (variant, hit + strlen (from));
  fixture_write (fixture, name, variant->str, variant->len);
}

/* Usage errors -------------------------------------------------------------------------------- */

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  const char *const *const usage_errors[] = {
    (const char *const[]) { "validate", NULL },
    (const char *const[]) { "validate", "--no-such-option", "tiny.json", NULL },
    (const char *const[]) { "list", NULL },
    (const char *const[]) { "list", "tiny.json", "tiny.json", NULL },
    (const char *const[]) { "list", "--lang", "fr", "tiny.json", NULL },
    (const char *const[]) { "extract", NULL },
    (const char *const[]) { "extract", "--no-such-option", "tiny.txt", NULL },
  };
  g_auto (CliRun) help = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (usage_errors); i++)
    {
      g_auto (CliRun) run = { 0 };
      g_autofree char *joined = g_strjoinv (" ", (char **) usage_errors[i]);

      run_cli (fixture->dir, usage_errors[i], 20, &run);
      log_row (joined, &run);
      g_assert_false (run.timed_out);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (run.err->len, >, 0);
      g_assert_true (g_str_has_prefix (run.err->str, "zhibiao "));
    }

  run_cli (fixture->dir, (const char *const[]) { "help", NULL }, 20, &help);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out->str, "validate"));
  g_assert_nonnull (strstr (help.out->str, "extract"));
}

/* Hostile datasets ---------------------------------------------------------------------------- */

static void
test_huge_dataset (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char head[] = "{\"format\":\"zhibiao-dataset\",\"version\":1,\"report\":{\"title\":"
                             "{\"zh\":\"";
  static const char tail[] = "\",\"en\":\"x\"},\"place\":{\"zh\":\"c\",\"en\":\"d\"}},"
                             "\"indicators\":[]}";
  g_autofree char *path = fixture_path (fixture, "huge.json");
  g_autofree char *chunk = g_malloc (1 << 20);
  g_auto (CliRun) run = { 0 };
  FILE *file = fopen (path, "wb");

  /* 200 MB of one string: the worst case for a parser that copies its tokens. */
  g_assert_nonnull (file);
  memset (chunk, 'a', 1 << 20);
  g_assert_cmpuint (fwrite (head, 1, strlen (head), file), ==, strlen (head));
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (fwrite (chunk, 1, 1 << 20, file), ==, 1 << 20);
  g_assert_cmpuint (fwrite (tail, 1, strlen (tail), file), ==, strlen (tail));
  g_assert_cmpint (fclose (file), ==, 0);

  run_cli (fixture->dir, (const char *const[]) { "validate", "huge.json", NULL }, 60, &run);
  log_row ("200 MB dataset (one 200 MB string)", &run);
  g_assert_false (run.timed_out);
  g_assert_cmpint (run.signal, ==, 0);
  /* Refused early: a dataset is kilobytes, and reading this one costs three times its size. */
  if (excused_by ("F8", run.status != 1 || run.peak_mb > 400 * MEMORY_SCALE || run.seconds > 10,
                  "a 200 MB dataset is read and parsed whole instead of refused"))
    {
      g_assert_cmpfloat (run.peak_mb, <, 4 * 200 * MEMORY_SCALE);
      return;
    }
  assert_refused (&run, "huge.json");
}

static void
test_many_indicators (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *report_path = fixture_path (fixture, "tiny.txt");
  g_autofree char *report = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr (GString) json = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_auto (CliRun) run = { 0 };
  gsize report_len;

  g_file_get_contents (report_path, &report, &report_len, &error);
  g_assert_no_error (error);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) report, report_len);
  /* Every indicator quotes the same figure of tiny.txt, "5.7" at bytes 75..78. */
  g_assert_cmpmem (report + 75, 3, "5.7", 3);
  g_string_append_printf (json,
                          "{\"format\":\"zhibiao-dataset\",\"version\":1,\"report\":{\"title\":"
                          "{\"zh\":\"a\",\"en\":\"b\"},\"place\":{\"zh\":\"c\",\"en\":\"d\"},"
                          "\"text\":\"tiny.txt\",\"text_sha256\":\"%s\"},\"indicators\":[", sha256);
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (json,
                            "%s{\"id\":\"i%u\",\"name\":{\"zh\":\"指标%u\",\"en\":\"Indicator %u\"},"
                            "\"theme\":\"economy\",\"unit\":\"%%\",\"measure\":\"share\","
                            "\"observations\":[{\"period\":\"2023\",\"value\":5.7,\"status\":"
                            "\"actual\",\"qualifiers\":[],\"source\":{\"start\":75,\"end\":78,"
                            "\"text\":\"5.7\"}}]}",
                            i > 0 ? "," : "", i, i, i);
  g_string_append (json, "]}");
  fixture_write (fixture, "many.json", json->str, json->len);

  run_cli (fixture->dir, (const char *const[]) { "validate", "many.json", NULL }, 60, &run);
  log_row ("100,000 indicators (valid, 22 MB)", &run);
  g_assert_false (run.timed_out);
  g_assert_cmpint (run.signal, ==, 0);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out->str, "100000 indicators"));
  g_assert_cmpfloat (run.peak_mb, <, 1500 * MEMORY_SCALE);
}

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *json = g_malloc (200000);
  g_auto (CliRun) run = { 0 };

  memset (json, '[', 100000);
  memset (json + 100000, ']', 100000);
  fixture_write (fixture, "deep.json", json, 200000);
  run_cli (fixture->dir, (const char *const[]) { "validate", "deep.json", NULL }, 20, &run);
  log_row ("JSON nested 100,000 deep", &run);
  assert_refused (&run, "nested deeper");
  g_assert_cmpfloat (run.seconds, <, 10);
}

static void
test_numbers (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct
  {
    const char *value;
    int         status;
    const char *words;
  } cases[] = {
    { "1e309", 1, "infinity" },
    { "-1e309", 1, "infinity" },
    { "\"NaN\"", 1, "“NaN”" },
    { "123456789012345678901", 1, "too large to be read exactly" },
    { "-0", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = g_strdup_printf ("\"value\": %s", cases[i].value);
      g_autofree char *label = g_strdup_printf ("value %s", cases[i].value);
      g_auto (CliRun) run = { 0 };

      fixture_write_variant (fixture, "number.json", "\"value\": 5.7", value);
      run_cli (fixture->dir, (const char *const[]) { "validate", "number.json", NULL }, 20, &run);
      log_row (label, &run);
      if (cases[i].status == 0)
        {
          g_assert_cmpint (run.status, ==, 0);
          continue;
        }
      assert_refused (&run, cases[i].words);
      /* The error names where: the JSON path or line:column. */
      g_assert_true (strstr (run.err->str, "$.indicators[0]") != NULL
                     || strstr (run.err->str, "number.json:") != NULL);
    }
}

static void
test_invalid_utf8 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto (CliRun) dataset = { 0 };
  g_auto (CliRun) report = { 0 };

  fixture_write_variant (fixture, "bad.json", "小报告", "\xff\xfe");
  run_cli (fixture->dir, (const char *const[]) { "validate", "bad.json", NULL }, 20, &dataset);
  log_row ("dataset with invalid UTF-8", &dataset);
  assert_refused (&dataset, "UTF-8");

  fixture_write (fixture, "bad.txt", "政府工作报告\n增长\xff" "5.7%\n", -1);
  run_cli (fixture->dir, (const char *const[]) { "extract", "bad.txt", NULL }, 20, &report);
  log_row ("report with invalid UTF-8 (extract)", &report);
  assert_refused (&report, "UTF-8");
}

static void
test_directory (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *folder = fixture_path (fixture, "folder.json");
  g_auto (CliRun) dataset = { 0 };
  g_auto (CliRun) report = { 0 };

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  run_cli (fixture->dir, (const char *const[]) { "validate", "folder.json", NULL }, 20, &dataset);
  log_row ("a folder as the dataset", &dataset);
  assert_refused (&dataset, "folder");

  run_cli (fixture->dir, (const char *const[]) { "extract", "folder.json", NULL }, 20, &report);
  log_row ("a folder as the report (extract)", &report);
  assert_refused (&report, "folder");
}

static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *fifo = fixture_path (fixture, "fifo");
  g_auto (CliRun) dataset = { 0 };
  g_auto (CliRun) report = { 0 };
  g_auto (CliRun) linked = { 0 };

  /* Nobody ever writes to it: a program that opens it to read blocks for ever. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  run_cli (fixture->dir, (const char *const[]) { "validate", "fifo", NULL }, 10, &dataset);
  log_row ("a FIFO as the dataset", &dataset);
  assert_refused (&dataset, "not a regular file");

  run_cli (fixture->dir, (const char *const[]) { "extract", "fifo", NULL }, 5, &report);
  log_row ("a FIFO as the report (extract)", &report);
  if (!excused_by ("F6", report.timed_out, "extract blocks reading a FIFO"))
    assert_refused (&report, "fifo");

  fixture_write_variant (fixture, "fifo-text.json", "\"text\": \"tiny.txt\"", "\"text\": \"fifo\"");
  run_cli (fixture->dir, (const char *const[]) { "validate", "fifo-text.json", NULL }, 5, &linked);
  log_row ("a dataset whose report text is a FIFO", &linked);
  if (!excused_by ("F6", linked.timed_out, "validate blocks reading a report that is a FIFO"))
    assert_refused (&linked, "fifo");
}

static void
test_device_report (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto (CliRun) run = { 0 };

  /* Endless: a reader that trusts the size it was told (0) reads until memory runs out. */
  fixture_write_variant (fixture, "zero.json", "\"text\": \"tiny.txt\"", "\"text\": \"/dev/zero\"");
  run_cli_limited (fixture->dir, (const char *const[]) { "validate", "zero.json", NULL }, 20, 512,
                   &run);
  log_row ("a dataset whose report text is /dev/zero", &run);
  g_assert_false (run.timed_out && !finding_is_open ("F6"));
  if (excused_by ("F6", run.peak_mb > 200 * MEMORY_SCALE || run.timed_out,
                  "a device as the report text is read until memory runs out"))
    return;
  assert_refused (&run, "/dev/zero");
}

static void
test_long_line_report (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char clause[] = "全市地区生产总值增长5.7%，总量突破2万亿元，";
  g_autoptr (GString) text = g_string_new ("政府工作报告一、2023年工作回顾");
  g_auto (CliRun) run = { 0 };

  /* 10 MB in one line and one sentence: no line break, no 。 */
  while (text->len < 10 * 1024 * 1024)
    g_string_append (text, clause);
  fixture_write (fixture, "long.txt", text->str, text->len);
  run_cli (fixture->dir, (const char *const[]) { "extract", "long.txt", "-o", "long.json", NULL },
           20, &run);
  log_row ("10 MB report without line breaks (extract)", &run);
  if (excused_by ("F7", run.timed_out || run.seconds > 10,
                  "extract takes tens of seconds and ~1 GB on a 10 MB report"))
    return;
  g_assert_cmpint (run.signal, ==, 0);
  /* Either extracted or refused as too large for a report, but in seconds and clearly. */
  if (run.status != 0)
    assert_refused (&run, "long.txt");
  g_assert_cmpfloat (run.peak_mb, <, 1000 * MEMORY_SCALE);
}

static void
test_report_changed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *report = fixture_path (fixture, "tiny.txt");
  g_autofree char *contents = NULL;
  g_autoptr (GString) changed = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (CliRun) before = { 0 };
  g_auto (CliRun) after = { 0 };
  g_auto (CliRun) removed = { 0 };

  run_cli (fixture->dir, (const char *const[]) { "validate", "tiny.json", NULL }, 20, &before);
  g_assert_cmpint (before.status, ==, 0);

  /* The same length and every span still on a character boundary: only the checksum can tell. */
  g_file_get_contents (report, &contents, NULL, &error);
  g_assert_no_error (error);
  changed = g_string_new (contents);
  g_assert_nonnull (strstr (changed->str, "5.7"));
  memcpy (strstr (changed->str, "5.7"), "5.9", 3);
  g_file_set_contents (report, changed->str, changed->len, &error);
  g_assert_no_error (error);
  run_cli (fixture->dir, (const char *const[]) { "validate", "tiny.json", NULL }, 20, &after);
  log_row ("report text replaced after the dataset was made", &after);
  assert_refused (&after, "SHA-256");

  g_assert_cmpint (g_unlink (report), ==, 0);
  run_cli (fixture->dir, (const char *const[]) { "validate", "tiny.json", NULL }, 20, &removed);
  log_row ("report text removed", &removed);
  assert_refused (&removed, "tiny.txt");
}

static void
test_unknown_indicator (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "tiny.json");
  g_autofree char *json = NULL;
  g_autofree char *old_id = NULL;
  g_autoptr (GString) variant = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (CliRun) run = { 0 };
  const char *id;

  /* The first chart's first series names an indicator that does not exist. */
  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  id = strstr (json, "\"charts\"");
  g_assert_nonnull (id);
  id = strstr (id, "\"indicator\": \"");
  g_assert_nonnull (id);
  id += strlen ("\"indicator\": \"");
  old_id = g_strndup (id, strcspn (id, "\""));
  variant = g_string_new_len (json, id - json);
  g_string_append (variant, "no-such-indicator");
  g_string_append (variant, id + strlen (old_id));
  fixture_write (fixture, "dangling.json", variant->str, variant->len);

  run_cli (fixture->dir, (const char *const[]) { "validate", "dangling.json", NULL }, 20, &run);
  log_row ("a chart naming an indicator that does not exist", &run);
  assert_refused (&run, "no-such-indicator");
  g_assert_nonnull (strstr (run.err->str, "$.charts[0]"));
}

/* Exports that lose nothing ------------------------------------------------------------------- */

static const char old_chart[] = "the previous export, which a failed export must leave alone";

/* The names in dir other than the fixture's own files, sorted, joined by spaces. */
static char *
dup_listing (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strcmp (name, "tiny.json") != 0 && strcmp (name, "tiny.txt") != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static gboolean
file_has (const char *path,
          const char *expected)
{
  g_autofree char *contents = NULL;
  gsize len;

  return g_file_get_contents (path, &contents, &len, NULL) && len == strlen (expected)
         && memcmp (contents, expected, len) == 0;
}

static void
export_chart_to (Fixture    *fixture,
                 const char *output,
                 double      timeout,
                 CliRun     *run)
{
  g_autofree char *dataset = fixture_path (fixture, "tiny.json");

  run_cli (fixture->dir,
           (const char *const[]) { "export", "-d", dataset, "-c", "gdp-growth", "-o", output, NULL },
           timeout, run);
}

static gboolean
run_mount (const char *const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                       | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

static void
test_export_full_and_read_only (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *small = fixture_path (fixture, "small");
  g_autofree char *target = g_build_filename (small, "chart.png", NULL);
  g_autofree char *listing_full = NULL;
  g_autofree char *listing_read_only = NULL;
  g_auto (CliRun) full = { 0 };
  g_auto (CliRun) read_only = { 0 };
  gboolean intact_full, intact_read_only = FALSE, remounted;

  /* A 64 KB disk: a 1920×1080 PNG does not fit. Mounting needs root; elsewhere this is skipped. */
  g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
  if (!run_mount ((const char *const[]) { "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small,
                                          NULL }))
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root)");
      return;
    }
  fixture_write (fixture, "small/chart.png", old_chart, -1);
  export_chart_to (fixture, target, 30, &full);
  intact_full = file_has (target, old_chart);
  listing_full = dup_listing (small);
  remounted = run_mount ((const char *const[]) { "mount", "-o", "remount,ro", small, NULL });
  if (remounted)
    {
      export_chart_to (fixture, target, 30, &read_only);
      intact_read_only = file_has (target, old_chart);
      listing_read_only = dup_listing (small);
    }
  /* Unmounted before any assertion, so that a failure does not leave a mount behind. */
  g_assert_true (run_mount ((const char *const[]) { "umount", small, NULL }));

  log_row ("export to a full disk (64 KB tmpfs)", &full);
  assert_refused (&full, "chart.png");
  g_assert_true (intact_full);
  g_assert_cmpstr (listing_full, ==, "chart.png");
  g_assert_true (remounted);
  log_row ("export to a read-only folder (tmpfs mounted ro)", &read_only);
  assert_refused (&read_only, "read-only");
  g_assert_true (intact_read_only);
  g_assert_cmpstr (listing_read_only, ==, "chart.png");
}

static void
test_export_bad_targets (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *folder = fixture_path (fixture, "chart.png");
  g_autofree char *inside = g_build_filename (folder, "keep.txt", NULL);
  g_autofree char *under_file = fixture_path (fixture, "tiny.txt/chart.png");
  g_auto (CliRun) is_folder = { 0 };
  g_auto (CliRun) parent_is_file = { 0 };
  g_autofree char *listing = NULL;

  /* As root, a folder with mode 0555 is still writable, so "cannot write here" is tested with a
   * name that is a folder and a path under a regular file (and a read-only mount above). */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  fixture_write (fixture, "chart.png/keep.txt", old_chart, -1);
  export_chart_to (fixture, folder, 30, &is_folder);
  log_row ("export to a name that is a folder", &is_folder);
  assert_refused (&is_folder, "folder");
  g_assert_true (file_has (inside, old_chart));

  export_chart_to (fixture, under_file, 30, &parent_is_file);
  log_row ("export under a regular file (tiny.txt/chart.png)", &parent_is_file);
  assert_refused (&parent_is_file, "tiny.txt");
  listing = dup_listing (fixture->dir);
  g_assert_cmpstr (listing, ==, "chart.png");
}

/* A PNG that was written to its end: the IEND chunk closes it. */
static gboolean
is_complete_png (const char *path)
{
  static const char iend[] = "\0\0\0\0IEND\xae\x42\x60\x82";
  g_autofree char *contents = NULL;
  gsize len;

  return g_file_get_contents (path, &contents, &len, NULL) && len > 20
         && memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0
         && memcmp (contents + len - 12, iend, 12) == 0;
}

static void
remove_temporary_files (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".chart.png"))
      {
        g_autofree char *path = g_build_filename (dir_path, name, NULL);

        g_unlink (path);
      }
}

/* Starts an export over the old chart.png and kills it as soon as a temporary file of it shows
 * in the folder; TRUE when the kill landed while that file existed. */
static gboolean
kill_while_writing (Fixture    *fixture,
                    const char *target)
{
  g_autofree char *dataset = fixture_path (fixture, "tiny.json");
  const char *argv[] = { g_getenv ("ZB_BINARY"), "export", "-d", dataset, "-c", "gdp-growth",
                         "-o", target, NULL };
  g_autoptr (GError) error = NULL;
  gboolean caught = FALSE;
  int status;
  GPid pid;

  fixture_write (fixture, "chart.png", old_chart, -1);
  g_spawn_async (fixture->dir, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  while (!caught && waitpid (pid, &status, WNOHANG) == 0)
    {
      g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
      const char *name;

      while (!caught && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (name, ".chart.png"))
          {
            kill (pid, SIGKILL);
            caught = TRUE;
          }
    }
  if (caught)
    waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  return caught && WIFSIGNALED (status);
}

/* Every temporary file of chart.png in the folder is a whole PNG: a kill never leaves half a file. */
static void
assert_leftovers_whole (Fixture *fixture)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".chart.png"))
      {
        g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

        g_assert_true (is_complete_png (path));
      }
}

static void
test_export_killed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *target = fixture_path (fixture, "chart.png");
  g_autofree char *leftovers = NULL;
  g_autofree char *leftovers_spread = NULL;
  g_auto (CliRun) whole = { 0 };
  guint killed = 0, replaced = 0, kept = 0;
  gboolean caught = FALSE;
  double duration;

  export_chart_to (fixture, target, 30, &whole);
  g_assert_cmpint (whole.status, ==, 0);
  g_assert_true (is_complete_png (target));
  duration = whole.seconds;

  /* SIGKILL at moments spread over a whole export, so that some land while the file is written:
   * each time the target must be the old file or a whole new one, never half of one. */
  for (guint i = 0; i < 40; i++)
    {
      g_auto (CliRun) run = { 0 };

      fixture_write (fixture, "chart.png", old_chart, -1);
      export_chart_to (fixture, target, duration * (0.3 + 0.9 * i / 40), &run);
      killed += run.timed_out;
      if (file_has (target, old_chart))
        kept++;
      else if (is_complete_png (target))
        replaced++;
      else
        g_error ("a killed export left chart.png neither old nor whole (kill %u, after %.3f s)",
                 i, run.seconds);
    }
  g_test_message ("export killed: %u of 40 runs killed; chart.png kept %u, replaced whole %u",
                  killed, kept, replaced);
  g_assert_cmpuint (killed, >, 0);

  /* Temporary files the kills above left (only the last kill's can remain: each export removes
   * its predecessors'), then removed, so that the next part sees only its own. */
  leftovers_spread = dup_listing (fixture->dir);
  assert_leftovers_whole (fixture);
  remove_temporary_files (fixture->dir);

  /* Then kills aimed at the moment the temporary file exists, found by watching the folder. */
  for (guint i = 0; i < 50 && !caught; i++)
    caught = kill_while_writing (fixture, target);
  /* The kill may still land just after the rename: then the new file is there, whole. */
  if (caught)
    g_assert_true (file_has (target, old_chart) || is_complete_png (target));
  else
    g_test_message ("no kill landed while the temporary file existed in 50 tries");
  /* The temporary file has no name while it is written; it gets one only for the instant
   * between being complete and being renamed over the target. A kill aimed at that instant can
   * leave it: a whole file, never a partial one, and the next export of the same file removes it. */
  assert_leftovers_whole (fixture);
  g_test_message ("left behind: %s", leftovers_spread);
  {
    g_auto (CliRun) run = { 0 };

    export_chart_to (fixture, target, 30, &run);
    g_assert_cmpint (run.status, ==, 0);
  }
  leftovers = dup_listing (fixture->dir);
  g_assert_cmpstr (leftovers, ==, "chart.png");
  g_assert_true (is_complete_png (target));
}

/* The fuzzers' findings, through the same API --------------------------------------------------- */

/* Each saved input is named after its finding ("F3-….json"). It runs in a subprocess, because a
 * finding may be a g_critical, which G_DEBUG=fatal-warnings turns into a trap. */
typedef struct
{
  char *path;
  char *finding;  /* "F3" */
} Regression;

static void
regression_free (Regression *regression)
{
  g_free (regression->path);
  g_free (regression->finding);
  g_free (regression);
}

/* Every registered Regression, freed after the run (GTest does not free test data). */
static GPtrArray *regressions;

static void
load_regression_dataset (const char *path)
{
  g_autofree char *base_dir = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "tests", "fuzz", "base",
                                                NULL);
  g_autofree char *data = NULL;
  g_autofree char *saved = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autoptr (ZbDataset) again = NULL;
  gsize len, saved_len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  dataset = zb_dataset_load_from_data (data, len, base_dir, "regression.json", &error);
  if (dataset == NULL)
    {
      /* Refused: in our domain, with a message a person can read. */
      g_assert_error (error, ZB_DATASET_ERROR, error->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  /* Loaded: it must save as UTF-8 and load again. */
  saved = zb_dataset_to_data (dataset, &saved_len);
  g_assert_true (g_utf8_validate (saved, saved_len, NULL));
  again = zb_dataset_load_from_data (saved, saved_len, base_dir, "saved.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
extract_regression_report (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("zb-test-cli-XXXXXX", &error);
  g_autofree char *copy = g_build_filename (dir, "report.txt", NULL);
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autoptr (ZbDataset) again = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  gsize len, saved_len;

  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, len, &error);
  g_assert_no_error (error);
  report = zb_report_new_from_file (copy, &error);
  if (report != NULL)
    dataset = zb_extract (report, "report.txt", &error);
  if (dataset == NULL)
    g_assert_error (error, ZB_REPORT_ERROR, error->code);
  else
    {
      /* What the extractor finds must be a dataset the loader takes (a leak such as F4 shows
       * under valgrind-core and LeakSanitizer). */
      saved = zb_dataset_to_data (dataset, &saved_len);
      again = zb_dataset_load_from_data (saved, saved_len, dir, "extracted.json", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (zb_dataset_get_n_indicators (again), ==,
                        zb_dataset_get_n_indicators (dataset));
    }
  g_unlink (copy);
  g_rmdir (dir);
}

static void
load_regression_table (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbDataset) dataset = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  dataset = zb_table_load_from_data (data, len, "regression.csv", &error);
  if (dataset == NULL)
    {
      g_assert_error (error, ZB_TABLE_ERROR, error->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  /* A value a chart cannot draw (an overflow to infinity) is refused, not kept. */
  for (guint i = 0; i < zb_dataset_get_n_indicators (dataset); i++)
    {
      ZbIndicator *indicator = zb_dataset_get_indicator (dataset, i);

      for (guint j = 0; j < indicator->observations->len; j++)
        g_assert_true (isfinite (((ZbObservation *) g_ptr_array_index (indicator->observations,
                                                                         j))->value));
    }
}

static void
test_regression (gconstpointer data)
{
  const Regression *regression = data;

  if (g_test_subprocess ())
    {
      if (strstr (regression->path, G_DIR_SEPARATOR_S "table" G_DIR_SEPARATOR_S) != NULL)
        load_regression_table (regression->path);
      else if (g_str_has_suffix (regression->path, ".json"))
        load_regression_dataset (regression->path);
      else
        extract_regression_report (regression->path);
      return;
    }
  g_test_message ("regression input %s", regression->path);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (excused_by (regression->finding, !g_test_trap_has_passed (), regression->path))
    return;
  g_test_trap_assert_passed ();
}

/* Registers /cli/regressions/<target>/<input> for every saved input of target. */
static void
add_regressions (const char *target)
{
  g_autofree char *dir_path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "tests", "fuzz",
                                                "regressions", target, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      Regression *regression = g_new0 (Regression, 1);
      g_autofree char *test_path = g_strdup_printf ("/cli/regressions/%s/%s", target, name);

      regression->path = g_build_filename (dir_path, name, NULL);
      regression->finding = g_strndup (name, strcspn (name, "-"));
      g_ptr_array_add (regressions, regression);
      g_test_add_data_func (test_path, regression, test_regression);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  load_open_findings ();
  /* A child blocked writing to a pipe we stopped reading must not kill us. */
  signal (SIGPIPE, SIG_IGN);

#define ADD_HOSTILE(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD_HOSTILE ("/cli/usage", test_usage);
  ADD_HOSTILE ("/cli/hostile/huge-dataset", test_huge_dataset);
  ADD_HOSTILE ("/cli/hostile/many-indicators", test_many_indicators);
  ADD_HOSTILE ("/cli/hostile/deep-nesting", test_deep_nesting);
  ADD_HOSTILE ("/cli/hostile/numbers", test_numbers);
  ADD_HOSTILE ("/cli/hostile/invalid-utf8", test_invalid_utf8);
  ADD_HOSTILE ("/cli/hostile/directory", test_directory);
  ADD_HOSTILE ("/cli/hostile/fifo", test_fifo);
  ADD_HOSTILE ("/cli/hostile/device-report", test_device_report);
  ADD_HOSTILE ("/cli/hostile/long-line-report", test_long_line_report);
  ADD_HOSTILE ("/cli/hostile/report-changed", test_report_changed);
  ADD_HOSTILE ("/cli/hostile/unknown-indicator", test_unknown_indicator);
  ADD_HOSTILE ("/cli/export/full-and-read-only", test_export_full_and_read_only);
  ADD_HOSTILE ("/cli/export/bad-targets", test_export_bad_targets);
  ADD_HOSTILE ("/cli/export/killed", test_export_killed);
#undef ADD_HOSTILE
  regressions = g_ptr_array_new_with_free_func ((GDestroyNotify) regression_free);
  add_regressions ("dataset");
  add_regressions ("extractor");
  add_regressions ("table");

  status = g_test_run ();
  g_ptr_array_unref (regressions);
  g_strfreev (open_findings);
  return status;
}
