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
char *vmxr_diverge_text(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

/* The short report of the cosim engine on a caller's RTL instance
 * (vmxr_engine_cosim_open_on): the same first line, then each differing
 * port with both values in hex without leading zeros; no decisions; at
 * most 1023 characters. malloc'ed; NULL when memory runs out. */
char *vmxr_diverge_ports(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

/* Start of the divergence report's signature line (after its newline). */
#define VMXR_SIGNATURE_LINE "  signature: "

/* The divergence's signature: the same for the same bug, whatever the test,
 * cycle, CPU or context numbers. "diverge P1,P2,...: MODEL / RTL": the
 * differing ports in VMXR_OUT_PORTS order (when a decision is shown, the
 * numeric ones dec_to, dec_from, dec_idx, dec_reason, dec_qual only if no
 * other port differs: they vary with the test's configuration), then each
 * side's decision as "OP OUTCOME RULE" ("OP ERROR ERRC" for a refused
 * command; "-" when that side presents none); without ": MODEL / RTL" when
 * neither side presents a decision. E.g. "diverge dec_rule: EVENT DELIVER
 * IOR / EVENT DELIVER TYPE". Written to buf (always NUL-terminated when
 * n > 0, truncated to fit); returns the length it needs, as snprintf. */
int vmxr_diverge_signature(const struct vmxr_unit_out *m, const struct vmxr_unit_out *r, char *buf, size_t n);

#endif /* VMXR_COMPARE_H */
