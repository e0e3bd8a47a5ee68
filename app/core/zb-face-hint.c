/* zb-face-hint.c: the font files the last run drew with, opened while fontconfig starts. */
#define G_LOG_DOMAIN "zb-face-hint"

#include "config.h"

#include "zb-face-hint.h"
#include "zb-file.h"

#include <cairo-ft.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* More faces than a chart uses (regular and bold, a fallback or two) means a hint to ignore. */
#define MAX_FACES 8
#define MAX_HINT_BYTES 4096

struct _ZbFaceHint
{
  char      *text;     /* the hint as read, or NULL */
  GPtrArray *faces;    /* of cairo_font_face_t: each keeps its FreeType face open */
  GThread   *thread;
};

char *
zb_face_hint_dup_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "zhibiao", "faces", NULL);
}

/* Calls @func for each "INDEX PATH" line of @text that is well formed. */
static void
foreach_face (const char *text,
              void      (*func) (const char *path, int index, gpointer data),
              gpointer    data)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", MAX_FACES + 1);

  for (guint i = 0; lines[i] != NULL && i < MAX_FACES; i++)
    {
      char *end;
      gint64 index = g_ascii_strtoll (lines[i], &end, 10);

      if (end == lines[i] || *end != ' ' || index < 0 || index > G_MAXINT || !g_path_is_absolute (end + 1))
        continue;
      func (end + 1, (int) index, data);
    }
}

static void
open_face (const char *path,
           int         index,
           gpointer    data)
{
  ZbFaceHint *hint = data;
  FcPattern *pattern;
  cairo_font_face_t *face;
  cairo_scaled_font_t *scaled;
  cairo_font_options_t *options;
  cairo_matrix_t size, identity;
  GStatBuf st;

  /* Only font files: a pipe named here would block FreeType's open, and the wait for it. */
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  pattern = FcPatternCreate ();
  options = cairo_font_options_create ();

  /* cairo keeps one FreeType face a (file, index), whichever font face asks for it, so Pango's
   * font for the same file and index finds this one open. */
  FcPatternAddString (pattern, FC_FILE, (const FcChar8 *) path);
  FcPatternAddInteger (pattern, FC_INDEX, index);
  face = cairo_ft_font_face_create_for_pattern (pattern);
  FcPatternDestroy (pattern);
  cairo_matrix_init_scale (&size, 20, 20);
  cairo_matrix_init_identity (&identity);
  scaled = cairo_scaled_font_create (face, &size, &identity, options);
  if (cairo_ft_scaled_font_lock_face (scaled) != NULL)
    cairo_ft_scaled_font_unlock_face (scaled);
  cairo_scaled_font_destroy (scaled);
  cairo_font_options_destroy (options);
  g_ptr_array_add (hint->faces, face);
}

static gpointer
open_faces (gpointer data)
{
  ZbFaceHint *hint = data;

  foreach_face (hint->text, open_face, hint);
  return NULL;
}

/* The hint's text, or NULL: only a small regular file is read, never through a link (nor a
 * pipe, which would block, nor a device, which may never end). */
static char *
read_hint (const char *path)
{
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  char *text = NULL;
  struct stat st;
  gssize n;

  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size <= MAX_HINT_BYTES)
    {
      text = g_malloc (MAX_HINT_BYTES + 1);
      n = read (fd, text, MAX_HINT_BYTES);
      if (n < 0 || !g_utf8_validate (text, n, NULL))
        g_clear_pointer (&text, g_free);
      else
        text[n] = '\0';
    }
  close (fd);
  return text;
}

ZbFaceHint *
zb_face_hint_start (void)
{
  ZbFaceHint *hint = g_new0 (ZbFaceHint, 1);
  g_autofree char *path = zb_face_hint_dup_path ();

  hint->faces = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_font_face_destroy);
  hint->text = read_hint (path);
  if (hint->text != NULL)
    hint->thread = g_thread_try_new ("zb-face-hint", open_faces, hint, NULL);
  return hint;
}

void
zb_face_hint_wait (ZbFaceHint *hint)
{
  g_return_if_fail (hint != NULL);

  if (hint->thread != NULL)
    g_thread_join (g_steal_pointer (&hint->thread));
}

static void
add_layout_faces (PangoLayout *layout,
                  GPtrArray   *lines)
{
  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r != NULL; r = r->next)
      {
        PangoFont *font = ((PangoGlyphItem *) r->data)->item->analysis.font;
        FcPattern *pattern;
        FcChar8 *file;
        int index;
        char *line;

        if (!PANGO_IS_FC_FONT (font))
          continue;
        pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
        if (FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch
            || FcPatternGetInteger (pattern, FC_INDEX, 0, &index) != FcResultMatch)
          continue;
        line = g_strdup_printf ("%d %s\n", index, (const char *) file);
        if (strchr ((const char *) file, '\n') != NULL
            || g_ptr_array_find_with_equal_func (lines, line, g_str_equal, NULL))
          g_free (line);
        else
          g_ptr_array_add (lines, line);
      }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
zb_face_hint_finish (ZbFaceHint   *hint,
                     PangoLayout **layouts)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_if_fail (hint != NULL);

  zb_face_hint_wait (hint);
  for (guint i = 0; layouts != NULL && layouts[i] != NULL; i++)
    add_layout_faces (layouts[i], lines);
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len && i < MAX_FACES; i++)
    g_string_append (text, g_ptr_array_index (lines, i));

  if (text->len > 0 && g_strcmp0 (text->str, hint->text) != 0)
    {
      g_autofree char *path = zb_face_hint_dup_path ();
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr (GError) error = NULL;
      GStatBuf st;

      /* A hint that cannot be written only means the next run starts as this one did; and what
       * is at its place that is not a plain file (a link, a pipe) is left alone. */
      if (g_lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
        g_debug ("No font hint written to %s: not a regular file", path);
      else if (g_mkdir_with_parents (dir, 0700) != 0
               || !zb_file_replace (path, text->str, text->len, FALSE, &error))
        g_debug ("No font hint written to %s: %s", path, error != NULL ? error->message : g_strerror (errno));
    }
  g_ptr_array_unref (hint->faces);
  g_free (hint->text);
  g_free (hint);
}
