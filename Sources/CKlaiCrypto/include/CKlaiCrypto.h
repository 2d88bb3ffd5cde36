#ifndef CKLAI_CRYPTO_H
#define CKLAI_CRYPTO_H
#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions (Intel SHA-NI / AMD Zen), so the rounds below run in hardware.
int klai_sha_ni_available(void);

/// PBKDF2-HMAC-SHA256's inner loop (RFC 8018 §5.2) with the SHA extensions: `rounds` times, u = HMAC(u)
/// from the keyed `inner`/`outer` states, and t ^= u. Call only when `klai_sha_ni_available()`.
void klai_pbkdf2_sha256_rounds_ni(const uint32_t inner[8], const uint32_t outer[8], uint32_t u[8], uint32_t t[8],
                                  uint64_t rounds);

/// Absorbs `blocks` 64-byte blocks at `data` into `state`; only when `klai_sha_ni_available()`.
void klai_sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
