#define G_LOG_DOMAIN "zb-text-render"

#include "config.h"

#include "zb-text-render.h"
#include "zb-pdf.h"
#include "zb-theme.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <math.h>
#include <string.h>
#include <hb.h>
#include <hb-subset.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H

/* One face of the document: the glyphs it shows and, after subsetting, the small face that
 * replaces it and the map from the old glyph ids to the new ones. */
typedef struct
{
  hb_face_t         *source;
  gboolean           eligible;    /* a plain CFF face cairo would embed by copying all of it */
  hb_set_t          *glyphs;
  hb_map_t          *old_to_new;  /* NULL: runs of this face are drawn by Pango */
  cairo_font_face_t *face;
} Subset;

/* A face as zb-pdf writes it: the glyphs shown and the CID of each in the face. */
typedef struct
{
  hb_face_t *source;
  guint      number;              /* zb-pdf's font number */
  hb_set_t  *glyphs;
  hb_map_t  *cids;                /* glyph → CID */
} PdfFace;

/* The faces of a document, each with what it needs (a Subset or a PdfFace), found by HarfBuzz
 * face and, failing that, by the file and index the face was loaded from: two font maps (two
 * threads laying out) load one file as two HarfBuzz faces, which must still be one face of the
 * document. */
typedef struct
{
  GHashTable *by_face;  /* hb_face_t * (a reference) → value */
  GHashTable *by_file;  /* "INDEX FILE" → value */
  GPtrArray  *values;   /* owned, in the order added */
} FaceTable;

/* What writing a run through zb-pdf needs of its font, kept from one run to the next: a page
 * writes run after run in the same few fonts. */
typedef struct
{
  PangoFont *font;                /* a reference, so that the pointer names the same font */
  PdfFace   *pdf_face;            /* NULL: zb-pdf cannot write this font */
  hb_font_t *hb_font;
  int        x_scale;
  double     size;                /* of the font matrix, in user space */
  hb_codepoint_t ellipsis;        /* "…", or -1 */
} RunFont;

typedef struct
{
  gboolean    collecting;
  FaceTable   subsets;            /* of Subset * */
  ZbPdf      *pdf;                /* set: everything is written by zb-pdf */
  FaceTable   pdf_faces;          /* of PdfFace * */
  gboolean    failed;             /* something zb-pdf cannot write was drawn */
  RunFont     run_font;           /* the font of the last run written */
} State;

static const cairo_user_data_key_t state_key;
static const cairo_user_data_key_t ft_face_key;
static gint subsetting = TRUE;
static gint writing = TRUE;

void
zb_text_render_set_subsetting (gboolean enabled)
{
  g_atomic_int_set (&subsetting, enabled);
}

void
zb_text_render_set_writer (gboolean enabled)
{
  g_atomic_int_set (&writing, enabled);
}

static void
pdf_face_free (gpointer data)
{
  PdfFace *face = data;

  hb_face_destroy (face->source);
  hb_set_destroy (face->glyphs);
  hb_map_destroy (face->cids);
  g_free (face);
}

static void
subset_free (gpointer data)
{
  Subset *subset = data;

  hb_face_destroy (subset->source);
  hb_set_destroy (subset->glyphs);
  if (subset->old_to_new != NULL)
    hb_map_destroy (subset->old_to_new);
  if (subset->face != NULL)
    cairo_font_face_destroy (subset->face);
  g_free (subset);
}

static void
face_table_init (FaceTable      *table,
                 GDestroyNotify  free_value)
{
  table->by_face = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) hb_face_destroy, NULL);
  table->by_file = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table->values = g_ptr_array_new_with_free_func (free_value);
}

static void
face_table_clear (FaceTable *table)
{
  g_hash_table_destroy (table->by_face);
  g_hash_table_destroy (table->by_file);
  g_ptr_array_unref (table->values);
}

/* The value for @face once it was looked up or added: by HarfBuzz face alone, with no file name
 * to make. Drawing the pages again after collecting their faces meets only faces known so. */
static gpointer
face_table_find (FaceTable *table,
                 hb_face_t *face)
{
  return g_hash_table_lookup (table->by_face, face);
}

/* The value for @face, the HarfBuzz face of @font, or NULL with *key naming the face's file for
 * face_table_add () (NULL for a face not loaded from a file). */
static gpointer
face_table_lookup (FaceTable  *table,
                   PangoFont  *font,
                   hb_face_t  *face,
                   char      **key)
{
  FcPattern *pattern;
  FcChar8 *file = NULL;
  int index = 0;
  gpointer value;

  *key = NULL;
  value = face_table_find (table, face);
  if (value != NULL)
    return value;
  pattern = PANGO_IS_FC_FONT (font) ? pango_fc_font_get_pattern (PANGO_FC_FONT (font)) : NULL;
  if (pattern == NULL || FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch)
    return NULL;
  if (FcPatternGetInteger (pattern, FC_INDEX, 0, &index) != FcResultMatch)
    index = 0;
  *key = g_strdup_printf ("%d %s", index, (const char *) file);
  value = g_hash_table_lookup (table->by_file, *key);
  if (value != NULL)
    {
      g_hash_table_insert (table->by_face, hb_face_reference (face), value);
      g_clear_pointer (key, g_free);
    }
  return value;
}

