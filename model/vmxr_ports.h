/* VMXR-2 unit ports: one struct of inputs and one of outputs per clock
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
    uint64_t cmd_gpa;
    /* decision stream */
    bool dec_ready;
};

/* Every output port, in the order of struct vmxr_unit_out: X(name, bits,
 * type) is the RTL top's port name (also the struct field), its width in
 * bits and the field's C type. idle: nothing in flight (no command in EX,
 * no injection due, DQ empty).
 *
 * The one list of output ports: the struct below, the comparator and its
 * divergence report (cosim/compare.c), the Verilated shim, the Icarus
 * stimulus writer (dv/compile.c) and the SystemC port check
 * (tests/sc_ports.sh) take their names and widths from it;
 * tests/test_compare.c fails when rtl/vmxr_top.v or the Icarus testbench
 * (cosim/icarus/vmxr_tb.v) differs from it. */
#define VMXR_OUT_PORTS(X)                                                                                            \
    X(pready, 1, bool) X(pslverr, 1, bool) X(prdata, 32, uint32_t) X(cmd_ready, 1, bool) X(dec_valid, 1, bool)      \
    X(dec_cpu, 3, uint8_t) X(dec_op, 2, uint8_t) X(dec_outcome, 3, uint8_t) X(dec_err, 4, uint8_t)                  \
    X(dec_from, 5, uint8_t) X(dec_to, 5, uint8_t) X(dec_rule, 4, uint8_t) X(dec_idx, 7, uint8_t)                    \
    X(dec_reason, 7, uint8_t) X(dec_qual, 32, uint32_t) X(idle, 1, bool)

#define VMXR_OUT_FIELD(name, bits, type) type name;
struct vmxr_unit_out {
    VMXR_OUT_PORTS(VMXR_OUT_FIELD)
};
#undef VMXR_OUT_FIELD

#endif /* VMXR_PORTS_H */
