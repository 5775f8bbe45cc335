// VMXR-1 I/O range compare (routing step 5), part of the RT stage: the
// profile-independent hit vector over all NIOR entries, then for each profile
// p the lowest hit whose PMASK has bit p. Mirrors vmxr_ior_hits() and the IOR
// branch of vmxr_route_static_hits() in model/vmxr_route.c. Both are made for
// an I/O command only (io; zero otherwise, where RT does not read them), so a
// simulator skips the NIOR compares for every other command.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_ior #(
    parameter int NIOR = 16
) (
    input  wire               io,           // the command is an I/O instruction (reason 30)
    input  wire [15:0]        port,
    input  wire [16:0]        last,         // port + size - 1 (bit 16: past 0xFFFF)
    input  wire               dir_in,
    input  wire [NIOR*32-1:0] cfg_ior_range,
    input  wire [NIOR*32-1:0] cfg_ior_ctrl,
    output reg  [3:0]         ior_found,    // per profile: some entry matched
    output reg  [4*6-1:0]     ior_index,    // per profile: lowest matching entry
    output reg  [4*3-1:0]     ior_vmm       // per profile: its VMM
);
    // entry (range, ctrl) matches the access (ctrl: V, IN_EN and OUT_EN read)
    /* verilator lint_off UNUSEDSIGNAL */
    function automatic ior_hit(input [31:0] range, input [31:0] ctrl, input [15:0] a_port, input [16:0] a_last,
                               input a_in);
        reg [15:0] base, limit;
        base    = range[`VMXR_IOR_RANGE_BASE_LSB +: 16];
        limit   = range[`VMXR_IOR_RANGE_LIMIT_LSB +: 16];
        ior_hit = ctrl[`VMXR_IOR_CTRL_V_LSB] &&
                  (a_in ? ctrl[`VMXR_IOR_CTRL_IN_EN_LSB] : ctrl[`VMXR_IOR_CTRL_OUT_EN_LSB]) &&
                  base <= limit && a_port <= limit && a_last >= {1'b0, base} && !a_last[16];
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */
    reg [NIOR-1:0] hits;
    integer i;
    always @(*) begin
        hits = '0;
        if (io)
            for (i = 0; i < NIOR; i = i + 1)
                hits[i] = ior_hit(cfg_ior_range[i*32 +: 32], cfg_ior_ctrl[i*32 +: 32], port, last, dir_in);
    end

    // per profile p the lowest hit whose PMASK has bit p: a balanced tree of
    // NP - 1 two-way picks (the lower half wins when it has a hit), so the
    // depth grows with log2(NIOR), not with NIOR. Node n of the tree,
    // {found, index, vmm}, at node[n*10 +: 10]: leaves at NP .. 2*NP-1
    // (entry n - NP), the root at 1.
    localparam int LG = NIOR > 1 ? $clog2(NIOR) : 1;
    localparam int NP = 1 << LG;
    reg [2*NP*10-1:0] node;
    integer p, n;
    always @(*) begin
        ior_found = 4'd0; ior_index = '0; ior_vmm = '0; node = '0;
        if (io) for (p = 0; p < 4; p = p + 1) begin
            for (n = 2*NP - 1; n >= 1; n = n - 1)
                if (n >= NP + NIOR)
                    node[n*10 +: 10] = 10'd0;
                else if (n >= NP)
                    node[n*10 +: 10] = {hits[n - NP] && cfg_ior_ctrl[(n - NP)*32 + `VMXR_IOR_CTRL_PMASK_LSB + p],
                                        6'(n - NP), cfg_ior_ctrl[(n - NP)*32 + `VMXR_IOR_CTRL_VMM_LSB +: 3]};
                else
                    node[n*10 +: 10] = node[2*n*10 + 9] ? node[2*n*10 +: 10] : node[(2*n + 1)*10 +: 10];
            ior_found[p]        = node[19];
            ior_index[p*6 +: 6] = node[10 + 3 +: 6];
            ior_vmm[p*3 +: 3]   = node[10 +: 3];
        end
    end
endmodule

`default_nettype wire
