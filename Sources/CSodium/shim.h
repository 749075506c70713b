// libsodium (https://libsodium.org): scrypt (crypto_pwhash_scryptsalsa208sha256_ll, RFC 7914).
#include <sodium/core.h>
#include <sodium/crypto_pwhash_scryptsalsa208sha256.h>
#include <sodium/utils.h>
