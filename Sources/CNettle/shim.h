// nettle (https://www.lysator.liu.se/~nisse/nettle/): SHA-256, HMAC-SHA256, PBKDF2-HMAC-SHA256,
// AES-128-CTR and the Keccak-f[1600] permutation. Swift does not import nettle's `#define sha256_init
// nettle_sha256_init` aliases, so Swift code calls the `nettle_` names.
#include <nettle/sha2.h>
#include <nettle/sha3.h>
#include <nettle/hmac.h>
#include <nettle/pbkdf2.h>
#include <nettle/aes.h>
#include <nettle/ctr.h>
#include <nettle/memops.h>

// AES-128-CTR through nettle's ctr_crypt (Swift cannot pass aes128_encrypt as a nettle_cipher_func
// without a cast). `ctr` is the 16-byte big-endian counter block; it is advanced.
static inline void pandactl_aes128_ctr(const struct aes128_ctx *ctx, uint8_t *ctr,
                                       size_t length, uint8_t *dst, const uint8_t *src) {
    nettle_ctr_crypt(ctx, (nettle_cipher_func *) nettle_aes128_encrypt, AES_BLOCK_SIZE, ctr, length, dst, src);
}
