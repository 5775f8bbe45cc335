/* make bench: transaction-level commands/s and cycle-accurate cycles/s on
 * one long generated command stream (the same stream for both). Figures,
 * not pass/fail: compare them as ratios within one run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmxr_unit.h"

#define NCMD (1u << 21)

static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A routing configuration that exercises every step. */
static void configure(struct vmxr_state *st)
{
    vmxr_apb_write(st, 0, VMXR_PLAT_ADDR(VMXR_PCLASS_NMI), VMXR_PLAT_EN_MASK | (3u << VMXR_PLAT_VMM_LSB));
    vmxr_apb_write(st, 0, VMXR_IPI_RANGE_ADDR, 0xF0u | 0xFEu << 8);
    for (unsigned i = 0; i < VMXR_NIOR; i++) {
        vmxr_apb_write(st, 0, VMXR_IOR_RANGE_ADDR(i), (0x100u * i) | (0x100u * i + 0x3Fu) << 16);
        vmxr_apb_write(st, 0, VMXR_IOR_CTRL_ADDR(i), 0x7u | 0xFu << 4 | (1u + i % 7) << 8);
    }
    vmxr_apb_write(st, 0, VMXR_EXC_ADDR(0, 1), 0x8u << 24 | 0xAu << 0); /* #PF (14) -> 2, #8 -> 2 */
    vmxr_apb_write(st, 0, VMXR_PFEC_MASK_ADDR(0), 0x1);
    vmxr_apb_write(st, 0, VMXR_PFEC_MATCH_ADDR(0), 0x1);
    vmxr_apb_write(st, 0, VMXR_GROUP_ADDR(1), 0x60);
    vmxr_apb_write(st, 0, VMXR_TYPE_ADDR(0, 18), 2u << 4 | 1u); /* VMCALL -> group 1 */
    vmxr_apb_write(st, 0, VMXR_TYPE_ADDR(0, 10), 1u << 4 | 4u); /* CPUID -> vmm 4 */
    for (unsigned v = 0; v < VMXR_NVM; v++)
        vmxr_apb_write(st, 0, VMXR_OWNER_ADDR(v), 1u + v % 3);
}

/* Events alternate with resumes on each CPU; launches start every CPU. */
static void make_stream(struct vmxr_cmd *cmds, unsigned n)
{
    uint64_t s = 42;
    static const uint8_t reasons[] = { 30, 30, 30, 0, 0, 10, 12, 18, 18, 28, 31, 32, 1, 6 };
    bool in_vmm[VMXR_NCPU] = { false };
    for (unsigned i = 0; i < n; i++) {
        uint64_t r = mix(&s);
        unsigned c = (unsigned)(r % VMXR_NCPU);
        struct vmxr_cmd *k = &cmds[i];
        memset(k, 0, sizeof *k);
        k->cpu = (uint8_t)c;
        if (i < VMXR_NCPU) {
            k->cpu = (uint8_t)i;
            k->op = VMXR_OP_LAUNCH;
            k->vm = (uint8_t)i;
        } else if (in_vmm[c]) {
            k->op = VMXR_OP_RESUME;
            in_vmm[c] = false;
        } else {
            k->op = VMXR_OP_EVENT;
            k->reason = reasons[(r >> 8) % sizeof reasons];
            k->qual = (uint32_t)((r >> 16) & 0xFFFu) << 16 | (uint32_t)((r >> 30) & 1u) << 3 | (uint32_t)((r >> 31) & 1u);
            k->itype = k->reason == 0 ? 3 : 0;
            k->vector = k->reason == 1 ? (uint8_t)(0xE0 + (r >> 40) % 32) : (uint8_t)(8 + ((r >> 40) % 2) * 6);
            k->errcode = (uint32_t)(r >> 48) & 3u;
            in_vmm[c] = true;
        }
    }
}

int main(void)
{
    struct vmxr_cmd *cmds = malloc(sizeof *cmds * NCMD);
    struct vmxr_state *st = malloc(sizeof *st);
    struct vmxr_unit *u = malloc(sizeof *u);
    if (!cmds || !st || !u)
        return 1;
    make_stream(cmds, NCMD);
    struct vmxr_straps straps = { true, 1, true };

    /* transaction level */
    vmxr_state_reset(st, &straps);
    configure(st);
    struct vmxr_decision d[3];
    unsigned long long ndec = 0, deliver = 0;
    double t0 = now();
    for (unsigned i = 0; i < NCMD; i++) {
        unsigned n = vmxr_txn_command(st, &cmds[i], d);
        ndec += n;
        deliver += d[0].outcome == VMXR_OUTCOME_DELIVER;
    }
    double t_txn = now() - t0;

    /* cycle accurate: same configuration, stream through the ports */
    vmxr_unit_reset(u, &straps);
    configure(&u->st);
    struct vmxr_unit_in in = { .rst_n = true, .dec_ready = true, .cmd_valid = true };
    struct vmxr_unit_out out;
    unsigned long long cycles = 0, taken = 0, udec = 0;
    t0 = now();
    for (unsigned i = 0; i < NCMD;) {
        const struct vmxr_cmd *c = &cmds[i];
        in.cmd_cpu = c->cpu;
        in.cmd_op = c->op;
        in.cmd_reason = c->reason;
        in.cmd_itype = c->itype;
        in.cmd_vector = c->vector;
        in.cmd_vm = c->vm;
        in.cmd_qual = c->qual;
        in.cmd_errcode = c->errcode;
        vmxr_unit_step(u, &in, &out);
        cycles++;
        udec += out.dec_valid;
        if (out.cmd_ready) {
            i++;
            taken++;
        }
    }
    double t_cyc = now() - t0;

    printf("bench: stream of %u commands (%llu decisions, %llu deliveries), NIOR=%d\n", NCMD, ndec, deliver,
           VMXR_NIOR);
    printf("  txn   : %8.2f M commands/s  (%.3f s)\n", NCMD / t_txn / 1e6, t_txn);
    printf("  model : %8.2f M cycles/s    (%.3f s, %llu cycles, %.3f commands/cycle)\n", (double)cycles / t_cyc / 1e6,
           t_cyc, cycles, (double)taken / (double)cycles);
    printf("  ratio : model cycle time / txn command time = %.2f\n", (t_cyc / (double)cycles) / (t_txn / NCMD));
    (void)udec;
    free(cmds);
    free(st);
    free(u);
    return 0;
}
