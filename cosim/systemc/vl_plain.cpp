// Compiled with VM_SC=0 and linked ahead of every archive: emits the plain
// copy of the one Verilator runtime function whose inline body depends on
// VM_SC (VerilatedContext::timeprecision, defined in verilated.h). With
// both the plain and the SystemC RTL in one binary the linker keeps the
// first copy it meets; the VM_SC=1 copy checks the precision against the
// current SystemC context and would abort the plain rtl engine (1 ns RTL
// precision against a default 1 ps context). The SystemC platform sets
// 1 ns in every context it creates, so the check is not needed there.
#include "verilated.h"

extern void (VerilatedContext::*const vmxr_vl_plain_timeprecision)(int);
void (VerilatedContext::*const vmxr_vl_plain_timeprecision)(int) = &VerilatedContext::timeprecision;
