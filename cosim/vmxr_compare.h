/* Lockstep comparison of two units' output ports (the C model against the
 * RTL), one cycle at a time: every port of VMXR_OUT_PORTS (vmxr_ports.h),
 * named and sized as that list says. */
#ifndef VMXR_COMPARE_H
#define VMXR_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_ports.h"

/* True when every output port agrees. */
bool vmxr_ports_same(const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

/* The divergence report: "model and RTL diverge at cycle N:", then each
 * differing port with both values and, when either side presents a
 * decision, both decisions decoded, then one line VMXR_SIGNATURE_LINE
 * followed by vmxr_diverge_signature's text. malloc'ed (the caller frees
 * it); NULL when memory runs out. */
char *vmxr_diverge_text(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r,
                        unsigned model_route);

/* The short report of the cosim engine on a caller's RTL instance
 * (vmxr_engine_cosim_open_on): the same first line, then each differing
 * port with both values in hex without leading zeros; no decisions; at
 * most 1023 characters. malloc'ed; NULL when memory runs out. */
char *vmxr_diverge_ports(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

/* Start of the divergence report's signature line (after its newline). */
#define VMXR_SIGNATURE_LINE "  signature: "

/* The divergence's signature: the same for the same bug, whatever the test,
 * cycle, CPU, context, entry or the route the other side fell back to, so
 * a regression groups every test one RTL bug breaks into one bucket:
 *   "diverge OP at rule R"   both sides decide OP but part ways at routing
 *                            step R, the first rule in priority order
 *                            (PLAT, EXC, IOR, TYPE, GROUP, HOME, FALLBACK)
 *                            that either side took, counting the rule of the
 *                            route the model's decision came from
 *                            (model_route: vmxr_unit's dq_route, before an
 *                            offline fallback or an error hid it; NONE when
 *                            not known): a wrong IOR compare gives
 *                            "at rule IOR" whether the other side then took
 *                            TYPE, GROUP, HOME or FALLBACK; a GROUP choice
 *                            that differs only in its target gives "at rule
 *                            GROUP";
 *   "diverge OP outcome: MODEL / RTL"   neither took a rule (errors, LOCAL,
 *                            PENDED) and the outcomes differ, each side as
 *                            "OP OUTCOME RULE" or "OP ERROR ERRC";
 *   "diverge OP decision on one side only (model|rtl)"   a timing divergence;
 *   "diverge P1,P2,..."      no decision on either side: the differing ports
 *                            in VMXR_OUT_PORTS order (cmd_ready, APB, ...).
 * The report above the signature line has the full decisions. Written to
 * buf (always NUL-terminated when n > 0, truncated to fit); returns the
 * length it needs, as snprintf. */
int vmxr_diverge_signature(const struct vmxr_unit_out *m, const struct vmxr_unit_out *r, unsigned model_route,
                           char *buf, size_t n);

#endif /* VMXR_COMPARE_H */
