#ifndef GRADLAB_CKERNELS_H
#define GRADLAB_CKERNELS_H
// Optimizer updates written in C, so that their fused multiply-adds compile to the CPU's
// FMA instructions (chosen when the library loads) and the loops vectorise; Swift cannot
// ask for FMA instructions in one function without requiring them of the whole package.
// The hyperbolic tangent over arrays, vectorised the same way (TanhKernel.c), and
// GradCheck's random directions (RandomDirections.c).
// Also the per-thread slot for GradLab's thread state (ThreadSlot.h): Swift has no
// thread-local variables.

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ThreadSlot.h"
#include "CPUFeatures.h"
#include "RuntimeReferences.h"

/// SGD's settings for one parameter (torch.optim.SGD's single-tensor update).
typedef struct {
    double lr, weight_decay, momentum, keep, sign;
    bool nesterov, first_step;
} gradlab_sgd_settings;

/// Adam's settings for one parameter and step (torch.optim.Adam's single-tensor update).
typedef struct {
    double lr, weight_decay, beta1, beta2, eps, sign, step_size, correction2;
    bool decoupled, amsgrad;
} gradlab_adam_settings;

/// Updates `count` elements of `param` from `grad`; `momentum_buffer` is read and written
/// only when the settings have momentum.
void gradlab_sgd_f32(float *param, const float *grad, float *momentum_buffer, ptrdiff_t count,
                     const gradlab_sgd_settings *settings);
void gradlab_sgd_f64(double *param, const double *grad, double *momentum_buffer, ptrdiff_t count,
                     const gradlab_sgd_settings *settings);

/// Updates `count` elements of `param` and its moments from `grad`; `max_second` is used
/// only with amsgrad.
void gradlab_adam_f32(float *param, const float *grad, float *first, float *second, float *max_second,
                      ptrdiff_t count, const gradlab_adam_settings *settings);
void gradlab_adam_f64(double *param, const double *grad, double *first, double *second, double *max_second,
                      ptrdiff_t count, const gradlab_adam_settings *settings);

/// tanh of `count` contiguous float64 elements of `x`, into `y` (which may be `x` itself):
/// within 1.25 units in the last place of the true value (TanhKernelTests measures it),
/// the same bits on every CPU, and the same as `gradlab_tanh_f64_one` gives.
void gradlab_tanh_f64(const double *x, double *y, ptrdiff_t count);

/// tanh of one float64 element, as `gradlab_tanh_f64` computes it.
double gradlab_tanh_f64_one(double x);

/// `count` draws of SplitMix64 from `*state`, each as a uniform value in [-1, 1) (the top 53
/// bits over 2^53, times 2, minus 1), into `out`; advances `*state` past them. The same
/// values, bit for bit, as drawing them one at a time (RandomDirections.c).
void gradlab_splitmix_symmetric_fill(uint64_t *state, double *out, ptrdiff_t count);

#endif
