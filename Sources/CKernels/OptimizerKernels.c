// The optimizers' element updates, one definition per rule, instantiated for float and
// double. Every multiply-add that PyTorch's kernels fuse is an explicit fma(); nothing
// else may be contracted, so that results match PyTorch's digit for digit.
#pragma STDC FP_CONTRACT OFF

#include "CKernels.h"
#include <math.h>

// Two versions of each loop (Multiversion.h): one for CPUs with FMA instructions, one for
// the rest (where fma() is a library call).
#include "Multiversion.h"

#define DEFINE_SGD(NAME, T, FMA, SQRT)                                                          \
GRADLAB_MULTIVERSION                                                                            \
void NAME(T *restrict param, const T *restrict grad, T *restrict buffer, ptrdiff_t count,      \
          const gradlab_sgd_settings *settings) {                                               \
    const T lr = (T)(-settings->lr), decay = (T)settings->weight_decay;                        \
    const T momentum = (T)settings->momentum, keep = (T)settings->keep, sign = (T)settings->sign; \
    const bool has_decay = settings->weight_decay != 0, has_momentum = settings->momentum != 0; \
    if (!has_decay && !has_momentum) {                                                          \
        for (ptrdiff_t k = 0; k < count; k++) param[k] = FMA(grad[k] * sign, lr, param[k]);     \
        return;                                                                                 \
    }                                                                                           \
    for (ptrdiff_t k = 0; k < count; k++) {                                                     \
        T g = grad[k] * sign;                                                                   \
        if (has_decay) g = FMA(param[k], decay, g);                                             \
        if (has_momentum) {                                                                     \
            buffer[k] = settings->first_step ? g : FMA(g, keep, buffer[k] * momentum);          \
            g = settings->nesterov ? FMA(buffer[k], momentum, g) : buffer[k];                   \
        }                                                                                       \
        param[k] = FMA(g, lr, param[k]);                                                        \
    }                                                                                           \
}

#define DEFINE_ADAM(NAME, T, FMA, SQRT)                                                         \
GRADLAB_MULTIVERSION                                                                            \
void NAME(T *restrict param, const T *restrict grad, T *restrict first, T *restrict second,    \
          T *restrict max_second, ptrdiff_t count, const gradlab_adam_settings *s) {           \
    const T sign = (T)s->sign, decay = (T)s->weight_decay;                                      \
    const T shrink = (T)(1 - s->lr * s->weight_decay);                                          \
    const T one_minus_beta1 = (T)(1 - s->beta1), beta2 = (T)s->beta2;                           \
    const T one_minus_beta2 = (T)(1 - s->beta2);                                                \
    const T correction2 = (T)s->correction2, eps = (T)s->eps, step = (T)(-s->step_size);        \
    const bool has_decay = s->weight_decay != 0;                                                \
    for (ptrdiff_t k = 0; k < count; k++) {                                                     \
        T g = grad[k] * sign;                                                                   \
        if (has_decay) {                                                                        \
            if (s->decoupled) param[k] = param[k] * shrink; else g = FMA(param[k], decay, g);   \
        }                                                                                       \
        first[k] = FMA(one_minus_beta1, g - first[k], first[k]);                                \
        second[k] = FMA(one_minus_beta2 * g, g, second[k] * beta2);                             \
        T v = second[k];                                                                        \
        if (s->amsgrad) {                                                                       \
            /* the larger, as max(old, new) keeps new when new >= old */  \
            max_second[k] = v >= max_second[k] ? v : max_second[k];                             \
            v = max_second[k];                                                                  \
        }                                                                                       \
        const T denominator = SQRT(v) / correction2 + eps;                                      \
        param[k] = param[k] + step * first[k] / denominator;                                    \
    }                                                                                           \
}

DEFINE_SGD(gradlab_sgd_f32, float, fmaf, sqrtf)
DEFINE_SGD(gradlab_sgd_f64, double, fma, sqrt)
DEFINE_ADAM(gradlab_adam_f32, float, fmaf, sqrtf)
DEFINE_ADAM(gradlab_adam_f64, double, fma, sqrt)
