#define G_LOG_DOMAIN "zb-clipboard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "zb-clipboard.h"
#include "zb-export.h"

/* Large enough to stay sharp on a slide, small enough to paste quickly. */
#define CLIPBOARD_WIDTH  1600
#define CLIPBOARD_HEIGHT 900

GdkContentProvider *
zb_clipboard_chart_provider_new (ZbDataset         *dataset,
                                 const ZbChartSpec *chart,
                                 ZbLang             lang,
                                 const char        *text,
                                 GError           **error)
{
  ZbRenderOptions options;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GBytes) text_bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GdkContentProvider *providers[3];

  g_return_val_if_fail (ZB_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  zb_render_options_init (&options);
  options.width = CLIPBOARD_WIDTH;
  options.height = CLIPBOARD_HEIGHT;
  options.lang = lang;
  /* A pasted chart lands on white slides and pages whatever the desktop's style. */
  options.theme = ZB_THEME_LIGHT;
  options.source_footer = TRUE;

  png = zb_export_chart_to_bytes (dataset, chart, ZB_EXPORT_FORMAT_PNG, &options, 1.0, error);
  if (png == NULL)
    return NULL;
  texture = gdk_texture_new_from_bytes (png, error);
  if (texture == NULL)
    return NULL;

  text_bytes = g_bytes_new (text != NULL ? text : "", text != NULL ? strlen (text) : 0);
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  providers[1] = gdk_content_provider_new_for_bytes ("image/png", png);
  providers[2] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", text_bytes);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

gboolean
zb_clipboard_copy_chart (GdkClipboard      *clipboard,
                         ZbDataset         *dataset,
                         const ZbChartSpec *chart,
                         ZbLang             lang,
                         const char        *text,
                         GError           **error)
{
  g_autoptr (GdkContentProvider) provider = NULL;

  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);

  provider = zb_clipboard_chart_provider_new (dataset, chart, lang, text, error);
  if (provider == NULL)
    return FALSE;
  return gdk_clipboard_set_content (clipboard, provider);
}