/* Adds @value for @face and the file @key (taken; may be NULL) of a failed lookup. */
static void
face_table_add (FaceTable *table,
                hb_face_t *face,
                char      *key,
                gpointer   value)
{
  g_ptr_array_add (table->values, value);
  g_hash_table_insert (table->by_face, hb_face_reference (face), value);
  if (key != NULL)
    g_hash_table_insert (table->by_file, key, value);
}

/* Attributes a run may carry and still be drawn glyph by glyph here; anything else (underline,
 * a background, shapes, rise) is left to Pango's renderer, which draws it. */
static gboolean
attributes_are_plain (GSList *attrs)
{
  for (GSList *l = attrs; l != NULL; l = l->next)
    {
      switch (((PangoAttribute *) l->data)->klass->type)
        {
        case PANGO_ATTR_FOREGROUND:
        case PANGO_ATTR_LANGUAGE:
        case PANGO_ATTR_FALLBACK:
        case PANGO_ATTR_LETTER_SPACING:
        case PANGO_ATTR_FONT_FEATURES:
        case PANGO_ATTR_ALLOW_BREAKS:
        case PANGO_ATTR_INSERT_HYPHENS:
          break;
        default:
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
run_is_plain (PangoGlyphItem *run)
{
  return run->item->analysis.font != NULL
         && run->start_x_offset == 0 && run->end_x_offset == 0
         && attributes_are_plain (run->item->analysis.extra_attrs);
}

/* TRUE when every run of @layout can be drawn here. A layout with an underline or a shape is drawn
 * by Pango as a whole: such decorations belong to lines, not to runs. */
static gboolean
layout_is_plain (PangoLayout *layout)
{
  GSList *lines = pango_layout_get_lines_readonly (layout);

  for (GSList *l = lines; l != NULL; l = l->next)
    for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r != NULL; r = r->next)
      if (!run_is_plain (r->data))
        return FALSE;
  return TRUE;
}

static hb_face_t *
font_hb_face (PangoFont *font)
{
  hb_font_t *hb_font = pango_font_get_hb_font (font);

  return hb_font != NULL ? hb_font_get_face (hb_font) : NULL;
}

/* A font drawn from its face's outlines as they are: no synthetic emboldening or slanting
 * (fontconfig's answer for a weight or a slant the family lacks, made on the same face as its
 * plain font, so this is asked of every run's font, not once a face), no variations. */
static gboolean
font_is_plain (PangoFont *font)
{
  cairo_scaled_font_t *scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  cairo_font_face_t *cairo_face = scaled != NULL ? cairo_scaled_font_get_font_face (scaled) : NULL;
  hb_font_t *hb_font = pango_font_get_hb_font (font);
  unsigned int n_coords = 0;

  if (cairo_face == NULL || cairo_font_face_get_type (cairo_face) != CAIRO_FONT_TYPE_FT
      || cairo_ft_font_face_get_synthesize (cairo_face) != 0)
    return FALSE;
  if (hb_font != NULL)
    hb_font_get_var_coords_normalized (hb_font, &n_coords);
  return n_coords == 0;
}

/* Only CFF faces are replaced: cairo subsets TrueType outlines glyph by glyph already, and
 * variable fonts and colour glyphs are cairo's to render. */
static gboolean
face_is_eligible (hb_face_t *face)
{
  static const char *const refused[] = { "fvar", "COLR", "CBDT", "sbix", "SVG " };
  hb_blob_t *cff;
  gboolean has_cff;

  cff = hb_face_reference_table (face, HB_TAG ('C', 'F', 'F', ' '));
  has_cff = hb_blob_get_length (cff) > 0;
  hb_blob_destroy (cff);
  if (!has_cff)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      hb_blob_t *table = hb_face_reference_table (face, hb_tag_from_string (refused[i], 4));
      gboolean present = hb_blob_get_length (table) > 0;

      hb_blob_destroy (table);
      if (present)
        return FALSE;
    }
  return TRUE;
}

static void
collect_run (State          *state,
             PangoGlyphItem *run)
{
  PangoFont *font = run->item->analysis.font;
  hb_face_t *face = font_hb_face (font);
  Subset *subset;
  char *key;

  if (face == NULL)
    return;
  subset = face_table_lookup (&state->subsets, font, face, &key);
  if (subset == NULL)
    {
      subset = g_new0 (Subset, 1);
      subset->source = hb_face_reference (face);
      subset->eligible = face_is_eligible (face);
      subset->glyphs = hb_set_create ();
      face_table_add (&state->subsets, face, key, subset);
    }
  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    {
      PangoGlyph glyph = run->glyphs->glyphs[i].glyph;

      if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        hb_set_add (subset->glyphs, glyph);
    }
}

typedef struct
{
  FT_Face    ft_face;
  hb_blob_t *blob;     /* the font data FreeType reads from */
} FtFace;

G_LOCK_DEFINE_STATIC (freetype);

/* FreeType wants face creation and destruction on one library serialised; cairo may drop the
 * last reference to a face in any thread. The library lives as long as the process, as faces may
 * outlive any one document in cairo's font cache. */
static FT_Library
freetype_library (void)
{
  static FT_Library library;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      if (FT_Init_FreeType (&library) != 0)
        library = NULL;
      g_once_init_leave (&initialised, 1);
    }
  return library;
}

