/* zb-text-private.h: byte-level matching of UTF-8 words in a text of known length, shared by the
 * report parser, the number scanner and the extractor. Nothing here allocates. */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* TRUE when prefix is written at byte pos of text (len bytes), without reading past len. */
static inline gboolean
zb_text_has_prefix_at (const char *text,
                       gsize       len,
                       gsize       pos,
                       const char *prefix)
{
  gsize n = strlen (prefix);

  return pos <= len && n <= len - pos && memcmp (text + pos, prefix, n) == 0;
}

/* Byte length of the first of words written at pos, or 0 when none is. */
static inline gsize
zb_text_any_at (const char        *text,
                gsize              len,
                gsize              pos,
                const char *const *words,
                guint              n_words)
{
  for (guint i = 0; i < n_words; i++)
    if (zb_text_has_prefix_at (text, len, pos, words[i]))
      return strlen (words[i]);
  return 0;
}

G_END_DECLS
