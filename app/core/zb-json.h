/* zb-json.h: a quick reader of well-formed JSON into json-glib's nodes.
 *
 * json-glib reads through GScanner, a tokenizer made for any language: most of the time a
 * dataset takes to load. This reads strict JSON (RFC 8259) in one pass into the same tree of
 * JsonNodes as json-glib's parser makes (not sealed: nothing changes them, and sealing walks
 * the whole tree again). It gives up, returning NULL, on
 * anything else: a syntax error, invalid UTF-8, a lone surrogate, an integer beyond 64 bits, a
 * key given twice, nesting deeper than asked, a comment. The caller then reads the text the
 * careful way, whose messages say what is wrong and where.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *zb_json_read (const char *data,
                        gsize       length,
                        guint       max_depth);

G_END_DECLS
