// libzstd (https://facebook.github.io/zstd/): model bundles are one zstd frame written with its
// content checksum, followed by a skippable frame that seals the exact bytes before it.
#include <zstd.h>
