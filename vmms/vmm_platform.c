/* Platform VMMs: VMM 1 (SMIs, routed by the strap-locked PLAT[SMI]) and
 * VMM 2 (NMIs and IPIs, PLAT[NMI] and PLAT[IPI]; the x2APIC MSRs
 * 0x800-0x8FF by a locked KEY entry). Both count and log the event and
 * resume the interrupted context. */
#include "fw_fmt.h"
#include "fw_system.h"

static const char *apm_cmd_name(uint8_t cmd)
{
    switch (cmd) {
    case FW_APM_ACPI_ENABLE: return "acpi-enable";
    case FW_APM_ACPI_DISABLE: return "acpi-disable";
    }
    return "apm";
}

void fw_smi_handle(struct fw_smi *smi, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->reason == FW_R_IO_SMI) {
        /* The OUT that raised the SMI: port from the qualification, the
         * command byte from the guest's AL. The SMI handler completes the
         * instruction (RIP += 1), as for an emulated OUT. */
        unsigned port = e->qual >> 16;
        uint8_t cmd = 0;
        smi->io_smis++;
        if (fw_from_vm(e)) {
            cmd = (uint8_t)hal_guest_read(h, VMXR_GPR_RAX);
            fw_rip_add(h, 1);
        }
        smi->last_cmd = cmd;
        if (port == FW_APM_CNT && cmd == FW_APM_ACPI_ENABLE)
            smi->acpi_enabled = true;
        else if (port == FW_APM_CNT && cmd == FW_APM_ACPI_DISABLE)
            smi->acpi_enabled = false;
        FW_LOG(h, "io-smi #%u port 0x%x cmd 0x%02x %s, acpi %s", FW_U(smi->io_smis), FW_U(port), FW_U(cmd),
               FW_S(port == FW_APM_CNT ? apm_cmd_name(cmd) : "unknown-port"),
               FW_S(smi->acpi_enabled ? "on" : "off"));
    } else if (e->reason == FW_R_SMI) {
        smi->timer_smis++;
        if (e->op == VMXR_OP_INJECT)
            smi->injected++;
        FW_LOG(h, "smi #%u (%s) from %s %u", FW_U(smi->timer_smis),
               FW_S(e->op == VMXR_OP_INJECT ? "injected after pend" : "timer"), FW_S(fw_from_vm(e) ? "vm" : "vmm"),
               FW_U(fw_from_id(e)));
    } else {
        FW_LOG(h, "smi vmm: unexpected %s reason %u", FW_S(fw_reason_name(e->reason)), FW_U(e->reason));
    }
}

void fw_smi_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    fw_smi_handle(&s->smi, h, e);
    fw_finish(h, e);
}

void fw_nmi_handle(struct fw_nmi *nmi, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->reason == FW_R_EXC_NMI && e->itype == 2) {
        nmi->nmis++;
        if (e->op == VMXR_OP_INJECT)
            nmi->injected++;
        FW_LOG(h, "nmi #%u (%s) from %s %u", FW_U(nmi->nmis),
               FW_S(e->op == VMXR_OP_INJECT ? "injected after pend" : "direct"), FW_S(fw_from_vm(e) ? "vm" : "vmm"),
               FW_U(fw_from_id(e)));
    } else if (e->reason == FW_R_EXT_INT) {
        nmi->ipis++;
        if (e->vector >= FW_IPI_LO && e->vector <= FW_IPI_HI)
            nmi->ipi_vec[e->vector - FW_IPI_LO]++;
        FW_LOG(h, "ipi #%u vector 0x%x on cpu %u", FW_U(nmi->ipis), FW_U(e->vector), FW_U(e->cpu));
    } else {
        FW_LOG(h, "nmi vmm: unexpected %s reason %u", FW_S(fw_reason_name(e->reason)), FW_U(e->reason));
    }
}

/* ---- x2APIC MSRs ---------------------------------------------------------- */

#define X2APIC_ID 0x802u
#define X2APIC_VERSION 0x803u
#define X2APIC_TPR 0x808u
#define X2APIC_PPR 0x80Au
#define X2APIC_EOI 0x80Bu
#define X2APIC_LDR 0x80Du
#define X2APIC_SVR 0x80Fu
#define X2APIC_ESR 0x828u
#define X2APIC_ICR 0x830u
#define X2APIC_LVT_TIMER 0x832u
#define X2APIC_TMICT 0x838u
#define X2APIC_TMCCT 0x839u
#define X2APIC_TDCR 0x83Eu
#define X2APIC_SELF_IPI 0x83Fu
#define X2APIC_VERSION_VAL 0x00050014u /* version 0x14, 6 LVT entries */

void fw_x2apic_reset(struct fw_x2apic *a)
{
    a->tpr = a->esr = a->tmict = a->tdcr = 0;
    a->svr = 0xFFu;
    a->lvt_timer = 0x10000u; /* masked */
    a->icr = 0;
    a->tmict_at = 0;
}

