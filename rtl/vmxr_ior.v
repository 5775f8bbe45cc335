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
    input  wire [16:0]        last,         // port + size - 1 (bit 16: past 0xFFFF)
    input  wire               dir_in,
    input  wire [NIOR*32-1:0] cfg_ior_range,
    input  wire [NIOR*32-1:0] cfg_ior_ctrl,
    output wire [3:0]         ior_found,    // per profile: some entry matched
    output wire [4*6-1:0]     ior_index,    // per profile: lowest matching entry
    output wire [4*3-1:0]     ior_vmm       // per profile: its VMM
);
    reg [NIOR-1:0] hits;
    integer i;
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
    genvar gp, gn;
    generate
        for (gp = 0; gp < 4; gp = gp + 1) begin : pick
            for (gn = 1; gn < 2*NP; gn = gn + 1) begin : node
                wire [9:0] v;
                if (gn >= NP + NIOR) begin : pad
                    assign v = 10'd0;
                end else if (gn >= NP) begin : leaf
                    localparam int E = gn - NP;
                    localparam logic [5:0] IDX = E[5:0];
                    assign v = {hits[E] && cfg_ior_ctrl[E*32 + `VMXR_IOR_CTRL_PMASK_LSB + gp], IDX,
                                cfg_ior_ctrl[E*32 + `VMXR_IOR_CTRL_VMM_LSB +: 3]};
                end else begin : pick2
                    assign v = node[2*gn].v[9] ? node[2*gn].v : node[2*gn + 1].v;
                end
            end
            assign ior_found[gp]        = node[1].v[9];
            assign ior_index[gp*6 +: 6] = node[1].v[8:3];
            assign ior_vmm[gp*3 +: 3]   = node[1].v[2:0];
        end
    endgenerate
endmodule

`default_nettype wire
