// VMXR-2 RT stage (route lookup): combinational, in the cycle after the
// command handshake, from the command in the RT register (vmxr_top: rt_*,
// with the memory and key hit vectors made at the handshake) and the
// configuration only. Produces the checks (BAD_CPU, validation), the
// platform class and, for each of the four profiles, the result of routing
// steps 3-6 without GROUP or GRP arbitration.
// Mirrors rt_stage() in model/vmxr_unit.c.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_rt #(
    parameter int NCPU = 4,
    parameter int NIOR = 16,
    parameter int NMEM = 8,
    parameter int NKEY = 8
) (
    input  wire [2:0]         cmd_cpu,
    input  wire [1:0]         cmd_op,
    input  wire [6:0]         cmd_reason,
    input  wire [15:0]        cmd_port,     // cmd_qual[31:16]
    input  wire [3:0]         cmd_qual_lo,  // cmd_qual[3:0]: direction, size - 1
    input  wire [16:0]        cmd_last,     // port + size - 1, made at the handshake (bit 16: past 0xFFFF)
    input  wire [2:0]         cmd_itype,
    input  wire [7:0]         cmd_vector,
    input  wire [31:0]        cmd_errcode,
    input  wire [15:0]        cfg_ipi_range,
    input  wire [4*32-1:0]    cfg_plat,
    input  wire [4*32-1:0]    cfg_pfec_mask,
    input  wire [4*32-1:0]    cfg_pfec_match,
    input  wire [16*32-1:0]   cfg_exc,
    input  wire [4*65*5-1:0]  cfg_type,      // {MODE, VMM} per [p*65 + r]
    input  wire [NIOR*32-1:0] cfg_ior_range,
    input  wire [NIOR*32-1:0] cfg_ior_ctrl,
    input  wire [NMEM-1:0]    mem_hits,      // vmxr_mem's, registered at the handshake
    input  wire [NKEY-1:0]    key_hits,      // vmxr_key's, likewise
    // of the control words RT reads PMASK, VMM and GRP (the hits carry the rest)
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [NMEM*32-1:0] cfg_mem_ctrl,
    input  wire [NKEY*32-1:0] cfg_key_ctrl,
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  [3:0]         rt_err,
    output reg  [2:0]         rt_k,
    // per profile {rule[3:0], arb, g[1:0], t[2:0], idx[6:0]}: arb set for a
    // route that EX arbitrates over group g (GROUP, or a KEY entry with GRP)
    output reg  [4*17-1:0]    rt_route
);
    localparam logic [2:0] NCPU3 = NCPU[2:0];

    wire [3:0] ior_found;
    wire [23:0] ior_index;
    wire [11:0] ior_vmm;
    vmxr_ior #(.NIOR(NIOR)) u_ior (
        .io(cmd_reason == 7'd30), .port(cmd_port), .last(cmd_last), .dir_in(cmd_qual_lo[3]), .cfg_ior_range(cfg_ior_range), .cfg_ior_ctrl(cfg_ior_ctrl),
        .ior_found(ior_found), .ior_index(ior_index), .ior_vmm(ior_vmm)
    );

    // steps 5a and 5b: the lowest hit per profile (the hits are zero unless
    // the reason selects the table)
    wire [3:0]  mem_found, key_found;
    wire [15:0] mem_index, key_index;
    wire [11:0] mem_vmm;
    wire [15:0] key_pick;                    // per profile {GRP, VMM}
    wire [NMEM*4-1:0] mem_pmask;
    wire [NMEM*3-1:0] mem_tgt;
    wire [NKEY*4-1:0] key_pmask;
    wire [NKEY*4-1:0] key_tgt;
    genvar ge;
    generate
        for (ge = 0; ge < NMEM; ge = ge + 1) begin : gmem
            assign mem_pmask[ge*4 +: 4] = cfg_mem_ctrl[ge*32 + `VMXR_MEM_CTRL_PMASK_LSB +: 4];
            assign mem_tgt[ge*3 +: 3]   = cfg_mem_ctrl[ge*32 + `VMXR_MEM_CTRL_VMM_LSB +: 3];
        end
        for (ge = 0; ge < NKEY; ge = ge + 1) begin : gkey
            assign key_pmask[ge*4 +: 4] = cfg_key_ctrl[ge*32 + `VMXR_KEY_CTRL_PMASK_LSB +: 4];
            assign key_tgt[ge*4 +: 4]   = {cfg_key_ctrl[ge*32 + `VMXR_KEY_CTRL_GRP_LSB],
                                           cfg_key_ctrl[ge*32 + `VMXR_KEY_CTRL_VMM_LSB +: 3]};
        end
    endgenerate
    vmxr_pick #(.N(NMEM), .PW(3)) u_mem_pick (
        .en(|mem_hits), .hits(mem_hits), .pmask(mem_pmask), .payload(mem_tgt),
        .found(mem_found), .index(mem_index), .pick(mem_vmm)
    );
    vmxr_pick #(.N(NKEY), .PW(4)) u_key_pick (
        .en(|key_hits), .hits(key_hits), .pmask(key_pmask), .payload(key_tgt),
        .found(key_found), .index(key_index), .pick(key_pick)
    );

    wire is_event = cmd_op == `VMXR_OP_EVENT || cmd_op == `VMXR_OP_INJECT;
    wire [7:0] ipi_lo = cfg_ipi_range[`VMXR_IPI_RANGE_LO_LSB +: 8];
    wire [7:0] ipi_hi = cfg_ipi_range[`VMXR_IPI_RANGE_HI_LSB +: 8];
    wire       plat_en  = !rt_k[2] && cfg_plat[rt_k[1:0]*32 + `VMXR_PLAT_EN_LSB];
    wire [2:0] plat_vmm = cfg_plat[rt_k[1:0]*32 + `VMXR_PLAT_VMM_LSB +: 3];
    wire is_exc = cmd_reason == 7'd0 && (cmd_itype == 3'd3 || cmd_itype == 3'd5 || cmd_itype == 3'd6) &&
                  cmd_vector < 8'd32;

    integer p;
    always @(*) begin
        // checks
        if (cmd_cpu >= NCPU3)
            rt_err = `VMXR_ERRC_BAD_CPU;
        else if (!is_event)
            rt_err = `VMXR_ERRC_NONE;
        else if (cmd_reason > 7'd64 || cmd_reason == 7'd35 || cmd_reason == 7'd38 || cmd_reason == 7'd42)
            rt_err = `VMXR_ERRC_BAD_REASON;
        else if (cmd_reason == 7'd30 && cmd_qual_lo[2:0] != 3'd0 && cmd_qual_lo[2:0] != 3'd1 && cmd_qual_lo[2:0] != 3'd3)
            rt_err = `VMXR_ERRC_BAD_IO_SIZE;
        else if (cmd_reason == 7'd0 && cmd_itype == 3'd2 && cmd_vector != 8'd2)
            rt_err = `VMXR_ERRC_BAD_NMI;
        else
            rt_err = `VMXR_ERRC_NONE;

        // step 1: platform class
        if (cmd_reason == 7'd5 || cmd_reason == 7'd6) rt_k = `VMXR_PCLASS_SMI;
        else if (cmd_reason == 7'd0 && cmd_itype == 3'd2) rt_k = `VMXR_PCLASS_NMI;
        else if (cmd_reason == 7'd3 || cmd_reason == 7'd4) rt_k = `VMXR_PCLASS_INIT_SIPI;
        else if (cmd_reason == 7'd1 && cmd_vector >= ipi_lo && cmd_vector <= ipi_hi) rt_k = `VMXR_PCLASS_IPI;
        else rt_k = `VMXR_PCLASS_NONE;
    end

    always @(*) begin
        // steps 3-6 per profile
        for (p = 0; p < 4; p = p + 1) begin : prof
            reg [31:0] excw;
            reg [3:0]  nib;
            reg        en;
            reg [4:0]  tyw;
            excw = cfg_exc[(p*4 + {30'd0, cmd_vector[4:3]})*32 +: 32];
            nib  = excw[cmd_vector[2:0]*4 +: 4];
            en   = nib[3];
            if (cmd_vector == 8'd14)
                en = en ^ ((cmd_errcode & cfg_pfec_mask[p*32 +: 32]) != cfg_pfec_match[p*32 +: 32]);
            tyw  = cfg_type[(p*65 + (cmd_reason > 7'd64 ? 0 : {25'd0, cmd_reason}))*5 +: 5];
            if (plat_en)
                rt_route[p*17 +: 17] = {`VMXR_RULE_PLAT, 3'd0, plat_vmm, 4'd0, rt_k};
            else if (is_exc && en)
                rt_route[p*17 +: 17] = {`VMXR_RULE_EXC, 3'd0, nib[2:0], cmd_vector[6:0]};
            else if (cmd_reason == 7'd30 && ior_found[p])
                rt_route[p*17 +: 17] = {`VMXR_RULE_IOR, 3'd0, ior_vmm[p*3 +: 3], 1'b0, ior_index[p*6 +: 6]};
            else if (mem_found[p])
                rt_route[p*17 +: 17] = {`VMXR_RULE_MEM, 3'd0, mem_vmm[p*3 +: 3], 3'd0, mem_index[p*4 +: 4]};
            else if (key_found[p])
                rt_route[p*17 +: 17] = {`VMXR_RULE_KEY, key_pick[p*4 + 3], key_pick[p*4 +: 2],
                                        key_pick[p*4 + 3] ? 3'd0 : key_pick[p*4 +: 3], 3'd0, key_index[p*4 +: 4]};
            else if (tyw[4:3] == 2'd1)
                rt_route[p*17 +: 17] = {`VMXR_RULE_TYPE, 3'd0, tyw[2:0], cmd_reason};
            else if (tyw[4:3] == 2'd2)
                rt_route[p*17 +: 17] = {`VMXR_RULE_GROUP, 1'b1, tyw[1:0], 3'd0, 5'd0, tyw[1:0]};
            else
                rt_route[p*17 +: 17] = {`VMXR_RULE_HOME, 3'd0, 3'd0, 7'd0};
        end
    end
endmodule

`default_nettype wire
