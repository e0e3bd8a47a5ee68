/* test-slide.c: a briefing's slides hold the report's words, export to a PDF and a PNG folder
 * of the right length, and keep their text inside the slide at projector and 4K sizes. */
#define G_LOG_DOMAIN "test-slide"

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "zb-dataset.h"
#include "zb-error.h"
#include "zb-report.h"
#include "zb-slide.h"
#include "zb-text-render.h"

static ZbDataset *dataset;

static ZbBriefing *
default_briefing (void)
{
  ZbBriefing *briefing = zb_dataset_lookup_briefing (dataset, "key-figures");

  g_assert_nonnull (briefing);
  g_assert_cmpuint (briefing->slides->len, >=, 3);
  return briefing;
}

static ZbSlideDeck *
default_deck (gboolean sources)
{
  g_autoptr (GError) error = NULL;
  ZbSlideDeck *deck = zb_slide_deck_new (dataset, default_briefing (), ZB_LANG_ZH, sources, &error);

  g_assert_no_error (error);
  return deck;
}

/* The text with every white space removed: pdftotext breaks lines where the slide wraps them. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The report's sentence around a figure, found without the slide code. */
static char *
sentence_of (const ZbObservation *obs)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  gsize start, end;
  g_autofree char *raw = NULL;

  g_assert_true (zb_report_get_sentence (report, obs->src_start, &start, &end));
  raw = zb_report_dup_range (report, start, end);
  return squeeze (raw);
}

static void
test_deck (void)
{
  g_autoptr (ZbSlideDeck) deck = default_deck (TRUE);
  ZbBriefing *briefing = default_briefing ();
  g_autoptr (ZbSlideDeck) plain = default_deck (FALSE);
  g_autoptr (GPtrArray) listed = g_ptr_array_new ();
  guint n = zb_slide_deck_get_n_slides (deck);

  /* The title, the charts, then the sources, a few sentences a slide. */
  g_assert_cmpuint (zb_slide_deck_get_n_slides (plain), ==, briefing->slides->len + 1);
  g_assert_cmpuint (n, >=, briefing->slides->len + 2);
  g_assert_cmpint (zb_slide_deck_get_kind (deck, 0), ==, ZB_SLIDE_KIND_TITLE);
  g_assert_cmpstr (zb_slide_deck_get_title (deck, 0), ==, briefing->title.zh);
  for (guint i = briefing->slides->len + 1; i < n; i++)
    {
      GPtrArray *figures = zb_slide_deck_get_figures (deck, i);

      g_assert_cmpint (zb_slide_deck_get_kind (deck, i), ==, ZB_SLIDE_KIND_SOURCES);
      g_assert_true (g_str_has_prefix (zb_slide_deck_get_title (deck, i), "来源"));
      for (guint j = 0; j < figures->len; j++)
        g_ptr_array_add (listed, g_ptr_array_index (figures, j));
    }

  for (guint i = 0; i < briefing->slides->len; i++)
    {
      ZbSlide *entry = g_ptr_array_index (briefing->slides, i);
      const ZbChartSpec *spec = zb_dataset_lookup_chart (dataset, entry->chart);
      GPtrArray *figures = zb_slide_deck_get_figures (deck, i + 1);
      g_autofree char *caption = squeeze (zb_slide_deck_get_caption (deck, i + 1));
      g_autofree char *notes = squeeze (zb_slide_deck_get_notes (deck, i + 1));

      g_assert_cmpint (zb_slide_deck_get_kind (deck, i + 1), ==, ZB_SLIDE_KIND_CHART);
      g_assert_true (zb_slide_deck_get_chart (deck, i + 1) == spec);
      g_assert_cmpstr (zb_slide_deck_get_title (deck, i + 1), ==, spec->title.zh);
      g_assert_cmpint (zb_slide_deck_find_chart (deck, entry->chart), ==, (int) i + 1);
      g_assert_cmpuint (figures->len, >, 0);
      for (guint j = 0; j < figures->len; j++)
        {
          ZbObservation *obs = g_ptr_array_index (figures, j);
          g_autofree char *sentence = NULL;

          if (obs->src_text == NULL)
            continue;
          sentence = sentence_of (obs);
          g_assert_nonnull (strstr (caption, sentence));
          /* Every figure shown is listed on a Sources slide. */
          g_assert_true (g_ptr_array_find (listed, obs, NULL));
          if (entry->note == NULL)
            g_assert_nonnull (strstr (notes, sentence));
        }
    }
  g_assert_cmpint (zb_slide_deck_find_chart (deck, "no-such-chart"), ==, -1);
}

