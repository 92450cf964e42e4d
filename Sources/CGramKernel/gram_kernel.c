// See include/gram_kernel.h. Compiled without floating-point contraction (Package.swift), so
// a * b + c stays a product and a sum, as in Swift.
#include "gram_kernel.h"

#include <math.h>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

enum { NODES = 16 };

// PanelLayout.locate: (slot, x) of v in [0, V] on one branch.
static inline long locate(const spectra_panel_layout *b, double v, double *x) {
    if (v == 0) { *x = 0; return b->zero_slot; }
    double p = v * b->inverse_width;
    if (p >= 1) {
        long k = (long)p;
        if (k > b->uniform_panels - 1) k = b->uniform_panels - 1;
        double y = 2 * (p - (double)k) - 1;
        *x = y < 1 ? y : 1;
        return b->first_slot + k - 1;
    }
    long j = -(long)ilogb(p) - 1;
    if (j >= b->levels) {
        *x = scalbn(p, (int)(b->levels + 1)) - 1;
        return b->first_slot + b->uniform_panels - 1 + b->levels;
    }
    *x = scalbn(p, (int)(j + 2)) - 3;
    return b->first_slot + b->uniform_panels - 1 + j;
}

// ChebyshevPanels.horner: Horner in x^4 on the four groups a[4g + r], lanes weighted by x^r.
static inline double horner(const double *a, double x) {
    double x2 = x * x, x4 = x2 * x2;
    double h[4];
    for (int r = 0; r < 4; r++) h[r] = ((a[12 + r] * x4 + a[8 + r]) * x4 + a[4 + r]) * x4 + a[r];
    double x3 = x2 * x;
    return (h[0] * 1 + h[1] * x) + (h[2] * x2 + h[3] * x3);
}

// ChebyshevPanels.clenshaw.
static inline double clenshaw(const double *c, double x) {
    double b1 = 0, b2 = 0, two_x = 2 * x;
    for (int k = NODES - 1; k > 0; k--) {
        double b0 = c[k] + two_x * b1 - b2;
        b2 = b1;
        b1 = b0;
    }
    return c[0] + x * b1 - b2;
}

// w = (1 - |t|)/2, from the points where |t| > the plan's threshold: ||x_i - sign(t) x_j||^2 / 4.
static inline double branch_square(const spectra_gram_interpolation *plan, long i, long j, double t) {
    double magnitude = fabs(t);
    if (!(magnitude > plan->complement_threshold)) return 0.5 - 0.5 * magnitude;
    double sign = t < 0 ? -1.0 : 1.0, squared = 0;
    const double *x = plan->transposed;
    long n = plan->count;
    for (long c = 0; c < plan->dimension; c++) {
        double difference = x[c * n + i] - sign * x[c * n + j];
        squared = squared + difference * difference;
    }
    return 0.25 * squared;
}

static inline double one_entry(const spectra_gram_interpolation *plan, long i, long j, double t) {
    int negative = t < 0;
    const spectra_panel_layout *b = &plan->branch[negative];
    double v = sqrt(branch_square(plan, i, j, t)), x;
    long slot = locate(b, v, &x);
    const double *c = plan->table + slot * NODES;
    return (plan->monomial ? horner(c, x) : clenshaw(c, x)) * plan->scale;
}

#if defined(__AVX2__)
// The plan's numbers as vectors, per branch (near, far), built once per run.
typedef struct {
    __m256d inverse_width[2], last_panel[2], first_slot[2], innermost_slot[2], zero_slot[2], graded[2];
    __m256d complement_threshold;
    const double *table, *transposed;
    long count, dimension;
    int monomial;
} vector_plan;

static inline vector_plan vectorize(const spectra_gram_interpolation *plan) {
    vector_plan q;
    for (int b = 0; b < 2; b++) {
        const spectra_panel_layout *l = &plan->branch[b];
        q.inverse_width[b] = _mm256_set1_pd(l->inverse_width);
        q.last_panel[b] = _mm256_set1_pd((double)(l->uniform_panels - 1));
        q.first_slot[b] = _mm256_set1_pd((double)(l->first_slot - 1));
        q.innermost_slot[b] = _mm256_set1_pd((double)(l->first_slot + l->uniform_panels - 1));
        q.graded[b] = _mm256_set1_pd(l->levels > 0 ? -1.0 : 0.0);
        q.zero_slot[b] = _mm256_set1_pd((double)l->zero_slot);
    }
    q.complement_threshold = _mm256_set1_pd(plan->complement_threshold);
    q.table = plan->table;
    q.transposed = plan->transposed;
    q.count = plan->count;
    q.dimension = plan->dimension;
    q.monomial = plan->monomial;
    return q;
}

