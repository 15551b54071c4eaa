// CBLAS interface from libblas-dev. The library behind libblas.so.3 is chosen by Debian's
// alternatives system (reference BLAS or OpenBLAS); see README.md.
#include <cblas.h>
