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
    end

    // per profile p the lowest hit whose PMASK has bit p: a balanced tree of
    // NP - 1 two-way picks (the lower half wins when it has a hit), so the
    // depth grows with log2(NIOR), not with NIOR. Node n: {found, index, vmm};
    // leaves at NP .. 2*NP-1, the root at 1.
    localparam int LG = NIOR > 1 ? $clog2(NIOR) : 1;
    localparam int NP = 1 << LG;
    reg [2*NP*10-1:0] node;
    integer n;
    always @(*) begin
        ior_found = 4'd0;
        ior_index = 24'd0;
        ior_vmm   = 12'd0;
        node      = '0;
        for (p = 0; p < 4; p = p + 1) begin
            for (i = 0; i < NP; i = i + 1)
                node[(NP + i)*10 +: 10] = i < NIOR ? {hits[i] && cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_PMASK_LSB + p], i[5:0],
                                                      cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_VMM_LSB +: 3]} : 10'd0;
            for (n = NP - 1; n >= 1; n = n - 1)
                node[n*10 +: 10] = node[(2*n)*10 + 9] ? node[(2*n)*10 +: 10] : node[(2*n + 1)*10 +: 10];
            ior_found[p]        = node[10 + 9];
            ior_index[p*6 +: 6] = node[10 + 3 +: 6];
            ior_vmm[p*3 +: 3]   = node[10 +: 3];
        end
    end
endmodule

`default_nettype wire