// Pass 1 on four entries: the branch variable, panel and local x in vector lanes; stores each
// lane's coefficient offset (slot * 16; v = 0 takes the branch's constant panel, whose
// polynomial is kappa(+-1) exactly) and x. Returns 0 when a lane needs `locate`'s graded panels.
static inline int locate_four(const vector_plan *restrict q, long i, long j, const double *restrict t_in,
                              long long *restrict offsets, double *restrict xs) {
    __m256d t = _mm256_loadu_pd(t_in);
    __m256d zero = _mm256_setzero_pd(), half = _mm256_set1_pd(0.5), one = _mm256_set1_pd(1);
    __m256d negative = _mm256_cmp_pd(t, zero, _CMP_LT_OQ);
    __m256d magnitude = _mm256_andnot_pd(_mm256_set1_pd(-0.0), t);
    __m256d w = _mm256_sub_pd(half, _mm256_mul_pd(half, magnitude));
    __m256d from_points = _mm256_cmp_pd(magnitude, q->complement_threshold, _CMP_GT_OQ);
    if (_mm256_movemask_pd(from_points)) {
        __m256d sign = _mm256_blendv_pd(one, _mm256_set1_pd(-1), negative);
        __m256d squared = zero;
        const double *x = q->transposed;
        long n = q->count;
        for (long c = 0; c < q->dimension; c++) {
            __m256d xi = _mm256_loadu_pd(x + c * n + i);
            __m256d difference = _mm256_sub_pd(xi, _mm256_mul_pd(sign, _mm256_set1_pd(x[c * n + j])));
            squared = _mm256_add_pd(squared, _mm256_mul_pd(difference, difference));
        }
        w = _mm256_blendv_pd(w, _mm256_mul_pd(_mm256_set1_pd(0.25), squared), from_points);
    }
    __m256d v = _mm256_sqrt_pd(w);
    __m256d p = _mm256_mul_pd(v, _mm256_blendv_pd(q->inverse_width[0], q->inverse_width[1], negative));
    __m256d panel = _mm256_min_pd(_mm256_floor_pd(p), _mm256_blendv_pd(q->last_panel[0], q->last_panel[1], negative));
    __m256d innermost = _mm256_cmp_pd(panel, zero, _CMP_EQ_OQ);
    // Graded panels hold p < 1 on a branch with levels > 0.
    if (_mm256_movemask_pd(_mm256_and_pd(innermost, _mm256_blendv_pd(q->graded[0], q->graded[1], negative)))) return 0;
    // locate's x = min(1, 2 (p - k) - 1); _mm256_min_pd(a, b) is a < b ? a : b.
    __m256d offset = _mm256_sub_pd(p, panel);
    _mm256_storeu_pd(xs, _mm256_min_pd(_mm256_sub_pd(_mm256_add_pd(offset, offset), one), one));
    __m256d slot = _mm256_blendv_pd(_mm256_add_pd(_mm256_blendv_pd(q->first_slot[0], q->first_slot[1], negative), panel),
                                    _mm256_blendv_pd(q->innermost_slot[0], q->innermost_slot[1], negative), innermost);
    slot = _mm256_blendv_pd(slot, _mm256_blendv_pd(q->zero_slot[0], q->zero_slot[1], negative), _mm256_cmp_pd(v, zero, _CMP_EQ_OQ));
    __m256i offsets_vector = _mm256_slli_epi64(_mm256_cvtepi32_epi64(_mm256_cvttpd_epi32(slot)), 4);
    _mm256_storeu_si256((__m256i *)offsets, offsets_vector);
    return 1;
}

