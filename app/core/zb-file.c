#define G_LOG_DOMAIN "zb-file"
/* O_TMPFILE and linkat's AT_SYMLINK_FOLLOW */
#define _GNU_SOURCE

#include "config.h"

#include "zb-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ZbFileRead
read_failed (int    fd,
             int    saved,
             char **message)
{
  if (fd >= 0)
    close (fd);
  if (message != NULL)
    *message = g_strdup (g_strerror (saved));
  return ZB_FILE_READ_FAILED;
}

ZbFileRead
zb_file_read_regular (const char *path,
                      goffset     max_size,
                      char      **contents,
                      gsize      *length,
                      goffset    *size,
                      char      **message)
{
  g_autofree char *buffer = NULL;
  gsize capacity, used = 0;
  GStatBuf info;
  int fd;

  g_return_val_if_fail (path != NULL && contents != NULL && length != NULL, ZB_FILE_READ_FAILED);

  *contents = NULL;
  *length = 0;
  if (size != NULL)
    *size = 0;
  if (message != NULL)
    *message = NULL;
  if (g_stat (path, &info) != 0)
    return errno == ENOENT ? ZB_FILE_READ_MISSING : read_failed (-1, errno, message);
  if (size != NULL)
    *size = info.st_size;
  if (S_ISDIR (info.st_mode))
    return ZB_FILE_READ_FOLDER;
  if (!S_ISREG (info.st_mode))
    return ZB_FILE_READ_NOT_REGULAR;
  if (info.st_size > max_size)
    return ZB_FILE_READ_TOO_LARGE;

  /* Opened without blocking and checked again, in case the file was replaced meanwhile. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &info) != 0)
    return read_failed (fd, errno, message);
  if (!S_ISREG (info.st_mode))
    {
      close (fd);
      return ZB_FILE_READ_NOT_REGULAR;
    }
  if (info.st_size > max_size)
    {
      close (fd);
      return ZB_FILE_READ_TOO_LARGE;
    }
  /* Read to the end, in case the file grew since it was measured, but never past max_size. The
   * buffer is the size measured and a little more, so that the end shows without growing it. */
  capacity = (gsize) info.st_size + 4096;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gssize got;

      /* Room is kept for the NUL after the text. */
      if (used + 1 == capacity)
        {
          capacity = MAX (capacity, (gsize) 65536) * 2;
          buffer = g_realloc (buffer, capacity);
        }
      got = read (fd, buffer + used, capacity - used - 1);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        return read_failed (fd, errno, message);
      if (got == 0)
        break;
      used += (gsize) got;
      if (used > (gsize) max_size)
        {
          close (fd);
          return ZB_FILE_READ_TOO_LARGE;
        }
    }
  close (fd);
  buffer[used] = '\0';
  *length = used;
  *contents = g_steal_pointer (&buffer);
  return ZB_FILE_READ_OK;
}

static gboolean
set_errno_error (GError **error,
                 int      saved)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
  return FALSE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

static gboolean
folder_is_writable (const char *folder)
{
  GStatBuf st;

  if (g_access (folder, W_OK) != 0)
    return FALSE;
  /* A folder marked read-only for everyone is respected even by a user (root) whom the system
   * would let write there. */
  if (g_stat (folder, &st) == 0 && (st.st_mode & 0222) == 0)
    return FALSE;
  return TRUE;
}

static gboolean
fill (int         fd,
      mode_t      mode,
      const char *data,
      gsize       len,
      gboolean    durable)
{
  return fchmod (fd, mode) == 0 && write_all (fd, data, len) && (!durable || fsync (fd) == 0);
}

/* Gives the complete unnamed file a fresh hidden name beside the target, then renames it over
 * the target: linkat cannot replace a file, rename can. Only between the two calls does a name
 * exist that a kill could leave behind. */
