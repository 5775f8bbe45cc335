/* Between the two halves of the functional coverage (not an interface):
 * dv/coverage.c (the VMXR-1 bins, the replay, the table) and
 * dv/coverage_v2.c (the bins of the memory and key tables of VMXR-2, and
 * the group arbitration facts both halves count). */
#ifndef VMXR_COVERAGE_INT_H
#define VMXR_COVERAGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_model.h"

/* The VMXR-2 bins: mem/winner/J (J < NMEM), key/winner/I (I < NKEY) and
 * COV2_NFIXED named ones (dv/coverage_v2.c lists them). */
#define COV2_NFIXED 41
#define COV2_NBINS (VMXR_NMEM + VMXR_NKEY + COV2_NFIXED)

/* Where the VMXR-2 bins count: n[0 .. COV2_NBINS-1], and the replay's
 * "internal" counter (a claim the model contradicted). */
struct cov2_sink {
    uint64_t *n;
    uint64_t *internal;
};

/* The name of VMXR-2 bin b (b < COV2_NBINS). */
void cov2_bin_name(unsigned b, char *buf, size_t n);

/* The group arbitration of route r (GROUP, or KEY with GRP) from context s:
 * the online candidates (0: none), the one with the smallest usage (ties to
 * the lowest; VMXR_T_NONE for none), whether several shared that usage, and whether the choice differs with every pending_count 0 (zero
 * is scratch). Returns the route vmxr_route_resolve takes. */
struct cov_arb {
    unsigned cand, best;
    bool tie, pending;
};
struct vmxr_route cov_group_arb(const struct vmxr_state *st, struct vmxr_state *zero, uint8_t s,
                                struct vmxr_route r, struct cov_arb *a);

/* Steps 5a and 5b of event c (masked, valid, reason 48, 10, 18, 31 or 32)
 * from context s with profile p, before it executes; r is the static route
 * the model takes. Returns the GRP candidates when a KEY entry with GRP
 * decides (0 otherwise). */
unsigned cov2_route_facts(const struct cov2_sink *k, const struct vmxr_state *st, struct vmxr_state *zero,
                          const struct vmxr_cmd *c, unsigned p, uint8_t s, struct vmxr_route r);

/* A write refused with LOCKED to register id, index i: counts the MEM/KEY
 * lock that refused it; false when it is no MEM/KEY register. */
bool cov2_lock_kind(const struct cov2_sink *k, const struct vmxr_cfg *cfg, unsigned id, unsigned i);

#endif /* VMXR_COVERAGE_INT_H */
