/* zb-test-files.h: what the core and widget tests share for the files they make. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Removes @path and, for a folder, everything in it: a folder a test made read-only is made
 * writable first, and a link is removed, not followed. */
static inline void
zb_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0755);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          zb_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