/* A FreeType face reading @blob (which must outlive it), or NULL. */
static FT_Face
memory_face_new (hb_blob_t *blob)
{
  FT_Library library = freetype_library ();
  unsigned int length;
  const char *data = hb_blob_get_data (blob, &length);
  FT_Face ft_face = NULL;
  FT_Error ft_error;

  if (library == NULL)
    return NULL;
  G_LOCK (freetype);
  ft_error = FT_New_Memory_Face (library, (const FT_Byte *) data, length, 0, &ft_face);
  G_UNLOCK (freetype);
  return ft_error == 0 ? ft_face : NULL;
}

static void
memory_face_free (FT_Face ft_face)
{
  G_LOCK (freetype);
  FT_Done_Face (ft_face);
  G_UNLOCK (freetype);
}

static void
ft_face_free (gpointer data)
{
  FtFace *face = data;

  memory_face_free (face->ft_face);
  hb_blob_destroy (face->blob);
  g_free (face);
}

static cairo_font_face_t *
cairo_face_from_blob (hb_blob_t *blob)
{
  FT_Face ft_face = memory_face_new (blob);
  FtFace *face;
  cairo_font_face_t *cairo_face;

  if (ft_face == NULL)
    return NULL;

  face = g_new0 (FtFace, 1);
  face->ft_face = ft_face;
  face->blob = hb_blob_reference (blob);
  /* Unhinted outlines: a PDF scales them itself. */
  cairo_face = cairo_ft_font_face_create_for_ft_face (ft_face, FT_LOAD_NO_HINTING);
  if (cairo_font_face_set_user_data (cairo_face, &ft_face_key, face, ft_face_free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_font_face_destroy (cairo_face);
      ft_face_free (face);
      return NULL;
    }
  return cairo_face;
}

/* The tables a CFF face needs to be drawn and embedded: outlines, advances, its name. Leaving
 * out cmap and the layout tables keeps HarfBuzz from walking the whole of a CJK font's. */
static const char *const kept_tables[] = { "CFF ", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post" };

/* @source cut down to @glyphs: the new face (NULL on failure) and the map from old glyph ids to
 * new ones. */
static hb_face_t *
subset_face (hb_face_t *source,
             hb_set_t  *glyphs,
             hb_map_t **old_to_new)
{
  hb_face_t *lean = hb_face_builder_create ();
  hb_subset_input_t *input = hb_subset_input_create_or_fail ();
  hb_subset_plan_t *plan = NULL;
  hb_face_t *result = NULL;

  if (input == NULL)
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (kept_tables); i++)
    {
      hb_tag_t tag = hb_tag_from_string (kept_tables[i], 4);
      hb_blob_t *table = hb_face_reference_table (source, tag);

      if (hb_blob_get_length (table) > 0)
        hb_face_builder_add_table (lean, tag, table);
      hb_blob_destroy (table);
    }
  hb_set_union (hb_subset_input_glyph_set (input), glyphs);
  hb_set_clear (hb_subset_input_unicode_set (input));
  /* Subroutines inlined and hints dropped: quickest to write, and a PDF has no use for hints. */
  hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
  plan = hb_subset_plan_create_or_fail (lean, input);
  if (plan == NULL)
    goto out;
  result = hb_subset_plan_execute_or_fail (plan);
  if (result != NULL)
    *old_to_new = hb_map_copy (hb_subset_plan_old_to_new_glyph_mapping (plan));

out:
  if (plan != NULL)
    hb_subset_plan_destroy (plan);
  if (input != NULL)
    hb_subset_input_destroy (input);
  hb_face_destroy (lean);
  return result;
}

static void
build_subset (Subset *subset)
{
  hb_map_t *old_to_new = NULL;
  hb_face_t *result = subset_face (subset->source, subset->glyphs, &old_to_new);
  hb_blob_t *blob;

  if (result == NULL)
    return;
  blob = hb_face_reference_blob (result);
  subset->face = cairo_face_from_blob (blob);
  if (subset->face != NULL)
    subset->old_to_new = g_steal_pointer (&old_to_new);
  if (old_to_new != NULL)
    hb_map_destroy (old_to_new);
  hb_blob_destroy (blob);
  hb_face_destroy (result);
}

/* The colour a run's attributes give it, into @rgb; FALSE when it is drawn in the current one. */
static gboolean
run_rgb (PangoGlyphItem *run,
         double          rgb[3])
{
  const PangoColor *color = NULL;

  for (GSList *l = run->item->analysis.extra_attrs; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_FOREGROUND)
        color = &((PangoAttrColor *) attr)->color;
    }
  if (color == NULL)
    return FALSE;
  rgb[0] = color->red / 65535.;
  rgb[1] = color->green / 65535.;
  rgb[2] = color->blue / 65535.;
  return TRUE;
}