static void
test_selection_caption (void)
{
  g_autoptr (ZbSlideDeck) deck = default_deck (FALSE);
  g_autofree char *all = g_strdup (zb_slide_deck_get_caption (deck, 1));
  guint n_marks = zb_slide_deck_get_n_marks (deck, 1);
  const ZbMark *mark;
  g_autofree char *sentence = NULL;
  g_autofree char *caption = NULL;

  g_assert_cmpuint (n_marks, >, 1);
  zb_slide_deck_set_selected (deck, 1, n_marks - 1);
  g_assert_cmpint (zb_slide_deck_get_selected (deck, 1), ==, (int) n_marks - 1);
  mark = zb_slide_deck_get_mark (deck, 1, n_marks - 1);
  sentence = sentence_of (mark->observation);
  caption = squeeze (zb_slide_deck_get_caption (deck, 1));
  g_assert_cmpstr (caption, ==, sentence);

  zb_slide_deck_set_selected (deck, 1, -1);
  g_assert_cmpstr (zb_slide_deck_get_caption (deck, 1), ==, all);
}

static void
test_notes_and_errors (void)
{
  g_autoptr (ZbBriefing) briefing = zb_briefing_new ("test");
  g_autoptr (ZbBriefing) broken = zb_briefing_new ("broken");
  g_autoptr (ZbBriefing) empty = zb_briefing_new ("empty");
  g_autoptr (ZbSlideDeck) deck = NULL;
  g_autoptr (GError) error = NULL;
  ZbChartSpec *chart = zb_dataset_get_chart (dataset, 0);
  ZbSlide *slide;

  briefing->title.en = g_strdup ("Test");
  slide = zb_briefing_add_slide (briefing, chart->id);
  slide->note = g_strdup ("Pause here for questions.");
  deck = zb_slide_deck_new (dataset, briefing, ZB_LANG_EN, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zb_slide_deck_get_n_slides (deck), ==, 2);
  g_assert_cmpstr (zb_slide_deck_get_notes (deck, 1), ==, "Pause here for questions.");
  g_assert_cmpstr (zb_slide_deck_get_title (deck, 1), ==, zb_text_get (&chart->title, ZB_LANG_EN));
  g_clear_object (&deck);

  zb_briefing_add_slide (broken, chart->id);
  zb_briefing_add_slide (broken, "no-such-chart");
  deck = zb_slide_deck_new (dataset, broken, ZB_LANG_ZH, TRUE, &error);
  g_assert_null (deck);
  g_assert_error (error, ZB_DATASET_ERROR, ZB_DATASET_ERROR_REFERENCE);
  g_assert_nonnull (strstr (error->message, "no-such-chart"));
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);

  deck = zb_slide_deck_new (dataset, empty, ZB_LANG_ZH, TRUE, &error);
  g_assert_null (deck);
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_EMPTY);
}

static char *
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return g_ascii_strtoull (pages + strlen ("Pages:") + strspn (pages + strlen ("Pages:"), " "), NULL, 10);
}

static char *
pdf_page_text (const char *path,
               guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-raw", "-f", number, "-l", number, "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run (argv);

  return squeeze (text);
}

/* The figure with the words just before it in the report ("全年增长5.7"), stopping at a clause mark:
 * what any quote of the figure, whole sentence or clause, has to show. */
static char *
figure_in_context (const ZbObservation *obs)
{
  ZbReport *report = zb_dataset_get_report (dataset);
  const char *text = zb_report_get_text (report, NULL);
  const char *p = text + obs->src_start;
  g_autofree char *raw = NULL;

  for (int i = 0; i < 4 && p > text; i++)
    {
      const char *prev = g_utf8_prev_char (p);

      if (g_utf8_strchr ("，；：。、\n", -1, g_utf8_get_char (prev)) != NULL)
        break;
      p = prev;
    }
  raw = g_strndup (p, text + obs->src_end - p);
  return squeeze (raw);
}

static const char *
caption_role (ZbSlideDeck *deck,
              guint        index)
{
  g_autoptr (GArray) texts = zb_slide_deck_dup_texts (deck, index, ZB_SLIDE_PDF_WIDTH,
                                                      ZB_SLIDE_PDF_HEIGHT, ZB_THEME_LIGHT);

  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (g_array_index (texts, ZbSlideText, i).role, "caption")
        && !g_array_index (texts, ZbSlideText, i).ellipsized)
      return g_array_index (texts, ZbSlideText, i).role;
  return NULL;
}

