// VMXR-2 memory range compare (routing step 5a), made in the handshake cycle
// from the command ports and registered with the command (vmxr_top:
// rt_mem_hits): the profile-independent hit vector over all NMEM entries.
// Mirrors vmxr_mem_hits() in model/vmxr_route.c. The configuration cannot
// change between the handshake and RT (a write completes only with RT and
// EX empty, and no command is taken while a write is in its access phase),
// so the hits are those RT would make. Made for an EPT violation only (en;
// zero otherwise), so a simulator skips the compares for every other command.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_mem #(
    parameter int NMEM = 8
) (
    input  wire               en,           // the command is an EPT violation (reason 48)
    input  wire [2:0]         acc,          // qual[2:0]: the access kinds {X, W, R}
    input  wire [63:12]       gpa,          // the guest-physical address above the page offset
    input  wire [NMEM*32-1:0] cfg_mem_base,
    input  wire [NMEM*32-1:0] cfg_mem_limit,
    input  wire [NMEM*32-1:0] cfg_mem_ctrl,
    output reg  [NMEM-1:0]    mem_hits
);
    wire [31:0] frame = gpa[43:12];
    wire        reach = gpa[63:44] == 20'd0 && acc != 3'd0;  // within the table's 44 bits, some access
    integer j;
    always @(*) begin
        mem_hits = '0;
        if (en && reach)
            for (j = 0; j < NMEM; j = j + 1)
                mem_hits[j] = cfg_mem_ctrl[j*32 + `VMXR_MEM_CTRL_V_LSB] &&
                              (acc & ~cfg_mem_ctrl[j*32 + `VMXR_MEM_CTRL_R_LSB +: 3]) == 3'd0 &&
                              cfg_mem_base[j*32 +: 32] <= frame && frame <= cfg_mem_limit[j*32 +: 32];
    end
endmodule

`default_nettype wire
