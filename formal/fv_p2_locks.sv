// P2 (docs/formal.md): once GLOBAL.LOCK is 1 no G register changes; an I/O
// entry whose IOR_CTRL[i].LOCK is set never changes (IOR_CTRL[i] and
// IOR_RANGE[i]), nor does a memory entry whose MEM_CTRL[j].LOCK is set
// (MEM_BASE[j], MEM_LIMIT[j], MEM_CTRL[j]) or a key entry whose
// KEY_CTRL[i].LOCK is set (KEY_BASE[i], KEY_LIMIT[i], KEY_CTRL[i]); the
// LOCK bit being one of the entry's bits, only reset clears it. PLAT's own
// lock is P1. GLOBAL.LOCK itself is the register file's bit (glock), tied
// to the interface: an accepted write of GLOBAL with bit 0 set sets it,
// nothing clears it, a read of GLOBAL returns it. Checker of fv_regs, on
// its watched configuration bit.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p2_locks (
    input wire        f_run,         // out of reset
    input wire        f_pv,          // out of reset in this cycle and the previous one
    input wire        glock,         // GLOBAL.LOCK
    input wire        p_glock,       // ... in the previous cycle
    input wire        p_lock_write,  // the previous cycle completed a write of GLOBAL with bit 0 set
    input wire        apb_access,
    input wire        pwrite,
    input wire [11:0] paddr,
    input wire [31:0] prdata,
    input wire        in_g,          // the watched bit is a bit of a G register
    input wire        in_ior,        // ... of IOR_CTRL[i] or IOR_RANGE[i]
    input wire        p_ior_locked,  // ... and IOR_CTRL[i].LOCK was set in the previous cycle
    input wire        in_mem,        // ... of MEM_BASE[j], MEM_LIMIT[j] or MEM_CTRL[j]
    input wire        p_mem_locked,  // ... and MEM_CTRL[j].LOCK was set in the previous cycle
    input wire        in_key,        // ... of KEY_BASE[i], KEY_LIMIT[i] or KEY_CTRL[i]
    input wire        p_key_locked,  // ... and KEY_CTRL[i].LOCK was set in the previous cycle
    input wire        kept           // the watched bit did not change
);
`ifdef FORMAL
    always @* begin
        if (f_pv && in_g && p_glock)
            p2_global_locked_kept: assert (kept);
        if (f_pv)
            p2_lock_sticky: assert (glock == (p_glock || p_lock_write));
        if (f_run && apb_access && !pwrite && paddr == `VMXR_GLOBAL_ADDR)
            p2_global_reads_lock: assert (prdata == {31'd0, glock});
        if (f_pv && in_ior && p_ior_locked)
            p2_ior_locked_kept: assert (kept);
        if (f_pv && in_mem && p_mem_locked)
            p2_mem_locked_kept: assert (kept);
        if (f_pv && in_key && p_key_locked)
            p2_key_locked_kept: assert (kept);
    end
`endif
endmodule

`default_nettype wire
