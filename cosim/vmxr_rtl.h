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
/* Clocks up to n (>= 1) cycles with the inputs in held, each exactly as
 * vmxr_rtl_step would, and stops after the first cycle whose outputs differ
 * from *expect (expect NULL: never early); out gets the outputs of the last
 * cycle clocked; returns how many cycles were clocked. Once a cycle leaves
 * the whole Verilated state as it found it (a fixed point of the held
 * inputs: every later cycle is the same cycle again), the remaining cycles
 * are counted without being evaluated; never while a trace is open (every
 * cycle is dumped) or in a coverage build (every cycle is counted). */
uint64_t vmxr_rtl_idle(struct vmxr_rtl *r, const struct vmxr_unit_in *in, uint64_t n,
                       const struct vmxr_unit_out *expect, struct vmxr_unit_out *out);
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
