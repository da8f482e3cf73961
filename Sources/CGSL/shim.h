#ifndef GRADLAB_CGSL_SHIM_H
#define GRADLAB_CGSL_SHIM_H
// GNU GSL's numerical differentiation and error handling, for GradCheck's reference method.
#include <gsl/gsl_math.h>
#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>
#endif