static void
set_run_color (cairo_t        *cr,
               PangoGlyphItem *run)
{
  double rgb[3];

  if (run_rgb (run, rgb))
    cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

/* The glyphs of @run from the subset face, with their clusters, so that the PDF keeps the text
 * behind them exactly as Pango's renderer would. FALSE when a glyph is not in the subset. */
static gboolean
show_run_from_subset (cairo_t        *cr,
                      Subset         *subset,
                      const char     *text,
                      PangoGlyphItem *run,
                      double          x,
                      double          y)
{
  PangoGlyphString *glyphs = run->glyphs;
  g_autofree cairo_glyph_t *cairo_glyphs = g_new (cairo_glyph_t, MAX (glyphs->num_glyphs, 1));
  g_autofree cairo_text_cluster_t *clusters = g_new (cairo_text_cluster_t, MAX (glyphs->num_glyphs, 1));
  gboolean backward = (run->item->analysis.level & 1) != 0;
  cairo_scaled_font_t *scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run->item->analysis.font));
  cairo_font_options_t *options;
  PangoGlyphItemIter iter;
  cairo_matrix_t matrix;
  int x_position = 0, count = 0, n_clusters = 0;

  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *info = &glyphs->glyphs[i];

      if (info->glyph != PANGO_GLYPH_EMPTY)
        {
          if ((info->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || !hb_map_has (subset->old_to_new, info->glyph))
            return FALSE;
          cairo_glyphs[count].index = hb_map_get (subset->old_to_new, info->glyph);
          cairo_glyphs[count].x = x + (double) (x_position + info->geometry.x_offset) / PANGO_SCALE;
          cairo_glyphs[count].y = y + (double) info->geometry.y_offset / PANGO_SCALE;
          count++;
        }
      x_position += info->geometry.width;
    }

  if (pango_glyph_item_iter_init_start (&iter, run, text))
    do
      {
        int n = iter.end_glyph - iter.start_glyph;

        if (backward)
          n = -n;
        for (int i = iter.start_glyph; i != iter.end_glyph; i += backward ? -1 : 1)
          if (glyphs->glyphs[i].glyph == PANGO_GLYPH_EMPTY)
            n--;
        clusters[n_clusters].num_bytes = iter.end_index - iter.start_index;
        clusters[n_clusters].num_glyphs = n;
        n_clusters++;
      }
    while (pango_glyph_item_iter_next_cluster (&iter));

  cairo_scaled_font_get_font_matrix (scaled, &matrix);
  options = cairo_font_options_create ();
  cairo_scaled_font_get_font_options (scaled, options);
  cairo_set_font_face (cr, subset->face);
  cairo_set_font_matrix (cr, &matrix);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);
  cairo_show_text_glyphs (cr, text + run->item->offset, run->item->length, cairo_glyphs, count,
                          clusters, n_clusters, backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  return TRUE;
}

static void
draw_run (cairo_t        *cr,
          State          *state,
          const char     *text,
          PangoGlyphItem *run,
          double          x,
          double          y)
{
  PangoFont *font = run->item->analysis.font;
  hb_face_t *face = font_hb_face (font);
  Subset *subset = face != NULL ? face_table_find (&state->subsets, face) : NULL;

  cairo_save (cr);
  set_run_color (cr, run);
  if (subset == NULL || subset->old_to_new == NULL || !font_is_plain (font)
      || !show_run_from_subset (cr, subset, text, run, x, y))
    {
      /* Pango draws the glyphs at the current point; the caller's path is put back after. */
      cairo_path_t *path = cairo_copy_path (cr);

      cairo_new_path (cr);
      cairo_move_to (cr, x, y);
      pango_cairo_show_glyph_item (cr, text, run);
      cairo_new_path (cr);
      cairo_append_path (cr, path);
      cairo_path_destroy (path);
    }
  cairo_restore (cr);
}

const PangoFontDescription *
zb_text_reference_font (gboolean bold)
{
  static PangoFontDescription *fonts[2];
  static gsize made;

  if (g_once_init_enter (&made))
    {
      for (guint i = 0; i < G_N_ELEMENTS (fonts); i++)
        {
          fonts[i] = pango_font_description_from_string (ZB_CHART_FONT_FAMILY);
          pango_font_description_set_absolute_size (fonts[i], ZB_TEXT_REFERENCE_SIZE * PANGO_SCALE);
          pango_font_description_set_weight (fonts[i], i == 1 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        }
      g_once_init_leave (&made, 1);
    }
  return fonts[bold ? 1 : 0];
}

static const char sample_text[] = "国内生产总值 GDP 2024年 4.5% ≥ > ≈ …";

PangoLayout *
zb_text_sample_layout (PangoContext *context,
                       gboolean      bold)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoRectangle logical;

  pango_layout_set_font_description (layout, zb_text_reference_font (bold));
  pango_layout_set_text (layout, sample_text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  return layout;
}

void
zb_text_sample_shape (PangoContext *context,
                      gboolean      bold)
{
  g_autoptr (PangoAttrList) attrs = pango_attr_list_new ();
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  GList *items;

  pango_attr_list_insert (attrs, pango_attr_font_desc_new (zb_text_reference_font (bold)));
  items = pango_itemize (context, sample_text, 0, sizeof sample_text - 1, attrs, NULL);
  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;

      pango_shape_with_flags (sample_text + item->offset, item->length, sample_text, sizeof sample_text - 1,
                              &item->analysis, glyphs, PANGO_SHAPE_NONE);
    }
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_glyph_string_free (glyphs);
}

static GQuark
scale_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("zb-text-scale");
  return quark;
}

void
zb_text_layout_set_scale (PangoLayout *layout,
                          double       scale)
{
  double *stored = g_new (double, 1);

  g_return_if_fail (PANGO_IS_LAYOUT (layout));
  *stored = scale;
  g_object_set_qdata_full (G_OBJECT (layout), scale_quark (), stored, g_free);
}

double
zb_text_layout_get_scale (PangoLayout *layout)
{
  double *scale = g_object_get_qdata (G_OBJECT (layout), scale_quark ());

  return scale != NULL ? *scale : 1;
}

