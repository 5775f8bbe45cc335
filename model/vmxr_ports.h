/* VMXR-1 unit ports: one struct of inputs and one of outputs per clock
 * cycle. Shared by the C model (vmxr_unit.h), the RTL shim and the co-sim
 * engines; it declares data only, so the model and the RTL never include
 * each other. Names match the RTL top's ports. Values wider than a port are
 * masked by the unit. */
#ifndef VMXR_PORTS_H
#define VMXR_PORTS_H

#include <stdbool.h>
#include <stdint.h>

struct vmxr_unit_in {
    bool rst_n; /* synchronous, active low; straps are sampled while low */
    bool strap_smi_en;
    uint8_t strap_smi_vmm; /* 3 bits */
    bool strap_smi_lock;
    /* APB slave */
    bool psel, penable, pwrite;
    uint16_t paddr; /* 12 bits */
    uint32_t pwdata;
    uint8_t pauser; /* 3 bits: requesting VMM */
    /* command stream */
    bool cmd_valid;
    uint8_t cmd_cpu, cmd_op, cmd_reason, cmd_itype, cmd_vector, cmd_vm;
    uint32_t cmd_qual, cmd_errcode;
    /* decision stream */
    bool dec_ready;
};

struct vmxr_unit_out {
    bool pready, pslverr;
    uint32_t prdata;
    bool cmd_ready;
    bool dec_valid;
    uint8_t dec_cpu, dec_op, dec_outcome, dec_err, dec_from, dec_to, dec_rule, dec_idx, dec_reason;
    uint32_t dec_qual;
    bool idle; /* nothing in flight: no command in EX, no injection due, DQ empty */
};

#endif /* VMXR_PORTS_H */
