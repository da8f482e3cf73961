#ifndef GRADLAB_CBLAS_SHIM_H
#define GRADLAB_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (sgemm/dgemm for matmul). pkg-config openblas adds its include path.
#include <cblas.h>
#endif
