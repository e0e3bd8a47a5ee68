/* zb-font-config.c: the fontconfig set-up of a process that only draws charts. */
#define G_LOG_DOMAIN "zb-font-config"

#include "config.h"

#include "zb-font-config.h"
#include "zb-theme.h"

#include <fontconfig/fontconfig.h>
#include <string.h>

/* The folders and caches are those of fontconfig's own fonts.conf. The two matches are its
 * 90-synthetic.conf: a family without an oblique or a bold face gets a slanted or emboldened
 * regular one, as it would on the desktop. Bitmap fonts are left out as its 70-no-bitmaps.conf
 * does: one picked as a fallback would print as pixels in a PDF. */
static const char chart_config[] =
  "<fontconfig>"
  "<dir>/usr/share/fonts</dir>"
  "<dir>/usr/local/share/fonts</dir>"
  "<dir prefix=\"xdg\">fonts</dir>"
  "<dir>~/.fonts</dir>"
  "<cachedir>/var/cache/fontconfig</cachedir>"
  "<cachedir prefix=\"xdg\">fontconfig</cachedir>"
  "<cachedir>~/.fontconfig</cachedir>"
  "<match target=\"font\">"
  "<test name=\"slant\"><const>roman</const></test>"
  "<test target=\"pattern\" name=\"slant\" compare=\"not_eq\"><const>roman</const></test>"
  "<edit name=\"matrix\" mode=\"assign\"><times><name>matrix</name>"
  "<matrix><double>1</double><double>0.2</double><double>0</double><double>1</double></matrix>"
  "</times></edit>"
  "<edit name=\"slant\" mode=\"assign\"><const>oblique</const></edit>"
  "<edit name=\"embeddedbitmap\" mode=\"assign\"><bool>false</bool></edit>"
  "</match>"
  "<match target=\"font\">"
  "<test name=\"weight\" compare=\"less_eq\"><const>medium</const></test>"
  "<test target=\"pattern\" name=\"weight\" compare=\"more_eq\"><const>bold</const></test>"
  "<edit name=\"embolden\" mode=\"assign\"><bool>true</bool></edit>"
  "<edit name=\"weight\" mode=\"assign\"><const>bold</const></edit>"
  "</match>"
  "<selectfont><rejectfont><pattern>"
  "<patelt name=\"outline\"><bool>false</bool></patelt>"
  "</pattern></rejectfont></selectfont>"
  "</fontconfig>";

/* TRUE when @config has @family in a regular and a bold face. */
static gboolean
has_faces (FcConfig   *config,
           const char *family)
{
  FcPattern *pattern = FcPatternBuild (NULL, FC_FAMILY, FcTypeString, family, NULL);
  FcObjectSet *objects = FcObjectSetBuild (FC_WEIGHT, NULL);
  FcFontSet *set = FcFontList (config, pattern, objects);
  gboolean regular = FALSE, bold = FALSE;

  for (int i = 0; set != NULL && i < set->nfont; i++)
    {
      int weight;

      if (FcPatternGetInteger (set->fonts[i], FC_WEIGHT, 0, &weight) != FcResultMatch)
        continue;
      regular |= weight == FC_WEIGHT_REGULAR;
      bold |= weight == FC_WEIGHT_BOLD;
    }
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
  return regular && bold;
}

gboolean
zb_font_config_use_chart_config (void)
{
  g_autofree char *family = g_strndup (ZB_CHART_FONT_FAMILY, strcspn (ZB_CHART_FONT_FAMILY, ","));

  return zb_font_config_use_for_family (family);
}

gboolean
zb_font_config_use_for_family (const char *family)
{
  static const char *const variables[] = { "FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT" };
  FcConfig *config;
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    if (g_getenv (variables[i]) != NULL)
      return FALSE;

  config = FcConfigCreate ();
  ok = FcConfigParseAndLoadFromMemory (config, (const FcChar8 *) chart_config, FcTrue)
       && FcConfigBuildFonts (config)
       && has_faces (config, family)
       && FcConfigSetCurrent (config);
  /* FcConfigSetCurrent took its own reference. */
  FcConfigDestroy (config);
  if (!ok)
    g_debug ("%s is not in the standard font folders: fontconfig reads its own configuration", family);
  return ok;
}
