// VMXR-1 EX stage (execute) and DQ (decision register). EX holds the
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
    // RT -> EX capture
    input  wire               cmd_fire,
    input  wire [2:0]         cmd_cpu,
    input  wire [1:0]         cmd_op,
    input  wire [6:0]         cmd_reason,
    input  wire [31:0]        cmd_qual,
    input  wire [4:0]         cmd_vm,
    input  wire [3:0]         rt_err,
    input  wire [2:0]         rt_k,
    input  wire [4*13-1:0]    rt_route,
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
    output reg  [2:0]         dq_rule,
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

    // ---- EX register -----------------------------------------------------------
    reg [2:0]  ex_cpu;
    reg [1:0]  ex_op;
    reg [6:0]  ex_reason;
    reg [31:0] ex_qual;
    reg [4:0]  ex_vm;
    reg [3:0]  ex_err;
    reg [2:0]  ex_k;
    reg [4*13-1:0] ex_route;
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

    // ---- derived: blocked per CPU, usage per VMM ------------------------------------------
    reg [NCPU*2-1:0] blocked;
    reg [8*16-1:0]   usage;
    integer c, d, v;
    always @(*) begin
        for (c = 0; c < NCPU; c = c + 1) begin
            blocked[c*2 +: 2] = 2'b00;
            for (d = 0; d < DEPTH; d = d + 1)
                if (d[2:0] < depth[c*3 +: 3]) blocked[c*2 +: 2] = blocked[c*2 +: 2] | stk_blk[(c*DEPTH + d)*2 +: 2];
        end
        for (v = 0; v < 8; v = v + 1) begin : u
            reg [16:0] sum;
            sum = {1'b0, {8'd0, pending_count[v*8 +: 8]} * {8'd0, cfg_pend_weight}} + {1'b0, cfg_sw_usage[v*16 +: 16]};
            usage[v*16 +: 16] = sum[16] ? 16'hFFFF : sum[15:0];
        end
    end

    // ---- execute ---------------------------------------------------------------------
    // The operation of this cycle (injection first), its decision, and the state
    // update it asks for.
    reg [2:0]  x_cpu;
    reg [1:0]  x_c;         // x_cpu within NCPU
    reg [4:0]  s;           // running context
    reg [1:0]  prof;
    reg [2:0]  k;
    reg [12:0] route;
    reg [2:0]  rule, t;
    reg [6:0]  idx;
    reg [2:0]  o_outcome;
    reg [3:0]  o_err;
    reg [4:0]  o_to;
    reg [2:0]  o_rule;
    reg [6:0]  o_idx;
    reg [1:0]  o_op;
    reg [6:0]  o_reason;
    reg [31:0] o_qual;
    reg        do_push, do_pop, set_cur;
    reg [4:0]  new_cur;
    reg [1:0]  pend_set, pend_clr;
    reg [1:0]  push_blk;
    reg        popped;
    reg [2:0]  pop_to;
    reg [1:0]  blk_after;   // blocked after this operation
    reg        is_cmd;
    reg        found;
    reg [15*20-1:0] node;   // GROUP minimum tree: 8 leaves, 4 + 2 + 1 nodes of {valid, vmm, usage}

    // the lesser of two {valid, vmm, usage} nodes; a tie keeps a (the lower VMM)
    function automatic [19:0] least(input [19:0] a, input [19:0] b);
        least = (a[19] && (!b[19] || a[15:0] <= b[15:0])) ? a : b;
    endfunction
    reg [7:0]  cand;
    reg [4:0]  tyw;
    reg        plat_en;
    reg [2:0]  plat_vmm;
    reg [2:0]  top;

    always @(*) begin
        is_cmd   = !ex_fire_inj;
        x_cpu    = ex_fire_inj ? {1'b0, inj_cpu} : ex_cpu;
        x_c      = x_cpu[1:0];
        s        = cur[x_c*5 +: 5];
        prof     = s[4] ? cfg_vmm_prof[s[2:0]*2 +: 2] : cfg_vm_prof[s[3:0]*2 +: 2];
        top      = depth[x_c*3 +: 3] - 3'd1;
        do_push  = 1'b0; do_pop = 1'b0; set_cur = 1'b0; new_cur = s;
        pend_set = 2'b00; pend_clr = 2'b00; push_blk = 2'b00; popped = 1'b0;
        pop_to   = stk_to[(x_c*DEPTH + {29'd0, top})*3 +: 3];
        o_outcome = `VMXR_OUTCOME_ERROR; o_err = 4'd0; o_to = s; o_rule = `VMXR_RULE_NONE; o_idx = 7'd0;
        o_op     = ex_fire_inj ? `VMXR_OP_INJECT : (ex_op == `VMXR_OP_INJECT ? `VMXR_OP_EVENT : ex_op);
        o_reason = 7'd0; o_qual = 32'd0;
        k = `VMXR_PCLASS_NONE; route = 13'd0; rule = 3'd0; t = 3'd0; idx = 7'd0;
        found = 1'b0; cand = 8'd0; node = '0; v = 0; tyw = 5'd0; plat_en = 1'b0; plat_vmm = 3'd0;

        if (ex_fire_inj) begin
            // injection: SMI before NMI as the state stands now
            k        = (pend[x_c*2] && !blocked[x_c*2]) ? `VMXR_PCLASS_SMI : `VMXR_PCLASS_NMI;
            o_reason = k == `VMXR_PCLASS_SMI ? 7'd6 : 7'd0;
            pend_clr = k == `VMXR_PCLASS_SMI ? 2'b01 : 2'b10;
            plat_en  = cfg_plat[k[1:0]*32 + `VMXR_PLAT_EN_LSB];
            plat_vmm = cfg_plat[k[1:0]*32 + `VMXR_PLAT_VMM_LSB +: 3];
            tyw      = k == `VMXR_PCLASS_SMI ? cfg_type_smi[prof*5 +: 5] : cfg_type_nmi[prof*5 +: 5];
            if (plat_en) route = {`VMXR_RULE_PLAT, plat_vmm, 4'd0, k};
            else if (tyw[4:3] == 2'd1) route = {`VMXR_RULE_TYPE, tyw[2:0], o_reason};
            else if (tyw[4:3] == 2'd2) route = {`VMXR_RULE_GROUP, 3'd0, 5'd0, tyw[1:0]};
            else route = {`VMXR_RULE_HOME, 3'd0, 7'd0};
        end else begin
            k     = ex_k;
            route = ex_route[prof*13 +: 13];
            if (o_op == `VMXR_OP_EVENT) begin
                o_reason = ex_reason;
                o_qual   = ex_qual;
            end
        end

        if (is_cmd && ex_err != 4'd0) begin
            o_err = ex_err;
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
                o_to      = new_cur;
            end
        end else if (is_cmd && o_op == `VMXR_OP_RESUME) begin
            if (!s[4]) o_err = `VMXR_ERRC_NOT_IN_VMM;
            else if (depth[x_c*3 +: 3] == 3'd0) o_err = `VMXR_ERRC_EMPTY;
            else begin
                o_outcome = `VMXR_OUTCOME_RESUMED;
                popped    = 1'b1;
                do_pop    = 1'b1;
                set_cur   = 1'b1;
                new_cur   = stk_ctx[(x_c*DEPTH + {29'd0, top})*5 +: 5];
                o_to      = new_cur;
            end
        end else begin
            // EVENT or injection: step 2, then steps 6-8 and the transition
            if (k < 3'd2 && blocked[x_c*2 + {31'd0, k[0]}]) begin
                o_outcome = `VMXR_OUTCOME_PENDED;
                pend_set  = k[0] ? 2'b10 : 2'b01;
            end else begin
                rule = route[12:10]; t = route[9:7]; idx = route[6:0];
                if (rule == `VMXR_RULE_GROUP) begin
                    // least usage over the candidates: a balanced tree of
                    // compare/selects, ties to the lower VMM at every node
                    cand = cfg_group[idx[1:0]*8 +: 8] & cfg_vmm_en;
                    for (v = 0; v < 8; v = v + 1)
                        node[v*20 +: 20] = {cand[v], v[2:0], usage[v*16 +: 16]};
                    for (v = 0; v < 4; v = v + 1)
                        node[(8 + v)*20 +: 20] = least(node[(2*v)*20 +: 20], node[(2*v + 1)*20 +: 20]);
                    for (v = 0; v < 2; v = v + 1)
                        node[(12 + v)*20 +: 20] = least(node[(8 + 2*v)*20 +: 20], node[(9 + 2*v)*20 +: 20]);
                    node[14*20 +: 20] = least(node[12*20 +: 20], node[13*20 +: 20]);
                    found  = node[14*20 + 19];
                    if (found) t = node[14*20 + 16 +: 3];
                    else rule = `VMXR_RULE_HOME;
                end
                if (rule == `VMXR_RULE_HOME) begin
                    t   = s[4] ? s[2:0] : cfg_owner[s[3:0]*3 +: 3];
                    idx = {3'd0, s[3:0]};
                end
                if (t != 3'd0 && !cfg_vmm_en[t]) begin
                    rule = `VMXR_RULE_FALLBACK;
                    idx  = {4'd0, t};
                    t    = 3'd0;
                end
                if (s == {2'b10, t}) begin
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
                    o_to     = new_cur;
                end
            end
        end
        if (o_err != 4'd0) o_outcome = `VMXR_OUTCOME_ERROR;

        // blocked flags once this operation is applied
        blk_after = 2'b00;
        for (d = 0; d < DEPTH; d = d + 1)
            if (d[2:0] < (do_pop ? top : depth[x_c*3 +: 3])) blk_after = blk_after | stk_blk[(x_c*DEPTH + d)*2 +: 2];
        blk_after = blk_after | push_blk;
    end

    wire [1:0] pend_after = (pend[x_c*2 +: 2] | pend_set) & ~pend_clr;
    wire       fire = ex_fire_cmd || ex_fire_inj;
    // an injection is due after a pop, or an NMI after an SMI injection
    wire       inj_next = ex_fire_inj ? (k == `VMXR_PCLASS_SMI && pend_after[1] && !blk_after[1])
                                      : (popped && (pend_after & ~blk_after) != 2'b00);
    assign ex_err_set  = ex_fire_cmd && o_err != 4'd0;
    assign ex_err_code = o_err;

    // ---- state update -------------------------------------------------------------------
    integer i;
    always @(posedge clk) begin
        if (!rst_n) begin
            ex_valid <= 1'b0; inj_busy <= 1'b0; dq_valid <= 1'b0; inj_cpu <= 2'd0;
            ex_cpu <= 3'd0; ex_op <= 2'd0; ex_reason <= 7'd0; ex_qual <= 32'd0; ex_vm <= 5'd0;
            ex_err <= 4'd0; ex_k <= 3'd0; ex_route <= 52'd0;
            dq_cpu <= 3'd0; dq_op <= 2'd0; dq_outcome <= 3'd0; dq_err <= 4'd0; dq_from <= 5'd0;
            dq_to <= 5'd0; dq_rule <= 3'd0; dq_idx <= 7'd0; dq_reason <= 7'd0; dq_qual <= 32'd0;
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
        end else begin
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
                        if (do_push && t == i[2:0]) begin
                            pending_count[i*8 +: 8] <= pending_count[i*8 +: 8] + 8'd1;
                            delivered[i*32 +: 32]   <= delivered[i*32 +: 32] + 32'd1;
                        end else if (do_pop && pop_to == i[2:0]) begin
                            pending_count[i*8 +: 8] <= pending_count[i*8 +: 8] - 8'd1;
                        end
                    end
                end
                if (ex_fire_cmd) begin
                    cmd_count <= cmd_count + 32'd1;
                    if (o_err != 4'd0) err_count <= err_count + 32'd1;
                end
            end else if (dq_valid && dec_ready) begin
                dq_valid <= 1'b0;
            end
            if (cmd_fire) begin
                ex_valid <= 1'b1;
                ex_cpu <= cmd_cpu; ex_op <= cmd_op; ex_reason <= cmd_reason; ex_qual <= cmd_qual;
                ex_vm <= cmd_vm; ex_err <= rt_err; ex_k <= rt_k; ex_route <= rt_route;
            end else if (ex_fire_cmd) begin
                ex_valid <= 1'b0;
            end
        end
    end

    // ---- read-back words ----------------------------------------------------------------
    always @(*) begin
        for (c = 0; c < NCPU; c = c + 1)
            cpu_state_words[c*32 +: 32] = {12'd0, pend[c*2 +: 2], blocked[c*2 +: 2], 5'd0, depth[c*3 +: 3], 3'd0, cur[c*5 +: 5]};
        for (v = 0; v < 8; v = v + 1) begin
            usage_words[v*32 +: 32]     = {8'd0, pending_count[v*8 +: 8], usage[v*16 +: 16]};
            delivered_words[v*32 +: 32] = delivered[v*32 +: 32];
        end
    end
endmodule

`default_nettype wire
