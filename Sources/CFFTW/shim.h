// FFTW3 (Debian: libfftw3-dev), double precision.
#include <fftw3.h>
