#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ZB_TYPE_APPLICATION (zb_application_get_type ())
G_DECLARE_FINAL_TYPE (ZbApplication, zb_application, ZB, APPLICATION, AdwApplication)

ZbApplication *zb_application_new (void);

G_END_DECLS
