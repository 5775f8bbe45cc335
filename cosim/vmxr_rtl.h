/* The Verilated RTL behind a plain C API (implemented in rtl_shim.cpp, the
 * only C++ in the engine). The handle owns the Verilated model, its context
 * and any open trace.
 *
 * vmxr_rtl_step() has the port-level engine contract: it sets the inputs,
 * evaluates with the clock low, reads the outputs of this cycle into out,
 * then raises the clock (the rising edge). With a trace open, both clock
 * phases are dumped, 10 ns a cycle. */
#ifndef VMXR_RTL_H
#define VMXR_RTL_H

#include <stdint.h>

#include "vmxr_ports.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vmxr_rtl;

/* NULL if the model cannot be built. */
struct vmxr_rtl *vmxr_rtl_create(void);
void vmxr_rtl_step(struct vmxr_rtl *r, const struct vmxr_unit_in *in, struct vmxr_unit_out *out);
uint64_t vmxr_rtl_cycles(const struct vmxr_rtl *r);
/* Opens an FST trace at path; 0 on success. Cycles before it are not dumped. */
int vmxr_rtl_trace_open(struct vmxr_rtl *r, const char *path);
void vmxr_rtl_trace_close(struct vmxr_rtl *r);
/* Writes Verilator coverage (builds with coverage only); 0 on success. */
int vmxr_rtl_coverage_write(struct vmxr_rtl *r, const char *path);
void vmxr_rtl_destroy(struct vmxr_rtl *r);

#ifdef __cplusplus
}
#endif

#endif /* VMXR_RTL_H */
