#ifndef GRADLAB_CPU_FEATURES_H
#define GRADLAB_CPU_FEATURES_H
// What the CPU can run, from cpuid (x86-64; elsewhere every flag is false), and the
// OpenBLAS entry points that say and change which kernel it chose, looked up at run time
// (a BLAS without them simply reports nothing).

#include <stdbool.h>

/// The vector extensions the CPU and the operating system both support.
typedef struct {
    bool avx2, fma, avx512f, avx512bw, avx512dq, avx512vl;
    /// cpuid's vendor string ("GenuineIntel", "AuthenticAMD", ...), NUL-terminated.
    char vendor[13];
} gradlab_cpu_features;

/// The features of the CPU this runs on.
gradlab_cpu_features gradlab_cpu_probe(void);

/// The kernel name OpenBLAS chose (`openblas_get_corename`), or NULL when the BLAS in use
/// does not say.
const char *gradlab_blas_corename(void);

/// Makes OpenBLAS (a DYNAMIC_ARCH build) choose its kernel again, reading
/// OPENBLAS_CORETYPE as it does when it loads; false when the BLAS cannot.
bool gradlab_blas_reselect(void);

#endif
