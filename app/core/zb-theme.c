#define G_LOG_DOMAIN "zb-theme"

#include "config.h"

#include "zb-theme.h"

#include <pango/pangocairo.h>
#include <string.h>

#define RGB(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0, 1.0 }
#define RGBA(r, g, b, a) { (r) / 255.0, (g) / 255.0, (b) / 255.0, (a) }

static const char *const theme_names[] = { "light", "dark", "contrast", NULL };

static const ZbPalette palettes[] = {
  [ZB_THEME_LIGHT] = {
    .background = RGB (0xff, 0xff, 0xff),
    .foreground = RGB (0x1f, 0x23, 0x28),
    .muted = RGB (0x5e, 0x5c, 0x64),
    .grid = RGB (0xe6, 0xe6, 0xe9),
    .axis = RGB (0x9a, 0x99, 0x96),
    .reference = RGB (0xc0, 0x1c, 0x28),
    .band = RGBA (0xc0, 0x1c, 0x28, 0.12),
    .highlight = RGB (0x1f, 0x23, 0x28),
    .selection = RGB (0x1c, 0x71, 0xd8),
    /* Okabe-Ito, yellow left out (too little contrast on white) and its black softened to a
     * grey that does not outweigh the other hues. */
    .series = { RGB (0x00, 0x72, 0xb2), RGB (0xe6, 0x9f, 0x00), RGB (0x00, 0x9e, 0x73),
                RGB (0xd5, 0x5e, 0x00), RGB (0xcc, 0x79, 0xa7), RGB (0x56, 0xb4, 0xe9),
                RGB (0x5e, 0x5c, 0x64) },
    .line_scale = 1.0,
  },
  [ZB_THEME_DARK] = {
    .background = RGB (0x1e, 0x1e, 0x20),
    .foreground = RGB (0xf6, 0xf5, 0xf4),
    .muted = RGB (0xb0, 0xae, 0xaa),
    .grid = RGB (0x3a, 0x3a, 0x3e),
    .axis = RGB (0x77, 0x76, 0x7b),
    .reference = RGB (0xff, 0x7b, 0x63),
    .band = RGBA (0xff, 0x7b, 0x63, 0.18),
    .highlight = RGB (0xf6, 0xf5, 0xf4),
    .selection = RGB (0x78, 0xae, 0xed),
    /* Okabe-Ito with the light blue first: the dark blue sinks into a dark background. */
    .series = { RGB (0x56, 0xb4, 0xe9), RGB (0xe6, 0x9f, 0x00), RGB (0x00, 0x9e, 0x73),
                RGB (0xf0, 0xe4, 0x42), RGB (0xcc, 0x79, 0xa7), RGB (0xd5, 0x5e, 0x00),
                RGB (0xc0, 0xbf, 0xbc) },
    .line_scale = 1.0,
  },
  [ZB_THEME_CONTRAST] = {
    .background = RGB (0xff, 0xff, 0xff),
    .foreground = RGB (0x00, 0x00, 0x00),
    .muted = RGB (0x00, 0x00, 0x00),
    .grid = RGB (0x76, 0x76, 0x76),
    .axis = RGB (0x00, 0x00, 0x00),
    .reference = RGB (0xa5, 0x00, 0x00),
    .band = RGBA (0xa5, 0x00, 0x00, 0.20),
    .highlight = RGB (0x00, 0x00, 0x00),
    .selection = RGB (0x00, 0x00, 0xcc),
    /* Darkened Okabe-Ito hues: each keeps a contrast of at least 4.5:1 against white. */
    .series = { RGB (0x00, 0x4c, 0x80), RGB (0x8a, 0x5a, 0x00), RGB (0x00, 0x66, 0x4a),
                RGB (0xa0, 0x40, 0x00), RGB (0x8b, 0x3a, 0x6e), RGB (0x1a, 0x5e, 0x8a),
                RGB (0x00, 0x00, 0x00) },
    .line_scale = 1.5,
  },
};

const char *
zb_theme_to_string (ZbTheme theme)
{
  if ((guint) theme >= G_N_ELEMENTS (theme_names) - 1)
    return NULL;
  return theme_names[theme];
}

gboolean
zb_theme_from_string (const char *str,
                      ZbTheme    *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; theme_names[i] != NULL; i++)
    {
      if (strcmp (theme_names[i], str) == 0)
        {
          if (out != NULL)
            *out = (ZbTheme) i;
          return TRUE;
        }
    }
  /* The word people type for the high-contrast theme. */
  if (strcmp (str, "high-contrast") == 0)
    {
      if (out != NULL)
        *out = ZB_THEME_CONTRAST;
      return TRUE;
    }
  return FALSE;
}

const ZbPalette *
zb_theme_get_palette (ZbTheme theme)
{
  g_return_val_if_fail ((guint) theme < G_N_ELEMENTS (palettes), &palettes[ZB_THEME_LIGHT]);

  return &palettes[theme];
}

void
zb_color_set_source (const ZbColor *color,
                     cairo_t       *cr)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

double
zb_color_luminance (const ZbColor *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
}

PangoContext *
zb_theme_create_pango_context (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *font_options = cairo_font_options_create ();

  /* Unhinted metrics: text measures the same at every scale and on every surface, so a PNG at
   * scale 2, a PDF and the screen place every label alike. */
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_round_glyph_positions (context, FALSE);
  /* One language for every run, whatever its script: Pango tags each run with a language that
   * covers its script (Latin in "zh-cn" becomes "en", Han in "en" becomes "xx"), and for each
   * font and language it meets it has fontconfig resolve a font set and measures sample text,
   * about half a millisecond each. "und" (undetermined) has no script list, so Pango keeps it
   * for every run; HarfBuzz shapes it with each script's default forms, the glyphs "zh-cn" and
   * "en" gave (the chart font is Noto Sans CJK SC, whose default Han forms are the Simplified
   * Chinese ones; "zh-hans" would swap in its Chinese-style Latin digits); and the chart font,
   * named first, is what fontconfig gives every script it covers. */
  pango_context_set_language (context, pango_language_from_string ("und"));
  return context;
}