static void
check_pdf (ZbSlideDeck *deck,
           const char  *path)
{
  guint n = zb_slide_deck_get_n_slides (deck), n_whole = 0;

  g_assert_cmpuint (pdf_pages (path), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = pdf_page_text (path, i + 1);
      g_autofree char *title = squeeze (zb_slide_deck_get_title (deck, i));
      GPtrArray *figures = zb_slide_deck_get_figures (deck, i);
      const char *role;

      g_assert_nonnull (strstr (text, title));
      if (zb_slide_deck_get_kind (deck, i) != ZB_SLIDE_KIND_CHART)
        continue;
      /* Whole sentences when they fit, else the clauses of the figures: either way uncut. */
      role = caption_role (deck, i);
      g_assert_nonnull (role);
      n_whole += g_str_equal (role, "caption");
      for (guint j = 0; j < figures->len; j++)
        {
          ZbObservation *obs = g_ptr_array_index (figures, j);
          g_autofree char *sentence = NULL;
          g_autofree char *context = NULL;

          if (obs->src_text == NULL)
            continue;
          sentence = sentence_of (obs);
          context = figure_in_context (obs);
          if (g_str_equal (role, "caption"))
            g_assert_nonnull (strstr (text, sentence));
          g_assert_nonnull (strstr (text, context));
        }
    }
  /* Slides with a sentence or two quote them whole. */
  g_assert_cmpuint (n_whole, >, 0);
}