void
zb_text_layout_get_extents (PangoLayout *layout,
                            double      *x,
                            double      *y,
                            double      *width,
                            double      *height)
{
  double scale = zb_text_layout_get_scale (layout) / PANGO_SCALE;
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (x != NULL)
    *x = logical.x * scale;
  if (y != NULL)
    *y = logical.y * scale;
  if (width != NULL)
    *width = logical.width * scale;
  if (height != NULL)
    *height = logical.height * scale;
}

/* The face zb-pdf writes @font's glyphs with, made on first use; NULL for a face it cannot
 * write: only CID-keyed CFF faces, whose CIDs survive subsetting, are written. */
static PdfFace *
pdf_face_for (State     *state,
              PangoFont *font)
{
  hb_face_t *face = font_hb_face (font);
  PdfFace *pdf_face;
  cairo_scaled_font_t *scaled;
  FT_Face ft_face;
  FT_Bool cid_keyed = FALSE;
  g_autofree char *key = NULL;

  if (face == NULL)
    return NULL;
  pdf_face = face_table_lookup (&state->pdf_faces, font, face, &key);
  if (pdf_face != NULL)
    return pdf_face;
  if (!face_is_eligible (face))
    return NULL;
  scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  ft_face = scaled != NULL ? cairo_ft_scaled_font_lock_face (scaled) : NULL;
  if (ft_face == NULL)
    return NULL;
  if (FT_Get_CID_Is_Internally_CID_Keyed (ft_face, &cid_keyed) != 0)
    cid_keyed = FALSE;
  cairo_ft_scaled_font_unlock_face (scaled);
  if (!cid_keyed)
    return NULL;

  pdf_face = g_new0 (PdfFace, 1);
  pdf_face->source = hb_face_reference (face);
  pdf_face->number = zb_pdf_add_font (state->pdf);
  pdf_face->glyphs = hb_set_create ();
  pdf_face->cids = hb_map_create ();
  face_table_add (&state->pdf_faces, face, g_steal_pointer (&key), pdf_face);
  return pdf_face;
}

/* The CID of @glyph in the face of @run_font, looked up in the face on first use, when its
 * advance is given to zb-pdf; FALSE when it has none. */
static gboolean
glyph_cid (State      *state,
           RunFont    *run_font,
           PangoGlyph  glyph,
           guint      *cid)
{
  PdfFace *pdf_face = run_font->pdf_face;
  cairo_scaled_font_t *scaled;
  FT_Face ft_face;
  FT_UInt value;
  FT_Error ft_error;

  *cid = hb_map_get (pdf_face->cids, glyph);
  if (*cid != HB_MAP_VALUE_INVALID)
    return TRUE;
  scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run_font->font));
  ft_face = cairo_ft_scaled_font_lock_face (scaled);
  if (ft_face == NULL)
    return FALSE;
  ft_error = FT_Get_CID_From_Glyph_Index (ft_face, glyph, &value);
  cairo_ft_scaled_font_unlock_face (scaled);
  if (ft_error != 0)
    return FALSE;
  hb_map_set (pdf_face->cids, glyph, value);
  hb_set_add (pdf_face->glyphs, glyph);
  zb_pdf_set_width (state->pdf, pdf_face->number, value,
                    hb_font_get_glyph_h_advance (run_font->hb_font, glyph) * 1000.0 / run_font->x_scale);
  *cid = value;
  return TRUE;
}

/* What writing runs of @font needs; its pdf_face is NULL for a font zb-pdf cannot write. */
static RunFont *
run_font_for (State     *state,
              PangoFont *font)
{
  RunFont *run_font = &state->run_font;
  cairo_scaled_font_t *scaled;
  cairo_matrix_t matrix;
  int y_scale;

  if (run_font->font == font)
    return run_font;
  g_clear_object (&run_font->font);
  *run_font = (RunFont) { .font = g_object_ref (font), .hb_font = pango_font_get_hb_font (font),
                          .ellipsis = (hb_codepoint_t) -1 };
  if (run_font->hb_font == NULL || !font_is_plain (font))
    return run_font;
  hb_font_get_scale (run_font->hb_font, &run_font->x_scale, &y_scale);
  scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  if (run_font->x_scale <= 0 || scaled == NULL)
    return run_font;
  /* Text is written at one size on both axes, unskewed. */
  cairo_scaled_font_get_font_matrix (scaled, &matrix);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx != matrix.yy)
    return run_font;
  run_font->size = matrix.xx;
  if (!hb_font_get_nominal_glyph (run_font->hb_font, 0x2026, &run_font->ellipsis))
    run_font->ellipsis = (hb_codepoint_t) -1;
  run_font->pdf_face = pdf_face_for (state, font);
  return run_font;
}

/* A clip made with cairo_clip () rather than zb_draw_clip () would be lost: it makes the
 * document cairo's to draw. (zb-pdf's pages are drawn on an unbounded surface, where cairo's
 * clip is infinite until one is made.) */
static void
check_cairo_clip (State   *state,
                  cairo_t *cr)
{
  double x1, y1, x2, y2;

  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  if (isfinite (x1) || isfinite (x2))
    state->failed = TRUE;
}

/* Runs of up to this many glyphs are written from buffers on the stack. */
#define RUN_GLYPHS_ON_STACK 64

/* @run through zb-pdf: its glyphs where Pango placed them, and the text of each cluster behind
 * its first glyph. Marks the document failed for a run zb-pdf cannot write. */
