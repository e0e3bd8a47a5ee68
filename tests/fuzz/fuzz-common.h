/* fuzz-common.h: what every libFuzzer target of Zhibiao shares.
 *
 * A g_critical or g_warning inside the core means a public function was handed something its
 * contract forbids, or an invariant broke: for a fuzzer that is a finding, so both abort.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);

/* An invariant of the API's contract broke: abort so that libFuzzer saves the input. */
#define ZB_FUZZ_CHECK(cond)                                                       \
  G_STMT_START                                                                    \
  {                                                                               \
    if (G_UNLIKELY (!(cond)))                                                     \
      {                                                                           \
        g_printerr ("%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
        abort ();                                                                 \
      }                                                                           \
  }                                                                               \
  G_STMT_END

/* TRUE when finding (e.g. "F2") is listed in $ZB_FUZZ_KNOWN: a long campaign sets it for a
 * finding that is reported but not yet fixed, so that it keeps looking for new ones. */
static inline gboolean
zb_fuzz_known (const char *finding)
{
  const char *known = g_getenv ("ZB_FUZZ_KNOWN");
  g_auto (GStrv) names = NULL;

  if (known == NULL)
    return FALSE;
  names = g_strsplit (known, ",", -1);
  return g_strv_contains ((const char *const *) names, finding);
}

/* GLib makes a fatal warning raise SIGTRAP, which libFuzzer does not catch, so the input would
 * be lost: this writer prints the message and aborts, which libFuzzer turns into a saved input. */
static inline GLogWriterOutput
zb_fuzz_log_writer (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_standard_streams (level, fields, n_fields, user_data);

  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    abort ();
  return output;
}

static inline void
zb_fuzz_init (void)
{
  g_log_set_writer_func (zb_fuzz_log_writer, NULL, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}
