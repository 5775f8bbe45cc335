// Formal harness of the register file (vmxr_regs) for P1 (the PLAT locks), P2
// (GLOBAL.LOCK, the IOR, MEM and KEY entry locks), P3 (writes by a parallel
// VMM) and P6 (VMM_EN against a locked platform route); docs/formal.md.
//
// Every input of the register file is a free input here, any value in any
// cycle (APB accesses, command errors, the live state it reads back); the
// assumptions are a reset in the first cycle and the part of the APB
// protocol the register file relies on since it decodes the address in the
// setup phase: the cycle before an access is a cycle of the same transfer
// (its setup phase or a waiting access phase) with the same address, out
// of reset (reset ends a transfer). The checkers read the
// register file's interface: its APB answer and the configuration buses it
// drives into the unit (cfg_*), this cycle and the previous one.
//
// "No bit of the configuration changes" is checked on one bit chosen by the
// solver: f_sel is a free input held constant from the first cycle, so a
// proof holds for every bit and a counterexample names the bit it broke.
//
// RTL: vmxr_regs.v
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_regs #(
    parameter int NCPU  = `VMXR_DEFAULT_NCPU,
    parameter int NVM   = `VMXR_DEFAULT_NVM,
    parameter int NIOR  = `VMXR_DEFAULT_NIOR,
    parameter int NMEM  = `VMXR_DEFAULT_NMEM,
    parameter int NKEY  = `VMXR_DEFAULT_NKEY,
    parameter int DEPTH = `VMXR_DEFAULT_DEPTH,
    // the configuration as one bus: the G registers, PLAT, IOR_CTRL, IOR_RANGE, SW_USAGE,
    // MEM_BASE, MEM_LIMIT, MEM_CTRL, KEY_BASE, KEY_LIMIT, KEY_CTRL
    parameter int GW    = 8 + 8 + 16 + NVM*3 + NVM*2 + 16 + 32 + 4*32 + 4*32 + 16*32 + 4*65*5,
    parameter int AW    = GW + 128 + NIOR*64 + 128 + NMEM*96 + NKEY*96,
    parameter int SW    = $clog2(AW)
) (
    input  wire               clk,
    input  wire               rst_n,
    input  wire               strap_smi_en,
    input  wire [2:0]         strap_smi_vmm,
    input  wire               strap_smi_lock,
    input  wire               apb_sel,      // psel
    input  wire               apb_access,   // psel & penable & pready
    input  wire               pwrite,
    input  wire [11:0]        paddr,
    input  wire [31:0]        pwdata,
    input  wire [2:0]         pauser,
    input  wire               ex_err_set,
    input  wire [3:0]         ex_err_code,
    input  wire [NCPU*32-1:0] cpu_state_words,
    input  wire [8*32-1:0]    usage_words,
    input  wire [8*32-1:0]    delivered_words,
    input  wire [31:0]        cmd_count,
    input  wire [31:0]        err_count,
    input  wire [SW-1:0]      f_sel     // the configuration bit watched (held constant)
);
    wire [31:0]        prdata;
    wire               pslverr;
    wire [7:0]         cfg_vmm_en, cfg_pend_weight;
    wire [15:0]        cfg_ipi_range;
    wire [4*32-1:0]    cfg_plat, cfg_pfec_mask, cfg_pfec_match;
    wire [NVM*3-1:0]   cfg_owner;
    wire [NVM*2-1:0]   cfg_vm_prof;
    wire [15:0]        cfg_vmm_prof;
    wire [31:0]        cfg_group;
    wire [127:0]       cfg_sw_usage;
    wire [16*32-1:0]   cfg_exc;
    wire [4*65*5-1:0]  cfg_type;
    wire [NIOR*32-1:0] cfg_ior_range, cfg_ior_ctrl;
    wire [NMEM*32-1:0] cfg_mem_base, cfg_mem_limit, cfg_mem_ctrl;
    wire [NKEY*32-1:0] cfg_key_base, cfg_key_limit, cfg_key_ctrl;
    wire               fv_global_lock;   // GLOBAL.LOCK

    // every port by name: the harness's inputs and the wires above
    vmxr_regs #(.NCPU(NCPU), .NVM(NVM), .NIOR(NIOR), .NMEM(NMEM), .NKEY(NKEY), .DEPTH(DEPTH)) dut (.*);

