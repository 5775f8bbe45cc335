/* Firmware entry points: state size and init, boot, exit dispatch. */
#include "fw_fmt.h"
#include "fw_system.h"

size_t fw_system_size(void) { return sizeof(struct fw_system); }

static void vcpu_reset(struct fw_vcpu *v, unsigned cpu)
{
    v->cr0 = 0x60000010u; /* CD, NW, ET: the reset value */
    v->cr3 = 0;
    v->cr4 = 0;
    v->cr8 = 0;
    v->efer = 0;
    v->pat = 0x0007040600070406ull;
    v->misc_enable = 0x1u;                                           /* fast strings */
    v->apic_base = 0xFEE00000u | 1u << 11 | (cpu == 0 ? 1u << 8 : 0); /* enabled; BSP on CPU 0 */
    v->tsc_offset = 0;
}

void fw_system_init(struct fw_system *s, const struct fw_config *cfg)
{
    /* Field by field: no aggregate copies (no memcpy/memset in a
     * freestanding image). */
    s->magic = FW_MAGIC;
    s->cfg.ncpu = cfg->ncpu;
    s->cfg.lock = cfg->lock;
    for (unsigned c = 0; c < FW_MAX_CPUS; c++) {
        s->cfg.cpu_nvms[c] = cfg->cpu_nvms[c];
        for (unsigned i = 0; i < FW_MAX_VMS; i++)
            s->cfg.cpu_vms[c][i] = cfg->cpu_vms[c][i];
    }
    for (unsigned n = 0; n < FW_MAX_VMS; n++)
        s->cfg.vm_owner[n] = cfg->vm_owner[n];

    struct fw_main *m = &s->main;
    for (unsigned c = 0; c < FW_MAX_CPUS; c++) {
        for (unsigned n = 0; n < FW_MAX_VMS; n++)
            vcpu_reset(&m->vcpu[c][n], c);
        m->cpu[c].wait_sipi = false;
        m->cpu[c].started = c == 0;
    }
    m->boot_refused = m->hlt_switches = m->pf_prot = m->pf_demand = m->fallbacks = m->hypercalls = m->unhandled = 0;

    s->smi.io_smis = s->smi.timer_smis = s->smi.injected = 0;
    s->smi.last_cmd = 0;
    s->smi.acpi_enabled = false;

    s->nmi.nmis = s->nmi.ipis = s->nmi.injected = 0;
    for (unsigned i = 0; i < 16; i++)
        s->nmi.ipi_vec[i] = 0;
    for (unsigned c = 0; c < FW_MAX_CPUS; c++)
        for (unsigned n = 0; n < FW_MAX_VMS; n++)
            fw_x2apic_reset(&s->nmi.apic[c][n]);
    s->nmi.msr_exits = s->nmi.eois = s->nmi.icr_sent = 0;

    fw_uart_reset(&s->dev.uart);
    fw_pci_reset(&s->dev.pci);
    fw_hpet_reset(&s->dev.hpet);
    s->dev.io_exits = s->dev.mmio_exits = 0;

    fw_worker_reset(&s->worker[0]);
    fw_worker_reset(&s->worker[1]);

    s->guest.probed = false;
    s->guest.refused = 0;
    s->guest.exits = 0;
}

void fw_boot(struct fw_system *s, struct vmxr_hal *h)
{
    if (s->magic != FW_MAGIC) {
        hal_log(h, "boot: fw_system not initialised");
        return;
    }
    fw_main_boot(s, h);
}

void fw_exit(struct fw_system *s, struct vmxr_hal *h)
{
    const struct vmxr_exit *e = hal_exit_info(h);
    if (s->magic != FW_MAGIC) {
        hal_log(h, "exit: fw_system not initialised");
        fw_finish(h, e);
        return;
    }
    switch (hal_vmm(h)) {
    case FW_VMM_MAIN: fw_main_exit(s, h, e); break;
    case FW_VMM_SMI: fw_smi_exit(s, h, e); break;
    case FW_VMM_NMI: fw_nmi_exit(s, h, e); break;
    case FW_VMM_DEV: fw_dev_exit(s, h, e); break;
    case FW_VMM_WORKER0:
    case FW_VMM_WORKER1: fw_worker_exit(s, h, e); break;
    case FW_VMM_GUEST: fw_guest_exit(s, h, e); break;
    default:
        FW_LOG(h, "vmm %u has no firmware: %s reason %u, resume", FW_U(hal_vmm(h)), FW_S(fw_reason_name(e->reason)),
               FW_U(e->reason));
        fw_finish(h, e);
        break;
    }
}

/* The reference firmware's VMM table (vmms/vmms.h has the layout); the
 * platform prints these names in the report. */
static const struct vmxr_fw_vmm ref_vmms[] = {
    { FW_VMM_MAIN, VMXR_FW_ROLE_MAIN, "main" },       { FW_VMM_SMI, VMXR_FW_ROLE_SMI, "SMI" },
    { FW_VMM_NMI, VMXR_FW_ROLE_NMI, "NMI/IPI" },      { FW_VMM_DEV, VMXR_FW_ROLE_DEVICE, "device" },
    { FW_VMM_WORKER0, VMXR_FW_ROLE_WORKER, "worker" }, { FW_VMM_WORKER1, VMXR_FW_ROLE_WORKER, "worker" },
    { FW_VMM_GUEST, VMXR_FW_ROLE_GUEST, "guest" },    { FW_VMM_UNUSED, VMXR_FW_ROLE_UNUSED, "unused" },
};

VMXR_FW_DEFINE("reference", ref_vmms, fw_system_size, fw_system_init, fw_boot, fw_exit);
