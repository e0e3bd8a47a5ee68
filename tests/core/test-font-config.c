/* test-font-config.c: the short fontconfig set-up of `zhibiao export` gives a chart the faces
 * fontconfig's whole configuration gives it, and steps aside where it would not.
 *
 * Each test runs in a process of its own: the set-up changes fontconfig's current configuration,
 * which a process has once. */
#include "config.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>
#include <string.h>

#include "zb-font-config.h"
#include "zb-text-render.h"
#include "zb-theme.h"

/* "INDEX FILE" of the face @config matches for the chart font in @weight, as Pango asks for it. */
static char *
matched_face (FcConfig *config,
              int       weight)
{
  g_auto (GStrv) families = g_strsplit (ZB_CHART_FONT_FAMILY, ", ", -1);
  FcPattern *pattern = FcPatternCreate ();
  FcPattern *match;
  FcResult result;
  FcChar8 *file;
  int index;
  char *face;

  for (guint i = 0; families[i] != NULL; i++)
    FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) families[i]);
  FcPatternAddInteger (pattern, FC_WEIGHT, weight);
  FcConfigSubstitute (config, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (config, pattern, &result);
  g_assert_nonnull (match);
  g_assert_cmpint (FcPatternGetString (match, FC_FILE, 0, &file), ==, FcResultMatch);
  g_assert_cmpint (FcPatternGetInteger (match, FC_INDEX, 0, &index), ==, FcResultMatch);
  face = g_strdup_printf ("%d %s", index, (const char *) file);
  FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return face;
}

/* Asserts every run of chart text in @bold's weight is drawn with @face. */
static void
assert_chart_text_face (gboolean    bold,
                        const char *face)
{
  PangoContext *context = zb_theme_create_pango_context ();
  PangoLayout *layout = pango_layout_new (context);
  guint runs = 0;

  pango_layout_set_font_description (layout, zb_text_reference_font (bold));
  pango_layout_set_text (layout, "国内生产总值 GDP 2024年 4.5% ≥ 一季度", -1);
  for (GSList *r = pango_layout_get_line_readonly (layout, 0)->runs; r != NULL; r = r->next, runs++)
    {
      PangoFont *font = ((PangoGlyphItem *) r->data)->item->analysis.font;
      FcPattern *pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
      FcChar8 *file;
      int index;
      g_autofree char *used = NULL;

      g_assert_cmpint (FcPatternGetString (pattern, FC_FILE, 0, &file), ==, FcResultMatch);
      g_assert_cmpint (FcPatternGetInteger (pattern, FC_INDEX, 0, &index), ==, FcResultMatch);
      used = g_strdup_printf ("%d %s", index, (const char *) file);
      g_assert_cmpstr (used, ==, face);
    }
  g_assert_cmpuint (runs, >, 0);
  g_object_unref (layout);
  g_object_unref (context);
}

/* TRUE when fontconfig's current configuration was read from files (fontconfig's own start),
 * FALSE for the short one made in memory. */
static gboolean
current_config_read_files (void)
{
  FcStrList *files = FcConfigGetConfigFiles (NULL);
  gboolean read = FcStrListNext (files) != NULL;

  FcStrListDone (files);
  return read;
}

/* Runs the calling test again in a process of its own and asserts it passed. */
static void
run_in_subprocess (void)
{
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_same_faces (void)
{
  if (g_test_subprocess ())
    {
      /* What the desktop's configuration, all of /etc/fonts, gives the chart font. */
      FcConfig *desktop = FcInitLoadConfigAndFonts ();
      g_autofree char *regular = matched_face (desktop, FC_WEIGHT_REGULAR);
      g_autofree char *bold = matched_face (desktop, FC_WEIGHT_BOLD);
      FcStrList *files = FcConfigGetConfigFiles (desktop);

      g_assert_nonnull (FcStrListNext (files));
      FcStrListDone (files);
      g_assert_cmpstr (regular, !=, bold);

      /* fonts-noto-cjk is a dependency: its faces are in the standard folders. */
      g_assert_true (zb_font_config_use_chart_config ());
      /* The configuration in use is the short one: it read no file. */
      g_assert_false (current_config_read_files ());

      assert_chart_text_face (FALSE, regular);
      assert_chart_text_face (TRUE, bold);
      FcConfigDestroy (desktop);
      return;
    }
  run_in_subprocess ();
}

/* Whoever names a configuration in the environment gets it. */
static void
test_environment (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("FONTCONFIG_FILE", "fonts.conf", TRUE);
      g_assert_false (zb_font_config_use_chart_config ());
      g_assert_true (current_config_read_files ());
      return;
    }
  run_in_subprocess ();
}

/* A family the standard folders lack (a sandbox keeps its fonts elsewhere) leaves fontconfig's
 * whole configuration in place; so does one without a bold face. */
static void
test_missing_family (void)
{
  if (g_test_subprocess ())
    {
      g_assert_false (zb_font_config_use_for_family ("No Such Family Zhibiao"));
      /* The Noto Sans Mono of fonts-noto-mono has a regular face only. */
      if (g_file_test ("/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf", G_FILE_TEST_EXISTS))
        g_assert_false (zb_font_config_use_for_family ("Noto Mono"));
      g_assert_true (current_config_read_files ());
      return;
    }
  run_in_subprocess ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/font-config/same-faces", test_same_faces);
  g_test_add_func ("/font-config/environment", test_environment);
  g_test_add_func ("/font-config/missing-family", test_missing_family);
  return g_test_run ();
}
