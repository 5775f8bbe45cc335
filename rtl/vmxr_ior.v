// VMXR-1 I/O range compare (routing step 5), part of the RT stage: the
// profile-independent hit vector over all NIOR entries, then for each profile
// p the lowest hit whose PMASK has bit p. Mirrors vmxr_ior_hits() and the IOR
// branch of vmxr_route_static_hits() in model/vmxr_route.c.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_ior #(
    parameter int NIOR = 16
) (
    input  wire [15:0]        port,
    input  wire [2:0]         size_m1,      // access size in bytes, minus 1
    input  wire               dir_in,
    input  wire [NIOR*32-1:0] cfg_ior_range,
    input  wire [NIOR*32-1:0] cfg_ior_ctrl,
    output reg  [3:0]         ior_found,    // per profile: some entry matched
    output reg  [4*6-1:0]     ior_index,    // per profile: lowest matching entry
    output reg  [4*3-1:0]     ior_vmm       // per profile: its VMM
);
    wire [16:0] last = {1'b0, port} + {14'd0, size_m1};  // port + size - 1

    reg [NIOR-1:0] hits;
    integer i, p;
    always @(*) begin
        for (i = 0; i < NIOR; i = i + 1) begin : scan
            reg [15:0] base, limit;
            base  = cfg_ior_range[i*32 + `VMXR_IOR_RANGE_BASE_LSB +: 16];
            limit = cfg_ior_range[i*32 + `VMXR_IOR_RANGE_LIMIT_LSB +: 16];
            hits[i] = cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_V_LSB] &&
                      (dir_in ? cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_IN_EN_LSB]
                              : cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_OUT_EN_LSB]) &&
                      base <= limit && port <= limit && last >= {1'b0, base} && !last[16];
        end
        ior_found = 4'd0;
        ior_index = 24'd0;
        ior_vmm   = 12'd0;
        for (p = 0; p < 4; p = p + 1)
            for (i = NIOR - 1; i >= 0; i = i - 1)
                if (hits[i] && cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_PMASK_LSB + p]) begin
                    ior_found[p]       = 1'b1;
                    ior_index[p*6 +: 6] = i[5:0];
                    ior_vmm[p*3 +: 3]   = cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_VMM_LSB +: 3];
                end
    end
endmodule

`default_nettype wire
