/* zb-json.h: a quick reader of well-formed JSON into a tree of its own.
 *
 * json-glib reads through GScanner, a tokenizer made for any language, into a tree of
 * reference-counted nodes with a hash table an object: most of the time a dataset takes to
 * load, and as much again to free. This reads strict JSON (RFC 8259) in one pass into a tree
 * held in a few large blocks, with each object's members and each array's elements side by
 * side in the order written, freed at once. It gives up, returning NULL, on anything else: a
 * syntax error, invalid UTF-8, a lone surrogate, an integer beyond 64 bits, a key given twice or
 * written with an escape, a comment, or anything beyond the limits asked (nesting, a string's
 * size, an integer's digits). The caller then reads the text the careful way (json-glib),
 * whose messages say what is wrong and where, and can take its tree into the same form with
 * zb_json_tree_new_from_node ().
 *
 * A tree is never changed once read: any number of threads may read it.
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

typedef enum
{
  ZB_JSON_NULL,
  ZB_JSON_BOOLEAN,
  ZB_JSON_INTEGER,  /* written without a point or an exponent, within 64 bits */
  ZB_JSON_DOUBLE,
  ZB_JSON_STRING,
  ZB_JSON_ARRAY,
  ZB_JSON_OBJECT,
} ZbJsonType;

typedef struct _ZbJson       ZbJson;
typedef struct _ZbJsonMember ZbJsonMember;

struct _ZbJson
{
  ZbJsonType type;
  guint      length;  /* of an array: elements; of an object: members; of a string: bytes */
  union
  {
    gboolean      boolean;
    gint64        integer;
    double        number;
    const char   *string;    /* UTF-8, NUL-terminated (and without NUL inside) */
    ZbJson       *elements;
    ZbJsonMember *members;   /* in the order written; no name twice */
  } v;
};

struct _ZbJsonMember
{
  const char *name;
  ZbJson      value;
};

/* A tree and the memory that holds it. */
typedef struct _ZbJsonTree ZbJsonTree;

/* Keys with an escape are refused too: the careful reader explains why. */
ZbJsonTree   *zb_json_tree_read          (const char         *data,
                                          gsize               length,
                                          const ZbJsonLimits *limits);
/* json-glib's tree in this form. Of a key given twice json-glib kept the last value; so does
 * this. */
ZbJsonTree   *zb_json_tree_new_from_node (JsonNode           *node);
const ZbJson *zb_json_tree_get_root      (ZbJsonTree         *tree);
void          zb_json_tree_free          (ZbJsonTree         *tree);

/* The member @name of @object, or NULL. */
const ZbJson *zb_json_get_member         (const ZbJson       *object,
                                          const char         *name);
/* A json-glib tree of @value, for what keeps JSON as it was (and for tests). */
JsonNode     *zb_json_to_node            (const ZbJson       *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZbJsonTree, zb_json_tree_free)

G_END_DECLS
