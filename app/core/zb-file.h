/* zb-file.h: reading and replacing user files safely, shared by datasets, reports and exports. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What zb_file_read_regular () found, for the caller's own message. */
typedef enum
{
  ZB_FILE_READ_OK,
  ZB_FILE_READ_MISSING,      /* no such file or folder */
  ZB_FILE_READ_FOLDER,
  ZB_FILE_READ_NOT_REGULAR,  /* a pipe, socket or device */
  ZB_FILE_READ_TOO_LARGE,    /* more than the bytes allowed */
  ZB_FILE_READ_FAILED,       /* *message says why */
} ZbFileRead;

/* The whole of the regular file at @path (a symbolic link is followed) into *contents and
 * *length, when it has at most @max_size bytes. What is not a regular file is never opened (a
 * FIFO would block, a device never end) and a file too large is never read. *size is the
 * file's size whenever it was found; *message, for ZB_FILE_READ_FAILED, is to be freed. With
 * stat () and read (), not GIO, whose first use loads its modules. */
ZbFileRead zb_file_read_regular (const char *path,
                                 goffset     max_size,
                                 char      **contents,
                                 gsize      *length,
                                 goffset    *size,
                                 char      **message);

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
