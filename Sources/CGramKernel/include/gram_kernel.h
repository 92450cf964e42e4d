// The hot loop of spectra's Gram assembly: a zonal interpolant applied to runs of inner
// products in place (SpectraKit's GramEntryInterpolation describes the method and calls this).
// Written in C so that the loop gets the vector square roots, minima and conversions that
// Swift's SIMD types leave lane by lane; every operation is the one SpectraKit's Swift
// evaluation of the same interpolant performs, in the same order, so the values agree bit for bit.
#ifndef SPECTRA_GRAM_KERNEL_H
#define SPECTRA_GRAM_KERNEL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// One branch of the interpolant: t >= 0 (index 0, "near") or t < 0 (index 1, "far"); see
// SpectraKit's PanelLayout.
typedef struct {
    double inverse_width;     // M / V
    long uniform_panels;      // M
    long levels;              // graded levels toward v = 0
    long first_slot;
    long zero_slot;           // the constant panel holding kappa(+-1) as sampled
} spectra_panel_layout;

typedef struct {
    spectra_panel_layout branch[2];
    const double *table;      // 16 coefficients per slot
    int monomial;             // 1: powers of x (Horner in x^4); 0: Chebyshev (Clenshaw)
    const double *transposed; // coordinate c of point i at c * count + i
    long count;
    long dimension;
    double scale;
    double complement_threshold; // |t| above which w = (1 - |t|)/2 comes from the points
} spectra_gram_interpolation;

// entries[k] holds t = <x_i, x_j> for i = first_row + k on entry and kappa * scale on exit.
// `upcoming` (may be NULL) is the run the caller will pass next: it is prefetched into cache
// line by line while this one is computed (the runs are columns of a matrix far larger than
// the caches, and the computation per entry is long enough to hide the memory's latency).
void spectra_gram_interpolate(const spectra_gram_interpolation *plan, long column, long first_row, long rows,
                              double *entries, const double *upcoming);

#ifdef __cplusplus
}
#endif

#endif
