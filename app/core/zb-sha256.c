/* zb-sha256.c: SHA-256 with the processor's SHA instructions, or GLib's where it has none. */
#define G_LOG_DOMAIN "zb-sha256"

#include "config.h"

#include "zb-sha256.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>

/* The processor has the SHA extensions and SSE4.1, asked of CPUID itself: clang 14's
 * __builtin_cpu_supports () does not know "sha". */
static gboolean
cpu_has_sha (void)
{
  static gsize result;

  if (g_once_init_enter (&result))
    {
      unsigned int eax, ebx, ecx, edx;
      gboolean sse41 = __get_cpuid (1, &eax, &ebx, &ecx, &edx) && (ecx & bit_SSE4_1);
      gboolean sha = __get_cpuid_count (7, 0, &eax, &ebx, &ecx, &edx) && (ebx & bit_SHA);

      g_once_init_leave (&result, sse41 && sha ? 2 : 1);
    }
  return result == 2;
}

static const guint32 sha256_k[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The compression function on whole 64-byte blocks with the SHA extensions (Intel since Ice
 * Lake and Goldmont, AMD since Zen): some ten times GLib's portable code, which a table of
 * 15 MB waits 45 ms for. */
__attribute__ ((target ("sha,sse4.1")))
static void
sha256_blocks_ni (guint32       state[8],
                  const guchar *data,
                  gsize         n_blocks)
{
  const __m128i swap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128 ((const __m128i *) &state[0]);
  __m128i state1 = _mm_loadu_si128 ((const __m128i *) &state[4]);
  __m128i state0;

  tmp = _mm_shuffle_epi32 (tmp, 0xb1);               /* CDAB */
  state1 = _mm_shuffle_epi32 (state1, 0x1b);         /* EFGH */
  state0 = _mm_alignr_epi8 (tmp, state1, 8);         /* ABEF */
  state1 = _mm_blend_epi16 (state1, tmp, 0xf0);      /* CDGH */

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i abef = state0, cdgh = state1;
      __m128i w[4];

      for (guint g = 0; g < 16; g++)
        {
          __m128i msg;

          if (g < 4)
            w[g] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * g)), swap);
          else
            /* W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four at a time. */
            w[g % 4] = _mm_sha256msg2_epu32 (
                _mm_add_epi32 (_mm_sha256msg1_epu32 (w[g % 4], w[(g + 1) % 4]),
                               _mm_alignr_epi8 (w[(g + 3) % 4], w[(g + 2) % 4], 4)),
                w[(g + 3) % 4]);
          msg = _mm_add_epi32 (w[g % 4], _mm_loadu_si128 ((const __m128i *) &sha256_k[4 * g]));
          state1 = _mm_sha256rnds2_epu32 (state1, state0, msg);
          state0 = _mm_sha256rnds2_epu32 (state0, state1, _mm_shuffle_epi32 (msg, 0x0e));
        }
      state0 = _mm_add_epi32 (state0, abef);
      state1 = _mm_add_epi32 (state1, cdgh);
    }

  tmp = _mm_shuffle_epi32 (state0, 0x1b);            /* FEBA */
  state1 = _mm_shuffle_epi32 (state1, 0xb1);         /* DCHG */
  state0 = _mm_blend_epi16 (tmp, state1, 0xf0);      /* DCBA */
  state1 = _mm_alignr_epi8 (state1, tmp, 8);         /* ABEF */
  _mm_storeu_si128 ((__m128i *) &state[0], state0);
  _mm_storeu_si128 ((__m128i *) &state[4], state1);
}
#endif

char *
zb_sha256_hex (const void *data,
               gsize       len)
{
#ifdef HAVE_SHA_NI
  static const char hex[] = "0123456789abcdef";
  guint32 state[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  guchar tail[128] = { 0 };
  gsize whole = len / 64, rest = len % 64, tail_len;
  guint64 bits = (guint64) len * 8;
  char *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!cpu_has_sha ())
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

  sha256_blocks_ni (state, data, whole);
  /* The last bytes, a 1 bit, zeros and the length in bits: one block or two. */
  if (rest > 0)
    memcpy (tail, (const guchar *) data + whole * 64, rest);
  tail[rest] = 0x80;
  tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  for (guint i = 0; i < 8; i++)
    tail[tail_len - 1 - i] = (guchar) (bits >> (8 * i));
  sha256_blocks_ni (state, tail, tail_len / 64);

  out = g_malloc (65);
  for (guint i = 0; i < 32; i++)
    {
      guchar byte = (guchar) (state[i / 4] >> (24 - 8 * (i % 4)));
      out[2 * i] = hex[byte >> 4];
      out[2 * i + 1] = hex[byte & 15];
    }
  out[64] = '\0';
  return out;
#else
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
#endif
}
