/* The SystemC virtual platform of the VMXR-2 unit behind a plain C API
 * (implemented in cosim/systemc/vmxr_sc.cpp; docs/systemc.md).
 *
 * Engines:
 *   sc-tlm      TLM-2.0 loosely-timed target over the transaction-level core
 *               (an APB socket and a command socket, delays annotated);
 *   sc-model    the C cycle-accurate model as a pin-accurate SC_MODULE;
 *   sc-rtl      the Verilated RTL as SystemC (verilator --sc);
 *   sc-cosim    both pin-level modules fed by one driver, every output port
 *               compared at every rising clock edge.
 * The pin-level engines are driven by a bus-functional driver process with
 * runner/run.c's rules (cosim/systemc/sc_driver.h). The clock period is
 * VMXR_SC_PERIOD_NS on every engine; sc-tlm keeps its cycle count as its
 * loosely-timed local time divided by that period.
 *
 * Each platform owns its own SystemC simulation context, so platforms can
 * be created and destroyed any number of times in one process, and several
 * can live at once (every call makes its platform's context current).
 * Calls on one platform must come from one thread at a time.
 *
 * Contract:
 *  - apb_write / apb_read block until the transfer has completed (after
 *    every item submitted before them); they return PSLVERR.
 *  - submit queues a command and returns at once; take hands out the
 *    decisions in order (commands' and injections'), non-blocking.
 *  - drain runs until nothing is queued or in flight and every decision
 *    has left the unit (pin-level: the unit's idle port high and every
 *    handshaken command answered; sc-tlm: every decision's annotated time
 *    has passed). Decisions then wait in the take queue.
 *  - failure() is sticky: a co-simulation divergence (the text of
 *    cosim/engine_rtl.c), a hang, or a protocol error. After it, operations
 *    return without effect (reads 0, writes PSLVERR, no decisions).
 */
#ifndef VMXR_SC_H
#define VMXR_SC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
#include "vmxr_model.h"
#ifdef __cplusplus
}
#endif

#define VMXR_SC_PERIOD_NS 10u
/* A blocking call that sees no progress for this many cycles fails. */
#define VMXR_SC_HANG_CYCLES 100000u

#ifdef __cplusplus
extern "C" {
#endif

struct vmxr_sc;

/* The i-th engine name in the order above (from the engine registry,
 * cosim/vmxr_registry.h), or NULL past the last. */
const char *vmxr_sc_engine_name(unsigned i);

/* Elaborates engine name and resets it with zero straps. NULL with a
 * message in err for an unknown name or a failed elaboration. */
struct vmxr_sc *vmxr_sc_create(const char *name, char *err, size_t errlen);
/* The same, reset with straps (NULL: zero). The reset of a new platform
 * begins at time 0: cycle k ends at the k-th rising edge, 10k + 5 ns, as in
 * every waveform of the project; a later vmxr_sc_reset begins at the next
 * edge, so the waveform's time base moves on with it. */
struct vmxr_sc *vmxr_sc_create_strapped(const char *name, const struct vmxr_straps *straps, char *err,
                                        size_t errlen);
const char *vmxr_sc_name(const struct vmxr_sc *p);
/* Reset with straps (NULL: zero): two cycles rst_n low. Drops anything
 * queued and every decision not taken; the cycle count restarts at 0. */
void vmxr_sc_reset(struct vmxr_sc *p, const struct vmxr_straps *straps);
/* APB write by VMM vmm (PAUSER); true when the unit answered PSLVERR. */
bool vmxr_sc_apb_write(struct vmxr_sc *p, unsigned vmm, unsigned addr, uint32_t data);
/* APB read by VMM vmm; *slverr (may be NULL) as answered. */
uint32_t vmxr_sc_apb_read(struct vmxr_sc *p, unsigned vmm, unsigned addr, bool *slverr);
/* Queues a command; false when out of memory or after a failure. */
bool vmxr_sc_submit(struct vmxr_sc *p, const struct vmxr_cmd *c);
/* The oldest decision not yet taken: true and *d, or false if none. */
bool vmxr_sc_take(struct vmxr_sc *p, struct vmxr_decision *d);
/* Runs cycles clock cycles (queued items proceed meanwhile). */
void vmxr_sc_run(struct vmxr_sc *p, uint64_t cycles);
/* Runs until quiet (see above); false on a failure or a hang. */
bool vmxr_sc_drain(struct vmxr_sc *p);
/* Clock cycles since the last reset began. */
uint64_t vmxr_sc_cycles(const struct vmxr_sc *p);
/* Random decision back-pressure (dec_ready low one cycle in four, from
 * seed); pin-level engines only, ignored by sc-tlm. */
void vmxr_sc_stall(struct vmxr_sc *p, bool on, uint64_t seed);
/* FST waveform of the cycles from now on (sc-rtl, sc-cosim: every RTL
 * signal, VerilatedFstSc; sc-model: every port); 0 on success, -1 for
 * sc-tlm or when the file cannot be written. */
int vmxr_sc_trace_open(struct vmxr_sc *p, const char *path);
void vmxr_sc_trace_close(struct vmxr_sc *p);
/* NULL, or why results cannot be trusted (sticky). */
const char *vmxr_sc_failure(const struct vmxr_sc *p);
void vmxr_sc_destroy(struct vmxr_sc *p);

#ifdef __cplusplus
}
#endif

#endif /* VMXR_SC_H */
