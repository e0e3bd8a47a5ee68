#pragma once

#include <adwaita.h>

#include "zb-chart.h"

G_BEGIN_DECLS

#define ZB_TYPE_APPLICATION (zb_application_get_type ())
G_DECLARE_FINAL_TYPE (ZbApplication, zb_application, ZB, APPLICATION, AdwApplication)

ZbApplication *zb_application_new (void);

/* The app's settings, or NULL when the schema is not installed (running from a build tree
 * without it): callers then keep their defaults instead of aborting. */
GSettings     *zb_settings_new (void);

/* The dataset opened when no file is given: the source tree's when it exists, else the
 * installed one. */
char          *zb_application_dup_default_dataset_path (void);

/* Links the bundled .ui files and CSS in: the resource's object file sits in a static library
 * and would be left out of a program that names nothing in it. Every templated widget calls it. */
void           zb_ensure_resources (void);

/* The chart theme that matches the desktop's style now: high contrast, dark or light. */
ZbTheme        zb_style_theme (void);

G_END_DECLS
