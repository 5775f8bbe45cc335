/* The firmware's whole state (struct fw_system) and the VMMs' internal
 * interfaces. Freestanding. The platform allocates fw_system_size() bytes;
 * nothing else in the firmware holds mutable state, so any number of
 * instances may coexist.
 */
#ifndef FW_SYSTEM_H
#define FW_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmms.h"
#include "vmxr_drv.h"

#define FW_MAGIC 0x46575359u /* "FWSY" */

/* Routing profiles the main VMM programs. */
#define FW_PROF_GUEST 0u /* every VM */
#define FW_PROF_VMM 1u   /* every VMM */

/* #PF policy (profile FW_PROF_GUEST): EXC[14] = EN, VMM 0 with
 * PFEC_MASK = PFEC_MATCH = P (bit 0). A protection violation (P = 1) goes to
 * the main VMM's memory-protection monitor; a not-present fault (P = 0)
 * flips the enable off and goes home to the VM's owner (demand paging). */
#define FW_PFEC_P 0x1u
#define FW_PFEC_W 0x2u
#define FW_PFEC_U 0x4u
#define FW_PFEC_RSVD 0x8u
#define FW_PFEC_ID 0x10u
#define FW_PF_MASK FW_PFEC_P
#define FW_PF_MATCH FW_PFEC_P

/* I/O ranges and IPIs. */
#define FW_UART_BASE 0x3F8u
#define FW_UART_LIMIT 0x3FFu
#define FW_PCI_BASE 0xCF8u
#define FW_PCI_LIMIT 0xCFFu
#define FW_IOR_UART 0u
#define FW_IOR_PCI 1u
#define FW_IPI_LO 0xE0u
#define FW_IPI_HI 0xEFu
#define FW_MGMT_OFFLINE 0x40u /* vector 0x40 + v: VMM v offline */
#define FW_MGMT_ONLINE 0x48u  /* vector 0x48 + v: VMM v online */
#define FW_APM_CNT 0xB2u      /* APM control port (I/O SMI) */
#define FW_APM_ACPI_ENABLE 0xF1u
#define FW_APM_ACPI_DISABLE 0xF0u

/* VMXR-2 routes (memory and key ranges). */
#define FW_HPET_BASE 0xFED00000u /* HPET registers: one 4 KiB page */
#define FW_HPET_FRAME (FW_HPET_BASE >> 12)
#define FW_MEM_HPET 0u           /* MEM entry: the HPET page to the device VMM, locked */
#define FW_X2APIC_FIRST 0x800u   /* x2APIC MSRs */
#define FW_X2APIC_LAST 0x8FFu
#define FW_KEY_X2APIC 0u         /* KEY entry: RDMSR/WRMSR 0x800-0x8FF to the NMI/IPI VMM, locked */
#define FW_HC_WORK_FIRST 0x1u    /* hypercall numbers of the worker service */
#define FW_HC_WORK_LAST 0xFFu
#define FW_KEY_HC_WORK 1u        /* KEY entry: VMCALL 0x1-0xFF, GRP group 0 (the workers) */
#define FW_CPUID_HV_FIRST 0x40000000u /* the hypervisor CPUID leaves */
#define FW_CPUID_HV_LAST 0x400000FFu
#define FW_KEY_HV_CPUID 2u       /* KEY entry: CPUID 0x40000000-0x400000FF to the main VMM */

/* EPT violations (reason 48): SDM access bits in qual[2:0]; the guest ABI's
 * MMIO load/store also gives the access width in bytes in qual[31:28]
 * (vmms.h). */
#define FW_EPT_R 0x1u
#define FW_EPT_W 0x2u
#define FW_EPT_X 0x4u
#define FW_MMIO_SIZE(qual) (((qual) >> 28) & 0xFu)

/* Hypercall results in RAX besides a queue depth (Linux errno values,
 * negated as a 64-bit register). */
#define FW_HC_ENOSYS ((uint64_t)0 - 38u) /* unknown hypercall number */
#define FW_HC_EAGAIN ((uint64_t)0 - 11u) /* worker queue full */

/* Exit reasons the VMMs handle (SDM basic exit reasons). */
enum fw_reason {
    FW_R_EXC_NMI = 0,
    FW_R_EXT_INT = 1,
    FW_R_INIT = 3,
    FW_R_SIPI = 4,
    FW_R_IO_SMI = 5,
    FW_R_SMI = 6,
    FW_R_CPUID = 10,
    FW_R_HLT = 12,
    FW_R_VMCALL = 18,
    FW_R_CR = 28,
    FW_R_IO = 30,
    FW_R_RDMSR = 31,
    FW_R_WRMSR = 32,
    FW_R_EPT = 48,
};

#define FW_MSR_TSC 0x10u
#define FW_MSR_APIC_BASE 0x1Bu
#define FW_MSR_MISC_ENABLE 0x1A0u
#define FW_MSR_PAT 0x277u
#define FW_MSR_EFER 0xC0000080u

/* ---- main VMM --------------------------------------------------------- */

