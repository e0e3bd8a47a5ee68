/* zb-json.c: a quick reader of well-formed JSON into a tree of its own. */
#define G_LOG_DOMAIN "zb-json"

#include "config.h"

#include "zb-json.h"

#include <errno.h>
#include <string.h>

/* The tree's memory: blocks handed out front to back and freed together. A dataset of 200 kB
 * makes about as much tree, so a few blocks. */
#define BLOCK_SIZE (64 * 1024)

struct _ZbJsonTree
{
  GPtrArray *blocks;
  char      *next;
  gsize      left;
  ZbJson     root;
};

static gpointer
tree_alloc (ZbJsonTree *tree,
            gsize       size)
{
  gpointer memory;

  size = (size + 7) & ~(gsize) 7;
  if (size > tree->left)
    {
      /* A large piece gets a block of its own, so the current one is not wasted. */
      if (size > BLOCK_SIZE / 4)
        {
          memory = g_malloc (size);
          g_ptr_array_add (tree->blocks, memory);
          return memory;
        }
      tree->next = g_malloc (BLOCK_SIZE);
      tree->left = BLOCK_SIZE;
      g_ptr_array_add (tree->blocks, tree->next);
    }
  memory = tree->next;
  tree->next += size;
  tree->left -= size;
  return memory;
}

static const char *
tree_strndup (ZbJsonTree *tree,
              const char *str,
              gsize       length)
{
  char *copy = tree_alloc (tree, length + 1);

  memcpy (copy, str, length);
  copy[length] = '\0';
  return copy;
}

static ZbJsonTree *
tree_new (void)
{
  ZbJsonTree *tree = g_new0 (ZbJsonTree, 1);

  tree->blocks = g_ptr_array_new_with_free_func (g_free);
  return tree;
}

void
zb_json_tree_free (ZbJsonTree *tree)
{
  if (tree == NULL)
    return;
  g_ptr_array_unref (tree->blocks);
  g_free (tree);
}

const ZbJson *
zb_json_tree_get_root (ZbJsonTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);

  return &tree->root;
}

const ZbJson *
zb_json_get_member (const ZbJson *object,
                    const char   *name)
{
  g_return_val_if_fail (object != NULL && name != NULL, NULL);

  if (object->type != ZB_JSON_OBJECT)
    return NULL;
  /* Objects are small (a dataset's have at most eight members): a look at each beats a hash. */
  for (guint i = 0; i < object->length; i++)
    if (strcmp (object->v.members[i].name, name) == 0)
      return &object->v.members[i].value;
  return NULL;
}

/* Reading -------------------------------------------------------------------------------------- */

typedef struct
{
  const char         *p;
  const char         *end;
  guint               depth;
  const ZbJsonLimits *limits;
  ZbJsonTree         *tree;
  GString            *scratch;  /* a string with escapes, unescaped */
  GArray             *stack;    /* ZbJsonMember: what the open objects and arrays hold so far */
} Reader;

static gboolean read_value (Reader *r,
                            ZbJson *out);

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *value)
{
  *value = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int d = hex_digit (r->p[i]);

      if (d < 0)
        return FALSE;
      *value = *value * 16 + (gunichar) d;
    }
  r->p += 4;
  return TRUE;
}

