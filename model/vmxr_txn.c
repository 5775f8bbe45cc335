/* VMXR-2 transaction-level core: one command at a time, in the order the
 * architecture spec states the rules (sections 4.1-4.4). */
#include "vmxr_model.h"

unsigned vmxr_txn_command(struct vmxr_state *st, const struct vmxr_cmd *cmd, struct vmxr_decision out[3])
{
    struct vmxr_cmd c = vmxr_cmd_mask(*cmd);
    unsigned err = vmxr_command_check(&c);   /* BAD_CPU, validation */
    unsigned k = VMXR_PCLASS_NONE;
    struct vmxr_route r = { VMXR_RULE_NONE, 0, 0, 0 };
    if (!err && (c.op == VMXR_OP_EVENT || c.op == VMXR_OP_INJECT)) {
        k = vmxr_pclass(&st->cfg, &c);                                     /* step 1 */
        r = vmxr_route_static(&st->cfg, &c, k,                             /* steps 3-6 */
                              vmxr_profile(&st->cfg, st->cpu[c.cpu].cur));
    }
    bool popped = vmxr_command_exec(st, &c, err, k, r, &out[0]);          /* 2, 6-8, transition */

    unsigned n = 1;
    if (popped) { /* 4.4: inject SMI, then NMI, each as it stands now */
        unsigned k1 = vmxr_inject_step(st, c.cpu, &out[n]);
        if (k1 != VMXR_PCLASS_NONE)
            n++;
        if (k1 == VMXR_PCLASS_SMI && vmxr_inject_step(st, c.cpu, &out[n]) != VMXR_PCLASS_NONE)
            n++;
    }
    return n;
}
