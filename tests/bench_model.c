/* make bench: transaction-level commands/s and cycle-accurate cycles/s on
 * one long generated command stream (the same stream for both), for each
 * workload of bench_stream.h (VMXR-1's routes, then VMXR-2's with the memory
 * and key tables). Figures, not pass/fail: compare them as ratios within one
 * run. */
#include <stdio.h>
#include <stdlib.h>

#include "bench_stream.h"
#include "vmxr_port_cmd.h"
#include "vmxr_unit.h"

#define NCMD (1u << 21)

/* The shared routing configuration, written through the APB rules. */
static void configure(struct vmxr_state *st, enum bench_load l)
{
    struct apb_wr w[BENCH_MAX_CONFIG];
    unsigned n = bench_config(w, l);
    for (unsigned i = 0; i < n; i++)
        vmxr_apb_write(st, 0, w[i].addr, w[i].value);
}

static void bench_load(enum bench_load l, struct vmxr_cmd *cmds, struct vmxr_state *st, struct vmxr_unit *u)
{
    bench_stream(cmds, NCMD, l);
    struct vmxr_straps straps = { true, 1, true };

    /* transaction level */
    vmxr_state_reset(st, &straps);
    configure(st, l);
    struct vmxr_decision d[3];
    unsigned long long ndec = 0, deliver = 0, by_rule[VMXR_RULE_COUNT] = { 0 };
    double t0 = bench_now();
    for (unsigned i = 0; i < NCMD; i++) {
        unsigned n = vmxr_txn_command(st, &cmds[i], d);
        ndec += n;
        deliver += d[0].outcome == VMXR_OUTCOME_DELIVER;
        by_rule[d[0].rule % VMXR_RULE_COUNT]++;
    }
    double t_txn = bench_now() - t0;

    /* cycle accurate: same configuration, stream through the ports */
    vmxr_unit_reset(u, &straps);
    configure(&u->st, l);
    struct vmxr_unit_in in = { .rst_n = true, .dec_ready = true, .cmd_valid = true };
    struct vmxr_unit_out out;
    unsigned long long cycles = 0, taken = 0, udec = 0;
    t0 = bench_now();
    for (unsigned i = 0; i < NCMD;) {
        const struct vmxr_cmd *c = &cmds[i];
        vmxr_ports_present(&in, c);
        vmxr_unit_step(u, &in, &out);
        cycles++;
        udec += out.dec_valid;
        if (out.cmd_ready) {
            i++;
            taken++;
        }
    }
    double t_cyc = bench_now() - t0;

    printf("bench: %s workload, stream of %u commands (%llu decisions, %llu deliveries), NIOR=%d NMEM=%d NKEY=%d\n",
           bench_load_name[l], NCMD, ndec, deliver, VMXR_NIOR, VMXR_NMEM, VMXR_NKEY);
    printf("  rules :");
    for (unsigned r = 1; r < VMXR_RULE_COUNT; r++)
        if (by_rule[r])
            printf(" %s %.1f%%", vmxr_rule_names[r], 100.0 * (double)by_rule[r] / NCMD);
    printf("  (of the commands' decisions)\n");
    printf("  txn   : %8.2f M commands/s  (%.3f s)\n", NCMD / t_txn / 1e6, t_txn);
    printf("  model : %8.2f M cycles/s    (%.3f s, %llu cycles, %.3f commands/cycle)\n", (double)cycles / t_cyc / 1e6,
           t_cyc, cycles, (double)taken / (double)cycles);
    printf("  ratio : model cycle time / txn command time = %.2f\n", (t_cyc / (double)cycles) / (t_txn / NCMD));
    (void)udec;
}

int main(void)
{
    struct vmxr_cmd *cmds = malloc(sizeof *cmds * NCMD);
    struct vmxr_state *st = malloc(sizeof *st);
    struct vmxr_unit *u = malloc(sizeof *u);
    if (!cmds || !st || !u)
        return 1;
    for (unsigned l = 0; l < BENCH_NLOADS; l++)
        bench_load((enum bench_load)l, cmds, st, u);
    free(cmds);
    free(st);
    free(u);
    return 0;
}
