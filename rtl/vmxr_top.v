// VMXR-2 routing unit, top level: ports, the stage control equations of
// docs/pipeline.md, the RT register (the command taken at the handshake),
// and the RT, EX/DQ and register-file parts. Port names
// are those of model/vmxr_ports.h.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_top #(
    parameter int NCPU  = `VMXR_DEFAULT_NCPU,
    parameter int NVM   = `VMXR_DEFAULT_NVM,
    parameter int NIOR  = `VMXR_DEFAULT_NIOR,
    parameter int NMEM  = `VMXR_DEFAULT_NMEM,
    parameter int NKEY  = `VMXR_DEFAULT_NKEY,
    parameter int DEPTH = `VMXR_DEFAULT_DEPTH
) (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        strap_smi_en,
    input  wire [2:0]  strap_smi_vmm,
    input  wire        strap_smi_lock,
    // APB slave
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    input  wire [11:0] paddr,
    input  wire [31:0] pwdata,
    input  wire [2:0]  pauser,
    output wire        pready,
    output wire [31:0] prdata,
    output wire        pslverr,
    // commands
    input  wire        cmd_valid,
    output wire        cmd_ready,
    input  wire [2:0]  cmd_cpu,
    input  wire [1:0]  cmd_op,
    input  wire [6:0]  cmd_reason,
    input  wire [31:0] cmd_qual,
    input  wire [2:0]  cmd_itype,
    input  wire [7:0]  cmd_vector,
    input  wire [31:0] cmd_errcode,
    input  wire [4:0]  cmd_vm,
    // the EPT violation's guest-physical address: routing reads the frame,
    // gpa[63:12]; the page offset is part of the command, not of the route
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [63:0] cmd_gpa,
    /* verilator lint_on UNUSEDSIGNAL */
    // decisions
    output wire        dec_valid,
    input  wire        dec_ready,
    output wire [2:0]  dec_cpu,
    output wire [1:0]  dec_op,
    output wire [2:0]  dec_outcome,
    output wire [3:0]  dec_err,
    output wire [4:0]  dec_from,
    output wire [4:0]  dec_to,
    output wire [3:0]  dec_rule,
    output wire [6:0]  dec_idx,
    output wire [6:0]  dec_reason,
    output wire [31:0] dec_qual,
    output wire        idle
);
    // ---- configuration ------------------------------------------------------------
    wire [7:0]          cfg_vmm_en, cfg_pend_weight;
    wire [15:0]         cfg_ipi_range;
    wire [4*32-1:0]     cfg_plat, cfg_pfec_mask, cfg_pfec_match;
    wire [NVM*3-1:0]    cfg_owner;
    wire [NVM*2-1:0]    cfg_vm_prof;
    wire [15:0]         cfg_vmm_prof;
    wire [31:0]         cfg_group;
    wire [127:0]        cfg_sw_usage;
    wire [16*32-1:0]    cfg_exc;
    wire [4*65*5-1:0]   cfg_type;
    wire [NIOR*32-1:0]  cfg_ior_range, cfg_ior_ctrl;
    wire [NMEM*32-1:0]  cfg_mem_base, cfg_mem_limit, cfg_mem_ctrl;
    wire [NKEY*32-1:0]  cfg_key_base, cfg_key_limit, cfg_key_ctrl;

    // ---- stage control ----------------------------------------------------------------
    wire ex_valid, inj_busy, dq_valid;
    wire ex_busy     = ex_valid | inj_busy;
    wire dq_free     = !dq_valid | dec_ready;
    wire ex_fire_inj = inj_busy & dq_free;
    wire ex_fire_cmd = ex_valid & !inj_busy & dq_free;
    reg  rt_valid;
    wire rt_fire     = rt_valid & (!ex_valid | ex_fire_cmd);   // RT -> EX
    wire wr_access   = psel & penable & pwrite;
    assign pready    = !(pwrite & (rt_valid | ex_busy));
    // usage_hold: in the cycle after a write to PEND_WEIGHT completes, no
    // command is taken, so the command after such a write reaches EX once
    // EX's registered usage terms (vmxr_ex: prod_q, h_q, beats_q) are made
    // from the new weight
    reg  usage_hold;
    assign cmd_ready = (!rt_valid | rt_fire) & !wr_access & !usage_hold;
    wire cmd_fire    = cmd_valid & cmd_ready;
    wire apb_access  = psel & penable & pready;
    wire usage_wr    = apb_access & pwrite & paddr == `VMXR_PEND_WEIGHT_ADDR;
    always @(posedge clk) usage_hold <= rst_n & usage_wr;
    // cfg_new[n]: a write completed, or reset was applied, n + 1 edges ago
    reg  [2:0] cfg_new;
    always @(posedge clk) cfg_new <= {cfg_new[1:0], !rst_n | (apb_access & pwrite)};
    assign idle      = !rt_valid & !ex_busy & !dq_valid;
    assign dec_valid = dq_valid;

    // ---- RT register: the command taken at the handshake ----------------------------------
    reg [2:0]  rt_cpu;
    reg [1:0]  rt_op;
    reg [6:0]  rt_reason;
    reg [31:0] rt_qual;
    reg [2:0]  rt_itype;
    reg [7:0]  rt_vector;
    reg [31:0] rt_errcode;
    reg [4:0]  rt_vm;
    reg [16:0] rt_last;   // the access's last port, port + size - 1 (bit 16: past 0xFFFF)
    // the memory and key entries the command hits, PMASK aside (steps 5a and
    // 5b), compared at the handshake (vmxr_mem, vmxr_key)
    reg [NMEM-1:0] rt_mem_hits;
    reg [NKEY-1:0] rt_key_hits;
    wire [NMEM-1:0] mem_hits;
    wire [NKEY-1:0] key_hits;
    wire [3:0] key_kind = {cmd_reason == 7'd32, cmd_reason == 7'd31, cmd_reason == 7'd18, cmd_reason == 7'd10};
    vmxr_mem #(.NMEM(NMEM)) u_mem (
        .en(cmd_valid && cmd_reason == 7'd48), .acc(cmd_qual[2:0]), .gpa(cmd_gpa[63:12]),
        .cfg_mem_base(cfg_mem_base), .cfg_mem_limit(cfg_mem_limit), .cfg_mem_ctrl(cfg_mem_ctrl), .mem_hits(mem_hits)
    );
    vmxr_key #(.NKEY(NKEY)) u_key (
        .kind(cmd_valid ? key_kind : 4'd0), .key(cmd_qual),
        .cfg_key_base(cfg_key_base), .cfg_key_limit(cfg_key_limit), .cfg_key_ctrl(cfg_key_ctrl), .key_hits(key_hits)
    );
    always @(posedge clk) begin
        if (!rst_n) rt_valid <= 1'b0;
        else if (cmd_fire) rt_valid <= 1'b1;
        else if (rt_fire) rt_valid <= 1'b0;
        if (cmd_fire) begin
            rt_cpu <= cmd_cpu; rt_op <= cmd_op; rt_reason <= cmd_reason; rt_qual <= cmd_qual;
            rt_itype <= cmd_itype; rt_vector <= cmd_vector; rt_errcode <= cmd_errcode; rt_vm <= cmd_vm;
            rt_last <= {1'b0, cmd_qual[31:16]} + {14'd0, cmd_qual[2:0]};
            rt_mem_hits <= mem_hits; rt_key_hits <= key_hits;
        end
    end

    // ---- RT ----------------------------------------------------------------------------
    wire [3:0]  rt_err;
    wire [2:0]  rt_k;
    wire [67:0] rt_route;
    vmxr_rt #(.NCPU(NCPU), .NIOR(NIOR), .NMEM(NMEM), .NKEY(NKEY)) u_rt (
        .cmd_cpu(rt_cpu), .cmd_op(rt_op), .cmd_reason(rt_reason), .cmd_port(rt_qual[31:16]),
        .cmd_qual_lo(rt_qual[3:0]), .cmd_last(rt_last), .cmd_itype(rt_itype), .cmd_vector(rt_vector), .cmd_errcode(rt_errcode),
        .cfg_ipi_range(cfg_ipi_range), .cfg_plat(cfg_plat), .cfg_pfec_mask(cfg_pfec_mask),
        .cfg_pfec_match(cfg_pfec_match), .cfg_exc(cfg_exc), .cfg_type(cfg_type),
        .cfg_ior_range(cfg_ior_range), .cfg_ior_ctrl(cfg_ior_ctrl),
        .mem_hits(rt_mem_hits), .key_hits(rt_key_hits), .cfg_mem_ctrl(cfg_mem_ctrl), .cfg_key_ctrl(cfg_key_ctrl),
        .rt_err(rt_err), .rt_k(rt_k), .rt_route(rt_route)
    );

    // ---- EX / DQ --------------------------------------------------------------------------
    wire [19:0] cfg_type_smi, cfg_type_nmi;
    genvar gp;
    generate
        for (gp = 0; gp < 4; gp = gp + 1) begin : ginj
            assign cfg_type_smi[gp*5 +: 5] = cfg_type[(gp*65 + 6)*5 +: 5];
            assign cfg_type_nmi[gp*5 +: 5] = cfg_type[(gp*65 + 0)*5 +: 5];
        end
    endgenerate
    wire [NCPU*32-1:0] cpu_state_words;
    wire [255:0]       usage_words, delivered_words;
    wire [31:0]        cmd_count, err_count;
    wire               ex_err_set;
    wire [3:0]         ex_err_code;
    vmxr_ex #(.NCPU(NCPU), .NVM(NVM), .DEPTH(DEPTH)) u_ex (
        .clk(clk), .rst_n(rst_n),
        .rt_fire(rt_fire), .rt_cpu(rt_cpu), .rt_op(rt_op), .rt_reason(rt_reason),
        .rt_qual(rt_qual), .rt_vm(rt_vm), .rt_err(rt_err), .rt_k(rt_k), .rt_route(rt_route),
        .ex_fire_cmd(ex_fire_cmd), .ex_fire_inj(ex_fire_inj), .dec_ready(dec_ready),
        .cfg_vmm_en(cfg_vmm_en), .cfg_pend_weight(cfg_pend_weight), .cfg_plat(cfg_plat),
        .cfg_owner(cfg_owner), .cfg_vm_prof(cfg_vm_prof), .cfg_vmm_prof(cfg_vmm_prof),
        .cfg_group(cfg_group), .cfg_sw_usage(cfg_sw_usage),
        .cfg_type_smi(cfg_type_smi), .cfg_type_nmi(cfg_type_nmi), .cfg_new(cfg_new),
        .ex_valid(ex_valid), .inj_busy(inj_busy), .dq_valid(dq_valid),
        .dq_cpu(dec_cpu), .dq_op(dec_op), .dq_outcome(dec_outcome), .dq_err(dec_err),
        .dq_from(dec_from), .dq_to(dec_to), .dq_rule(dec_rule), .dq_idx(dec_idx),
        .dq_reason(dec_reason), .dq_qual(dec_qual),
        .cpu_state_words(cpu_state_words), .usage_words(usage_words), .delivered_words(delivered_words),
        .cmd_count(cmd_count), .err_count(err_count), .ex_err_set(ex_err_set), .ex_err_code(ex_err_code)
    );

    // ---- registers -------------------------------------------------------------------------
    vmxr_regs #(.NCPU(NCPU), .NVM(NVM), .NIOR(NIOR), .NMEM(NMEM), .NKEY(NKEY), .DEPTH(DEPTH)) u_regs (
        .clk(clk), .rst_n(rst_n),
        .strap_smi_en(strap_smi_en), .strap_smi_vmm(strap_smi_vmm), .strap_smi_lock(strap_smi_lock),
        .apb_sel(psel), .apb_access(apb_access), .pwrite(pwrite), .paddr(paddr), .pwdata(pwdata), .pauser(pauser),
        .prdata(prdata), .pslverr(pslverr),
        .ex_err_set(ex_err_set), .ex_err_code(ex_err_code),
        .cpu_state_words(cpu_state_words), .usage_words(usage_words), .delivered_words(delivered_words),
        .cmd_count(cmd_count), .err_count(err_count),
        .cfg_vmm_en(cfg_vmm_en), .cfg_pend_weight(cfg_pend_weight), .cfg_ipi_range(cfg_ipi_range),
        .cfg_plat(cfg_plat), .cfg_owner(cfg_owner), .cfg_vm_prof(cfg_vm_prof), .cfg_vmm_prof(cfg_vmm_prof),
        .cfg_group(cfg_group), .cfg_sw_usage(cfg_sw_usage), .cfg_pfec_mask(cfg_pfec_mask),
        .cfg_pfec_match(cfg_pfec_match), .cfg_exc(cfg_exc), .cfg_type(cfg_type),
        .cfg_ior_range(cfg_ior_range), .cfg_ior_ctrl(cfg_ior_ctrl),
        .cfg_mem_base(cfg_mem_base), .cfg_mem_limit(cfg_mem_limit), .cfg_mem_ctrl(cfg_mem_ctrl),
        .cfg_key_base(cfg_key_base), .cfg_key_limit(cfg_key_limit), .cfg_key_ctrl(cfg_key_ctrl)
    );
endmodule

`default_nettype wire
