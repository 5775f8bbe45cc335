/* Between the model's command and decision structs and the unit's ports:
 * what every driver of the ports (the runner's bus driver, the item-level
 * bus, the SystemC driver, tests and benchmarks) needs. */
#ifndef VMXR_PORT_CMD_H
#define VMXR_PORT_CMD_H

#include "vmxr_model.h"
#include "vmxr_ports.h"

/* Presents command c on the command port (cmd_valid high). */
static inline void vmxr_ports_present(struct vmxr_unit_in *in, const struct vmxr_cmd *c)
{
    in->cmd_valid = true;
    in->cmd_cpu = c->cpu;
    in->cmd_op = c->op;
    in->cmd_reason = c->reason;
    in->cmd_itype = c->itype;
    in->cmd_vector = c->vector;
    in->cmd_vm = c->vm;
    in->cmd_qual = c->qual;
    in->cmd_errcode = c->errcode;
    in->cmd_gpa = c->gpa;
}

/* The decision on the decision port (meaningful when dec_valid). */
static inline struct vmxr_decision vmxr_ports_decision(const struct vmxr_unit_out *o)
{
    return (struct vmxr_decision){ o->dec_cpu, o->dec_op,  o->dec_outcome, o->dec_err,    o->dec_from,
                                   o->dec_to,  o->dec_rule, o->dec_idx,    o->dec_reason, o->dec_qual };
}

#endif /* VMXR_PORT_CMD_H */
