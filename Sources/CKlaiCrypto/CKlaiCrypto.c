// SHA-256 compression with the x86 SHA extensions (Intel's "Intel SHA Extensions" white paper, 2013:
// sha256rnds2 does two rounds on ABEF/CDGH-packed state; sha256msg1/msg2 extend the message schedule).
// Compiled for every x86-64 machine with the extensions enabled per function; callers check the CPU first.
#include "CKlaiCrypto.h"

#if defined(__x86_64__)
#include <immintrin.h>

static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

int klai_sha_ni_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
}

/// One block: `state` (8 words, a..h) absorbs the 16 message words `w` (already host-order integers).
__attribute__((target("sha,sse4.1")))
static void compress_ni(uint32_t state[8], const uint32_t w[16]) {
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);             // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B);       // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);   // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);        // CDGH
    const __m128i abef = state0, cdgh = state1;

    __m128i m[4];
    for (int i = 0; i < 16; i++) {
        __m128i next;
        if (i < 4) {
            next = _mm_loadu_si128((const __m128i *)&w[4 * i]);
        } else {
            // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four at a time.
            next = _mm_sha256msg1_epu32(m[i & 3], m[(i + 1) & 3]);
            next = _mm_add_epi32(next, _mm_alignr_epi8(m[(i + 3) & 3], m[(i + 2) & 3], 4));
            next = _mm_sha256msg2_epu32(next, m[(i + 3) & 3]);
        }
        m[i & 3] = next;
        __m128i message = _mm_add_epi32(next, _mm_load_si128((const __m128i *)&K[4 * i]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, message);
        message = _mm_shuffle_epi32(message, 0x0E);
        state0 = _mm_sha256rnds2_epu32(state0, state1, message);
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
    tmp = _mm_shuffle_epi32(state0, 0x1B);          // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);       // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);    // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);       // ABEF → HGFE
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

__attribute__((target("sha,sse4.1")))
void klai_pbkdf2_sha256_rounds_ni(const uint32_t inner[8], const uint32_t outer[8], uint32_t u[8], uint32_t t[8],
                                  uint64_t rounds) {
    // Both hashes of HMAC(u) see one block after the keyed 64 bytes: u, 0x80, zeros, bit length 768.
    uint32_t w[16] = {0};
    w[8] = 0x80000000u;
    w[15] = 768;
    uint32_t state[8];
    for (uint64_t r = 0; r < rounds; r++) {
        for (int i = 0; i < 8; i++) { w[i] = u[i]; state[i] = inner[i]; }
        compress_ni(state, w);
        for (int i = 0; i < 8; i++) { w[i] = state[i]; u[i] = outer[i]; }
        compress_ni(u, w);
        for (int i = 0; i < 8; i++) t[i] ^= u[i];
    }
}

/// Whole 64-byte blocks of a message (`blocks` of them at `data`, big-endian words as FIPS 180-4 reads them).
__attribute__((target("sha,sse4.1")))
void klai_sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t blocks) {
    uint32_t w[16];
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *p = data + 64 * b;
        for (int i = 0; i < 16; i++) {
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
        }
        compress_ni(state, w);
    }
}

#else
int klai_sha_ni_available(void) { return 0; }
void klai_sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t blocks) {
    (void)state; (void)data; (void)blocks;
}
void klai_pbkdf2_sha256_rounds_ni(const uint32_t inner[8], const uint32_t outer[8], uint32_t u[8], uint32_t t[8],
                                  uint64_t rounds) {
    (void)inner; (void)outer; (void)u; (void)t; (void)rounds;
}
#endif