static gboolean
write_unnamed (int         fd,
               const char *folder,
               const char *base,
               const char *target,
               mode_t      mode,
               const char *data,
               gsize       len,
               gboolean    durable,
               GError    **error)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *tmp = NULL;
  int saved;

  if (!fill (fd, mode, data, len, durable))
    goto fail;
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_free (tmp);
      tmp = g_strdup_printf ("%s%c.%s.%08x", folder, G_DIR_SEPARATOR, base, g_random_int ());
      if (linkat (AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
        break;
      if (errno != EEXIST)
        goto fail;
      g_clear_pointer (&tmp, g_free);
    }
  if (tmp == NULL)
    goto fail;
  if (g_rename (tmp, target) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      close (fd);
      return set_errno_error (error, saved);
    }
  if (close (fd) != 0)
    return set_errno_error (error, errno);
  return TRUE;

fail:
  saved = errno;
  close (fd);
  return set_errno_error (error, saved);
}

/* The hidden name a write gives its complete file for the instant before the rename:
 * ".NAME." and eight hex digits. */
static gboolean
is_leftover_name (const char *name,
                  const char *base)
{
  gsize base_len = strlen (base);
  const char *tail;

  if (name[0] != '.' || strncmp (name + 1, base, base_len) != 0 || name[1 + base_len] != '.')
    return FALSE;
  tail = name + base_len + 2;
  if (strlen (tail) != 8)
    return FALSE;
  for (int k = 0; k < 8; k++)
    if (!g_ascii_isxdigit (tail[k]))
      return FALSE;
  return TRUE;
}

/* A process killed in that instant leaves the hidden name behind; the next write of the same
 * file removes it. (A write of the same file running at this very moment would then fail cleanly
 * at its rename, the old file intact.) */
static void
remove_leftovers (const char *folder,
                  const char *base)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_leftover_name (name, base))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_unlink (path);
      }
}

/* The path a write must replace: links followed, so that saving through a link updates the file
 * it names instead of turning the link into a copy. A dangling link names its target too. */
static char *
resolve_links (const char *path)
{
  g_autofree char *current = g_strdup (path);

  /* A bound on the hops stops a loop of links; the kernel's own limit is 40. */
  for (int hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = g_file_read_link (current, NULL);
      g_autofree char *dir = NULL;

      if (target == NULL)
        return g_steal_pointer (&current);
      if (g_path_is_absolute (target))
        {
          g_free (current);
          current = g_steal_pointer (&target);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, target, NULL);
    }
  return g_steal_pointer (&current);
}

gboolean
zb_file_replace (const char *path,
                 const char *data,
                 gsize       len,
                 gboolean    durable,
                 GError    **error)
{
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  GStatBuf st;
  mode_t mode;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = resolve_links (path);
  folder = g_path_get_dirname (target);

  if (g_stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                       _("it is a folder; give a file name"));
          return FALSE;
        }
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("it is not a regular file (a device, pipe or socket) and is left as it is"));
          return FALSE;
        }
      mode = st.st_mode & 07777;
    }
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      mode = 0666 & ~mask;
    }

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   g_file_test (folder, G_FILE_TEST_EXISTS)
                     ? _("“%s” is a file, not a folder")
                     : _("the folder “%s” does not exist; create it or choose another"),
                   folder);
      return FALSE;
    }
  if (!folder_is_writable (folder))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   _("the folder “%s” is read-only; choose a folder you can write to"), folder);
      return FALSE;
    }

  base = g_path_get_basename (target);
  /* Unnamed until complete (Linux): a process killed while writing leaves nothing behind. */
  fd = open (folder, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
    return set_errno_error (error, errno);
  if (fd >= 0)
    {
      remove_leftovers (folder, base);
      return write_unnamed (fd, folder, base, target, mode, data, len, durable, error);
    }

  /* File systems without O_TMPFILE: a named temporary file, removed on any failure. */
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, errno);
  /* mkstemp makes the file private; the new file gets the old one's permissions, or a new file's. */
  if (!fill (fd, mode, data, len, durable))
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      return set_errno_error (error, saved);
    }
  if (close (fd) != 0 || g_rename (tmp, target) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return set_errno_error (error, saved);
    }
  return TRUE;
}
