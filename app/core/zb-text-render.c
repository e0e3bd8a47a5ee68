#define G_LOG_DOMAIN "zb-text-render"

#include "config.h"

#include "zb-text-render.h"

#include <pango/pangocairo.h>

void
zb_text_render_layout (cairo_t     *cr,
                       PangoLayout *layout)
{
  pango_cairo_show_layout (cr, layout);
}
