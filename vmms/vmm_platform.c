/* Platform VMMs: VMM 1 (SMIs, routed by the strap-locked PLAT[SMI]) and
 * VMM 2 (NMIs and IPIs, PLAT[NMI] and PLAT[IPI]). Both count and log the
 * event and resume the interrupted context. */
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

void fw_nmi_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    fw_nmi_handle(&s->nmi, h, e);
    fw_finish(h, e);
}
