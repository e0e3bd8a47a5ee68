/* zb-sha256.h: the checksum of datasets, reports and tables. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-case hex SHA-256 of data: what g_compute_checksum_for_data (G_CHECKSUM_SHA256, …) gives,
 * with the processor's SHA instructions when it has them. */
char *zb_sha256_hex (const void *data,
                     gsize       len);

G_END_DECLS
