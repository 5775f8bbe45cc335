// VMXR-2 EX stage (execute) and DQ (decision register). EX holds the
// command routed by RT (ex_*), owns every piece of per-CPU state (cur, the
// context stacks, pend), pending_count and the counters, and executes one
// command or one injection per cycle into DQ. Mirrors ex_command(),
// ex_inject() and vmxr_command_exec()/vmxr_event_exec() of the C model.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_ex #(
    parameter int NCPU  = 4,
    parameter int NVM   = 16,
    parameter int DEPTH = 4
) (
    input  wire               clk,
    input  wire               rst_n,
    // RT -> EX capture: the command in the RT register and its route
    input  wire               rt_fire,
    input  wire [2:0]         rt_cpu,
    input  wire [1:0]         rt_op,
    input  wire [6:0]         rt_reason,
    input  wire [31:0]        rt_qual,
    input  wire [4:0]         rt_vm,
    input  wire [3:0]         rt_err,
    input  wire [2:0]         rt_k,
    input  wire [4*17-1:0]    rt_route,     // per profile: vmxr_rt's route word
    // control from top
    input  wire               ex_fire_cmd,
    input  wire               ex_fire_inj,
    input  wire               dec_ready,
    // configuration
    input  wire [7:0]         cfg_vmm_en,
    input  wire [7:0]         cfg_pend_weight,
    input  wire [4*32-1:0]    cfg_plat,
    input  wire [NVM*3-1:0]   cfg_owner,
    input  wire [NVM*2-1:0]   cfg_vm_prof,
    input  wire [8*2-1:0]     cfg_vmm_prof,
    input  wire [4*8-1:0]     cfg_group,
    input  wire [8*16-1:0]    cfg_sw_usage,
    input  wire [4*5-1:0]     cfg_type_smi,   // TYPE[p][6] {MODE, VMM} for p = 0..3
    input  wire [4*5-1:0]     cfg_type_nmi,   // TYPE[p][0]
    // bit n: a write completed, or reset was applied, n + 1 edges ago (the
    // registers below that are derived from the configuration reload only then)
    input  wire [2:0]         cfg_new,
    // stage state for control
    output reg                ex_valid,
    output reg                inj_busy,
    output reg                dq_valid,
    // DQ
    output reg  [2:0]         dq_cpu,
    output reg  [1:0]         dq_op,
    output reg  [2:0]         dq_outcome,
    output reg  [3:0]         dq_err,
    output reg  [4:0]         dq_from,
    output reg  [4:0]         dq_to,
    output reg  [3:0]         dq_rule,
    output reg  [6:0]         dq_idx,
    output reg  [6:0]         dq_reason,
    output reg  [31:0]        dq_qual,
    // state for register reads and ERR
    output reg  [NCPU*32-1:0] cpu_state_words,
    output reg  [8*32-1:0]    usage_words,
    output reg  [8*32-1:0]    delivered_words,
    output reg  [31:0]        cmd_count,
    output reg  [31:0]        err_count,
    output wire               ex_err_set,
    output wire [3:0]         ex_err_code
);
    localparam int NSTK = NCPU * DEPTH;
    localparam logic [2:0] DEPTH3 = DEPTH[2:0];
    localparam logic [4:0] NVM5   = NVM[4:0];
    localparam logic [31:0] PW_RESET32 = `VMXR_PEND_WEIGHT_RESET;
    localparam logic [31:0] SW_RESET32 = `VMXR_SW_USAGE_RESET;
    localparam logic [7:0]  PW_RESET   = PW_RESET32[7:0];
    localparam logic [15:0] SW_RESET   = SW_RESET32[15:0];

    // ---- EX register -----------------------------------------------------------
    reg [2:0]  ex_cpu;
    reg [1:0]  ex_op;
    reg [6:0]  ex_reason;
    reg [31:0] ex_qual;
    reg [4:0]  ex_vm;
    reg [3:0]  ex_err;
    reg [2:0]  ex_k;
    reg [4*17-1:0] ex_route;
    reg [1:0]  inj_cpu;

    // ---- architectural state -------------------------------------------------------
    // packed arrays: CPU c at [c*W +: W], stack entry d of CPU c at [(c*DEPTH+d)*W +: W]
    reg [NCPU*5-1:0] cur;
    reg [NCPU*3-1:0] depth;
    reg [NCPU*2-1:0] pend;
    reg [NSTK*5-1:0] stk_ctx;
    reg [NSTK*3-1:0] stk_to;
    reg [NSTK*2-1:0] stk_blk;
    reg [8*8-1:0]    pending_count;
    reg [8*32-1:0]   delivered;

    // ---- derived: per-CPU attributes of the running context, usage per VMM -----------------
    reg [NCPU*2-1:0] blocked;
    // blk_q and prof_q: blocked and the running context's profile per CPU,
    // registered. Both are reloaded from cur, the stacks and the
    // configuration in the cycle after a write or reset (cfg_new[0]; nothing
    // else but EX changes them), and the CPU that EX updates takes the values
    // of its new state. A write completes only with RT and EX empty, and the
    // command after it spends a cycle in the RT register and one in RT, so EX
    // never reads a stale profile.
    reg [NCPU*2-1:0] blk_q, prof_q;
    // th_q, fbh_q: likewise the home target of the running context (the
    // running VMM, or the OWNER of the running VM) and whether it is offline
    reg [NCPU*3-1:0] th_q;
    reg [NCPU-1:0]   fbh_q;
    // soh_q: the running VMM one-hot (zero in a VM)
    reg [NCPU*8-1:0] soh_q;
    integer c, d, v, j;
    function automatic [1:0] prof_of(input [4:0] ctx, input [NVM*2-1:0] vm_prof, input [8*2-1:0] vmm_prof);
        prof_of = ctx[4] ? vmm_prof[ctx[2:0]*2 +: 2] : vm_prof[ctx[3:0]*2 +: 2];
    endfunction
    function automatic [7:0] soh_of(input [4:0] ctx);
        soh_of = 8'd0;
        soh_of[ctx[2:0]] = ctx[4:3] == 2'b10;
    endfunction
    function automatic [2:0] home_of(input [4:0] ctx, input [NVM*3-1:0] owner);
        home_of = ctx[4] ? ctx[2:0] : owner[ctx[3:0]*3 +: 3];
    endfunction
    function automatic [15:0] usage_of(input [7:0] pc, input [7:0] w, input [15:0] sw);
        reg [16:0] sum;
        sum = {1'b0, {8'd0, pc} * {8'd0, w}} + {1'b0, sw};
        usage_of = sum[16] ? 16'hFFFF : sum[15:0];
    endfunction
    always @(*) begin
        for (c = 0; c < NCPU; c = c + 1) begin
            blocked[c*2 +: 2] = 2'b00;
            for (d = 0; d < DEPTH; d = d + 1)
                if (d[2:0] < depth[c*3 +: 3]) blocked[c*2 +: 2] = blocked[c*2 +: 2] | stk_blk[(c*DEPTH + d)*2 +: 2];
        end
    end
    // The GROUP compare starts from flip-flops: neither the usage arithmetic
    // nor the compare is on the EX loop. h_q holds, per VMM, the usage of
    // pending_count - 2 .. + 2 as they stood at the last edge; with the change
    // EX made at that edge (pc_inc_q / pc_dec_q: at most one VMM, by one) they
    // give the usage of the present pending_count (ex_usage) and of one more
    // and one less. For each pair of VMMs, the compare for every change the
    // operation of this cycle could make to one of the two (none, +1 or -1 to
    // either) is made, and the change it makes selects one into beats_q.
    // (docs/pipeline.md, "Forwarding path")
    // h_q[m], m = 0..4, as hm2_q .. hp2_q: usage(pending_count[v] + m - 2) at the last edge, VMM v at [v*16 +: 16]
    reg [8*16-1:0] hm2_q, hm1_q, h0_q, hp1_q, hp2_q;
    reg [7:0]      pc_inc_q, pc_dec_q;           // the change EX made to pending_count at that edge
    reg [8*16-1:0] ex_usage, up_usage, um_usage; // usage of pending_count, + 1 and - 1, from h_q through one select
    always @(*) begin
        for (v = 0; v < 8; v = v + 1) begin
            ex_usage[v*16 +: 16] = pc_inc_q[v] ? hp1_q[v*16 +: 16] : pc_dec_q[v] ? hm1_q[v*16 +: 16] : h0_q[v*16 +: 16];
            up_usage[v*16 +: 16] = pc_inc_q[v] ? hp2_q[v*16 +: 16] : pc_dec_q[v] ? h0_q[v*16 +: 16]  : hp1_q[v*16 +: 16];
            um_usage[v*16 +: 16] = pc_inc_q[v] ? h0_q[v*16 +: 16]  : pc_dec_q[v] ? hm2_q[v*16 +: 16] : hm1_q[v*16 +: 16];
        end
    end
    // usage(pending_count + m - 2), m = 0 .. 4, without a multiply on the
    // way: prod_q[v] = pending_count[v] * PEND_WEIGHT, kept with
    // pending_count (+/- PEND_WEIGHT when EX changes the count, a fresh
    // multiply otherwise, which also follows a PEND_WEIGHT write), and
    // h_q = min(0xFFFF, prod_q + SW_USAGE + (m - 2) * PEND_WEIGHT).
    // pending_count never exceeds the number of stack entries (NSTK), so the
    // multiply is PCW x 8 bits. (A hypothesis below zero is never selected.)
    localparam int PCW = $clog2(NSTK + 1);
    reg [8*16-1:0] prod_q;
    reg [8*16-1:0] usage;   // usage(v) of the present state (USAGE reads, waveforms)
    reg [5*19-1:0] ustep;   // (m - 2) * PEND_WEIGHT, signed
    always @(*) begin
        ustep[0*19 +: 19] = -{10'd0, cfg_pend_weight, 1'b0};
        ustep[1*19 +: 19] = -{11'd0, cfg_pend_weight};
        ustep[2*19 +: 19] = 19'd0;
        ustep[3*19 +: 19] = {11'd0, cfg_pend_weight};
        ustep[4*19 +: 19] = {10'd0, cfg_pend_weight, 1'b0};
    end
    function automatic [15:0] usage_at(input [15:0] prod, input [15:0] sw, input [18:0] step);
        reg [18:0] sum;
        sum = {3'd0, prod} + {3'd0, sw} + step;
        usage_at = sum[18] ? 16'd0 : sum[17:16] != 2'b00 ? 16'hFFFF : sum[15:0];
    endfunction
    // UV (the usage of the lower VMM v of a pair) beats UJ (of j): lower
    // usage, ties to v. A macro, not a function: a simulator then evaluates
    // only the compare that the change selects (below).
`define VMXR_LO_BEATS(UV, UJ) ((UV) <= (UJ))
    reg [63:0] beats;   // beats[v*8 + j]: v wins over j (lower usage, ties to the lower VMM)
    reg [63:0] beats_q; // beats[v*8 + j], v < j, registered
    always @(*) begin
        for (v = 0; v < 8; v = v + 1)
            for (j = 0; j < 8; j = j + 1)
                if (j == v)
                    beats[v*8 + j] = 1'b1;
                else if (j > v)
                    beats[v*8 + j] = beats_q[v*8 + j];
                else
                    beats[v*8 + j] = !beats[j*8 + v];
    end

    // ---- execute ---------------------------------------------------------------------
    // The operation of this cycle (injection first), its decision, and the state
    // update it asks for. Everything that does not depend on the running
    // context is computed for every profile and every route source (the
    // command's route, an SMI or an NMI injection) in parallel, and selected
    // late by the profile and the injection class.
    reg [2:0]  x_cpu;
    reg [1:0]  x_c;         // x_cpu within NCPU
    // x_c_q: x_c of the operation of this cycle, registered at the edge
    // before from the next values of inj_busy, inj_cpu and ex_cpu, so every
    // per-CPU select of EX starts from flip-flops
    reg [1:0]  x_c_q;
    reg [4:0]  s;           // running context
    reg [1:0]  prof;
    reg [2:0]  k;
    reg [3:0]  rule;
    reg [2:0]  t;
    reg [6:0]  idx;
    reg [2:0]  o_outcome;
    reg [3:0]  o_err;
    reg [4:0]  o_to;
    reg [3:0]  o_rule;
    reg [6:0]  o_idx;
    reg [1:0]  o_op;
    reg [6:0]  o_reason;
    reg [31:0] o_qual;
    reg        do_push, do_pop, set_cur;
    reg [4:0]  new_cur;
    reg [1:0]  new_prof;    // the profile of new_cur
    reg [2:0]  new_th;      // the home target of new_cur
    reg        new_fbh;     // ... offline
    reg [7:0]  new_soh;     // new_cur's VMM one-hot
    reg [1:0]  pend_set, pend_clr;
    reg [1:0]  push_blk;
    reg        popped;
    reg [2:0]  pop_to;
    reg [1:0]  blk_after;   // blocked after this operation
    reg        is_cmd;
    reg [2:0]  top;

    // per route source q (0..3 the command's route for profile q, 4..7 an SMI
    // injection's, 8..11 an NMI injection's): the route word of vmxr_rt,
    // {rule[3:0], arb, g[1:0], t[2:0], idx[6:0]} (arb: arbitrate group g), GROUP
    // candidates, fallback of a static target
    // (three groups of four profiles, each at most 64 bits wide)
    // (by class: _cmd the command's, _smi and _nmi an injection's)
    // (an injection's route, candidates and fallback depend on the
    // configuration alone: registered, reloaded in the cycle after a write
    // or reset; no injection runs in that cycle, as a write completes with
    // RT and EX empty)
    reg [4*17-1:0]  src_route_smi, src_route_nmi;
    reg [4*8-1:0]   src_cand_cmd, src_cand_smi, src_cand_nmi;
    reg [3:0]       src_fb_cmd, src_fb_smi, src_fb_nmi;
    function automatic [16:0] inj_route(input [2:0] kc, input [4:0] ty, input [4*32-1:0] plat);
        if (plat[kc[1:0]*32 + `VMXR_PLAT_EN_LSB])
            inj_route = {`VMXR_RULE_PLAT, 3'd0, plat[kc[1:0]*32 + `VMXR_PLAT_VMM_LSB +: 3], 4'd0, kc};
        else if (ty[4:3] == 2'd1)
            inj_route = {`VMXR_RULE_TYPE, 3'd0, ty[2:0], kc == `VMXR_PCLASS_SMI ? 7'd6 : 7'd0};
        else if (ty[4:3] == 2'd2)
            inj_route = {`VMXR_RULE_GROUP, 1'b1, ty[1:0], 3'd0, 5'd0, ty[1:0]};
        else
            inj_route = {`VMXR_RULE_HOME, 3'd0, 3'd0, 7'd0};
    endfunction
    // the GROUP candidates of group index g, the offline fallback of target tt
    function automatic [7:0] grp_cand(input [1:0] g, input [4*8-1:0] group, input [7:0] en);
        grp_cand = group[g*8 +: 8] & en;
    endfunction
    // an injection's GROUP candidates and static fallback (each reads one
    // field of the route)
    /* verilator lint_off UNUSEDSIGNAL */
    function automatic [7:0] inj_cand(input [2:0] kc, input [4:0] ty, input [4*32-1:0] plat, input [4*8-1:0] group,
                                      input [7:0] en);
        reg [16:0] r;
        r = inj_route(kc, ty, plat);
        inj_cand = grp_cand(r[11:10], group, en);
    endfunction
    function automatic inj_fb(input [2:0] kc, input [4:0] ty, input [4*32-1:0] plat, input [7:0] en);
        reg [16:0] r;
        r = inj_route(kc, ty, plat);
        inj_fb = fb_of(r[9:7], en);
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */
    // the GROUP winner among candidates c, one-hot (zero if none): the
    // candidate that beats every other candidate
    function automatic [7:0] win_of(input [7:0] cs, input [63:0] bt);
        integer wv;
        for (wv = 0; wv < 8; wv = wv + 1)
            win_of[wv] = cs[wv] && &(~cs | bt[wv*8 +: 8]);
    endfunction
    // whether the target of route r is the running VMM (LOCAL), given the
    // route's GROUP winner w and "any candidate" an, its static fallback fbs,
    // the running VMM one-hot soh (rt: the route's rule, arb and target) and
    // whether a HOME target is LOCAL (hloc)
    /* verilator lint_off UNUSEDSIGNAL */
    function automatic loc_of(input [16:7] rt, input [7:0] w, input an, input fbs, input [7:0] soh, input hloc);
        if (rt[12] && an) loc_of = |(w & soh);
        else if (rt[16:13] == `VMXR_RULE_HOME || rt[12]) loc_of = hloc;
        else loc_of = fbs ? soh[0] : soh[rt[9:7]];
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */
    function automatic fb_of(input [2:0] tt, input [7:0] en);
        fb_of = tt != 3'd0 && !en[tt];
    endfunction
    // route[11:10] (the group) is read through the candidates (src_cand_*)
    /* verilator lint_off UNUSEDSIGNAL */
    reg [16:0]      route;
    /* verilator lint_on UNUSEDSIGNAL */
    reg             hloc;    // a HOME target is the running VMM (LOCAL)
    // one branch of the source select: source Q is profile P of the route,
    // candidate and fallback arrays R, C, F
`define VMXR_EX_SRC(Q, R, C, F, P) \
            Q: begin route = R[P*17 +: 17]; cand = C[P*8 +: 8]; win = win_of(C[P*8 +: 8], beats); \
                     any_cand = |C[P*8 +: 8]; fb_static = F[P]; \
                     is_local = loc_of(R[P*17 + 7 +: 10], win_of(C[P*8 +: 8], beats), |C[P*8 +: 8], F[P], s_oh, hloc); end
    /* verilator lint_off UNUSEDSIGNAL */
    reg [7:0]       cand;    // the selected source's GROUP candidates: waveforms only (vmxr wave)
    /* verilator lint_on UNUSEDSIGNAL */
    // the GROUP winner and "any candidate" of every route source, made in
    // parallel from flip-flops and selected late, like the routes
    reg             fb_static;
    reg [3:0]       sel;     // the route source of this operation
    reg [7:0]       win;     // the GROUP winner, one-hot (zero if no candidate)
    reg [2:0]       t_grp, t_home, t_st;   // t_st: the target if not GROUP
    reg             any_cand, is_grp, is_home, fb_home, fb;
    reg             is_local;// the target is the running VMM (LOCAL)
    reg [7:0]       t_oh;    // the target, one-hot (the counters' enables)
    reg [7:0]       s_oh;    // the running VMM, one-hot (zero in a VM)
    reg             dlv_pre; // a delivery unless the target is LOCAL
    reg             evt_go, ovf_pre, err_pre, o_err_nz;
    integer rj;
    always @(posedge clk) begin
        if (cfg_new[0]) for (rj = 0; rj < 4; rj = rj + 1) begin
            src_route_smi[rj*17 +: 17] <= inj_route(`VMXR_PCLASS_SMI, cfg_type_smi[rj*5 +: 5], cfg_plat);
            src_route_nmi[rj*17 +: 17] <= inj_route(`VMXR_PCLASS_NMI, cfg_type_nmi[rj*5 +: 5], cfg_plat);
            src_cand_smi[rj*8 +: 8] <= inj_cand(`VMXR_PCLASS_SMI, cfg_type_smi[rj*5 +: 5], cfg_plat, cfg_group, cfg_vmm_en);
            src_cand_nmi[rj*8 +: 8] <= inj_cand(`VMXR_PCLASS_NMI, cfg_type_nmi[rj*5 +: 5], cfg_plat, cfg_group, cfg_vmm_en);
            src_fb_smi[rj] <= inj_fb(`VMXR_PCLASS_SMI, cfg_type_smi[rj*5 +: 5], cfg_plat, cfg_vmm_en);
            src_fb_nmi[rj] <= inj_fb(`VMXR_PCLASS_NMI, cfg_type_nmi[rj*5 +: 5], cfg_plat, cfg_vmm_en);
        end
    end
    always @(*) begin
        for (j = 0; j < 4; j = j + 1) begin
            src_cand_cmd[j*8 +: 8] = grp_cand(ex_route[j*17 + 10 +: 2], cfg_group, cfg_vmm_en);
            src_fb_cmd[j] = fb_of(ex_route[j*17 + 7 +: 3], cfg_vmm_en);
        end
    end

    always @(*) begin
        is_cmd   = !inj_busy;
        x_cpu    = inj_busy ? {1'b0, inj_cpu} : ex_cpu;
        x_c      = x_c_q;
        s        = cur[x_c*5 +: 5];
        prof     = prof_q[x_c*2 +: 2];
        top      = depth[x_c*3 +: 3] - 3'd1;
        do_push  = 1'b0; do_pop = 1'b0; set_cur = 1'b0; new_cur = s; new_prof = prof;
        new_th   = th_q[x_c*3 +: 3]; new_fbh = fbh_q[x_c*1 +: 1]; new_soh = soh_q[x_c*8 +: 8];
        pend_set = 2'b00; pend_clr = 2'b00; push_blk = 2'b00; popped = 1'b0;
        pop_to   = stk_to[(x_c*DEPTH + {29'd0, top})*3 +: 3];
        o_outcome = `VMXR_OUTCOME_ERROR; o_err = 4'd0; o_to = s; o_rule = `VMXR_RULE_NONE; o_idx = 7'd0;
        o_op     = inj_busy ? `VMXR_OP_INJECT : (ex_op == `VMXR_OP_INJECT ? `VMXR_OP_EVENT : ex_op);
        o_reason = 7'd0; o_qual = 32'd0;

        // injection: SMI before NMI as the state stands now
        if (inj_busy) begin
            k        = (pend[x_c*2] && !blk_q[x_c*2]) ? `VMXR_PCLASS_SMI : `VMXR_PCLASS_NMI;
            o_reason = k == `VMXR_PCLASS_SMI ? 7'd6 : 7'd0;
            pend_clr = k == `VMXR_PCLASS_SMI ? 2'b01 : 2'b10;
            sel      = {k == `VMXR_PCLASS_SMI ? 2'd1 : 2'd2, prof};
        end else begin
            k        = ex_k;
            sel      = {2'd0, prof};
            if (o_op == `VMXR_OP_EVENT) begin
                o_reason = ex_reason;
                o_qual   = ex_qual;
            end
        end
        // The route source of this operation: its route, GROUP winner and
        // LOCAL are made for each of the 12 sources in parallel (constant
        // indices) and selected by sel; a simulator evaluates the selected
        // branch only.
        s_oh     = soh_q[x_c*8 +: 8];
        hloc     = s[4] && !fbh_q[x_c*1 +: 1];
        case (sel)
            `VMXR_EX_SRC(4'd0, ex_route, src_cand_cmd, src_fb_cmd, 0)
            `VMXR_EX_SRC(4'd1, ex_route, src_cand_cmd, src_fb_cmd, 1)
            `VMXR_EX_SRC(4'd2, ex_route, src_cand_cmd, src_fb_cmd, 2)
            `VMXR_EX_SRC(4'd3, ex_route, src_cand_cmd, src_fb_cmd, 3)
            `VMXR_EX_SRC(4'd4, src_route_smi, src_cand_smi, src_fb_smi, 0)
            `VMXR_EX_SRC(4'd5, src_route_smi, src_cand_smi, src_fb_smi, 1)
            `VMXR_EX_SRC(4'd6, src_route_smi, src_cand_smi, src_fb_smi, 2)
            `VMXR_EX_SRC(4'd7, src_route_smi, src_cand_smi, src_fb_smi, 3)
            `VMXR_EX_SRC(4'd8, src_route_nmi, src_cand_nmi, src_fb_nmi, 0)
            `VMXR_EX_SRC(4'd9, src_route_nmi, src_cand_nmi, src_fb_nmi, 1)
            `VMXR_EX_SRC(4'd10, src_route_nmi, src_cand_nmi, src_fb_nmi, 2)
            `VMXR_EX_SRC(4'd11, src_route_nmi, src_cand_nmi, src_fb_nmi, 3)
            default: begin route = 17'd0; cand = 8'd0; win = 8'd0; any_cand = 1'b0; fb_static = 1'b0;
                           is_local = 1'b0; end
        endcase

        t_grp    = 3'd0;
        for (v = 0; v < 8; v = v + 1)
            if (win[v]) t_grp = t_grp | v[2:0];
        t_home   = th_q[x_c*3 +: 3];
        fb_home  = fbh_q[x_c*1 +: 1];
        // route[12] (arb): GROUP, or a KEY entry with GRP; either arbitrates group route[11:10]
        is_grp   = route[12] && any_cand;
        is_home  = route[16:13] == `VMXR_RULE_HOME || (route[12] && !any_cand);
        // steps 5b-8: target, then the offline fallback (a GROUP winner is enabled)
        fb   = is_grp ? 1'b0 : is_home ? fb_home : fb_static;
        t    = is_home ? t_home : route[9:7];   // the target if not GROUP
        rule = is_home ? `VMXR_RULE_HOME : route[16:13];
        idx  = is_home ? {3'd0, s[3:0]} : route[6:0];
        if (fb) begin
            rule = `VMXR_RULE_FALLBACK;
            idx  = {4'd0, t};
            t    = 3'd0;
        end
        // LOCAL and the one-hot target (the counters' enables) for a GROUP
        // target and for any other, so neither waits for the encoded GROUP
        // winner: a GROUP target is LOCAL when the running VMM's bit of win is set
        t_st     = t;
        t_oh     = 8'd0;
        t_oh[t]  = 1'b1;
        if (is_grp) begin
            t        = t_grp;
            t_oh     = win;
        end
        // an EVENT or injection past step 2: a delivery unless LOCAL, or
        // (stack full, not SMI/NMI) a STACK_OVERFLOW error unless LOCAL
        evt_go   = (!is_cmd || (ex_err == 4'd0 && (ex_op == `VMXR_OP_EVENT || ex_op == `VMXR_OP_INJECT))) &&
                   !(k < 3'd2 && blk_q[x_c*2 + {31'd0, k[0]}]);
        dlv_pre  = evt_go && depth[x_c*3 +: 3] != DEPTH3;
        ovf_pre  = evt_go && depth[x_c*3 +: 3] == DEPTH3 && k >= 3'd2;
        err_pre  = 1'b0;

        if (is_cmd && ex_err != 4'd0) begin
            o_err = ex_err;
            err_pre = 1'b1;
            if (ex_err == `VMXR_ERRC_BAD_CPU) o_to = 5'd0;
        end else if (is_cmd && o_op == `VMXR_OP_LAUNCH) begin
            if (!s[4]) o_err = `VMXR_ERRC_NOT_IN_VMM;
            else if (ex_vm >= NVM5) o_err = `VMXR_ERRC_BAD_VM;
            else if (!(depth[x_c*3 +: 3] == 3'd0 || (depth[x_c*3 +: 3] == 3'd1 && !stk_ctx[(x_c*DEPTH)*5 + 4])))
                o_err = `VMXR_ERRC_BUSY;
            else if (s[3:0] != 4'd0 && {1'b0, s[3:0]} != {2'b00, cfg_owner[ex_vm[3:0]*3 +: 3]})
                o_err = `VMXR_ERRC_NOT_OWNER;
            else begin
                o_outcome = `VMXR_OUTCOME_LAUNCHED;
                popped    = depth[x_c*3 +: 3] == 3'd1;
                do_pop    = popped;
                set_cur   = 1'b1;
                new_cur   = {1'b0, ex_vm[3:0]};
                new_prof  = cfg_vm_prof[ex_vm[3:0]*2 +: 2];
                new_th    = cfg_owner[ex_vm[3:0]*3 +: 3];
                new_soh   = 8'd0;
                new_fbh   = fb_of(new_th, cfg_vmm_en);
                o_to      = new_cur;
            end
            err_pre = o_err != 4'd0;
        end else if (is_cmd && o_op == `VMXR_OP_RESUME) begin
            if (!s[4]) o_err = `VMXR_ERRC_NOT_IN_VMM;
            else if (depth[x_c*3 +: 3] == 3'd0) o_err = `VMXR_ERRC_EMPTY;
            else begin
                o_outcome = `VMXR_OUTCOME_RESUMED;
                popped    = 1'b1;
                do_pop    = 1'b1;
                set_cur   = 1'b1;
                new_cur   = stk_ctx[(x_c*DEPTH + {29'd0, top})*5 +: 5];
                new_prof  = prof_of(new_cur, cfg_vm_prof, cfg_vmm_prof);
                new_th    = home_of(new_cur, cfg_owner);
                new_soh   = soh_of(new_cur);
                new_fbh   = fb_of(new_th, cfg_vmm_en);
                o_to      = new_cur;
            end
            err_pre = o_err != 4'd0;
        end else begin
            // EVENT or injection: step 2, then the transition
            if (k < 3'd2 && blk_q[x_c*2 + {31'd0, k[0]}]) begin
                o_outcome = `VMXR_OUTCOME_PENDED;
                pend_set  = k[0] ? 2'b10 : 2'b01;
            end else if (is_local) begin
                o_outcome = `VMXR_OUTCOME_LOCAL;
                o_rule = rule; o_idx = idx;
            end else if (depth[x_c*3 +: 3] == DEPTH3) begin
                if (k < 3'd2) begin
                    o_outcome = `VMXR_OUTCOME_PENDED;
                    pend_set  = k[0] ? 2'b10 : 2'b01;
                end else begin
                    o_err = `VMXR_ERRC_STACK_OVERFLOW;
                end
            end else begin
                o_outcome = `VMXR_OUTCOME_DELIVER;
                o_rule = rule; o_idx = idx;
                do_push  = 1'b1;
                push_blk = k == `VMXR_PCLASS_SMI ? 2'b11 : k == `VMXR_PCLASS_NMI ? 2'b10 : 2'b00;
                set_cur  = 1'b1;
                new_cur  = {2'b10, t};
                new_th   = t;
                new_soh  = t_oh;
                new_fbh  = 1'b0;        // a target is enabled, or VMM 0
                new_prof = cfg_vmm_prof[t_st*2 +: 2];
                if (is_grp)
                    for (v = 0; v < 8; v = v + 1)
                        if (v == 0) new_prof = win[0] ? cfg_vmm_prof[1:0] : 2'b00;
                        else if (win[v]) new_prof = new_prof | cfg_vmm_prof[v*2 +: 2];
                o_to     = new_cur;
            end
        end
        if (o_err != 4'd0) o_outcome = `VMXR_OUTCOME_ERROR;
        o_err_nz = err_pre || (ovf_pre && !is_local);   // = o_err != 0, without waiting for its code

        // blocked flags once this operation is applied
        blk_after = 2'b00;
        for (d = 0; d < DEPTH; d = d + 1)
            if (d[2:0] < top) blk_after = blk_after | stk_blk[(x_c*DEPTH + d)*2 +: 2];
        blk_after = (do_pop ? blk_after : blk_q[x_c*2 +: 2]) | push_blk;
    end

    wire [1:0] pend_after = (pend[x_c*2 +: 2] | pend_set) & ~pend_clr;
    wire       fire = ex_fire_cmd || ex_fire_inj;
    // an injection is due after a pop, or an NMI after an SMI injection
    wire       inj_next = inj_busy ? (k == `VMXR_PCLASS_SMI && pend_after[1] && !blk_after[1])
                                   : (popped && (pend_after & ~blk_after) != 2'b00);
    assign ex_err_set  = ex_fire_cmd && o_err_nz;
    assign ex_err_code = o_err;
    // the per-VMM pending_count changes of this edge (decoded enables)
    wire       upd = fire && !(is_cmd && ex_err == `VMXR_ERRC_BAD_CPU);
    wire [7:0] pc_inc = {8{upd && dlv_pre}} & t_oh & ~s_oh;     // = upd && do_push && t_oh
    wire [7:0] pc_dec = {8{upd && do_pop}} & (8'd1 << pop_to);

    // ---- state update -------------------------------------------------------------------
    integer i;
    always @(posedge clk) begin
        if (!rst_n) begin
            ex_valid <= 1'b0; inj_busy <= 1'b0; dq_valid <= 1'b0; inj_cpu <= 2'd0;
            ex_cpu <= 3'd0; ex_op <= 2'd0; ex_reason <= 7'd0; ex_qual <= 32'd0; ex_vm <= 5'd0;
            ex_err <= 4'd0; ex_k <= 3'd0; ex_route <= 68'd0;
            dq_cpu <= 3'd0; dq_op <= 2'd0; dq_outcome <= 3'd0; dq_err <= 4'd0; dq_from <= 5'd0;
            dq_to <= 5'd0; dq_rule <= 4'd0; dq_idx <= 7'd0; dq_reason <= 7'd0; dq_qual <= 32'd0;
            cur <= {NCPU{5'h10}};
            depth <= '0;
            pend <= '0;
            stk_ctx <= '0;
            stk_to <= '0;
            stk_blk <= '0;
            pending_count <= '0;
            delivered <= '0;
            cmd_count <= 32'd0;
            err_count <= 32'd0;
            pc_inc_q <= 8'd0;
            pc_dec_q <= 8'd0;
            x_c_q <= 2'd0;
        end else begin
            x_c_q <= (fire ? inj_next : inj_busy) ? (ex_fire_cmd ? ex_cpu[1:0] : inj_cpu)
                                                 : (rt_fire ? rt_cpu[1:0] : ex_cpu[1:0]);
            pc_inc_q <= pc_inc;
            pc_dec_q <= pc_dec;
            if (fire) begin
                dq_valid   <= 1'b1;
                dq_cpu     <= x_cpu;
                dq_op      <= o_op;
                dq_outcome <= o_outcome;
                dq_err     <= o_err;
                dq_from    <= (is_cmd && ex_err == `VMXR_ERRC_BAD_CPU) ? 5'd0 : s;
                dq_to      <= o_to;
                dq_rule    <= o_rule;
                dq_idx     <= o_idx;
                dq_reason  <= o_reason;
                dq_qual    <= o_qual;
                inj_busy   <= inj_next;
                if (ex_fire_cmd) inj_cpu <= ex_cpu[1:0];
                if (!(is_cmd && ex_err == `VMXR_ERRC_BAD_CPU)) begin
                    pend[x_c*2 +: 2] <= pend_after;
                    if (set_cur) cur[x_c*5 +: 5] <= new_cur;
                    if (do_push) begin
                        stk_ctx[(x_c*DEPTH + {29'd0, depth[x_c*3 +: 3]})*5 +: 5] <= s;
                        stk_to[(x_c*DEPTH + {29'd0, depth[x_c*3 +: 3]})*3 +: 3]  <= t;
                        stk_blk[(x_c*DEPTH + {29'd0, depth[x_c*3 +: 3]})*2 +: 2] <= push_blk;
                        depth[x_c*3 +: 3] <= depth[x_c*3 +: 3] + 3'd1;
                    end
                    if (do_pop)
                        depth[x_c*3 +: 3] <= top;
                    // per-VMM counters with decoded enables: the increment does
                    // not wait for the target's select
                    for (i = 0; i < 8; i = i + 1) begin
                        if (pc_inc[i]) begin
                            pending_count[i*8 +: 8] <= pending_count[i*8 +: 8] + 8'd1;
                            delivered[i*32 +: 32]   <= delivered[i*32 +: 32] + 32'd1;
                        end else if (pc_dec[i]) begin
                            pending_count[i*8 +: 8] <= pending_count[i*8 +: 8] - 8'd1;
                        end
                    end
                end
                if (ex_fire_cmd) begin
                    cmd_count <= cmd_count + 32'd1;
                    if (o_err_nz) err_count <= err_count + 32'd1;
                end
            end else if (dq_valid && dec_ready) begin
                dq_valid <= 1'b0;
            end
            if (rt_fire) begin
                ex_valid <= 1'b1;
                ex_cpu <= rt_cpu; ex_op <= rt_op; ex_reason <= rt_reason; ex_qual <= rt_qual;
                ex_vm <= rt_vm; ex_err <= rt_err; ex_k <= rt_k; ex_route <= rt_route;
            end else if (ex_fire_cmd) begin
                ex_valid <= 1'b0;
            end
        end
    end

    // blk_q, prof_q, th_q, fbh_q, soh_q: reloaded from cur, the stacks and
    // the configuration in the cycle after a write or reset (cfg_new[0]), the
    // updated CPU's from its new state
    integer rc;
    always @(posedge clk) begin
        if (cfg_new[0]) for (rc = 0; rc < NCPU; rc = rc + 1) begin
            blk_q[rc*2 +: 2]  <= blocked[rc*2 +: 2];
            prof_q[rc*2 +: 2] <= prof_of(cur[rc*5 +: 5], cfg_vm_prof, cfg_vmm_prof);
            th_q[rc*3 +: 3]   <= home_of(cur[rc*5 +: 5], cfg_owner);
            soh_q[rc*8 +: 8]  <= soh_of(cur[rc*5 +: 5]);
            fbh_q[rc]         <= fb_of(home_of(cur[rc*5 +: 5], cfg_owner), cfg_vmm_en);
        end
        if (rst_n && upd) begin
            blk_q[x_c*2 +: 2] <= blk_after;
            if (set_cur) begin
                prof_q[x_c*2 +: 2] <= new_prof;
                th_q[x_c*3 +: 3]   <= new_th;
                soh_q[x_c*8 +: 8]  <= new_soh;
                fbh_q[x_c*1 +: 1]         <= new_fbh;
            end
        end
    end

    // h_q[v] reloads when its inputs may have changed: prod_q[v] at the last
    // edge (pc_inc_q / pc_dec_q), a write or reset one or two edges ago
    // (PEND_WEIGHT reaches prod_q one edge after the register). beats_q
    // reloads a pair when the operation changes the count of one of the two,
    // and for three edges after a write or reset (until it is made from h_q
    // of the new configuration). In reset h_q takes the values of the reset
    // state (pending_count 0, PEND_WEIGHT and SW_USAGE at their reset
    // values). (docs/pipeline.md, "Forwarding path")
    // the value h_q[m] of a VMM takes at the edge, from its prod_q and
    // SW_USAGE and the step (m - 2) * PEND_WEIGHT
    function automatic [15:0] hyp(input rst, input [7:0] m, input [15:0] prod, input [15:0] sw, input [18:0] step);
        hyp = !rst ? usage_of(m - 8'd2, PW_RESET, SW_RESET) : usage_at(prod, sw, step);
    endfunction
    integer bv, bj;
    wire cfg_any = !rst_n || cfg_new != 3'b000;
    // the VMMs whose h_q reload, whose pairs in beats_q reload
    wire [7:0] h_load = {8{!rst_n || cfg_new[1:0] != 2'b00}} | pc_inc_q | pc_dec_q;
    wire [7:0] b_load = {8{cfg_any}} | pc_inc | pc_dec;
    always @(posedge clk) begin
        for (bv = 0; bv < 8; bv = bv + 1) if (h_load[bv]) begin
            hm2_q[bv*16 +: 16] <= hyp(rst_n, 8'd0, prod_q[bv*16 +: 16], cfg_sw_usage[bv*16 +: 16], ustep[0*19 +: 19]);
            hm1_q[bv*16 +: 16] <= hyp(rst_n, 8'd1, prod_q[bv*16 +: 16], cfg_sw_usage[bv*16 +: 16], ustep[1*19 +: 19]);
            h0_q[bv*16 +: 16]  <= hyp(rst_n, 8'd2, prod_q[bv*16 +: 16], cfg_sw_usage[bv*16 +: 16], ustep[2*19 +: 19]);
            hp1_q[bv*16 +: 16] <= hyp(rst_n, 8'd3, prod_q[bv*16 +: 16], cfg_sw_usage[bv*16 +: 16], ustep[3*19 +: 19]);
            hp2_q[bv*16 +: 16] <= hyp(rst_n, 8'd4, prod_q[bv*16 +: 16], cfg_sw_usage[bv*16 +: 16], ustep[4*19 +: 19]);
        end
        for (bv = 0; bv < 8; bv = bv + 1)
            prod_q[bv*16 +: 16] <= !rst_n ? 16'd0
                                 : pc_inc[bv] ? prod_q[bv*16 +: 16] + {8'd0, cfg_pend_weight}
                                 : pc_dec[bv] ? prod_q[bv*16 +: 16] - {8'd0, cfg_pend_weight}
                                 : {{(16-PCW){1'b0}}, pending_count[bv*8 +: PCW]} * {8'd0, cfg_pend_weight};
        for (bv = 0; bv < 8; bv = bv + 1)
            for (bj = 0; bj < 8; bj = bj + 1)
                if (bj > bv && (b_load[bv] || b_load[bj])) begin : pair
                    // five compares in parallel, one per change this
                    // operation can make to the pair, selected by the change
                    reg bt;
                    bt = pc_inc[bv] ? `VMXR_LO_BEATS(up_usage[bv*16 +: 16], ex_usage[bj*16 +: 16]) :
                         pc_dec[bv] ? `VMXR_LO_BEATS(um_usage[bv*16 +: 16], ex_usage[bj*16 +: 16]) :
                         pc_inc[bj] ? `VMXR_LO_BEATS(ex_usage[bv*16 +: 16], up_usage[bj*16 +: 16]) :
                         pc_dec[bj] ? `VMXR_LO_BEATS(ex_usage[bv*16 +: 16], um_usage[bj*16 +: 16]) :
                                      `VMXR_LO_BEATS(ex_usage[bv*16 +: 16], ex_usage[bj*16 +: 16]);
                    beats_q[bv*8 + bj] <= bt;
                end else if (bj <= bv)
                    beats_q[bv*8 + bj] <= 1'b0;
    end

    // ---- read-back words ----------------------------------------------------------------
    always @(*) begin
        for (c = 0; c < NCPU; c = c + 1)
            cpu_state_words[c*32 +: 32] = {12'd0, pend[c*2 +: 2], blocked[c*2 +: 2], 5'd0, depth[c*3 +: 3], 3'd0, cur[c*5 +: 5]};
        for (v = 0; v < 8; v = v + 1) begin
            usage[v*16 +: 16]           = usage_at(prod_q[v*16 +: 16], cfg_sw_usage[v*16 +: 16], 19'd0);
            usage_words[v*32 +: 32]     = {8'd0, pending_count[v*8 +: 8], usage[v*16 +: 16]};
            delivered_words[v*32 +: 32] = delivered[v*32 +: 32];
        end
    end
endmodule

`undef VMXR_EX_SRC
`undef VMXR_LO_BEATS
`default_nettype wire
