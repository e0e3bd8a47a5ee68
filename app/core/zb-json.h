/* zb-json.h: a quick reader of well-formed JSON into json-glib's nodes.
 *
 * json-glib reads through GScanner, a tokenizer made for any language: most of the time a
 * dataset takes to load. This reads strict JSON (RFC 8259) in one pass into the same tree of
 * JsonNodes as json-glib's parser makes (not sealed: nothing changes them, and sealing walks
 * the whole tree again). It gives up, returning NULL, on
 * anything else: a syntax error, invalid UTF-8, a lone surrogate, an integer beyond 64 bits, a
 * key given twice or written with an escape, a comment, or anything beyond the limits asked
 * (nesting, a string's size, an integer's digits). The caller then reads the text the careful
 * way, whose messages say what is wrong and where.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a text may hold and still be read here; 0 for no limit. */
typedef struct
{
  guint max_depth;           /* nesting of objects and arrays */
  gsize max_string;          /* bytes of a string as written, escapes and all */
  guint max_integer_digits;  /* digits of an integer */
} ZbJsonLimits;

/* Keys with an escape are refused too: the careful reader explains why. */
JsonNode *zb_json_read (const char         *data,
                        gsize               length,
                        const ZbJsonLimits *limits);

G_END_DECLS
