/* zb-font-config.h: the fontconfig set-up of a process that only draws charts.
 *
 * fontconfig's own start reads its whole configuration, some fifty XML files in /etc/fonts on
 * Debian, which took 5–6 ms of a 20 ms chart export. A chart asks for one font by name, with
 * unhinted metrics and its own antialiasing (zb-theme.c), so almost none of those rules change
 * what it draws. zb_font_config_use_chart_config() gives fontconfig a short configuration of
 * its own instead: the standard font folders and font caches, the synthetic bold and oblique
 * that fontconfig's rules add for a family without them, and no bitmap fonts. Exports then also
 * no longer depend on how a desktop has tuned fontconfig, as they do not depend on its theme.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the short configuration fontconfig's current one, so call it before anything in the
 * process uses a font. It keeps fontconfig's own start instead, and returns FALSE, where it
 * would change which font a chart gets: when the environment names a fontconfig configuration
 * (FONTCONFIG_FILE, FONTCONFIG_PATH, FONTCONFIG_SYSROOT), or when the chart font's regular
 * or bold face is not in the standard folders (a sandbox whose fonts live elsewhere). */
gboolean zb_font_config_use_chart_config (void);

/* The same for a font family other than the chart font's. */
gboolean zb_font_config_use_for_family (const char *family);

G_END_DECLS
