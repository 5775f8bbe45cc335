/* The bus-functional driver of the SystemC pin-level platform, as a plain C
 * state machine: the SystemC stimulus process (vmxr_sc.cpp) samples the
 * output ports at every rising clock edge, calls scdrv_edge() and drives
 * the inputs it returns for the next cycle. The queues, the handshake
 * rules and the divergence report live here, in C; the C++ only moves
 * values between signals and these structs.
 *
 * Semantics (those of runner/run.c's driver):
 *  - items (commands, APB writes, APB reads) are started in submission
 *    order, one at a time, from the cycle in which they are queued (or
 *    the one after the previous item ends): a command is presented (cmd_valid) until
 *    cmd_ready; an APB transfer is a setup cycle, then access cycles until
 *    PREADY; a read first waits until the unit is idle and every command
 *    handshaken has had its decision (a drain), as run.c does before `rd`;
 *  - dec_ready is high after reset (or random, low one cycle in four, with
 *    a stall seed); every decision taken is appended to a FIFO that the C
 *    API hands out;
 *  - reset holds rst_n low for two cycles with the straps, then high.
 * Cycle numbers count rising edges since the start of the last reset,
 * cycle 0 being the first reset cycle (as run.c counts). */
#ifndef VMXR_SC_DRIVER_H
#define VMXR_SC_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_model.h"
#include "vmxr_ports.h"

#ifdef __cplusplus
extern "C" {
#endif

enum scdrv_kind { SCDRV_CMD, SCDRV_WR, SCDRV_RD };

struct scdrv_item {
    enum scdrv_kind kind;
    struct vmxr_cmd cmd;
    unsigned vmm, addr;
    uint32_t data;
    uint64_t id;
};

/* What the platform waits for (the driver reports when it holds). */
enum scdrv_wait { SCDRV_WAIT_NONE, SCDRV_WAIT_ITEM, SCDRV_WAIT_QUIET, SCDRV_WAIT_CYCLE, SCDRV_WAIT_RESET };

struct scdrv {
    struct scdrv_item *q; /* pending items, ring */
    size_t qcap, qhead, qlen;
    struct vmxr_decision *dq; /* decisions taken, ring */
    size_t dcap, dhead, dlen;
    struct vmxr_unit_in in; /* inputs driven in the current cycle */
    int apb;                /* 0 none, 1 setup, 2 access */
    uint64_t cycle;         /* rising edges since the last reset began */
    unsigned reset_left;    /* reset cycles still to drive */
    bool reset_req;         /* a reset starts at the next edge */
    struct vmxr_straps straps;
    uint64_t issued, answered; /* commands handshaken / their (non-INJECT) decisions taken */
    bool last_idle;            /* the unit's idle port in the last cycle */
    uint64_t progress;         /* last cycle with a handshake, a decision or an APB completion */
    uint64_t next_id, done_id; /* APB items: last submitted, last completed */
    bool done_slverr;
    uint32_t done_rdata;
    bool stall;
    uint64_t rng;
    enum scdrv_wait wait;
    uint64_t wait_arg;
    char *failure; /* protocol error (malloc'd), sticky */
};

void scdrv_init(struct scdrv *d);
void scdrv_free(struct scdrv *d);
/* Empties the queues and requests a reset with straps (NULL: zero),
 * which scdrv_kick() starts (wait SCDRV_WAIT_RESET for its end). */
void scdrv_reset(struct scdrv *d, const struct vmxr_straps *straps);
/* The same, before the clock has run: rst_n is low from time 0, so the
 * clock's first rising edge ends reset cycle 0 (and every cycle k ends at
 * the k-th rising edge, as in the Verilated shim's waveforms). */
void scdrv_reset_now(struct scdrv *d, const struct vmxr_straps *straps);
/* Random dec_ready back-pressure from seed (run.c's --stall-seed rule). */
void scdrv_stall(struct scdrv *d, bool on, uint64_t seed);
/* Queue items; false when out of memory. APB items get d->next_id. */
bool scdrv_push(struct scdrv *d, const struct scdrv_item *it);
/* One rising edge: o are the outputs of the cycle that ends (driven with
 * d->in); d->in becomes the inputs of the next cycle. */
void scdrv_edge(struct scdrv *d, const struct vmxr_unit_out *o);
/* Starts a requested reset, or the item at the head of the queue if the
 * bus is free, in the cycle in progress: the platform calls it right after
 * queueing (the kernel is paused just after a rising edge), and
 * scdrv_edge() calls it for the next cycle. */
void scdrv_kick(struct scdrv *d);
/* Nothing queued or presented, the unit idle, every command answered. */
bool scdrv_quiet(const struct scdrv *d);
/* The condition set in d->wait holds (or the driver failed). */
bool scdrv_wait_done(const struct scdrv *d);
bool scdrv_take(struct scdrv *d, struct vmxr_decision *dec);

/* The comparator and the divergence report: cosim/vmxr_compare.h. */

#ifdef __cplusplus
}
#endif

#endif /* VMXR_SC_DRIVER_H */