static void
test_pdf (void)
{
  g_autoptr (ZbSlideDeck) deck = default_deck (TRUE);
  g_autofree char *dir = g_dir_make_tmp ("zb-slide-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "briefing.pdf", NULL);
  g_autofree char *notes_path = g_build_filename (dir, "notes.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *info = NULL;

  g_assert_true (zb_slide_deck_export_pdf (deck, path, ZB_THEME_LIGHT, FALSE, &error));
  g_assert_no_error (error);
  check_pdf (deck, path);
  {
    const char *argv[] = { "pdfinfo", path, NULL };
    info = run (argv);
    /* 16:9 pages. */
    g_assert_nonnull (strstr (info, "960 x 540 pts"));
  }

  g_assert_true (zb_slide_deck_export_pdf (deck, notes_path, ZB_THEME_DARK, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (notes_path), ==, zb_slide_deck_get_n_slides (deck));
  {
    g_autofree char *text = pdf_page_text (notes_path, 2);
    g_autofree char *notes = squeeze (zb_slide_deck_get_notes (deck, 1));

    g_assert_nonnull (strstr (text, "演讲备注"));
    g_assert_nonnull (strstr (text, notes));
  }

  /* A failed export says where and leaves nothing behind. */
  {
    g_autofree char *bad = g_build_filename (dir, "missing", "briefing.pdf", NULL);

    g_assert_false (zb_slide_deck_export_pdf (deck, bad, ZB_THEME_LIGHT, FALSE, &error));
    g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }

  g_unlink (path);
  g_unlink (notes_path);
  g_rmdir (dir);
}

/* The PDF's bytes with its creation date blanked: the rest is the same from run to run. */
static GBytes *
pdf_without_date (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *key = "/CreationDate (D:";
  char *date = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* The file holds binary streams, which a string search would stop at. */
  for (gsize i = 0; date == NULL && i + strlen (key) <= length; i++)
    if (memcmp (contents + i, key, strlen (key)) == 0)
      date = contents + i;
  g_assert_nonnull (date);
  memset (date, 'x', strlen ("/CreationDate (D:20240101000000Z)"));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* The regular faces a PDF embeds. */
static guint
regular_faces (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *fonts = run (argv);
  g_auto (GStrv) lines = g_strsplit (fonts, "\n", -1);
  guint regular = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "NotoSansCJK") != NULL && strstr (lines[i], "-Regular") != NULL)
      regular++;
  return regular;
}

/* Slides laid out by a helper thread (zb-slide's LayoutAhead) make the very same PDF as slides
 * laid out by the drawing thread alone: the same text in the same places, and each face embedded
 * once although two font maps loaded it. So also through cairo, where zb-pdf cannot write a
 * document: the same text, each face once. */
static void
test_pdf_layout_ahead (void)
{
  g_autofree char *dir = g_dir_make_tmp ("zb-slide-XXXXXX", NULL);
  g_autofree char *alone = g_build_filename (dir, "alone.pdf", NULL);
  g_autofree char *ahead = g_build_filename (dir, "ahead.pdf", NULL);
  g_autoptr (GError) error = NULL;

  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one processor: no helper thread");
      return;
    }
  for (guint writer = 0; writer < 2; writer++)
    {
      zb_text_render_set_writer (writer == 1);
      for (guint i = 0; i < 2; i++)
        {
          /* A new deck each time, as a deck keeps its layout. */
          g_autoptr (ZbSlideDeck) deck = default_deck (TRUE);

          g_assert_cmpuint (zb_slide_deck_get_n_slides (deck), >=, 8);
          zb_slide_deck_set_layout_ahead (i == 1);
          g_assert_true (zb_slide_deck_export_pdf (deck, i == 1 ? ahead : alone, ZB_THEME_DARK, FALSE, &error));
          g_assert_no_error (error);
        }
      zb_slide_deck_set_layout_ahead (TRUE);

      g_assert_cmpuint (regular_faces (alone), ==, 1);
      g_assert_cmpuint (regular_faces (ahead), ==, 1);
      if (writer == 1)
        {
          g_autoptr (GBytes) alone_bytes = pdf_without_date (alone);
          g_autoptr (GBytes) ahead_bytes = pdf_without_date (ahead);

          g_assert_true (g_bytes_equal (alone_bytes, ahead_bytes));
        }
      else
        for (guint page = 1; page <= 3; page++)
          {
            g_autofree char *alone_text = pdf_page_text (alone, page);
            g_autofree char *ahead_text = pdf_page_text (ahead, page);

            g_assert_cmpstr (alone_text, ==, ahead_text);
          }
    }
  zb_text_render_set_writer (TRUE);

  /* A helper started before the deck was made (as `zhibiao export --briefing` does) makes the
   * same PDF too; one that no export took is ended cleanly. */
  {
    g_autofree char *spare = g_build_filename (dir, "spare.pdf", NULL);
    g_autoptr (ZbSlideDeck) deck = NULL;
    g_autoptr (GBytes) alone_bytes = pdf_without_date (alone);
    g_autoptr (GBytes) spare_bytes = NULL;

    zb_slide_start_layout_helper ();
    deck = default_deck (TRUE);
    g_assert_true (zb_slide_deck_export_pdf (deck, spare, ZB_THEME_DARK, FALSE, &error));
    g_assert_no_error (error);
    /* The export took the helper: none is left waiting. */
    g_assert_false (zb_slide_stop_layout_helper ());
    spare_bytes = pdf_without_date (spare);
    g_assert_true (g_bytes_equal (alone_bytes, spare_bytes));
    g_unlink (spare);

    zb_slide_start_layout_helper ();
    g_assert_true (zb_slide_stop_layout_helper ());
  }

  g_unlink (alone);
  g_unlink (ahead);
  g_rmdir (dir);
}

static void
test_png_folder (void)
{
  g_autoptr (ZbSlideDeck) deck = default_deck (FALSE);
  g_autofree char *dir = g_dir_make_tmp ("zb-slide-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (dir, "slides", NULL);
  g_autofree char *stale = g_build_filename (folder, "slide-99.png", NULL);
  g_autofree char *other = g_build_filename (folder, "notes.txt", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) listing = NULL;
  guint n = zb_slide_deck_get_n_slides (deck), count = 0;
  const char *name;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (stale, "old", -1, NULL));
  g_assert_true (g_file_set_contents (other, "keep", -1, NULL));

  g_assert_true (zb_slide_deck_export_png (deck, folder, 1920, 1080, ZB_THEME_LIGHT, &error));
  g_assert_no_error (error);

  listing = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      cairo_surface_t *surface;

      if (g_str_equal (name, "notes.txt"))
        continue;
      count++;
      surface = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1920);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1080);
      cairo_surface_destroy (surface);
      g_unlink (path);
    }
  g_assert_cmpuint (count, ==, n);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  {
    g_autofree char *first = zb_slide_deck_png_name (deck, 0);
    g_assert_cmpstr (first, ==, "slide-01.png");
  }

  g_assert_false (zb_slide_deck_export_png (deck, other, 1920, 1080, ZB_THEME_LIGHT, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (zb_slide_deck_export_png (deck, folder, 0, 1080, ZB_THEME_LIGHT, &error));
  g_assert_error (error, ZB_EXPORT_ERROR, ZB_EXPORT_ERROR_SIZE);

  g_unlink (other);
  g_rmdir (folder);
  g_rmdir (dir);
}

static gboolean
boxes_overlap (const ZbSlideText *a,
               const ZbSlideText *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->text_height && b->y < a->y + a->text_height;
}

static void
check_fit (ZbSlideDeck *deck,
           double       width,
           double       height)
{
  for (guint i = 0; i < zb_slide_deck_get_n_slides (deck); i++)
    {
      g_autoptr (GArray) texts = zb_slide_deck_dup_texts (deck, i, width, height, ZB_THEME_LIGHT);

      g_assert_cmpuint (texts->len, >, 0);
      for (guint j = 0; j < texts->len; j++)
        {
          const ZbSlideText *t = &g_array_index (texts, ZbSlideText, j);

          g_test_message ("%g×%g slide %u %s: box %g×%g text %g×%g at %g", width, height, i,
                          t->role, t->width, t->height, t->text_width, t->text_height, t->font_size);
          g_assert_cmpfloat (t->text_width, <=, t->width + 0.5);
          g_assert_cmpfloat (t->text_height, <=, t->height + 0.5);
          g_assert_cmpfloat (t->x, >=, 0);
          g_assert_cmpfloat (t->y, >=, 0);
          g_assert_cmpfloat (t->x + t->text_width, <=, width);
          g_assert_cmpfloat (t->y + t->text_height, <=, height);
          /* Readable from a distance: nothing smaller than 1.3% of the 16:9 page's height. */
          g_assert_cmpfloat (t->font_size, >=, MIN (height, width * 9 / 16) * 0.013);
          for (guint k = j + 1; k < texts->len; k++)
            g_assert_false (boxes_overlap (t, &g_array_index (texts, ZbSlideText, k)));
        }
    }
}

static double
font_size_of (ZbSlideDeck *deck,
              guint        slide,
              const char  *role,
              double       width,
              double       height)
{
  g_autoptr (GArray) texts = zb_slide_deck_dup_texts (deck, slide, width, height, ZB_THEME_DARK);

  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_array_index (texts, ZbSlideText, i).role, role))
      return g_array_index (texts, ZbSlideText, i).font_size;
  g_assert_not_reached ();
}

