/* VMXR-2 cycle-accurate unit: the pipelined micro-architecture that the RTL
 * implements stage for stage (docs/pipeline.md).
 *
 * Stages and their names (shared with the RTL and its waveforms):
 *   RT  route lookup, combinational in the command handshake cycle: checks,
 *       platform class, and steps 3-6 for all four profiles at once, from
 *       the configuration registers only. Result captured into ex_*.
 *   EX  execute, one cycle later: picks the route of the running context's
 *       profile, applies steps 2 and 6-8 (GROUP arbitration on live usage)
 *       and the transition to the per-CPU state and counters, or performs
 *       one pending injection. Result captured into dq_*.
 *   DQ  the decision register driving dec_*.
 * Latency: a command handshaken at the end of cycle T shows its decision
 * in cycle T+2 (dec_valid) when dec_ready was high. One command per cycle.
 *
 * Usage: fill a vmxr_unit_in each cycle and call vmxr_unit_step(), which
 * returns the outputs of that cycle (as seen before the rising edge; some
 * depend combinationally on the inputs) and then applies the rising edge.
 * A vmxr_unit is plain data owned by the caller; it needs no destructor.
 */
#ifndef VMXR_UNIT_H
#define VMXR_UNIT_H

#include <stdbool.h>
#include <stdint.h>

#include "vmxr_model.h"
#include "vmxr_ports.h"

struct vmxr_unit {
    struct vmxr_state st;
    /* RT register: the command taken at the handshake, routed by RT in the
     * next cycle */
    bool rt_valid;
    struct vmxr_cmd rt_cmd;
    /* EX stage register: a command routed by RT, not yet executed */
    bool ex_valid;
    struct vmxr_cmd ex_cmd;
    uint8_t ex_err; /* BAD_CPU or validation error found by RT */
    uint8_t ex_k;   /* platform class */
    struct vmxr_route ex_route[VMXR_NPROF];
    /* injection sequencer: a pop on inj_cpu left an injection due */
    bool inj_busy;
    uint8_t inj_cpu;
    /* DQ decision register */
    bool dq_valid;
    struct vmxr_decision dq;
    /* Not a port, not in the RTL: the rule of the static route the DQ
     * decision came from, before GROUP arbitration, the offline fallback or
     * an error replaced it (NONE for injections, LAUNCH, RESUME and refused
     * commands). The co-simulation's failure signature reads it to name the
     * routing step where model and RTL part ways. */
    uint8_t dq_route;
    /* No command is taken in this cycle: a write to PEND_WEIGHT completed at
     * the last edge (docs/pipeline.md). */
    bool usage_hold;
};

/* Puts the unit in its post-reset state (as after one cycle with rst_n low). */
void vmxr_unit_reset(struct vmxr_unit *u, const struct vmxr_straps *straps);

/* Outputs of the current cycle for inputs in; changes nothing. */
void vmxr_unit_eval(const struct vmxr_unit *u, const struct vmxr_unit_in *in, struct vmxr_unit_out *out);

/* One clock: out gets this cycle's outputs, then the rising edge is applied. */
void vmxr_unit_step(struct vmxr_unit *u, const struct vmxr_unit_in *in, struct vmxr_unit_out *out);

/* Would a step with inputs in change nothing in u? True when nothing is in
 * flight (no command in EX, no injection due, DQ empty), rst_n is high and
 * in carries neither an APB access nor a command: then every further cycle
 * with the same inputs has the same outputs (vmxr_unit_eval), so a run of
 * idle cycles may skip stepping. */
bool vmxr_unit_quiescent(const struct vmxr_unit *u, const struct vmxr_unit_in *in);

#endif /* VMXR_UNIT_H */