struct fw_vcpu {
    uint64_t cr0, cr3, cr4, cr8;
    uint64_t efer, pat, misc_enable, apic_base;
    uint64_t tsc_offset;
};

struct fw_main_cpu {
    bool wait_sipi; /* INIT seen on an idle CPU */
    bool started;   /* a SIPI launched a VM here */
};

struct fw_main {
    struct fw_vcpu vcpu[FW_MAX_CPUS][FW_MAX_VMS];
    struct fw_main_cpu cpu[FW_MAX_CPUS];
    uint32_t boot_refused; /* unexpected refusals while programming */
    uint32_t hlt_switches, pf_prot, pf_demand, fallbacks, hypercalls;
    uint32_t unhandled; /* exits with no emulation: logged and skipped */
};

/* ---- SMI and NMI/IPI VMMs --------------------------------------------- */

struct fw_smi {
    uint32_t io_smis, timer_smis, injected;
    uint8_t last_cmd;
    bool acpi_enabled;
};

/* One vCPU's x2APIC registers (the MSRs 0x800-0x8FF the NMI/IPI VMM owns). */
struct fw_x2apic {
    uint32_t tpr, svr, esr, lvt_timer, tmict, tdcr;
    uint64_t icr;
    uint64_t tmict_at; /* hal_now when TMICT was written */
};

struct fw_nmi {
    uint32_t nmis, ipis, injected;
    uint32_t ipi_vec[16]; /* IPIs per vector 0xE0..0xEF */
    struct fw_x2apic apic[FW_MAX_CPUS][FW_MAX_VMS];
    uint32_t msr_exits, eois, icr_sent;
};

/* ---- device VMM ---------------------------------------------------------- */

#define FW_UART_FIFO 16u

struct fw_uart {
    uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
    bool oe;        /* LSR overrun, cleared by an LSR read */
    bool thre_int;  /* THR-empty interrupt pending */
    uint8_t lines;  /* MSR bits 7:4 last reported */
    uint8_t delta;  /* MSR bits 3:0 */
    uint8_t rx[FW_UART_FIFO];
    uint8_t rx_head, rx_n;
    uint32_t tx_bytes;
};

#define FW_PCI_NDEV 2u /* bus 0 devices 0 (host bridge) and 1 (NIC) */

struct fw_pci_dev {
    uint16_t command;
    uint8_t cacheline, latency, intline;
    uint32_t bar[6];
};

struct fw_pci {
    uint32_t addr; /* CONFIG_ADDRESS */
    struct fw_pci_dev dev[FW_PCI_NDEV];
};

#define FW_HPET_NTIM 3u /* comparators */

/* HPET (IA-PC HPET 1.0a): the main counter counts one tick per guest
 * instruction of the platform clock while ENABLE_CNF is set. */
struct fw_hpet {
    uint64_t conf;     /* GEN_CONF: ENABLE_CNF, LEG_RT_CNF */
    uint64_t isr;      /* GINTR_STA */
    uint64_t cnt_base; /* the counter when last stopped or written */
    uint64_t en_at;    /* hal_now when it was enabled */
    uint64_t tconf[FW_HPET_NTIM], tcmp[FW_HPET_NTIM];
};

struct fw_dev {
    struct fw_uart uart;
    struct fw_pci pci;
    struct fw_hpet hpet;
    uint32_t io_exits, mmio_exits;
};

/* ---- worker VMMs ------------------------------------------------------- */

#define FW_WORK_QLEN 16u

struct fw_work {
    uint64_t done_at;
    uint32_t cost, id;
};

struct fw_worker {
    struct fw_work q[FW_WORK_QLEN];
    uint32_t n;           /* items queued */
    uint32_t outstanding; /* cost units queued */
    uint32_t next_id, done;
};

/* ---- guest VMM ----------------------------------------------------------- */

struct fw_guest {
    bool probed;     /* the first-exit misbehaviour has run */
    uint32_t refused; /* attempts the unit refused */
    uint32_t exits;
};

/* ---- the system ---------------------------------------------------------- */

struct fw_system {
    uint32_t magic;
    struct fw_config cfg;
    struct fw_main main;
    struct fw_smi smi;
    struct fw_nmi nmi;
    struct fw_dev dev;
    struct fw_worker worker[2];
    struct fw_guest guest;
};

/* ---- shared helpers (fw_common.c) --------------------------------------- */

/* True when the interrupted context is a VM (guest registers valid). */
bool fw_from_vm(const struct vmxr_exit *e);
unsigned fw_from_id(const struct vmxr_exit *e);
/* Ends a handler: RESUME for a delivered event (logging a failure), nothing
 * for a LOCAL one. */