static void
write_run (cairo_t        *cr,
           State          *state,
           const char     *text,
           PangoGlyphItem *run,
           double          x,
           double          y)
{
  PangoGlyphString *glyphs = run->glyphs;
  ZbPdfGlyph stack_out[RUN_GLYPHS_ON_STACK];
  int stack_index[RUN_GLYPHS_ON_STACK];
  g_autofree ZbPdfGlyph *heap_out = NULL;
  g_autofree int *heap_index = NULL;
  ZbPdfGlyph *out = stack_out;
  int *index = stack_index;
  double rgb[3];
  RunFont *run_font;
  PangoGlyphItemIter iter;
  int x_position = 0;
  guint count = 0;

  /* Right-to-left runs keep their glyphs in the order opposite to their text's; they are
   * cairo's to write, with their clusters. */
  if (run->item->analysis.level & 1)
    state->failed = TRUE;
  if (state->failed)
    return;
  run_font = run_font_for (state, run->item->analysis.font);
  if (run_font->pdf_face == NULL)
    {
      state->failed = TRUE;
      return;
    }

  if (glyphs->num_glyphs > RUN_GLYPHS_ON_STACK)
    {
      out = heap_out = g_new (ZbPdfGlyph, glyphs->num_glyphs);
      index = heap_index = g_new (int, glyphs->num_glyphs);
    }
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *info = &glyphs->glyphs[i];

      index[i] = -1;
      if (info->glyph != PANGO_GLYPH_EMPTY)
        {
          if ((info->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || !glyph_cid (state, run_font, info->glyph, &out[count].cid))
            {
              state->failed = TRUE;
              return;
            }
          index[i] = (int) count;
          out[count].x = x + (double) (x_position + info->geometry.x_offset) / PANGO_SCALE;
          out[count].y = y + (double) info->geometry.y_offset / PANGO_SCALE;
          out[count].span_glyphs = 0;
          count++;
        }
      x_position += info->geometry.width;
    }

  /* The text behind each glyph: one glyph for one character or a ligature maps its CID to its
   * text; anything else (an ellipsis Pango put for the text it hides, a character of several
   * glyphs, a glyph whose CID already stands for another character) is a span that carries its
   * text itself. */
  if (pango_glyph_item_iter_init_start (&iter, run, text))
    do
      {
        const char *start = text + iter.start_index;
        gsize length = iter.end_index - iter.start_index;
        int first = -1, n = 0;
        PangoGlyph glyph = PANGO_GLYPH_EMPTY;

        for (int i = iter.start_glyph; i < iter.end_glyph; i++)
          if (index[i] >= 0)
            {
              if (first < 0)
                {
                  first = index[i];
                  glyph = glyphs->glyphs[i].glyph;
                }
              n++;
            }
        if (first < 0)
          continue;
        if (n != 1
            || (glyph == run_font->ellipsis && (length != strlen ("…") || memcmp (start, "…", length) != 0))
            || !zb_pdf_map_text (state->pdf, run_font->pdf_face->number, out[first].cid, start, length))
          {
            out[first].span_glyphs = n;
            out[first].span_text = start;
            out[first].span_length = length;
          }
      }
    while (pango_glyph_item_iter_next_cluster (&iter));

  if (!zb_pdf_show_glyphs (state->pdf, cr, run_font->pdf_face->number, run_font->size,
                           run_rgb (run, rgb) ? rgb : NULL, out, count))
    state->failed = TRUE;
}

