// The VMXR-2 top's ports, in the order and with the types of the module
// that `verilator --sc` generates from rtl/vmxr_top.v (Vvmxr_top_sc.h):
// bool for 1 bit, uint32_t for 2..32 bits, uint64_t for 33..64 bits (the
// 64-bit cmd_gpa comes last). clk comes first and is separate.
//
// VMXR_SC_PORTS(I, O) lists every port as I(type, name, bits) for an input
// or O(type, name, bits) for an output; VMXR_SC_INPUTS(X) and
// VMXR_SC_OUTPUTS(X) pick one direction. tests/sc_ports.sh checks the list
// against the generated header.
#ifndef VMXR_SC_PORTS_H
#define VMXR_SC_PORTS_H

#define VMXR_SC_PORTS(I, O)                                                                                          \
    I(bool, rst_n, 1) I(bool, strap_smi_en, 1) I(uint32_t, strap_smi_vmm, 3) I(bool, strap_smi_lock, 1)              \
    I(bool, psel, 1) I(bool, penable, 1) I(bool, pwrite, 1) I(uint32_t, pauser, 3) O(bool, pready, 1)               \
    O(bool, pslverr, 1) I(bool, cmd_valid, 1) O(bool, cmd_ready, 1) I(uint32_t, cmd_cpu, 3) I(uint32_t, cmd_op, 2)  \
    I(uint32_t, cmd_reason, 7) I(uint32_t, cmd_itype, 3) I(uint32_t, cmd_vector, 8) I(uint32_t, cmd_vm, 5)          \
    O(bool, dec_valid, 1) I(bool, dec_ready, 1) O(uint32_t, dec_cpu, 3) O(uint32_t, dec_op, 2)                      \
    O(uint32_t, dec_outcome, 3) O(uint32_t, dec_err, 4) O(uint32_t, dec_from, 5) O(uint32_t, dec_to, 5)             \
    O(uint32_t, dec_rule, 4) O(uint32_t, dec_idx, 7) O(uint32_t, dec_reason, 7) O(bool, idle, 1)                    \
    I(uint32_t, paddr, 12) I(uint32_t, pwdata, 32) O(uint32_t, prdata, 32) I(uint32_t, cmd_qual, 32)                \
    I(uint32_t, cmd_errcode, 32) O(uint32_t, dec_qual, 32) I(uint64_t, cmd_gpa, 64)

#define VMXR_SC_NONE(T, n, W)
#define VMXR_SC_INPUTS(X) VMXR_SC_PORTS(X, VMXR_SC_NONE)
#define VMXR_SC_OUTPUTS(X) VMXR_SC_PORTS(VMXR_SC_NONE, X)

#endif // VMXR_SC_PORTS_H