/* One escape, r->p just past its backslash, unescaped onto r->scratch. */
static gboolean
read_escape (Reader *r)
{
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p++)
    {
    case '"': g_string_append_c (r->scratch, '"'); break;
    case '\\': g_string_append_c (r->scratch, '\\'); break;
    case '/': g_string_append_c (r->scratch, '/'); break;
    case 'b': g_string_append_c (r->scratch, '\b'); break;
    case 'f': g_string_append_c (r->scratch, '\f'); break;
    case 'n': g_string_append_c (r->scratch, '\n'); break;
    case 'r': g_string_append_c (r->scratch, '\r'); break;
    case 't': g_string_append_c (r->scratch, '\t'); break;
    case 'u':
      {
        gunichar c, low;

        if (!read_hex4 (r, &c) || c == 0 || (c >= 0xdc00 && c <= 0xdfff))
          return FALSE;
        if (c >= 0xd800 && c <= 0xdbff)
          {
            if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
              return FALSE;
            r->p += 2;
            if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
              return FALSE;
            c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          }
        g_string_append_unichar (r->scratch, c);
      }
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

/* The string at r->p (its opening quote), unescaped into the tree; FALSE if it is not a valid
 * JSON string. The text was checked to be UTF-8 as a whole, and an escape makes only whole
 * characters. *escaped says whether it had an escape. */
static gboolean
read_string (Reader      *r,
             const char **out,
             guint       *length,
             gboolean    *escaped)
{
  const char *opening = r->p, *start = ++r->p;

  /* Most strings have no escape: copied at once from the text. */
  while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
    r->p++;
  *escaped = r->p < r->end && *r->p == '\\';
  if (*escaped)
    {
      g_string_truncate (r->scratch, 0);
      for (;;)
        {
          g_string_append_len (r->scratch, start, r->p - start);
          if (r->p >= r->end || (guchar) *r->p < 0x20)
            return FALSE;
          if (*r->p == '"')
            break;
          r->p++;
          if (!read_escape (r))
            return FALSE;
          start = r->p;
          while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
            r->p++;
        }
    }
  else if (r->p >= r->end || *r->p != '"')
    return FALSE;

  if (r->limits->max_string > 0 && (gsize) (r->p - opening - 1) > r->limits->max_string)
    return FALSE;
  if (*escaped)
    {
      *length = (guint) r->scratch->len;
      *out = tree_strndup (r->tree, r->scratch->str, r->scratch->len);
    }
  else
    {
      *length = (guint) (r->p - start);
      *out = tree_strndup (r->tree, start, r->p - start);
    }
  r->p++;
  return TRUE;
}

static gboolean
read_number (Reader *r,
             ZbJson *out)
{
  const char *start = r->p;
  gboolean integer = TRUE;
  guint digits;
  char text[64];
  char *end;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if ((gsize) (r->p - start) >= sizeof text)
    return FALSE;
  digits = (guint) (r->p - start) - (*start == '-');
  if (integer && r->limits->max_integer_digits > 0 && digits > r->limits->max_integer_digits)
    return FALSE;
  memcpy (text, start, r->p - start);
  text[r->p - start] = '\0';

  errno = 0;
  if (integer)
    {
      out->type = ZB_JSON_INTEGER;
      out->v.integer = g_ascii_strtoll (text, &end, 10);
      /* json-glib would wrap it; the careful reader says so. */
      return errno == 0;
    }
  out->type = ZB_JSON_DOUBLE;
  out->v.number = g_ascii_strtod (text, &end);
  return TRUE;
}

static gboolean
has_duplicate_name (const ZbJsonMember *members,
                    guint               n)
{
  g_autoptr (GHashTable) names = NULL;

  if (n <= 16)
    {
      for (guint i = 1; i < n; i++)
        for (guint j = 0; j < i; j++)
          if (strcmp (members[i].name, members[j].name) == 0)
            return TRUE;
      return FALSE;
    }
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    if (!g_hash_table_add (names, (gpointer) members[i].name))
      return TRUE;
  return FALSE;
}

/* What was pushed on the stack since @base, into the tree as @out's members or elements. */
static void
close_container (Reader *r,
                 guint   base,
                 ZbJson *out)
{
  const ZbJsonMember *pushed = &g_array_index (r->stack, ZbJsonMember, base);
  guint n = r->stack->len - base;

  out->length = n;
  if (out->type == ZB_JSON_OBJECT)
    {
      out->v.members = n > 0 ? tree_alloc (r->tree, n * sizeof (ZbJsonMember)) : NULL;
      if (n > 0)
        memcpy (out->v.members, pushed, n * sizeof (ZbJsonMember));
    }
  else
    {
      out->v.elements = n > 0 ? tree_alloc (r->tree, n * sizeof (ZbJson)) : NULL;
      for (guint i = 0; i < n; i++)
        out->v.elements[i] = pushed[i].value;
    }
  g_array_set_size (r->stack, base);
}

static gboolean
read_object (Reader *r,
             ZbJson *out)
{
  guint base = r->stack->len;

  out->type = ZB_JSON_OBJECT;
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      close_container (r, base, out);
      return TRUE;
    }
  for (;;)
    {
      ZbJsonMember member;
      guint length;
      gboolean escaped;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"' || !read_string (r, &member.name, &length, &escaped) || escaped)
        break;
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        break;
      r->p++;
      if (!read_value (r, &member.value))
        break;
      g_array_append_val (r->stack, member);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          /* A key given twice: refused (the careful reader says where). */
          if (has_duplicate_name (&g_array_index (r->stack, ZbJsonMember, base), r->stack->len - base))
            break;
          r->p++;
          close_container (r, base, out);
          return TRUE;
        }
      break;
    }
  g_array_set_size (r->stack, base);
  return FALSE;
}

static gboolean
read_array (Reader *r,
            ZbJson *out)
{
  guint base = r->stack->len;

  out->type = ZB_JSON_ARRAY;
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      close_container (r, base, out);
      return TRUE;
    }
  for (;;)
    {
      ZbJsonMember element = { NULL, { 0 } };

      if (!read_value (r, &element.value))
        break;
      g_array_append_val (r->stack, element);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          close_container (r, base, out);
          return TRUE;
        }
      break;
    }
  g_array_set_size (r->stack, base);
  return FALSE;
}

static gboolean
read_word (Reader     *r,
           const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (r->end - r->p) < length || memcmp (r->p, word, length) != 0)
    return FALSE;
  r->p += length;
  return TRUE;
}

