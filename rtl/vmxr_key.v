// VMXR-2 key range compare (routing step 5b), made in the handshake cycle
// from the command ports and registered with the command (vmxr_top:
// rt_key_hits): the profile-independent hit vector over all NKEY entries.
// Mirrors vmxr_key_hits() in model/vmxr_route.c; registered for the same
// reason as vmxr_mem's hits. Zero for a reason without a key (kind 0).
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_key #(
    parameter int NKEY = 8
) (
    input  wire [3:0]         kind,         // one-hot {WRMSR, RDMSR, VMCALL, CPUID}, from the reason
    input  wire [31:0]        key,          // qual: leaf, hypercall number or MSR index
    input  wire [NKEY*32-1:0] cfg_key_base,
    input  wire [NKEY*32-1:0] cfg_key_limit,
    input  wire [NKEY*32-1:0] cfg_key_ctrl,
    output reg  [NKEY-1:0]    key_hits
);
    integer i;
    always @(*) begin
        key_hits = '0;
        if (kind != 4'd0)
            for (i = 0; i < NKEY; i = i + 1)
                key_hits[i] = cfg_key_ctrl[i*32 + `VMXR_KEY_CTRL_V_LSB] &&
                              (cfg_key_ctrl[i*32 + `VMXR_KEY_CTRL_CPUID_LSB +: 4] & kind) != 4'd0 &&
                              cfg_key_base[i*32 +: 32] <= key && key <= cfg_key_limit[i*32 +: 32];
    end
endmodule

`default_nettype wire