void fw_finish(struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_rip_add(struct vmxr_hal *h, unsigned n);
const char *fw_errc_name(int errc);
const char *fw_reason_name(unsigned reason);
/* Logs "<what>: <result>" for a driver result; on a refusal adds the ERR
 * bits the caller sees. Returns r. */
enum vmxr_drv_err fw_log_drv(struct vmxr_hal *h, const char *what, enum vmxr_drv_err r);
/* Formats the ERR bits as "ACCESS|LOCKED|... code=N" into buf. */
void fw_err_text(char *buf, size_t cap, const struct vmxr_drv_errs *e);
/* CPUID emulation: leaf 0 GenuineIntel, 1 with the hypervisor bit,
 * 0x40000000 the 12-byte hypervisor vendor; every other leaf zero. */
void fw_cpuid(unsigned leaf, unsigned cpu, unsigned ncpu, const char vendor[12], uint32_t out[4]);
/* Emulates CPUID for the interrupted VM (RAX..RDX, RIP += 2) and logs. */
void fw_cpuid_exit(struct vmxr_hal *h, const struct vmxr_exit *e, unsigned ncpu, const char vendor[12]);

/* ---- VMM handlers ---------------------------------------------------------- */

void fw_main_boot(struct fw_system *s, struct vmxr_hal *h);
void fw_main_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_smi_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_nmi_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_dev_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_worker_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_guest_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e);

/* Event bodies without the final RESUME, shared with the main VMM's
 * fallback path (it handles what an offline VMM would have). */
void fw_smi_handle(struct fw_smi *smi, struct vmxr_hal *h, const struct vmxr_exit *e);
void fw_nmi_handle(struct fw_nmi *nmi, struct vmxr_hal *h, const struct vmxr_exit *e);
/* Emulates RDMSR/WRMSR of an x2APIC MSR (0x800-0x8FF) for the interrupted
 * VM (RIP += 2), the NMI/IPI VMM's code; the main VMM runs it too on a
 * fallback. */
void fw_x2apic_msr(struct fw_nmi *nmi, struct vmxr_hal *h, const struct vmxr_exit *e);
/* The x2APIC register model (vmm_platform.c), usable without the HAL. */
void fw_x2apic_reset(struct fw_x2apic *a);
/* Reads MSR msr of vCPU cpu's x2APIC; *known false for an MSR it lacks. */
uint64_t fw_x2apic_read(const struct fw_x2apic *a, unsigned cpu, uint32_t msr, uint64_t now, bool *known);
/* Writes it; *known as for reads. */
void fw_x2apic_write(struct fw_x2apic *a, uint32_t msr, uint64_t val, uint64_t now, bool *known);
/* Emulates one port-I/O exit on the UART / PCI ports (IN into RAX,
 * RIP += 1). */
void fw_dev_io(struct fw_dev *d, struct vmxr_hal *h, const struct vmxr_exit *e);
bool fw_dev_claims(unsigned port);
/* Emulates one MMIO access (an EPT violation, reason 48) in the device
 * VMM's pages: the HPET (RAX, RIP += 3). */
void fw_dev_mmio(struct fw_dev *d, struct vmxr_hal *h, const struct vmxr_exit *e);
bool fw_dev_mmio_claims(uint64_t gpa);

/* Device models (vmm_dev.c), usable without the HAL for tests. */
void fw_uart_reset(struct fw_uart *u);
/* Reads/writes UART register off (0..7). A transmitted byte goes to *tx
 * (set *tx_valid) unless loopback puts it in the receiver. */
uint8_t fw_uart_read(struct fw_uart *u, unsigned off);
void fw_uart_write(struct fw_uart *u, unsigned off, uint8_t v, bool *tx_valid, uint8_t *tx);
void fw_pci_reset(struct fw_pci *p);
/* Configuration dword at reg (dword aligned) of bus/dev/fn; all ones for
 * an absent device or function. */
uint32_t fw_pci_cfg_read(const struct fw_pci *p, unsigned bus, unsigned dev, unsigned fn, unsigned reg);
/* Writes the bytes of value selected by byte-enable mask be (bit i: byte i). */
void fw_pci_cfg_write(struct fw_pci *p, unsigned bus, unsigned dev, unsigned fn, unsigned reg, uint32_t value,
                      unsigned be);
/* CONFIG_DATA access of size bytes at port 0xCFC + off (reads all ones when
 * CONFIG_ADDRESS has the enable bit clear). */
uint32_t fw_pci_data_read(const struct fw_pci *p, unsigned off, unsigned size);
void fw_pci_data_write(struct fw_pci *p, unsigned off, unsigned size, uint32_t value);

void fw_hpet_reset(struct fw_hpet *t);
/* A read of size bytes (4 or 8, naturally aligned) at register offset off;
 * *ok false for another width or alignment (the read then gives all ones
 * and a write is dropped). */
uint64_t fw_hpet_read(const struct fw_hpet *t, unsigned off, unsigned size, uint64_t now, bool *ok);
void fw_hpet_write(struct fw_hpet *t, unsigned off, unsigned size, uint64_t val, uint64_t now, bool *ok);

/* Worker queue (vmm_worker.c). */
void fw_worker_reset(struct fw_worker *w);
/* Retires every item done by now; returns how many. */
unsigned fw_worker_retire(struct fw_worker *w, uint64_t now);
/* Queues cost units finishing at now + cost; false when the queue is full. */
bool fw_worker_submit(struct fw_worker *w, uint64_t now, uint32_t cost);

#endif /* FW_SYSTEM_H */
