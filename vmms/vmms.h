/* The reference firmware: every VMM of the reference platform. It is one
 * firmware of the interface in firmware/vmxr_fw.h (its descriptor,
 * vmxr_firmware, is in vmms/fw_system.c and carries the VMM table below);
 * this header is the reference firmware's own. Freestanding (see
 * firmware/vmxr_hal.h).
 *
 * Reference layout (docs/firmware-vmms.md tells the story):
 *
 *   VMM 0  main VMM      boots the platform, owns the guests by default,
 *                        owns the hypervisor CPUID leaves 0x40000000-
 *                        0x400000FF (KEY[2]), emulates CPUID, HLT (scheduling), CR access and a
 *                        small MSR set, starts the APs on INIT/SIPI, takes
 *                        every fallback from an offline VMM, and takes VMMs
 *                        offline/online on management interrupts
 *   VMM 1  SMI VMM       platform VMM for SMIs (reasons 5 and 6); routed by
 *                        the straps (smi en=1 vmm=1 lock=1), so no software
 *                        can take SMIs away from it
 *   VMM 2  NMI/IPI VMM   platform VMM for NMIs and IPIs (PLAT[NMI], PLAT[IPI])
 *                        and the x2APIC MSRs 0x800-0x8FF (KEY[0], locked)
 *   VMM 3  device VMM    owns the I/O ranges 0x3F8-0x3FF (16550 UART, entry
 *                        locked) and 0xCF8-0xCFF (PCI configuration
 *                        mechanism #1), and the HPET page 0xFED00000 (MEM[0],
 *                        locked)
 *   VMM 4, 5  workers    GROUP 0, the target of hypercalls 0x1-0xFF (KEY[1],
 *                        GRP group 0); each reports its own queue depth in
 *                        SW_USAGE
 *   VMM 6  guest VMM     a parallel VMM that owns the VMs fw_config gives it
 *                        and handles their HOME exits; it also tries to take
 *                        SMIs and other VMMs' resources, and is refused
 *   VMM 7  unused        taken offline at boot
 *
 * Guest ABI (what a guest instruction turns into, and what the VMMs read):
 *   port I/O      reason 30, SDM qualification; OUT data in RAX, IN result
 *                 into RAX (low size bytes); RIP += 1
 *   OUT to 0xB2   (APM control) raises an I/O SMI instead: reason 5, qual
 *                 as for reason 30, the command byte in RAX
 *   CPUID         reason 10, qual the leaf; leaf in RAX, subleaf in RCX;
 *                 results in RAX, RBX, RCX, RDX; RIP += 2
 *   HLT           reason 12; RIP += 1
 *   VMCALL        reason 18, qual RAX[31:0]; RAX hypercall number, RBX
 *                 argument, result in RAX; RIP += 3
 *   MOV CR        reason 28, SDM qualification ([3:0] CR, [5:4] access
 *                 type, [11:8] GPR); RIP += 3 (4 for CR8, REX.R)
 *   RDMSR/WRMSR   reasons 31/32, qual the MSR index; MSR in RCX, value in
 *                 RDX:RAX; RIP += 2
 *   MMIO          an EPT violation, reason 48: gpa the address, qual bit 0
 *                 (load) or 1 (store) and the access width in bytes (1, 2,
 *                 4, 8) in qual[31:28], the guest ABI's stand-in for the
 *                 instruction decode (bits the SDM leaves reserved; routing
 *                 reads only [2:0]); store data in RAX, a load's result into
 *                 RAX (zero-extended); RIP += 3
 *   #PF           reason 0, itype 3, vector 14, errcode, qual = address
 *   IPI received  reason 1, itype 0, vector in IPI_RANGE (0xE0-0xEF)
 *   management    reason 1, itype 0, vector 0x40 + v: take VMM v offline;
 *   interrupt     0x48 + v: bring it back online (handled by the main VMM)
 *   INIT, SIPI    reasons 3 and 4; SIPI qual = the start vector, whose low
 *                 4 bits name the VM the main VMM launches on that CPU
 *   SMI (timer)   reason 6; NMI: reason 0, itype 2, vector 2
 *
 * Hypercalls (VMCALL, RAX): 1 = submit work of RBX cost units to the
 * worker group (returns the queue depth of the worker that took it).
 */
#ifndef VMXR_VMMS_H
#define VMXR_VMMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_fw.h"
#include "vmxr_hal.h"

#define FW_VMM_MAIN 0u
#define FW_VMM_SMI 1u
#define FW_VMM_NMI 2u
#define FW_VMM_DEV 3u
#define FW_VMM_WORKER0 4u
#define FW_VMM_WORKER1 5u
#define FW_VMM_GUEST 6u
#define FW_VMM_UNUSED 7u

#define FW_HC_WORK 1u

/* The reference firmware's entry points (the descriptor's; contracts in
 * firmware/vmxr_fw.h). All VMMs' state is struct fw_system of
 * vmms/fw_system.h. */
size_t fw_system_size(void);

/* Initializes the state (no hardware access). */
void fw_system_init(struct fw_system *s, const struct fw_config *cfg);

/* Reset entry on CPU 0 in VMM 0: the main VMM programs the unit and
 * launches CPU 0's first VM (hal_launch). */
void fw_boot(struct fw_system *s, struct vmxr_hal *h);

/* VMM entry: the unit delivered an event to VMM hal_vmm(h) on CPU
 * hal_cpu(h) (or, outcome LOCAL, the running VMM must handle one in place).
 * Dispatches to that VMM's handler. A delivered event's handler ends with
 * hal_resume or hal_launch; a LOCAL one returns to what the VMM was doing
 * (except the main VMM's SIPI on an idle CPU, which launches a VM). */
void fw_exit(struct fw_system *s, struct vmxr_hal *h);

#endif /* VMXR_VMMS_H */