/* TDCR [3], [1:0]: divide by 2, 4, ..., 128, then 1 (0b1011). */
static unsigned tdcr_div(uint32_t tdcr)
{
    unsigned v = ((tdcr >> 1) & 4u) | (tdcr & 3u);
    return v == 7 ? 1u : 2u << v;
}

uint64_t fw_x2apic_read(const struct fw_x2apic *a, unsigned cpu, uint32_t msr, uint64_t now, bool *known)
{
    *known = true;
    switch (msr) {
    case X2APIC_ID: return cpu;
    case X2APIC_VERSION: return X2APIC_VERSION_VAL;
    case X2APIC_TPR: return a->tpr;
    case X2APIC_PPR: return a->tpr & 0xF0u;
    case X2APIC_LDR: return (uint64_t)(cpu >> 4) << 16 | 1u << (cpu & 0xFu); /* cluster, bit in cluster */
    case X2APIC_SVR: return a->svr;
    case X2APIC_ESR: return a->esr;
    case X2APIC_ICR: return a->icr;
    case X2APIC_LVT_TIMER: return a->lvt_timer;
    case X2APIC_TMICT: return a->tmict;
    case X2APIC_TMCCT: { /* one-shot count-down, one platform tick per guest instruction */
        uint64_t ticks = (now - a->tmict_at) / tdcr_div(a->tdcr);
        return ticks < a->tmict ? a->tmict - ticks : 0;
    }
    case X2APIC_TDCR: return a->tdcr;
    }
    *known = false;
    return 0;
}

void fw_x2apic_write(struct fw_x2apic *a, uint32_t msr, uint64_t val, uint64_t now, bool *known)
{
    *known = true;
    switch (msr) {
    case X2APIC_TPR: a->tpr = (uint32_t)val & 0xFFu; return;
    case X2APIC_EOI: return;
    case X2APIC_SVR: a->svr = (uint32_t)val & 0x11FFu; return;
    case X2APIC_ESR: a->esr = 0; return; /* a write latches errors: there are none */
    case X2APIC_ICR: a->icr = val & 0xFFFFFFFF000CCFFFull; return;
    case X2APIC_LVT_TIMER: a->lvt_timer = (uint32_t)val & 0x700FFu; return;
    case X2APIC_TMICT:
        a->tmict = (uint32_t)val;
        a->tmict_at = now;
        return;
    case X2APIC_TDCR: a->tdcr = (uint32_t)val & 0xBu; return;
    case X2APIC_SELF_IPI: return;
    }
    *known = false;
}

void fw_x2apic_msr(struct fw_nmi *nmi, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    uint32_t msr = (uint32_t)hal_guest_read(h, VMXR_GPR_RCX);
    struct fw_x2apic *a = &nmi->apic[e->cpu % FW_MAX_CPUS][fw_from_id(e) % FW_MAX_VMS];
    uint64_t now = hal_now(h);
    bool known;
    nmi->msr_exits++;
    fw_rip_add(h, 2);
    if (e->reason == FW_R_RDMSR) {
        uint64_t v = fw_x2apic_read(a, e->cpu, msr, now, &known);
        hal_guest_write(h, VMXR_GPR_RAX, v & 0xFFFFFFFFu);
        hal_guest_write(h, VMXR_GPR_RDX, v >> 32);
        FW_LOG(h, "x2apic rdmsr 0x%x cpu %u vm %u: 0x%x%s", FW_U(msr), FW_U(e->cpu), FW_U(fw_from_id(e)), FW_U(v),
               FW_S(known ? "" : " (not emulated)"));
        return;
    }
    uint64_t v = (hal_guest_read(h, VMXR_GPR_RDX) << 32) | (hal_guest_read(h, VMXR_GPR_RAX) & 0xFFFFFFFFu);
    fw_x2apic_write(a, msr, v, now, &known);
    if (msr == X2APIC_EOI)
        nmi->eois++;
    if (msr == X2APIC_ICR || msr == X2APIC_SELF_IPI)
        nmi->icr_sent++;
    if (msr == X2APIC_ICR)
        FW_LOG(h, "x2apic wrmsr ICR cpu %u vm %u: 0x%x, ipi vector 0x%02x to apic %u (mode %u)", FW_U(e->cpu),
               FW_U(fw_from_id(e)), FW_U(v), FW_U(v & 0xFFu), FW_U(v >> 32), FW_U((v >> 8) & 7u));
    else
        FW_LOG(h, "x2apic wrmsr 0x%x cpu %u vm %u: 0x%x%s", FW_U(msr), FW_U(e->cpu), FW_U(fw_from_id(e)), FW_U(v),
               FW_S(known ? "" : " (not emulated, ignored)"));
}

void fw_nmi_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if ((e->reason == FW_R_RDMSR || e->reason == FW_R_WRMSR) && fw_from_vm(e))
        fw_x2apic_msr(&s->nmi, h, e);
    else
        fw_nmi_handle(&s->nmi, h, e);
    fw_finish(h, e);
}
