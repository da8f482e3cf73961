// The float64 hyperbolic tangent over whole arrays, in a loop the compiler vectorises
// (glibc's tanh is one call per element, and a slow gradient check of tanh spent two thirds
// of its time there). One definition, `tanh_of`, serves the vector loop and the one-element call,
// and nothing may be contracted into a fused multiply-add: a value's tanh is the same bits
// whichever CPU runs it and whatever layout it was read from.
#pragma STDC FP_CONTRACT OFF

#include "CKernels.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

// An AVX2 version and a baseline one (Multiversion.h).
#include "Multiversion.h"

// The rounding error of `sum`, the rounded a + b (Knuth's two-sum: exact, for any a and b).
static inline double two_sum_error(double a, double b, double sum) {
    const double b_part = sum - a;
    const double a_part = sum - b_part;
    return (a - a_part) + (b - b_part);
}

// tanh |x| from e = expm1(2|x|), which is never negative: below |x| = 0.55 (where tanh is
// about one half) as e / (e + 2); above, as 1 - 2 / (e + 2), whose small subtracted term
// keeps the error off results near 1. The sign of x goes on last.
//
// expm1(y) by range reduction: y = k ln 2 + r with k = floor(y / ln 2), so that r lies in
// [0, ln 2] (give or take a rounding) and expm1(y) = 2^k expm1(r) + (2^k - 1) adds two terms
// of one sign (rounding k to nearest instead made r negative half the time, and the
// cancellation cost more than a unit in the last place). expm1(r) comes from its Taylor
// series to r^16: the first term left out is below a twentieth of a unit in the last place
// for every such r. ln 2 is split in two (fdlibm's split: the high part has 32 significant
// bits), so that k ln2_hi is exact. Every branch is a select, so that the loops vectorise.
static inline double tanh_of(double x) {
    // tanh rounds to 1 from about 19.06 on; the clamp keeps 2^k a normal number. Written so
    // that a NaN fails the comparisons and goes through unchanged.
    double a = fabs(x);
    a = a > 22.5 ? 22.5 : a;
    const double y = 2.0 * a;

    // k = floor(y / ln 2): adding 1.5 * 2^52 to y / ln 2 - 1/2 rounds it to an integer and
    // leaves that integer in the low mantissa bits.
    const double shifter = 0x1.8p52;
    const double shifted = (y * 0x1.71547652b82fep0 - 0.5) + shifter;
    const double k = shifted - shifter;
    const double ln2_hi = 0x1.62e42feep-1, ln2_lo = 0x1.a39ef35793c76p-33;
    const double r = (y - k * ln2_hi) - k * ln2_lo;

    // expm1(r) = r + r^2 p(r), p's coefficients 1/16!, 1/15!, ..., 1/3!, 1/2! (Horner's rule;
    // the loop has a fixed count, and the compiler unrolls it).
    static const double coefficients[15] = {
        1.0 / 20922789888000.0, 1.0 / 1307674368000.0, 1.0 / 87178291200.0, 1.0 / 6227020800.0,
        1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
        1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5,
    };
    double p = coefficients[0];
    for (int i = 1; i < 15; i++) p = p * r + coefficients[i];
    // Then expm1(r) and e as values and the rounding errors left in them (two-sum), so that
    // the quotient below can be corrected by what the roundings lost.
    const double square_term = (r * r) * p;
    const double expm1_r = r + square_term;
    const double expm1_r_error = (r - expm1_r) + square_term;  // |r| >= |square_term|

    // 2^k built from k's bits: the exponent field is k + 1023 (k is between 0 and 65).
    uint64_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    const uint64_t scale_bits = (bits + 1023) << 52;
    double scale;
    memcpy(&scale, &scale_bits, sizeof scale);
    const double scaled = scale * expm1_r, one_less = scale - 1.0;
    const double e = scaled + one_less;
    const double e_error = two_sum_error(scaled, one_less, e) + scale * expm1_r_error;

    // e / (e + 2), corrected for the errors of e and of the sum (not for the quotient's own
    // rounding): the uncorrected quotient was up to 1.8 units in the last place off. The
    // corrections are small enough to divide by multiplying with the reciprocal that the
    // second form needs anyway (two divisions per element instead of four).
    const double denominator = e + 2.0;
    const double denominator_error = two_sum_error(e, 2.0, denominator) + e_error;
    const double reciprocal = 2.0 / denominator;
    const double half_reciprocal = 0.5 * reciprocal;
    const double quotient = e / denominator;
    const double near_zero = quotient + (e_error - quotient * denominator_error) * half_reciprocal;

    // 1 - 2 / (e + 2), its quotient corrected the same way.
    const double away_from_zero = 1.0 - (reciprocal - reciprocal * denominator_error * half_reciprocal);

    const double magnitude = a < 0.55 ? near_zero : away_from_zero;
    return copysign(magnitude, x);
}

GRADLAB_MULTIVERSION
void gradlab_tanh_f64(const double *x, double *y, ptrdiff_t count) {
    // Two vectors at a time: one element's chain of dependent steps is long, and a second,
    // independent chain keeps the units busy while the first waits.
#pragma clang loop interleave_count(2)
    for (ptrdiff_t i = 0; i < count; i++) y[i] = tanh_of(x[i]);
}

double gradlab_tanh_f64_one(double x) { return tanh_of(x); }

