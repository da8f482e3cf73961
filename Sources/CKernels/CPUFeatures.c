#define _GNU_SOURCE
#include "CPUFeatures.h"
#include <dlfcn.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

gradlab_cpu_features gradlab_cpu_probe(void) {
    gradlab_cpu_features features;
    memset(&features, 0, sizeof features);
#if defined(__x86_64__) || defined(__i386__)
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return features;
    memcpy(features.vendor, &ebx, 4);
    memcpy(features.vendor + 4, &edx, 4);
    memcpy(features.vendor + 8, &ecx, 4);
    unsigned int max_leaf = eax;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return features;
    bool osxsave = (ecx >> 27) & 1, fma = (ecx >> 12) & 1;
    if (!osxsave || max_leaf < 7) return features;
    // What the operating system saves on a context switch (XCR0): the YMM state for AVX,
    // and the opmask and ZMM states for AVX-512.
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    bool ymm = (xcr0_low & 0x6) == 0x6, zmm = (xcr0_low & 0xE6) == 0xE6;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    features.avx2 = ymm && ((ebx >> 5) & 1);
    features.fma = ymm && fma;
    features.avx512f = zmm && ((ebx >> 16) & 1);
    features.avx512dq = zmm && ((ebx >> 17) & 1);
    features.avx512bw = zmm && ((ebx >> 30) & 1);
    features.avx512vl = zmm && ((ebx >> 31) & 1);
#endif
    return features;
}

const char *gradlab_blas_corename(void) {
    char *(*corename)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_corename");
    return corename ? corename() : NULL;
}

bool gradlab_blas_reselect(void) {
    void (*quit)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit");
    void (*init)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init");
    if (!quit || !init) return false;
    quit();
    init();
    return true;
}
