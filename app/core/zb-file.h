/* zb-file.h: reading and replacing user files safely, shared by datasets, reports and exports. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces the file at path by data, atomically: the bytes go to a temporary file in the same
 * folder which is then renamed over the target, so a failure at any point leaves the old file
 * whole and no half-written one. A symbolic link is followed (the file it names is replaced and
 * the link stays), an existing file keeps its permissions, and a target that is a folder, device,
 * pipe or socket is refused rather than replaced. durable also flushes the data to disk before the
 * rename (worth its cost for a dataset, the user's work; not for an export, which can be redone).
 *
 * Errors are G_FILE_ERROR with a message that completes "Cannot write “path”: …". */
gboolean zb_file_replace (const char *path,
                          const char *data,
                          gsize       len,
                          gboolean    durable,
                          GError    **error);

G_END_DECLS