// Pass 2 on four entries: each lane's polynomial at its x, times scale. Monomial form: four
// loads of the lane's coefficients, combined as in `horner`.
static inline void evaluate_four(const vector_plan *restrict q, __m256d scale, const long long *restrict offsets,
                                 const double *restrict xs, double *restrict out) {
    const double *a0 = q->table + offsets[0], *a1 = q->table + offsets[1];
    const double *a2 = q->table + offsets[2], *a3 = q->table + offsets[3];
    __m256d x = _mm256_loadu_pd(xs), one = _mm256_set1_pd(1), value;
    if (q->monomial) {
        __m256d x2 = _mm256_mul_pd(x, x), x4 = _mm256_mul_pd(x2, x2), x3 = _mm256_mul_pd(x2, x);
        // Each lane's polynomial: h = ((A3 x^4 + A2) x^4 + A1) x^4 + A0 on its four groups.
#define LANE_HORNER(a, s) \
        _mm256_add_pd(_mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd((a) + 12), s), \
            _mm256_loadu_pd((a) + 8)), s), _mm256_loadu_pd((a) + 4)), s), _mm256_loadu_pd(a))
        __m256d h0 = LANE_HORNER(a0, _mm256_permute4x64_pd(x4, 0x00));
        __m256d h1 = LANE_HORNER(a1, _mm256_permute4x64_pd(x4, 0x55));
        __m256d h2 = LANE_HORNER(a2, _mm256_permute4x64_pd(x4, 0xAA));
        __m256d h3 = LANE_HORNER(a3, _mm256_permute4x64_pd(x4, 0xFF));
#undef LANE_HORNER
        // Transpose so that vector r holds h_r of the four lanes, then weight by x^r:
        // (h0 * 1 + h1 x) + (h2 x^2 + h3 x^3), as `horner`.
        __m256d t01l = _mm256_unpacklo_pd(h0, h1), t01h = _mm256_unpackhi_pd(h0, h1);
        __m256d t23l = _mm256_unpacklo_pd(h2, h3), t23h = _mm256_unpackhi_pd(h2, h3);
        __m256d r0 = _mm256_permute2f128_pd(t01l, t23l, 0x20), r1 = _mm256_permute2f128_pd(t01h, t23h, 0x20);
        __m256d r2 = _mm256_permute2f128_pd(t01l, t23l, 0x31), r3 = _mm256_permute2f128_pd(t01h, t23h, 0x31);
        value = _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(r0, one), _mm256_mul_pd(r1, x)),
                              _mm256_add_pd(_mm256_mul_pd(r2, x2), _mm256_mul_pd(r3, x3)));
    } else {
        value = _mm256_setr_pd(clenshaw(a0, xs[0]), clenshaw(a1, xs[1]), clenshaw(a2, xs[2]), clenshaw(a3, xs[3]));
    }
    _mm256_storeu_pd(out, _mm256_mul_pd(value, scale));
}
#endif

void spectra_gram_interpolate(const spectra_gram_interpolation *plan, long column, long first_row, long rows,
                              double *entries, const double *upcoming) {
    long k = 0;
#if defined(__AVX2__)
    // Two passes over pieces of the run, each a loop of short independent iterations (the
    // processor overlaps many of them): locate every entry, then evaluate every polynomial.
    enum { PIECE = 256 };
    const vector_plan q = vectorize(plan);
    const __m256d scale = _mm256_set1_pd(plan->scale);
    long long offsets[PIECE];
    double xs[PIECE];
    while (k + 4 <= rows) {
        long end = k + PIECE < rows ? k + PIECE : rows & ~3L;
        for (long m = k; m < end; m += 4) {
            if (upcoming && (m & 7) == 0) __builtin_prefetch(upcoming + m, 1);
            if (!locate_four(&q, first_row + m, column, entries + m, offsets + (m - k), xs + (m - k))) {
                for (long l = m; l < m + 4; l++) {
                    int negative = entries[l] < 0;
                    double v = sqrt(branch_square(plan, first_row + l, column, entries[l]));
                    offsets[l - k] = (long long)locate(&plan->branch[negative], v, &xs[l - k]) * NODES;
                }
            }
        }
        for (long m = k; m < end; m += 4) evaluate_four(&q, scale, offsets + (m - k), xs + (m - k), entries + m);
        k = end;
    }
#endif
    for (; k < rows; k++) {
        if (upcoming && (k & 7) == 0) __builtin_prefetch(upcoming + k, 1);
        entries[k] = one_entry(plan, first_row + k, column, entries[k]);
    }
}
