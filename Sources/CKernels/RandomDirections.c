// GradCheck's random directions: uniform values in [-1, 1) from SplitMix64, many at once.
// The generator's n-th output depends on its state and n alone (the state advances by a
// constant per draw), so the values are computed each from its own position, and the loop
// vectorises; with AVX-512 its 64-bit products run eight to an instruction. The values are
// the bits that drawing them one at a time gives: integer arithmetic, an exact conversion
// of 53 bits, and a scaling by powers of two.
#pragma STDC FP_CONTRACT OFF

#include "CKernels.h"

#include "Multiversion.h"

static const uint64_t golden_gamma = 0x9E3779B97F4A7C15ull;

GRADLAB_MULTIVERSION_AVX512
void gradlab_splitmix_symmetric_fill(uint64_t *state, double *out, ptrdiff_t count) {
    const uint64_t start = *state;
    for (ptrdiff_t k = 0; k < count; k++) {
        uint64_t z = start + (uint64_t)(k + 1) * golden_gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        const double unit = (double)(int64_t)(z >> 11) / 9007199254740992.0;  // 2^53
        out[k] = unit * 2.0 - 1.0;
    }
    *state = start + (uint64_t)(count > 0 ? count : 0) * golden_gamma;
}