static void
test_text_fits (void)
{
  g_autoptr (ZbSlideDeck) zh = default_deck (TRUE);
  g_autoptr (ZbSlideDeck) en = NULL;
  g_autoptr (GError) error = NULL;
  double small, large;

  check_fit (zh, 1280, 720);
  check_fit (zh, 3840, 2160);
  check_fit (zh, 1024, 768);

  en = zb_slide_deck_new (dataset, default_briefing (), ZB_LANG_EN, TRUE, &error);
  g_assert_no_error (error);
  check_fit (en, 1280, 720);
  check_fit (en, 3840, 2160);

  /* Type grows with the slide: a 4K slide has the same page as a 1080p one, twice as large. */
  small = font_size_of (zh, 1, "number", 1920, 1080);
  large = font_size_of (zh, 1, "number", 3840, 2160);
  g_assert_cmpfloat_with_epsilon (large, 2 * small, 0.01);
}

/* A caption far longer than a slide shrinks, then is cut with an ellipsis, and still fits. */
static void
test_long_caption (void)
{
  g_autoptr (ZbSlideDeck) deck = default_deck (FALSE);
  guint n = zb_slide_deck_get_n_slides (deck);
  gboolean found = FALSE;

  for (guint i = 1; i < n; i++)
    {
      g_autoptr (GArray) texts = zb_slide_deck_dup_texts (deck, i, 640, 360, ZB_THEME_LIGHT);

      for (guint j = 0; j < texts->len; j++)
        {
          const ZbSlideText *t = &g_array_index (texts, ZbSlideText, j);

          if (!g_str_equal (t->role, "caption"))
            continue;
          found = TRUE;
          g_assert_cmpfloat (t->text_height, <=, t->height + 0.5);
          g_assert_cmpfloat (t->y + t->text_height, <=, 360);
        }
    }
  g_assert_true (found);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_build_filename (g_getenv ("ZB_SOURCE_DIR"), "data", "wuhan-2024.json", NULL);
  dataset = zb_dataset_load (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/slide/deck", test_deck);
  g_test_add_func ("/slide/selection-caption", test_selection_caption);
  g_test_add_func ("/slide/notes-and-errors", test_notes_and_errors);
  g_test_add_func ("/slide/pdf", test_pdf);
  g_test_add_func ("/slide/pdf-layout-ahead", test_pdf_layout_ahead);
  g_test_add_func ("/slide/png-folder", test_png_folder);
  g_test_add_func ("/slide/text-fits", test_text_fits);
  g_test_add_func ("/slide/long-caption", test_long_caption);

  status = g_test_run ();
  g_object_unref (dataset);
  return status;
}
