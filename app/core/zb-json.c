/* zb-json.c: a quick reader of well-formed JSON into json-glib's nodes. */
#define G_LOG_DOMAIN "zb-json"

#include "config.h"

#include "zb-json.h"

#include <errno.h>
#include <string.h>

typedef struct
{
  const char         *p;
  const char         *end;
  guint               depth;
  const ZbJsonLimits *limits;
  GString            *scratch;
  gboolean            escaped;   /* the last string read had an escape */
} Reader;

static JsonNode *read_value (Reader *r);

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

/* The string at r->p (its opening quote), unescaped into r->scratch; FALSE if it is not a valid
 * JSON string of valid UTF-8. */
static gboolean
read_string (Reader *r)
{
  const char *opening = r->p, *start;

  g_string_truncate (r->scratch, 0);
  r->escaped = FALSE;
  r->p++;
  for (;;)
    {
      /* Plain bytes up to the next quote or escape are copied at once. */
      start = r->p;
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (r->scratch, start, r->p - start);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p == '"')
        {
          if (r->limits->max_string > 0 && (gsize) (r->p - opening - 1) > r->limits->max_string)
            return FALSE;
          r->p++;
          return g_utf8_validate_len (r->scratch->str, r->scratch->len, NULL);
        }
      /* An escape */
      r->escaped = TRUE;
      if (++r->p >= r->end)
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
    }
}

static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean integer = TRUE;
  guint digits;
  char text[64];
  char *end;
  JsonNode *node;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return NULL;
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
        return NULL;
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
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if ((gsize) (r->p - start) >= sizeof text)
    return NULL;
  digits = (guint) (r->p - start) - (*start == '-');
  if (integer && r->limits->max_integer_digits > 0 && digits > r->limits->max_integer_digits)
    return NULL;
  memcpy (text, start, r->p - start);
  text[r->p - start] = '\0';

  node = json_node_alloc ();
  errno = 0;
  if (integer)
    {
      gint64 value = g_ascii_strtoll (text, &end, 10);

      /* json-glib would wrap it; the careful reader says so. */
      if (errno != 0)
        {
          json_node_free (node);
          return NULL;
        }
      json_node_init_int (node, value);
    }
  else
    json_node_init_double (node, g_ascii_strtod (text, &end));
  return node;
}

/* Nodes holding @object or @array, which take a reference of their own: this one is dropped. */
static JsonNode *
take_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static JsonNode *
take_array (JsonArray *array)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  return node;
}

static JsonNode *
read_object (Reader *r)
{
  JsonObject *object = json_object_new ();

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return take_object (object);
    }
  for (;;)
    {
      g_autofree char *name = NULL;
      JsonNode *value;
      guint size;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"' || !read_string (r) || r->escaped)
        break;
      name = g_strndup (r->scratch->str, r->scratch->len);
      size = json_object_get_size (object);
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        break;
      r->p++;
      value = read_value (r);
      if (value == NULL)
        break;
      json_object_set_member (object, name, value);
      /* A key given twice replaces the first value: refused (the careful reader says where). */
      if (json_object_get_size (object) == size)
        break;
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          return take_object (object);
        }
      break;
    }
  json_object_unref (object);
  return NULL;
}

static JsonNode *
read_array (Reader *r)
{
  JsonArray *array = json_array_new ();

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return take_array (array);
    }
  for (;;)
    {
      JsonNode *value = read_value (r);

      if (value == NULL)
        break;
      json_array_add_element (array, value);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          return take_array (array);
        }
      break;
    }
  json_array_unref (array);
  return NULL;
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

static JsonNode *
read_value (Reader *r)
{
  JsonNode *node = NULL;

  skip_space (r);
  if (r->p >= r->end)
    return NULL;
  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->limits->max_depth > 0 && r->depth == r->limits->max_depth)
        return NULL;
      r->depth++;
      node = *r->p == '{' ? read_object (r) : read_array (r);
      r->depth--;
      return node;
    case '"':
      if (!read_string (r))
        return NULL;
      node = json_node_alloc ();
      json_node_init_string (node, r->scratch->str);
      return node;
    case 't':
      return read_word (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return read_word (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return read_word (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      return read_number (r);
    }
}

JsonNode *
zb_json_read (const char         *data,
              gsize               length,
              const ZbJsonLimits *limits)
{
  static const ZbJsonLimits none = { 0, 0, 0 };
  g_autoptr (GString) scratch = g_string_sized_new (256);
  Reader r = { data, data + length, 0, limits != NULL ? limits : &none, scratch, FALSE };
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = read_value (&r);
  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    {
      json_node_unref (root);
      return NULL;
    }
  return root;
}
