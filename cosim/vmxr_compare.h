/* Lockstep comparison of two units' output ports (the C model against the
 * RTL), one cycle at a time: every port of VMXR_OUT_PORTS (vmxr_ports.h),
 * named and sized as that list says. */
#ifndef VMXR_COMPARE_H
#define VMXR_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "vmxr_ports.h"

/* True when every output port agrees. */
bool vmxr_ports_same(const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

/* The divergence report: "model and RTL diverge at cycle N:", then each
 * differing port with both values and, when either side presents a
 * decision, both decisions decoded. malloc'ed (the caller frees it); NULL
 * when memory runs out. */
char *vmxr_diverge_text(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

/* The short report of the cosim engine on a caller's RTL instance
 * (vmxr_engine_cosim_open_on): the same first line, then each differing
 * port with both values in hex without leading zeros; no decisions; at
 * most 1023 characters. malloc'ed; NULL when memory runs out. */
char *vmxr_diverge_ports(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r);

#endif /* VMXR_COMPARE_H */