static gboolean
read_value (Reader *r,
            ZbJson *out)
{
  gboolean ok, escaped;

  memset (out, 0, sizeof *out);
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->limits->max_depth > 0 && r->depth == r->limits->max_depth)
        return FALSE;
      r->depth++;
      ok = *r->p == '{' ? read_object (r, out) : read_array (r, out);
      r->depth--;
      return ok;
    case '"':
      out->type = ZB_JSON_STRING;
      return read_string (r, &out->v.string, &out->length, &escaped);
    case 't':
      out->type = ZB_JSON_BOOLEAN;
      out->v.boolean = TRUE;
      return read_word (r, "true");
    case 'f':
      out->type = ZB_JSON_BOOLEAN;
      return read_word (r, "false");
    case 'n':
      out->type = ZB_JSON_NULL;
      return read_word (r, "null");
    default:
      return read_number (r, out);
    }
}

ZbJsonTree *
zb_json_tree_read (const char         *data,
                   gsize               length,
                   const ZbJsonLimits *limits)
{
  static const ZbJsonLimits none = { 0, 0, 0 };
  g_autoptr (ZbJsonTree) tree = NULL;
  g_autoptr (GString) scratch = NULL;
  g_autoptr (GArray) stack = NULL;
  Reader r;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* Once for the whole text: outside strings only ASCII is JSON, and escapes make whole
   * characters, so every string read is UTF-8 too. */
  if (!g_utf8_validate_len (data, length, NULL))
    return NULL;

  tree = tree_new ();
  scratch = g_string_sized_new (256);
  stack = g_array_sized_new (FALSE, FALSE, sizeof (ZbJsonMember), 256);
  r = (Reader) { data, data + length, 0, limits != NULL ? limits : &none, tree, scratch, stack };
  if (!read_value (&r, &tree->root))
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    return NULL;
  return g_steal_pointer (&tree);
}

/* From and to json-glib ------------------------------------------------------------------------ */

static void
copy_node (ZbJsonTree *tree,
           JsonNode   *node,
           ZbJson     *out)
{
  memset (out, 0, sizeof *out);
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr (GList) names = json_object_get_members (object);
        guint i = 0;

        out->type = ZB_JSON_OBJECT;
        out->length = g_list_length (names);
        out->v.members = tree_alloc (tree, MAX (out->length, 1) * sizeof (ZbJsonMember));
        for (GList *l = names; l != NULL; l = l->next, i++)
          {
            out->v.members[i].name = tree_strndup (tree, l->data, strlen (l->data));
            copy_node (tree, json_object_get_member (object, l->data), &out->v.members[i].value);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        out->type = ZB_JSON_ARRAY;
        out->length = json_array_get_length (array);
        out->v.elements = tree_alloc (tree, MAX (out->length, 1) * sizeof (ZbJson));
        for (guint i = 0; i < out->length; i++)
          copy_node (tree, json_array_get_element (array, i), &out->v.elements[i]);
      }
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          out->type = ZB_JSON_STRING;
          out->length = (guint) strlen (json_node_get_string (node));
          out->v.string = tree_strndup (tree, json_node_get_string (node), out->length);
          break;
        case G_TYPE_INT64:
          out->type = ZB_JSON_INTEGER;
          out->v.integer = json_node_get_int (node);
          break;
        case G_TYPE_DOUBLE:
          out->type = ZB_JSON_DOUBLE;
          out->v.number = json_node_get_double (node);
          break;
        case G_TYPE_BOOLEAN:
          out->type = ZB_JSON_BOOLEAN;
          out->v.boolean = json_node_get_boolean (node);
          break;
        default:
          out->type = ZB_JSON_NULL;
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      out->type = ZB_JSON_NULL;
      break;
    }
}

ZbJsonTree *
zb_json_tree_new_from_node (JsonNode *node)
{
  ZbJsonTree *tree;

  g_return_val_if_fail (node != NULL, NULL);

  tree = tree_new ();
  copy_node (tree, node, &tree->root);
  return tree;
}

JsonNode *
zb_json_to_node (const ZbJson *value)
{
  JsonNode *node;

  g_return_val_if_fail (value != NULL, NULL);

  switch (value->type)
    {
    case ZB_JSON_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), value->v.boolean);
    case ZB_JSON_INTEGER:
      return json_node_init_int (json_node_alloc (), value->v.integer);
    case ZB_JSON_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->v.number);
    case ZB_JSON_STRING:
      return json_node_init_string (json_node_alloc (), value->v.string);
    case ZB_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->length);

        for (guint i = 0; i < value->length; i++)
          json_array_add_element (array, zb_json_to_node (&value->v.elements[i]));
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    case ZB_JSON_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->length; i++)
          json_object_set_member (object, value->v.members[i].name,
                                  zb_json_to_node (&value->v.members[i].value));
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    case ZB_JSON_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}
