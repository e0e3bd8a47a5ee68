#include "config.h"

#include "zb-error.h"
#include "zb-report.h"

#include <string.h>

static char *
data_path (const char *relative)
{
  const char *root = g_getenv ("ZB_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static ZbReport *
load_ok (const char *relative)
{
  g_autofree char *path = data_path (relative);
  g_autoptr (GError) error = NULL;
  ZbReport *report = zb_report_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static ZbReport *
report_from_string (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  ZbReport *report = zb_report_new_from_bytes (bytes, "inline.txt", &error);

  g_assert_no_error (error);
  return report;
}

/* Offset of the first occurrence of needle in the report's text. */
static gsize
offset_of (ZbReport   *report,
           const char *needle)
{
  gsize len;
  const char *text = zb_report_get_text (report, &len);
  const char *hit = g_strstr_len (text, len, needle);

  g_assert_nonnull (hit);
  return (gsize) (hit - text);
}

static char *
sentence_at (ZbReport *report,
             gsize     offset)
{
  gsize start, end;

  g_assert_true (zb_report_get_sentence (report, offset, &start, &end));
  return zb_report_dup_range (report, start, end);
}

static void
test_wuhan_sections (void)
{
  g_autoptr (ZbReport) report = load_ok ("data/reports/wuhan-2024.txt");
  guint n = zb_report_get_n_sections (report);
  guint level1 = 0, under[3] = { 0 };
  int top[3] = { -1, -1, -1 };
  const char *titles[] = { "2023年工作回顾", "2024年重点工作", "从严从实加强政府自身建设" };

  for (guint i = 0; i < n; i++)
    {
      const ZbSection *s = zb_report_get_section (report, i);

      g_assert_cmpuint (s->start, <, s->heading_end);
      g_assert_cmpuint (s->heading_end, <=, s->end);
      if (s->level == 1)
        {
          g_assert_cmpuint (level1, <, 3);
          g_assert_cmpint (s->parent, ==, -1);
          g_assert_cmpstr (s->title, ==, titles[level1]);
          top[level1++] = (int) i;
        }
      else
        {
          g_assert_cmpint (s->level, ==, 2);
          g_assert_cmpint (s->parent, >=, 0);
          for (guint t = 0; t < 3; t++)
            if (top[t] == s->parent)
              under[t]++;
          /* A child lies inside its parent. */
          g_assert_cmpuint (s->start, >=, zb_report_get_section (report, s->parent)->start);
          g_assert_cmpuint (s->end, <=, zb_report_get_section (report, s->parent)->end);
        }
    }
  g_assert_cmpuint (level1, ==, 3);
  g_assert_cmpuint (under[0], ==, 7);
  g_assert_cmpuint (under[1], ==, 10);
  g_assert_cmpuint (under[2], ==, 0);
  g_assert_cmpuint (n, ==, 20);

  {
    const ZbSection *s = zb_report_get_section (report, 3);

    g_assert_cmpstr (s->id, ==, "1.3");
    g_assert_cmpstr (s->number, ==, "（三）");
    g_assert_cmpstr (s->title, ==, "坚持调结构提效能，产业发展量质并进");
    g_assert_cmpstr (zb_report_get_section (report, 0)->id, ==, "1");
    g_assert_cmpstr (zb_report_get_section (report, 0)->number, ==, "一、");
    g_assert_cmpstr (zb_report_get_section (report, top[1])->id, ==, "2");
    g_assert_cmpstr (zb_report_get_section (report, top[1] + 10)->id, ==, "2.10");
    /* Sections follow each other: a level-1 section ends where the next begins. */
    g_assert_cmpuint (zb_report_get_section (report, top[0])->end, ==,
                      zb_report_get_section (report, top[1])->start);
  }
}

static void
test_wuhan_lookup (void)
{
  g_autoptr (ZbReport) report = load_ok ("data/reports/wuhan-2024.txt");
  gsize gdp = offset_of (report, "4.5%");
  gsize target = offset_of (report, "地区生产总值增长6%");
  gsize len, pstart, pend;
  g_autofree char *sentence = sentence_at (report, gdp);
  g_autofree char *para = NULL;
  g_auto (GStrv) path = NULL;
  g_auto (GStrv) path2 = NULL;
  g_auto (GStrv) none = NULL;
  g_autofree char *sha = NULL;
  const char *text = zb_report_get_text (report, &len);
  int index;

  g_assert_true (g_str_has_prefix (sentence, "经济增速逐季回升，一季度增长4.5%"));
  g_assert_true (g_str_has_suffix (sentence, "武汉发展站上了新的起点。"));

  g_assert_true (zb_report_get_paragraph (report, gdp, &pstart, &pend));
  para = zb_report_dup_range (report, pstart, pend);
  g_assert_true (g_str_has_prefix (para, "这一年，我们牢牢把握"));
  g_assert_cmpint (text[pend], ==, '\n');

  index = zb_report_find_section (report, gdp);
  g_assert_cmpint (index, ==, 0);
  path = zb_report_dup_section_path (report, gdp);
  g_assert_cmpuint (g_strv_length (path), ==, 1);
  g_assert_cmpstr (path[0], ==, "2023年工作回顾");

  path2 = zb_report_dup_section_path (report, offset_of (report, "技术合同成交额2198亿元"));
  g_assert_cmpuint (g_strv_length (path2), ==, 2);
  g_assert_cmpstr (path2[1], ==, "坚持抓创新重应用，科教优势加快转化");

  index = zb_report_find_section (report, target);
  g_assert_cmpstr (zb_report_get_section (report, index)->title, ==, "2024年重点工作");

  /* Before the first heading: no section, an empty path. */
  g_assert_cmpint (zb_report_find_section (report, 0), ==, -1);
  none = zb_report_dup_section_path (report, 0);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  g_assert_cmpstr (zb_report_get_title (report), ==, "政府工作报告");
  g_assert_cmpstr (zb_report_get_delivered (report), ==, "2024-01-18");
  g_assert_true (g_str_has_prefix (zb_report_get_heading (report), "政府工作报告\n——2024年1月18日"));
  g_assert_cmpuint (zb_report_get_text_start (report), ==, 0);

  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
  g_assert_cmpstr (zb_report_get_sha256 (report), ==, sha);
  g_assert_cmpuint (g_bytes_get_size (zb_report_get_bytes (report)), ==, len);
  g_assert_cmpint (text[len], ==, '\0');
}

static void
test_sentences (void)
{
  g_autoptr (ZbReport) report =
    report_from_string ("他说：“增长5%。”随后；投资增长3%！真的吗？是的\n\n第二段没有句号");
  const char *expected[] = { "他说：“增长5%。”", "随后；", "投资增长3%！", "真的吗？", "是的",
                             "第二段没有句号" };
  gsize start, end;

  g_assert_cmpuint (zb_report_get_n_sentences (report), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *s = NULL;

      zb_report_get_sentence_at_index (report, i, &start, &end);
      s = zb_report_dup_range (report, start, end);
      g_assert_cmpstr (s, ==, expected[i]);
    }
  /* The blank line between the paragraphs belongs to no sentence and no paragraph. */
  g_assert_false (zb_report_get_sentence (report, offset_of (report, "\n\n") + 1, NULL, NULL));
  g_assert_false (zb_report_get_paragraph (report, offset_of (report, "\n\n") + 1, NULL, NULL));
  g_assert_false (zb_report_get_sentence (report, 100000, NULL, NULL));
}

static void
check_small_report (ZbReport   *report,
                    gsize       text_start)
{
  gsize len, start, end;
  const char *text = zb_report_get_text (report, &len);
  gsize at = offset_of (report, "7.2%");
  g_autofree char *sentence = sentence_at (report, at);
  g_autofree char *para = NULL;
  g_auto (GStrv) path = zb_report_dup_section_path (report, at);
  guint level1 = 0;

  g_assert_cmpuint (zb_report_get_text_start (report), ==, text_start);
  g_assert_cmpstr (sentence, ==, "社会消费品零售总额增长7.2%。");
  g_assert_cmpuint (g_strv_length (path), ==, 2);
  g_assert_cmpstr (path[0], ==, "2024年工作回顾");
  g_assert_cmpstr (path[1], ==, "坚持稳增长");

  /* The paragraph stops before the line end, CR included. */
  g_assert_true (zb_report_get_paragraph (report, at, &start, &end));
  para = zb_report_dup_range (report, start, end);
  g_assert_true (g_str_has_prefix (para, "（一）坚持稳增长。"));
  g_assert_true (g_str_has_suffix (para, "新增城镇就业3.5万人。"));
  g_assert_true (text[end] == '\r' || text[end] == '\n');

  for (guint i = 0; i < zb_report_get_n_sections (report); i++)
    if (zb_report_get_section (report, i)->level == 1)
      level1++;
  g_assert_cmpuint (level1, ==, 2);
  g_assert_cmpuint (zb_report_get_n_sections (report), ==, 5);
  g_assert_cmpstr (zb_report_get_delivered (report), ==, "2025-02-10");
  g_assert_cmpstr (zb_report_get_title (report), ==, "政府工作报告");
  g_assert_cmpuint (zb_report_get_section (report, 0)->start, ==,
                    offset_of (report, "一、2024年工作回顾"));
  g_assert_cmpuint (zb_report_get_section (report, 0)->end, ==,
                    offset_of (report, "二、2025年重点工作"));
  g_assert_cmpuint (zb_report_get_section (report, 4)->end, ==, len);

  for (guint i = 0; i < zb_report_get_n_sentences (report); i++)
    {
      zb_report_get_sentence_at_index (report, i, &start, &end);
      g_assert_true (zb_report_is_valid_span (report, start, end));
      g_assert_cmpint (text[end - 1], !=, '\r');
      g_assert_cmpint (text[start], !=, '\n');
    }
}

static void
test_crlf (void)
{
  g_autoptr (ZbReport) report = load_ok ("tests/data/reports/crlf.txt");
  gsize len;
  const char *text = zb_report_get_text (report, &len);

  g_assert_nonnull (strstr (text, "\r\n"));
  check_small_report (report, 0);
}

static void
test_bom (void)
{
  g_autoptr (ZbReport) report = load_ok ("tests/data/reports/bom.txt");
  g_autoptr (ZbReport) plain = NULL;
  gsize len;
  const char *text = zb_report_get_text (report, &len);

  check_small_report (report, 3);
  /* Offsets count the BOM: they are offsets into the raw file. */
  g_assert_cmpuint (zb_report_get_section (report, 0)->start, ==,
                    (gsize) (strstr (text, "一、") - text));
  plain = report_from_string (text + 3);
  g_assert_cmpuint (zb_report_get_section (report, 0)->start, ==,
                    zb_report_get_section (plain, 0)->start + 3);
}

static void
test_no_headings (void)
{
  g_autoptr (ZbReport) report = load_ok ("tests/data/reports/no-headings.txt");
  g_auto (GStrv) path = zb_report_dup_section_path (report, 10);

  g_assert_cmpuint (zb_report_get_n_sections (report), ==, 0);
  g_assert_cmpint (zb_report_find_section (report, 10), ==, -1);
  g_assert_cmpuint (g_strv_length (path), ==, 0);
  g_assert_cmpuint (zb_report_get_n_sentences (report), ==, 3);
  g_assert_null (zb_report_get_delivered (report));
  /* Its first line is a sentence, not a title. */
  g_assert_null (zb_report_get_title (report));
  g_assert_null (zb_report_get_heading (report));
}

/* Lines a web site put above the title do not hide it. */
static void
test_banner (void)
{
  g_autoptr (ZbReport) report = load_ok ("tests/data/reports/banner.txt");

  g_assert_cmpstr (zb_report_get_title (report), ==, "政府工作报告");
  g_assert_cmpstr (zb_report_get_delivered (report), ==, "2024-01-18");
  g_assert_true (g_str_has_prefix (zb_report_get_heading (report), "政府工作报告\n——2024年1月18日"));
  g_assert_cmpuint (zb_report_get_n_sections (report), ==, 1);
}

static void
check_error (const char   *name,
             int           code,
             const char   *message_part)
{
  g_autofree char *relative = g_build_filename ("tests/data/reports", name, NULL);
  g_autofree char *path = data_path (relative);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = zb_report_new_from_file (path, &error);

  g_assert_null (report);
  g_assert_error (error, ZB_REPORT_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” not in the message “%s”", message_part, error->message);
  /* Every message names the file. */
  g_assert_nonnull (strstr (error->message, name));
}

static void
test_errors (void)
{
  g_autofree char *offset = g_strdup_printf ("byte offset %zu", strlen ("一、回顾\n增长5%"));

  check_error ("empty.txt", ZB_REPORT_ERROR_EMPTY, "empty");
  check_error ("blank.txt", ZB_REPORT_ERROR_EMPTY, "white space");
  check_error ("invalid-utf8.txt", ZB_REPORT_ERROR_ENCODING, offset);
  check_error ("invalid-utf8.txt", ZB_REPORT_ERROR_ENCODING, "0xFF");
  check_error ("invalid-utf8.txt", ZB_REPORT_ERROR_ENCODING, "line 2");
  check_error ("binary.bin", ZB_REPORT_ERROR_ENCODING, "byte offset 0");
  check_error ("binary.bin", ZB_REPORT_ERROR_ENCODING, "binary");
  check_error ("no-such-file.txt", ZB_REPORT_ERROR_IO, "Cannot read");
  check_error ("", ZB_REPORT_ERROR_IO, "folder");

  /* A device is refused before a byte is read: /dev/zero would never end. */
  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ZbReport) report = zb_report_new_from_file ("/dev/zero", &error);

      g_assert_null (report);
      g_assert_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
    }
}

static void
test_too_large (void)
{
  gsize size = ZB_REPORT_MAX_SIZE + 1;
  /* Zeroed pages are not touched: the size is refused before the bytes are read. */
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr (GError) error = NULL;
  g_autoptr (ZbReport) report = zb_report_new_from_bytes (bytes, "big.txt", &error);

  g_assert_null (report);
  g_assert_error (error, ZB_REPORT_ERROR, ZB_REPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.txt"));
}

static void
test_spans (void)
{
  g_autoptr (ZbReport) report = report_from_string ("增长5%");
  g_autofree char *all = zb_report_dup_range (report, 0, strlen ("增长5%"));
  g_autofree char *none = zb_report_dup_range (report, 0, 100);
  g_autofree char *backwards = zb_report_dup_range (report, 3, 1);

  g_assert_cmpstr (all, ==, "增长5%");
  g_assert_null (none);
  g_assert_null (backwards);
  g_assert_true (zb_report_is_valid_span (report, 0, 3));
  g_assert_true (zb_report_is_valid_span (report, 6, 6));
  g_assert_false (zb_report_is_valid_span (report, 1, 3));  /* inside 增 */
  g_assert_false (zb_report_is_valid_span (report, 0, 4));
  g_assert_false (zb_report_is_valid_span (report, 3, 2));
  g_assert_false (zb_report_is_valid_span (report, 0, 9));
  g_assert_cmpstr (zb_report_get_path (report), ==, "inline.txt");
  g_assert_null (zb_report_get_delivered (report));
}

/* A 10 MB text on one line: every lookup must be a binary search, not a walk. */
static void
test_huge_line (void)
{
  const char *piece = "经济增长5.5%，投资增长3%；";
  gsize piece_len = strlen (piece);
  guint repeat = (10 * 1024 * 1024) / piece_len;
  g_autoptr (GString) text = g_string_sized_new (repeat * piece_len + 64);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (ZbReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  gsize start, end;

  g_string_append (text, "一、回顾");
  for (guint i = 0; i < repeat; i++)
    g_string_append (text, piece);
  bytes = g_bytes_new (text->str, text->len);
  report = zb_report_new_from_bytes (bytes, "huge.txt", &error);
  g_assert_no_error (error);

  /* The heading's line is the whole text; its title stops at the line end. */
  g_assert_cmpuint (zb_report_get_n_sections (report), ==, 1);
  g_assert_cmpuint (zb_report_get_n_sentences (report), ==, repeat);
  for (guint i = 0; i < 100000; i++)
    {
      gsize offset = (gsize) g_rand_int_range (rand, strlen ("一、回顾"), (gint32) text->len);
      gsize k = (offset - strlen ("一、回顾")) / piece_len;

      g_assert_true (zb_report_get_sentence (report, offset, &start, &end));
      g_assert_cmpuint (end, ==, strlen ("一、回顾") + (k + 1) * piece_len);
      g_assert_true (zb_report_get_paragraph (report, offset, &start, &end));
      g_assert_cmpuint (end, ==, text->len);
      g_assert_cmpint (zb_report_find_section (report, offset), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/wuhan/sections", test_wuhan_sections);
  g_test_add_func ("/report/wuhan/lookup", test_wuhan_lookup);
  g_test_add_func ("/report/sentences", test_sentences);
  g_test_add_func ("/report/crlf", test_crlf);
  g_test_add_func ("/report/bom", test_bom);
  g_test_add_func ("/report/no-headings", test_no_headings);
  g_test_add_func ("/report/banner", test_banner);
  g_test_add_func ("/report/errors", test_errors);
  g_test_add_func ("/report/too-large", test_too_large);
  g_test_add_func ("/report/spans", test_spans);
  g_test_add_func ("/report/huge-line", test_huge_line);

  return g_test_run ();
}
