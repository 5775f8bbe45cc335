// VMXR-2 register file: APB decode, the write rules (DECODE, ACCESS, LOCKED,
// BAD_VALUE), configuration storage and the read mux. Mirrors
// model/vmxr_regfile.c; addresses and masks come from vmxr_regs.svh.
//
// The APB access completes in the cycle top asserts apb_fire (psel, penable,
// pready). ERR takes command errors from EX (ex_err_set/ex_err_code).
// Configuration is exported as packed buses of raw register words.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_regs #(
    parameter int NCPU  = 4,
    parameter int NVM   = 16,
    parameter int NIOR  = 16,
    parameter int NMEM  = 8,
    parameter int NKEY  = 8,
    parameter int DEPTH = 4
) (
    input  wire                clk,
    input  wire                rst_n,
    input  wire                strap_smi_en,
    input  wire [2:0]          strap_smi_vmm,
    input  wire                strap_smi_lock,
    // APB, qualified by top
    input  wire                apb_sel,      // psel: a transfer's setup or access phase
    input  wire                apb_access,   // psel & penable & pready
    input  wire                pwrite,
    input  wire [11:0]         paddr,
    input  wire [31:0]         pwdata,
    input  wire [2:0]          pauser,
    output reg  [31:0]         prdata,
    output reg                 pslverr,
    // command errors from EX
    input  wire                ex_err_set,
    input  wire [3:0]          ex_err_code,
    // live state for reads
    input  wire [NCPU*32-1:0]  cpu_state_words,
    input  wire [8*32-1:0]     usage_words,
    input  wire [8*32-1:0]     delivered_words,
    input  wire [31:0]         cmd_count,
    input  wire [31:0]         err_count,
    // configuration
    output wire [7:0]          cfg_vmm_en,
    output wire [7:0]          cfg_pend_weight,
    output wire [15:0]         cfg_ipi_range,
    output wire [4*32-1:0]     cfg_plat,
    output wire [NVM*3-1:0]    cfg_owner,
    output wire [NVM*2-1:0]    cfg_vm_prof,
    output wire [8*2-1:0]      cfg_vmm_prof,
    output wire [4*8-1:0]      cfg_group,
    output wire [8*16-1:0]     cfg_sw_usage,
    output wire [4*32-1:0]     cfg_pfec_mask,
    output wire [4*32-1:0]     cfg_pfec_match,
    output wire [16*32-1:0]    cfg_exc,       // [p*4 + w]
    output wire [4*65*5-1:0]   cfg_type,      // [p*65 + r], 5 bits {MODE, VMM}
    output wire [NIOR*32-1:0]  cfg_ior_range,
    output wire [NIOR*32-1:0]  cfg_ior_ctrl,
    output wire [NMEM*32-1:0]  cfg_mem_base,
    output wire [NMEM*32-1:0]  cfg_mem_limit,
    output wire [NMEM*32-1:0]  cfg_mem_ctrl,
    output wire [NKEY*32-1:0]  cfg_key_base,
    output wire [NKEY*32-1:0]  cfg_key_limit,
    output wire [NKEY*32-1:0]  cfg_key_ctrl
`ifdef FV_REGS
    ,
    // GLOBAL.LOCK, for the register file's formal harness alone
    // (formal/fv_regs.sv; scripts/formal.sh defines FV_REGS with FORMAL)
    output wire                fv_global_lock
`endif
);
    localparam logic [31:0] PARAMS_WORD = {DEPTH[3:0], 4'd4, 4'd8, NCPU[3:0], NVM[7:0], NIOR[7:0]};
    localparam logic [31:0] PARAMS2_WORD = {8'd2, 8'd0, NKEY[7:0], NMEM[7:0]};
    localparam logic [6:0]  NIOR7 = NIOR[6:0];
    localparam logic [4:0]  NMEM5 = NMEM[4:0];
    localparam logic [4:0]  NKEY5 = NKEY[4:0];
    localparam int          IW    = NIOR > 1 ? $clog2(NIOR) : 1;  // IOR index width
    localparam logic [5:0]  NVM6  = NVM[5:0];
    localparam logic [5:0]  NCPU6 = NCPU[5:0];

    // register kinds (decode result)
    localparam logic [4:0] K_NONE = 5'd0, K_ID = 5'd1, K_PARAMS = 5'd2, K_GLOBAL = 5'd3, K_ERR = 5'd4,
                           K_VMM_EN = 5'd5, K_PEND_WEIGHT = 5'd6, K_IPI_RANGE = 5'd7, K_PLAT = 5'd8,
                           K_OWNER = 5'd9, K_VM_PROFILE = 5'd10, K_VMM_PROFILE = 5'd11, K_GROUP = 5'd12,
                           K_SW_USAGE = 5'd13, K_USAGE = 5'd14, K_PFEC_MASK = 5'd15, K_PFEC_MATCH = 5'd16,
                           K_CPU_STATE = 5'd17, K_EXC = 5'd18, K_TYPE = 5'd19, K_IOR_RANGE = 5'd20,
                           K_IOR_CTRL = 5'd21, K_DELIVERED = 5'd22, K_CMD_COUNT = 5'd23, K_ERR_COUNT = 5'd24,
                           K_PARAMS2 = 5'd25, K_MEM_BASE = 5'd26, K_MEM_LIMIT = 5'd27, K_MEM_CTRL = 5'd28,
                           K_KEY_BASE = 5'd29, K_KEY_LIMIT = 5'd30, K_KEY_CTRL = 5'd31;

    // ---- storage --------------------------------------------------------------
    reg        global_lock;
    reg [4:0]  err_flags;
    reg [3:0]  err_code;
    reg [7:1]  vmm_en;
    reg [7:0]  pend_weight;
    reg [15:0] ipi_range;
    reg [4*32-1:0]    plat;        // packed arrays, entry i at [i*W +: W]
    reg [NVM*3-1:0]   owner;
    reg [NVM*2-1:0]   vm_prof;
    reg [8*2-1:0]     vmm_prof;
    reg [4*8-1:0]     group;
    reg [8*16-1:0]    sw_usage;
    reg [4*32-1:0]    pfec_mask;
    reg [4*32-1:0]    pfec_match;
    reg [16*32-1:0]   exc;
    reg [4*65*5-1:0]  ty;          // {MODE, VMM}
    reg [NIOR*32-1:0] ior_range;
    reg [NIOR*32-1:0] ior_ctrl;
    reg [NMEM*32-1:0] mem_base, mem_limit, mem_ctrl;
    reg [NKEY*32-1:0] key_base, key_limit, key_ctrl;

    // ---- decode -----------------------------------------------------------------
    // The address is decoded in the APB setup phase and registered: the
    // access phase, which APB guarantees to follow with the same paddr,
    // starts from flip-flops (kind, idx, ii), so the write rules and the read
    // mux do not wait for the decode. No wait state is added. The register
    // loads in every cycle of a transfer (psel), the access phase's too, in
    // which paddr has not changed: so it always holds the decode of the
    // previous cycle's address, whatever the length of the transfer.
    reg [4:0] kind_d;
    reg [8:0] idx_d;  // flat index within the kind (p*4+w for EXC, p*65+r for TYPE)
    reg [5:0] ii_d;   // outer index
    reg [4:0] kind;
    reg [8:0] idx;
    // The outer index reaches bits 5:4 only for IOR entries beyond 15.
    /* verilator lint_off UNUSEDSIGNAL */
    reg [5:0] ii;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [1:0] tp = {paddr[11], paddr[9]};  // TYPE profile: 0x400 + 0x200*p
    always @(*) begin
        kind_d = K_NONE;
        idx_d  = 9'd0;
        ii_d   = 6'd0;
        if (paddr[1:0] == 2'b00) begin
            if (paddr == `VMXR_ID_ADDR) kind_d = K_ID;
            else if (paddr == `VMXR_PARAMS_ADDR) kind_d = K_PARAMS;
            else if (paddr == `VMXR_PARAMS2_ADDR) kind_d = K_PARAMS2;
            else if (paddr == `VMXR_GLOBAL_ADDR) kind_d = K_GLOBAL;
            else if (paddr == `VMXR_ERR_ADDR) kind_d = K_ERR;
            else if (paddr == `VMXR_VMM_EN_ADDR) kind_d = K_VMM_EN;
            else if (paddr == `VMXR_PEND_WEIGHT_ADDR) kind_d = K_PEND_WEIGHT;
            else if (paddr == `VMXR_IPI_RANGE_ADDR) kind_d = K_IPI_RANGE;
            else if (paddr[11:4] == 8'h02) begin kind_d = K_PLAT; ii_d = {4'd0, paddr[3:2]}; end
            else if (paddr[11:6] == 6'h01 && {2'b00, paddr[5:2]} < NVM6) begin
                kind_d = K_OWNER; ii_d = {2'd0, paddr[5:2]};
            end
            else if (paddr[11:6] == 6'h02 && {2'b00, paddr[5:2]} < NVM6) begin
                kind_d = K_VM_PROFILE; ii_d = {2'd0, paddr[5:2]};
            end
            else if (paddr[11:5] == 7'h06) begin kind_d = K_VMM_PROFILE; ii_d = {3'd0, paddr[4:2]}; end
            else if (paddr[11:4] == 8'h0E) begin kind_d = K_GROUP; ii_d = {4'd0, paddr[3:2]}; end
            else if (paddr[11:5] == 7'h08) begin kind_d = K_SW_USAGE; ii_d = {3'd0, paddr[4:2]}; end
            else if (paddr[11:5] == 7'h09) begin kind_d = K_USAGE; ii_d = {3'd0, paddr[4:2]}; end
            else if (paddr[11:4] == 8'h14) begin kind_d = K_PFEC_MASK; ii_d = {4'd0, paddr[3:2]}; end
            else if (paddr[11:4] == 8'h15) begin kind_d = K_PFEC_MATCH; ii_d = {4'd0, paddr[3:2]}; end
            else if (paddr[11:5] == 7'h0C && {3'b000, paddr[4:2]} < NCPU6) begin
                kind_d = K_CPU_STATE; ii_d = {3'd0, paddr[4:2]};
            end
            else if (paddr[11:6] == 6'h08) begin kind_d = K_EXC; idx_d = {5'd0, paddr[5:2]}; end
            else if (paddr[11:10] != 2'b00 && paddr[11:10] != 2'b11 && paddr[8:2] <= 7'd64) begin
                // 0x400 + 0x200*p + 4*r: p = paddr[11:9] - 2
                kind_d = K_TYPE;
                idx_d  = {7'd0, tp} * 9'd65 + {2'd0, paddr[8:2]};
            end
            else if (paddr[11:9] == 3'b110 && {1'b0, paddr[8:3]} < NIOR7) begin
                kind_d = paddr[2] ? K_IOR_CTRL : K_IOR_RANGE;
                ii_d   = paddr[8:3];
            end
            else if (paddr[11:8] == 4'h3 && {1'b0, paddr[7:4]} < NMEM5 && paddr[3:2] != 2'd3) begin
                // 0x300 + 0x10j: BASE, LIMIT, CTRL
                kind_d = paddr[3:2] == 2'd0 ? K_MEM_BASE : paddr[3:2] == 2'd1 ? K_MEM_LIMIT : K_MEM_CTRL;
                ii_d   = {2'd0, paddr[7:4]};
            end
            else if (paddr[11:8] == 4'hF && {1'b0, paddr[7:4]} < NKEY5 && paddr[3:2] != 2'd3) begin
                // 0xF00 + 0x10i: BASE, LIMIT, CTRL
                kind_d = paddr[3:2] == 2'd0 ? K_KEY_BASE : paddr[3:2] == 2'd1 ? K_KEY_LIMIT : K_KEY_CTRL;
                ii_d   = {2'd0, paddr[7:4]};
            end
            else if (paddr[11:5] == 7'h70) begin kind_d = K_DELIVERED; ii_d = {3'd0, paddr[4:2]}; end
            else if (paddr == `VMXR_CMD_COUNT_ADDR) kind_d = K_CMD_COUNT;
            else if (paddr == `VMXR_ERR_COUNT_ADDR) kind_d = K_ERR_COUNT;
        end
    end

    always @(posedge clk) begin
        if (!rst_n) begin
            kind <= K_NONE; idx <= 9'd0; ii <= 6'd0;
        end else if (apb_sel) begin
            kind <= kind_d; idx <= idx_d; ii <= ii_d;
        end
    end

    wire hit = kind != K_NONE;
    wire ro  = kind == K_ID || kind == K_PARAMS || kind == K_PARAMS2 || kind == K_USAGE || kind == K_CPU_STATE ||
               kind == K_DELIVERED || kind == K_CMD_COUNT || kind == K_ERR_COUNT;
    wire g   = kind == K_VMM_EN || kind == K_PEND_WEIGHT || kind == K_IPI_RANGE || kind == K_OWNER ||
               kind == K_VM_PROFILE || kind == K_VMM_PROFILE || kind == K_GROUP || kind == K_PFEC_MASK ||
               kind == K_PFEC_MATCH || kind == K_EXC || kind == K_TYPE;

    // Bits outside a register's fields are never written (next & WMASK); read
    // through the masks, their flip-flops have no load and synthesis drops them.
    wire [4*32-1:0]    plat_m     = plat & {4{`VMXR_PLAT_WMASK}};
    wire [NIOR*32-1:0] ior_ctrl_m = ior_ctrl & {NIOR{`VMXR_IOR_CTRL_WMASK}};
    wire [NMEM*32-1:0] mem_ctrl_m = mem_ctrl & {NMEM{`VMXR_MEM_CTRL_WMASK}};
    wire [NKEY*32-1:0] key_ctrl_m = key_ctrl & {NKEY{`VMXR_KEY_CTRL_WMASK}};

    // ---- current word, read value ------------------------------------------------
    reg [31:0] cur;   // stored word (writable kinds)
    reg [31:0] rval;  // value a read returns
    always @(*) begin
        cur = 32'd0;
        case (kind)
            K_GLOBAL:      cur = {31'd0, global_lock};
            K_ERR:         cur = {20'd0, err_code, 3'd0, err_flags};
            K_VMM_EN:      cur = {24'd0, vmm_en, 1'b1};
            K_PEND_WEIGHT: cur = {24'd0, pend_weight};
            K_IPI_RANGE:   cur = {16'd0, ipi_range};
            K_PLAT:        cur = plat_m[ii[1:0]*32 +: 32];
            K_OWNER:       cur = {29'd0, owner[ii[3:0]*3 +: 3]};
            K_VM_PROFILE:  cur = {30'd0, vm_prof[ii[3:0]*2 +: 2]};
            K_VMM_PROFILE: cur = {30'd0, vmm_prof[ii[2:0]*2 +: 2]};
            K_GROUP:       cur = {24'd0, group[ii[1:0]*8 +: 8]};
            K_SW_USAGE:    cur = {16'd0, sw_usage[ii[2:0]*16 +: 16]};
            K_PFEC_MASK:   cur = pfec_mask[ii[1:0]*32 +: 32];
            K_PFEC_MATCH:  cur = pfec_match[ii[1:0]*32 +: 32];
            K_EXC:         cur = exc[idx[3:0]*32 +: 32];
            K_TYPE:        cur = {26'd0, ty[idx*5+3 +: 2], 1'b0, ty[idx*5 +: 3]};
            K_IOR_RANGE:   cur = ior_range[ii[IW-1:0]*32 +: 32];
            K_IOR_CTRL:    cur = ior_ctrl_m[ii[IW-1:0]*32 +: 32];
            K_MEM_BASE:    cur = mem_base[ii[3:0]*32 +: 32];
            K_MEM_LIMIT:   cur = mem_limit[ii[3:0]*32 +: 32];
            K_MEM_CTRL:    cur = mem_ctrl_m[ii[3:0]*32 +: 32];
            K_KEY_BASE:    cur = key_base[ii[3:0]*32 +: 32];
            K_KEY_LIMIT:   cur = key_limit[ii[3:0]*32 +: 32];
            K_KEY_CTRL:    cur = key_ctrl_m[ii[3:0]*32 +: 32];
            default:       cur = 32'd0;
        endcase
        case (kind)
            K_ID:        rval = `VMXR_ID_RESET;
            K_PARAMS:    rval = PARAMS_WORD;
            K_PARAMS2:   rval = PARAMS2_WORD;
            K_USAGE:     rval = usage_words[ii[2:0]*32 +: 32];
            K_CPU_STATE: rval = cpu_state_words[ii[1:0]*32 +: 32];
            K_DELIVERED: rval = delivered_words[ii[2:0]*32 +: 32];
            K_CMD_COUNT: rval = cmd_count;
            K_ERR_COUNT: rval = err_count;
            default:     rval = cur;
        endcase
    end

    // ---- write: merged word and the rules ----------------------------------------
    // The word a write stores into one register, from that register's own
    // flip-flops (not through the read select of every register): pwdata in
    // the read-write fields, W1S bits set, W1C bits cleared, the rest kept.
    function automatic [31:0] merge(input [31:0] own, input [31:0] pw, input [31:0] wm, input [31:0] s1,
                                    input [31:0] c1);
        reg [31:0] rw;
        rw    = wm & ~s1 & ~c1;
        merge = ((own & ~rw) | (pw & rw) | (pw & s1)) & ~(pw & c1);
    endfunction
    localparam logic [31:0] GL_WM = `VMXR_GLOBAL_WMASK,   GL_S1 = `VMXR_GLOBAL_W1S,   GL_C1 = `VMXR_GLOBAL_W1C;
    localparam logic [31:0] PL_WM = `VMXR_PLAT_WMASK,     PL_S1 = `VMXR_PLAT_W1S,     PL_C1 = `VMXR_PLAT_W1C;
    localparam logic [31:0] IC_WM = `VMXR_IOR_CTRL_WMASK, IC_S1 = `VMXR_IOR_CTRL_W1S, IC_C1 = `VMXR_IOR_CTRL_W1C;
    localparam logic [31:0] MC_WM = `VMXR_MEM_CTRL_WMASK, MC_S1 = `VMXR_MEM_CTRL_W1S, MC_C1 = `VMXR_MEM_CTRL_W1C;
    localparam logic [31:0] KC_WM = `VMXR_KEY_CTRL_WMASK, KC_S1 = `VMXR_KEY_CTRL_W1S, KC_C1 = `VMXR_KEY_CTRL_W1C;
    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] gl_next = merge({31'd0, global_lock}, pwdata, GL_WM, GL_S1, GL_C1);   // GLOBAL: bit 0 only
    /* verilator lint_on UNUSEDSIGNAL */

    // a locked, enabled platform route keeps its VMM online. Only a VMM_EN
    // write asks, so VMM_EN's own current and merged words are used, from its
    // flip-flops, not through the read-modify-write select of every register
    localparam logic [31:0] EN_WMASK = `VMXR_VMM_EN_WMASK;
    wire [7:0] en_cur  = {vmm_en, 1'b1};
    wire [7:0] en_next = (en_cur & ~EN_WMASK[7:0]) | (pwdata[7:0] & EN_WMASK[7:0]);
    reg plat_guard;
    integer k;
    always @(*) begin
        plat_guard = 1'b0;
        for (k = 0; k < 4; k = k + 1)
            if (plat[k*32 + `VMXR_PLAT_EN_LSB] && plat[k*32 + `VMXR_PLAT_LOCK_LSB] &&
                en_cur[plat[k*32 + `VMXR_PLAT_VMM_LSB +: 3]] &&
                !en_next[plat[k*32 + `VMXR_PLAT_VMM_LSB +: 3]])
                plat_guard = 1'b1;
    end

    wire own_lock = (kind == K_GLOBAL && global_lock) ||
                    (kind == K_PLAT && plat[ii[1:0]*32 + `VMXR_PLAT_LOCK_LSB]) ||
                    ((kind == K_IOR_RANGE || kind == K_IOR_CTRL) && ior_ctrl[ii[IW-1:0]*32 + `VMXR_IOR_CTRL_LOCK_LSB]) ||
                    ((kind == K_MEM_BASE || kind == K_MEM_LIMIT || kind == K_MEM_CTRL) &&
                     mem_ctrl[ii[3:0]*32 + `VMXR_MEM_CTRL_LOCK_LSB]) ||
                    ((kind == K_KEY_BASE || kind == K_KEY_LIMIT || kind == K_KEY_CTRL) &&
                     key_ctrl[ii[3:0]*32 + `VMXR_KEY_CTRL_LOCK_LSB]);
    wire f_decode = !hit || ro;
    wire f_access = pauser != 3'd0 && !(kind == K_SW_USAGE && ii[2:0] == pauser);
    wire f_locked = (g && global_lock) || own_lock || (kind == K_VMM_EN && plat_guard);
    wire f_bad    = kind == K_TYPE && pwdata[`VMXR_TYPE_MODE_MSB:`VMXR_TYPE_MODE_LSB] == 2'd3;
    wire [4:0] wr_fail = f_decode ? 5'b01000 : f_access ? 5'b00001 : f_locked ? 5'b00010 :
                         f_bad ? 5'b00100 : 5'b00000;

    always @(*) begin
        prdata  = 32'd0;
        pslverr = 1'b0;
        if (apb_access) begin
            if (pwrite) pslverr = wr_fail != 5'd0;
            else begin
                prdata  = hit ? rval : 32'd0;
                pslverr = !hit;
            end
        end
    end

    wire do_write = apb_access && pwrite && wr_fail == 5'd0;

    // ERR: the command error (EX) first, then the APB access, as in the model
    // (ERR.CMD from EX is OR-ed in last: a write never completes while EX
    // executes a command, so the W1C clear and ex_err_set never meet)
    reg  [4:0] err_next;
    always @(*) begin
        if (apb_access && pwrite && wr_fail != 5'd0) err_next = err_flags | wr_fail;
        else if (apb_access && !pwrite && !hit)      err_next = err_flags | 5'b01000;
        else if (do_write && kind == K_ERR)          err_next = err_flags & ~pwdata[4:0];
        else                                         err_next = err_flags;
    end

    // ---- state update ---------------------------------------------------------------
    integer e;
    always @(posedge clk) begin
        if (!rst_n) begin
            global_lock <= 1'b0;
            err_flags   <= 5'd0;
            err_code    <= 4'd0;
            vmm_en      <= 7'h7F;
            pend_weight <= 8'd1;
            ipi_range   <= 16'h00FF;
            plat        <= {96'd0, strap_smi_lock, 24'd0, strap_smi_vmm, 3'd0, strap_smi_en};
            owner       <= '0;
            vm_prof     <= '0;
            vmm_prof    <= '0;
            sw_usage    <= '0;
            group       <= '0;
            pfec_mask   <= '0;
            pfec_match  <= '0;
            exc         <= '0;
            ty          <= '0;
            ior_range   <= '0;
            ior_ctrl    <= '0;
            mem_base    <= '0;
            mem_limit   <= '0;
            mem_ctrl    <= '0;
            key_base    <= '0;
            key_limit   <= '0;
            key_ctrl    <= '0;
        end else begin
            if (ex_err_set) err_code <= ex_err_code;
            err_flags <= err_next | {ex_err_set, 4'd0};
            // A write's register: one decoded enable per entry of an array, as
            // for the counters in EX (no shifter across a whole array).
            if (do_write) begin
                case (kind)
                    // registers without W1S or W1C bits store pwdata's fields
                    K_GLOBAL:      global_lock <= gl_next[0];
                    K_VMM_EN:      vmm_en <= pwdata[7:1];
                    K_PEND_WEIGHT: pend_weight <= pwdata[7:0];
                    K_IPI_RANGE:   ipi_range <= pwdata[15:0];
                    K_PLAT:        for (e = 0; e < 4; e = e + 1)
                                       if (ii[1:0] == e[1:0])
                                           plat[e*32 +: 32] <= merge(plat[e*32 +: 32], pwdata, PL_WM, PL_S1, PL_C1) & PL_WM;
                    K_OWNER:       for (e = 0; e < NVM; e = e + 1)
                                       if (ii[3:0] == e[3:0]) owner[e*3 +: 3] <= pwdata[2:0];
                    K_VM_PROFILE:  for (e = 0; e < NVM; e = e + 1)
                                       if (ii[3:0] == e[3:0]) vm_prof[e*2 +: 2] <= pwdata[1:0];
                    K_VMM_PROFILE: for (e = 0; e < 8; e = e + 1)
                                       if (ii[2:0] == e[2:0]) vmm_prof[e*2 +: 2] <= pwdata[1:0];
                    K_GROUP:       for (e = 0; e < 4; e = e + 1)
                                       if (ii[1:0] == e[1:0]) group[e*8 +: 8] <= pwdata[7:0];
                    K_SW_USAGE:    for (e = 0; e < 8; e = e + 1)
                                       if (ii[2:0] == e[2:0]) sw_usage[e*16 +: 16] <= pwdata[15:0];
                    K_PFEC_MASK:   for (e = 0; e < 4; e = e + 1)
                                       if (ii[1:0] == e[1:0]) pfec_mask[e*32 +: 32] <= pwdata;
                    K_PFEC_MATCH:  for (e = 0; e < 4; e = e + 1)
                                       if (ii[1:0] == e[1:0]) pfec_match[e*32 +: 32] <= pwdata;
                    K_EXC:         for (e = 0; e < 16; e = e + 1)
                                       if (idx[3:0] == e[3:0]) exc[e*32 +: 32] <= pwdata;
                    K_TYPE:        for (e = 0; e < 4*65; e = e + 1)
                                       if (idx == e[8:0]) ty[e*5 +: 5] <= {pwdata[5:4], pwdata[2:0]};
                    K_IOR_RANGE:   for (e = 0; e < NIOR; e = e + 1)
                                       if (ii[IW-1:0] == e[IW-1:0]) ior_range[e*32 +: 32] <= pwdata;
                    K_IOR_CTRL:    for (e = 0; e < NIOR; e = e + 1)
                                       if (ii[IW-1:0] == e[IW-1:0])
                                           ior_ctrl[e*32 +: 32] <= merge(ior_ctrl[e*32 +: 32], pwdata, IC_WM, IC_S1, IC_C1) & IC_WM;
                    K_MEM_BASE:    for (e = 0; e < NMEM; e = e + 1)
                                       if (ii[3:0] == e[3:0]) mem_base[e*32 +: 32] <= pwdata;
                    K_MEM_LIMIT:   for (e = 0; e < NMEM; e = e + 1)
                                       if (ii[3:0] == e[3:0]) mem_limit[e*32 +: 32] <= pwdata;
                    K_MEM_CTRL:    for (e = 0; e < NMEM; e = e + 1)
                                       if (ii[3:0] == e[3:0])
                                           mem_ctrl[e*32 +: 32] <= merge(mem_ctrl[e*32 +: 32], pwdata, MC_WM, MC_S1, MC_C1) & MC_WM;
                    K_KEY_BASE:    for (e = 0; e < NKEY; e = e + 1)
                                       if (ii[3:0] == e[3:0]) key_base[e*32 +: 32] <= pwdata;
                    K_KEY_LIMIT:   for (e = 0; e < NKEY; e = e + 1)
                                       if (ii[3:0] == e[3:0]) key_limit[e*32 +: 32] <= pwdata;
                    K_KEY_CTRL:    for (e = 0; e < NKEY; e = e + 1)
                                       if (ii[3:0] == e[3:0])
                                           key_ctrl[e*32 +: 32] <= merge(key_ctrl[e*32 +: 32], pwdata, KC_WM, KC_S1, KC_C1) & KC_WM;
                    default: ;
                endcase
            end
        end
    end

    // ---- configuration buses ------------------------------------------------------------
    assign cfg_vmm_en      = {vmm_en, 1'b1};
    assign cfg_pend_weight = pend_weight;
    assign cfg_ipi_range   = ipi_range;
    assign cfg_plat       = plat_m;
    assign cfg_owner      = owner;
    assign cfg_vm_prof    = vm_prof;
    assign cfg_vmm_prof   = vmm_prof;
    assign cfg_group      = group;
    assign cfg_sw_usage   = sw_usage;
    assign cfg_pfec_mask  = pfec_mask;
    assign cfg_pfec_match = pfec_match;
    assign cfg_exc        = exc;
    assign cfg_type       = ty;
    assign cfg_ior_range  = ior_range;
    assign cfg_ior_ctrl   = ior_ctrl_m;
    assign cfg_mem_base   = mem_base;
    assign cfg_mem_limit  = mem_limit;
    assign cfg_mem_ctrl   = mem_ctrl_m;
    assign cfg_key_base   = key_base;
    assign cfg_key_limit  = key_limit;
    assign cfg_key_ctrl   = key_ctrl_m;
`ifdef FV_REGS
    assign fv_global_lock = global_lock;
`endif
endmodule

`default_nettype wire
