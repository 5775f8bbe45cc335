// The RTL source files of vmxr_top, in dependency order (a file comes after
// every file whose modules it instantiates), one a line, relative to this
// directory. Every rtl/*.v must be listed (tests/rtl_filelist.sh checks it);
// vmxr_regs.svh is an include file (-I), not listed. Read by the Makefile
// (RTL_V), scripts/synth.sh, tests/icarus.sh and copied with the RTL by
// scripts/mutate.sh and tests/mutant_tie.sh. Comments: // to the end of a line.
vmxr_ior.v
vmxr_mem.v
vmxr_key.v
vmxr_pick.v
vmxr_rt.v
vmxr_ex.v
vmxr_regs.v
vmxr_top.v