/* Draws @layout at the origin of @cr, unscaled. */
static void
render_layout (cairo_t     *cr,
               PangoLayout *layout)
{
  State *state = cairo_surface_get_user_data (cairo_get_target (cr), &state_key);
  PangoLayoutIter *iter;
  const char *text;
  int x = G_MININT;

  if (state == NULL || !layout_is_plain (layout))
    {
      if (state != NULL && state->pdf != NULL)
        state->failed = TRUE;
      else if (state == NULL || !state->collecting)
        pango_cairo_show_layout (cr, layout);
      return;
    }

  if (state->pdf != NULL)
    check_cairo_clip (state, cr);
  text = pango_layout_get_text (layout);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      double baseline;

      /* A line ends in a NULL run; the next one starts where the line does. */
      if (run == NULL)
        {
          x = G_MININT;
          continue;
        }
      if (state->collecting)
        {
          collect_run (state, run);
          continue;
        }
      /* Runs follow each other, each as wide as its glyphs (a plain run has no offsets at its
       * ends): Pango's own run extents would measure every glyph again. */
      if (x == G_MININT)
        {
          PangoRectangle line;

          pango_layout_iter_get_line_extents (iter, NULL, &line);
          x = line.x;
        }
      /* The run's own baseline: line spacing moves runs by their y_offset. */
      baseline = pango_layout_iter_get_run_baseline (iter) / (double) PANGO_SCALE;
      if (state->pdf != NULL)
        write_run (cr, state, text, run, x / (double) PANGO_SCALE, baseline);
      else
        draw_run (cr, state, text, run, x / (double) PANGO_SCALE, baseline);
      x += pango_glyph_string_get_width (run->glyphs);
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

void
zb_text_render_layout (cairo_t     *cr,
                       PangoLayout *layout)
{
  double scale = zb_text_layout_get_scale (layout);
  double x = 0, y = 0;

  /* The current point (the origin when there is none, as for Pango) becomes the origin; the
   * path itself is left as it is. */
  if (cairo_has_current_point (cr))
    cairo_get_current_point (cr, &x, &y);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  render_layout (cr, layout);
  cairo_restore (cr);
}

static void
draw_pages (cairo_t              *cr,
            guint                 n_pages,
            gboolean              show_pages,
            ZbTextRenderPageFunc  draw_page,
            gpointer              user_data)
{
  for (guint i = 0; i < n_pages; i++)
    {
      cairo_save (cr);
      draw_page (cr, i, user_data);
      cairo_restore (cr);
      if (show_pages)
        cairo_show_page (cr);
    }
}

cairo_status_t
zb_text_render_pdf (cairo_surface_t      *surface,
                    guint                 n_pages,
                    ZbTextRenderPageFunc  draw_page,
                    gpointer              user_data)
{
  State state = { TRUE };
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (surface != NULL, CAIRO_STATUS_NULL_POINTER);
  g_return_val_if_fail (draw_page != NULL, CAIRO_STATUS_NULL_POINTER);

  face_table_init (&state.subsets, subset_free);
  if (g_atomic_int_get (&subsetting))
    {
      /* The first pass draws into one pixel, where only the text is looked at. */
      cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);

      cairo_surface_set_user_data (probe, &state_key, &state, NULL);
      cr = cairo_create (probe);
      draw_pages (cr, n_pages, FALSE, draw_page, user_data);
      cairo_destroy (cr);
      cairo_surface_destroy (probe);

      for (guint i = 0; i < state.subsets.values->len; i++)
        {
          Subset *subset = g_ptr_array_index (state.subsets.values, i);

          if (subset->eligible)
            build_subset (subset);
        }
      state.collecting = FALSE;
      cairo_surface_set_user_data (surface, &state_key, &state, NULL);
    }

  cr = cairo_create (surface);
  draw_pages (cr, n_pages, TRUE, draw_page, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  /* The faces are read for embedding here, so the subsets must live until now. */
  cairo_surface_finish (surface);
  cairo_surface_set_user_data (surface, &state_key, NULL, NULL);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  face_table_clear (&state.subsets);
  return status;
}

/* Shapes ------------------------------------------------------------------------------------------ */

/* The state of a document zb-pdf writes, when @cr draws one, checked for a clip it cannot see. */
static State *
writer_state (cairo_t *cr)
{
  State *state = cairo_surface_get_user_data (cairo_get_target (cr), &state_key);

  if (state == NULL || state->pdf == NULL)
    return NULL;
  check_cairo_clip (state, cr);
  return state;
}

/* A shape through zb-pdf when it writes the page, else painted by cairo. */
static void
draw_shape (cairo_t  *cr,
            gboolean (*write) (ZbPdf *pdf, cairo_t *cr),
            void     (*paint) (cairo_t *cr),
            gboolean  preserve)
{
  State *state = writer_state (cr);

  if (state == NULL)
    {
      paint (cr);
      return;
    }
  if (!state->failed && !write (state->pdf, cr))
    state->failed = TRUE;
  if (!preserve)
    cairo_new_path (cr);
}

void
zb_draw_fill (cairo_t *cr)
{
  draw_shape (cr, zb_pdf_fill, cairo_fill, FALSE);
}

void
zb_draw_fill_preserve (cairo_t *cr)
{
  draw_shape (cr, zb_pdf_fill, cairo_fill_preserve, TRUE);
}

void
zb_draw_stroke (cairo_t *cr)
{
  draw_shape (cr, zb_pdf_stroke, cairo_stroke, FALSE);
}

void
zb_draw_clip (cairo_t *cr)
{
  draw_shape (cr, zb_pdf_clip, cairo_clip, FALSE);
}

void
zb_draw_paint_with_alpha (cairo_t *cr,
                          double   alpha)
{
  State *state = writer_state (cr);

  if (state == NULL)
    cairo_paint_with_alpha (cr, alpha);
  else if (!state->failed && !zb_pdf_paint (state->pdf, cr, alpha))
    state->failed = TRUE;
}

void
zb_draw_save (cairo_t *cr)
{
  State *state = writer_state (cr);

  cairo_save (cr);
  if (state != NULL)
    zb_pdf_save (state->pdf);
}

void
zb_draw_restore (cairo_t *cr)
{
  State *state = writer_state (cr);

  cairo_restore (cr);
  if (state != NULL)
    zb_pdf_restore (state->pdf);
}

/* Documents through zb-pdf ------------------------------------------------------------------------ */

/* Subsets @pdf_face and gives it to zb-pdf. FALSE when the subset's CIDs are not the face's. */
static gboolean
embed_face (ZbPdf   *pdf,
            PdfFace *pdf_face)
{
  hb_map_t *old_to_new = NULL;
  hb_face_t *result = subset_face (pdf_face->source, pdf_face->glyphs, &old_to_new);
  hb_blob_t *blob = NULL, *cff = NULL;
  FT_Face ft_face = NULL;
  gboolean ok = FALSE;
  const char *registry = NULL, *ordering = NULL;
  FT_Int supplement = 0;
  hb_codepoint_t glyph = HB_SET_VALUE_INVALID;

  if (result == NULL)
    goto out;
  blob = hb_face_reference_blob (result);
  ft_face = memory_face_new (blob);
  if (ft_face == NULL)
    goto out;
  /* Text is written with the CIDs of the whole face; the subset must keep them. */
  while (hb_set_next (pdf_face->glyphs, &glyph))
    {
      FT_UInt cid;

      if (!hb_map_has (old_to_new, glyph)
          || FT_Get_CID_From_Glyph_Index (ft_face, hb_map_get (old_to_new, glyph), &cid) != 0
          || cid != hb_map_get (pdf_face->cids, glyph))
        goto out;
    }
  if (FT_Get_CID_Registry_Ordering_Supplement (ft_face, &registry, &ordering, &supplement) != 0
      || ft_face->units_per_EM == 0)
    goto out;

  cff = hb_face_reference_table (result, HB_TAG ('C', 'F', 'F', ' '));
  {
    double em = 1000.0 / ft_face->units_per_EM;
    const char *name = FT_Get_Postscript_Name (ft_face);
    unsigned int length;
    ZbPdfFontProgram program = {
      (const guint8 *) hb_blob_get_data (cff, &length), 0,
      name != NULL ? name : "Font", registry, ordering, supplement,
      { ft_face->bbox.xMin * em, ft_face->bbox.yMin * em, ft_face->bbox.xMax * em, ft_face->bbox.yMax * em },
      ft_face->ascender * em, ft_face->descender * em,
    };

    program.cff_length = length;
    if (length == 0)
      goto out;
    zb_pdf_set_font_program (pdf, pdf_face->number, &program);
  }
  ok = TRUE;

out:
  if (ft_face != NULL)
    memory_face_free (ft_face);
  if (cff != NULL)
    hb_blob_destroy (cff);
  if (blob != NULL)
    hb_blob_destroy (blob);
  if (old_to_new != NULL)
    hb_map_destroy (old_to_new);
  if (result != NULL)
    hb_face_destroy (result);
  return ok;
}

/* The document written by zb-pdf, or NULL when something on its pages is not for zb-pdf. */
static GBytes *
write_pdf (double                width,
           double                height,
           const ZbPdfInfo      *info,
           guint                 n_pages,
           ZbTextRenderPageFunc  draw_page,
           gpointer              user_data)
{
  State state = { FALSE };
  /* The pages are drawn on an unbounded recording surface: zb-pdf takes every fill, stroke and
   * run of text, and whatever reaches the surface instead means the page drew something zb-pdf
   * did not. (Unbounded, so that nothing drawn is clipped away before it is recorded.) */
  cairo_surface_t *page = cairo_recording_surface_create (CAIRO_CONTENT_ALPHA, NULL);
  GBytes *bytes = NULL;
  cairo_t *cr;
  double ink[4];

  state.pdf = zb_pdf_new (width, height);
  face_table_init (&state.pdf_faces, pdf_face_free);
  cairo_surface_set_user_data (page, &state_key, &state, NULL);
  cr = cairo_create (page);
  for (guint i = 0; i < n_pages && !state.failed; i++)
    {
      zb_pdf_begin_page (state.pdf);
      cairo_save (cr);
      draw_page (cr, i, user_data);
      cairo_restore (cr);
      zb_pdf_end_page (state.pdf);
    }
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    state.failed = TRUE;
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (page, &ink[0], &ink[1], &ink[2], &ink[3]);
  if (ink[2] > 0 || ink[3] > 0)
    state.failed = TRUE;
  cairo_surface_set_user_data (page, &state_key, NULL, NULL);
  cairo_surface_destroy (page);
  g_clear_object (&state.run_font.font);

  for (guint i = 0; i < state.pdf_faces.values->len && !state.failed; i++)
    if (!embed_face (state.pdf, g_ptr_array_index (state.pdf_faces.values, i)))
      state.failed = TRUE;
  if (!state.failed)
    bytes = zb_pdf_finish (state.pdf, info);
  face_table_clear (&state.pdf_faces);
  zb_pdf_free (state.pdf);
  return bytes;
}

cairo_status_t
zb_cairo_append_bytes (void                *closure,
                       const unsigned char *data,
                       unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
zb_text_render_pdf_bytes (double                width,
                          double                height,
                          const ZbPdfInfo      *info,
                          guint                 n_pages,
                          ZbTextRenderPageFunc  draw_page,
                          gpointer              user_data,
                          cairo_status_t       *status)
{
  GByteArray *buffer;
  cairo_surface_t *surface;
  GBytes *bytes = NULL;

  g_return_val_if_fail (draw_page != NULL, NULL);
  g_return_val_if_fail (status != NULL, NULL);

  if (g_atomic_int_get (&subsetting) && g_atomic_int_get (&writing))
    bytes = write_pdf (width, height, info, n_pages, draw_page, user_data);
  if (bytes != NULL)
    {
      *status = CAIRO_STATUS_SUCCESS;
      return bytes;
    }

  buffer = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (zb_cairo_append_bytes, buffer, width, height);
  if (info != NULL)
    {
      const struct { cairo_pdf_metadata_t key; const char *value; } entries[] = {
        { CAIRO_PDF_METADATA_TITLE, info->title },
        { CAIRO_PDF_METADATA_SUBJECT, info->subject },
        { CAIRO_PDF_METADATA_KEYWORDS, info->keywords },
        { CAIRO_PDF_METADATA_CREATOR, info->creator },
      };

      for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
        if (entries[i].value != NULL)
          cairo_pdf_surface_set_metadata (surface, entries[i].key, entries[i].value);
    }
  *status = zb_text_render_pdf (surface, n_pages, draw_page, user_data);
  cairo_surface_destroy (surface);
  if (*status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (buffer);
      return NULL;
    }
  return g_byte_array_free_to_bytes (buffer);
}
