#ifndef GRADLAB_MULTIVERSION_H
#define GRADLAB_MULTIVERSION_H
// GRADLAB_MULTIVERSION before a function builds it twice, picked once when the library
// loads: one version for x86-64-v3 CPUs (AVX2, FMA3), one for the rest
// (GRADLAB_MULTIVERSION_AVX512: one for x86-64-v4, one for the rest).
// Not under ThreadSanitizer: the versions are chosen by an ifunc resolver, which runs while
// the program is being loaded, before TSan's runtime can handle the calls it makes.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GRADLAB_NO_MULTIVERSION 1
#endif
#endif
#if defined(__x86_64__) && defined(__has_attribute) && !defined(GRADLAB_NO_MULTIVERSION)
#if __has_attribute(target_clones)
#define GRADLAB_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
// The same with a version for x86-64-v4 (AVX-512), for loops of 64-bit integer products,
// which only AVX-512 can do in vector registers.
#define GRADLAB_MULTIVERSION_AVX512 __attribute__((target_clones("arch=x86-64-v4", "default")))
#endif
#endif
#ifndef GRADLAB_MULTIVERSION
#define GRADLAB_MULTIVERSION
#endif
#ifndef GRADLAB_MULTIVERSION_AVX512
#define GRADLAB_MULTIVERSION_AVX512
#endif

#endif