`ifdef FORMAL
    // ---- the environment: one reset, in the first cycle; f_sel held --------------
    localparam int PLAT0 = GW, CTRL0 = GW + 128, RANGE0 = CTRL0 + NIOR*32, USAGE0 = RANGE0 + NIOR*32;
    localparam int MBASE0 = USAGE0 + 128, MLIM0 = MBASE0 + NMEM*32, MCTRL0 = MLIM0 + NMEM*32;
    localparam int KBASE0 = MCTRL0 + NMEM*32, KLIM0 = KBASE0 + NKEY*32, KCTRL0 = KLIM0 + NKEY*32;
    localparam int IW    = NIOR > 1 ? $clog2(NIOR) : 1;   // an IOR entry's index
    localparam int MW    = NMEM > 1 ? $clog2(NMEM) : 1;   // a MEM entry's index
    localparam int KW    = NKEY > 1 ? $clog2(NKEY) : 1;   // a KEY entry's index
    localparam logic [SW:0] S_PLAT = PLAT0[SW:0], S_CTRL = CTRL0[SW:0], S_RANGE = RANGE0[SW:0],
                            S_USAGE = USAGE0[SW:0], S_MBASE = MBASE0[SW:0], S_MLIM = MLIM0[SW:0],
                            S_MCTRL = MCTRL0[SW:0], S_KBASE = KBASE0[SW:0], S_KLIM = KLIM0[SW:0],
                            S_KCTRL = KCTRL0[SW:0], S_END = AW[SW:0];
    reg [1:0]    f_cyc = 2'd0;   // 0 the reset cycle, 1 the first after it, 2 any later one
    reg [SW-1:0] p_sel;
    reg          p_apbsel = 1'b0;   // the previous cycle's psel and paddr
    reg [11:0]   p_addr;
    always @(posedge clk) begin
        if (f_cyc != 2'd2) f_cyc <= f_cyc + 2'd1;
        p_sel     <= f_sel;
        p_apbsel  <= apb_sel;
        p_addr    <= paddr;
    end
    wire f_run = f_cyc != 2'd0;   // out of reset
    wire f_pv  = f_cyc == 2'd2;   // out of reset, and so was the previous cycle (p_* below)
    always @* begin
        assume (rst_n == f_run);
        assume ({1'b0, f_sel} < S_END);
        if (f_run) assume (f_sel == p_sel);
        if (apb_access) assume (apb_sel && f_pv && p_apbsel && paddr == p_addr);
    end

    // ---- the configuration bus and the watched bit -----------------------------------
    wire [AW-1:0] cfg_all = {cfg_key_ctrl, cfg_key_limit, cfg_key_base, cfg_mem_ctrl, cfg_mem_limit, cfg_mem_base,
                             cfg_sw_usage, cfg_ior_range, cfg_ior_ctrl, cfg_plat,
                             cfg_vmm_en, cfg_pend_weight, cfg_ipi_range, cfg_owner, cfg_vm_prof,
                             cfg_vmm_prof, cfg_group, cfg_pfec_mask, cfg_pfec_match, cfg_exc, cfg_type};
    wire          bit_now = cfg_all[f_sel];
    wire [SW:0]   sel     = {1'b0, f_sel};
    wire          in_g    = sel < S_PLAT;
    wire          in_plat = sel >= S_PLAT && sel < S_CTRL;
    wire          in_ior  = sel >= S_CTRL && sel < S_USAGE;
    wire          in_use  = sel >= S_USAGE && sel < S_MBASE;
    wire          in_mem  = sel >= S_MBASE && sel < S_KBASE;
    wire          in_key  = sel >= S_KBASE;
    // where the bit is: in PLAT[plat_k], in I/O entry ior_i, bit use_b of
    // SW_USAGE[use_v], in memory entry mem_j, in key entry key_i
    /* verilator lint_off UNUSEDSIGNAL */
    wire [SW:0]   sel_plat = sel - S_PLAT;
    wire [SW:0]   sel_ior  = sel - (sel >= S_RANGE ? S_RANGE : S_CTRL);
    wire [SW:0]   sel_use  = sel - S_USAGE;
    wire [SW:0]   sel_mem  = sel - (sel >= S_MCTRL ? S_MCTRL : sel >= S_MLIM ? S_MLIM : S_MBASE);
    wire [SW:0]   sel_key  = sel - (sel >= S_KCTRL ? S_KCTRL : sel >= S_KLIM ? S_KLIM : S_KBASE);
    /* verilator lint_on UNUSEDSIGNAL */
    wire [1:0]    plat_k = sel_plat[6:5];
    wire [IW-1:0] ior_i  = sel_ior[5 +: IW];
    wire [MW-1:0] mem_j  = sel_mem[5 +: MW];
    wire [KW-1:0] key_i  = sel_key[5 +: KW];
    wire [2:0]    use_v  = sel_use[6:4];
    wire [4:0]    use_b  = {1'b0, sel_use[3:0]};

    // ---- the previous cycle --------------------------------------------------------------
    reg            p_strap_en, p_strap_lock;
    reg [2:0]      p_strap_vmm;
    reg            p_bit;
    reg [127:0]    p_plat;
    reg [3:0]      p_plat_lock;
    reg [NIOR-1:0] p_ior_lock;
    reg [NMEM-1:0] p_mem_lock;
    reg [NKEY-1:0] p_key_lock;
    reg [7:0]      p_vmm_en;
    reg            p_access, p_pwrite;
    reg [11:0]     p_paddr;
    reg [31:0]     p_pwdata;
    reg [2:0]      p_pauser;
    integer i;
    always @(posedge clk) begin
        p_strap_en <= strap_smi_en; p_strap_vmm <= strap_smi_vmm; p_strap_lock <= strap_smi_lock;
        p_bit <= bit_now; p_plat <= cfg_plat; p_vmm_en <= cfg_vmm_en;
        for (i = 0; i < 4; i = i + 1) p_plat_lock[i] <= cfg_plat[i*32 + `VMXR_PLAT_LOCK_LSB];
        for (i = 0; i < NIOR; i = i + 1) p_ior_lock[i] <= cfg_ior_ctrl[i*32 + `VMXR_IOR_CTRL_LOCK_LSB];
        for (i = 0; i < NMEM; i = i + 1) p_mem_lock[i] <= cfg_mem_ctrl[i*32 + `VMXR_MEM_CTRL_LOCK_LSB];
        for (i = 0; i < NKEY; i = i + 1) p_key_lock[i] <= cfg_key_ctrl[i*32 + `VMXR_KEY_CTRL_LOCK_LSB];
        p_access <= apb_access; p_pwrite <= pwrite; p_paddr <= paddr; p_pwdata <= pwdata; p_pauser <= pauser;
    end

    // GLOBAL.LOCK: the previous cycle's; a write of GLOBAL with bit 0 set
    // was accepted in the previous cycle
    reg p_glock, p_lock_write;
    always @(posedge clk) begin
        p_glock <= fv_global_lock;
        p_lock_write <= apb_access && pwrite && !pslverr && paddr == `VMXR_GLOBAL_ADDR && pwdata[0];
    end

    // the watched bit did not change from the previous cycle
    wire kept = bit_now == p_bit;

    fv_p1_plat_lock u_p1 (
        .f_first(f_cyc == 2'd1), .f_pv(f_pv),
        .p_strap_en(p_strap_en), .p_strap_vmm(p_strap_vmm), .p_strap_lock(p_strap_lock), .cfg_plat(cfg_plat),
        .in_plat(in_plat), .p_locked(p_plat_lock[plat_k]), .kept(kept)
    );
    fv_p2_locks u_p2 (
        .f_run(f_run), .f_pv(f_pv), .glock(fv_global_lock), .p_glock(p_glock), .p_lock_write(p_lock_write),
        .apb_access(apb_access), .pwrite(pwrite), .paddr(paddr), .prdata(prdata),
        .in_g(in_g), .in_ior(in_ior), .p_ior_locked(p_ior_lock[ior_i]),
        .in_mem(in_mem), .p_mem_locked(p_mem_lock[mem_j]), .in_key(in_key), .p_key_locked(p_key_lock[key_i]),
        .kept(kept)
    );
    fv_p3_access u_p3 (
        .f_run(f_run), .f_pv(f_pv),
        .apb_access(apb_access), .pwrite(pwrite), .paddr(paddr), .pauser(pauser), .pslverr(pslverr),
        .p_access(p_access), .p_pwrite(p_pwrite), .p_paddr(p_paddr), .p_pauser(p_pauser),
        .in_own(in_use && use_v == p_pauser), .written(p_pwdata[use_b]), .bit_now(bit_now), .kept(kept)
    );
    fv_p6_vmm_en u_p6 (.f_pv(f_pv), .p_plat(p_plat), .p_vmm_en(p_vmm_en), .cfg_vmm_en(cfg_vmm_en));
`endif
endmodule

`default_nettype wire
