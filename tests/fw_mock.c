/* A tiny stand-in firmware for the platform's unit test
 * (tests/test_platform.c): the fw_* entry points of vmms/vmms.h with just
 * enough behaviour to exercise the platform, plus deliberate bugs that the
 * platform must catch. Not the real firmware (firmware/, vmms/).
 *
 * Boot (cpu0, vmm 0): OWNER from the config, the UART range 0x3F8-0x3FF to
 * vmm 3, PLAT[NMI] to vmm 2, IPI_RANGE 0xE0-0xEF and PLAT[IPI] to vmm 2,
 * then LAUNCH of cpu0's first VM. Handlers: vmm 0 launches VM (qual & 0xF)
 * on a LOCAL SIPI; vmm 3 sends UART output to the console; every delivered
 * handler advances RIP by 1 and resumes. Hypercalls (VMCALL RAX):
 *   0x99  the handler returns without a VM entry (a firmware bug)
 *   0x98  the handler logs after its successful RESUME (a firmware bug)
 */
#include <stdio.h>
#include <string.h>

#include "vmms.h"

struct fw_system {
    struct fw_config cfg;
    unsigned handled;
};

size_t fw_system_size(void) { return sizeof(struct fw_system); }

void fw_system_init(struct fw_system *s, const struct fw_config *cfg)
{
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
}

void fw_boot(struct fw_system *s, struct vmxr_hal *h)
{
    hal_log(h, "mock: boot");
    for (unsigned n = 0; n < FW_MAX_VMS; n++)
        if (s->cfg.vm_owner[n])
            hal_reg_write(h, VMXR_OWNER_ADDR(n), s->cfg.vm_owner[n]);
    hal_reg_write(h, VMXR_IOR_RANGE_ADDR(0), 0x03FF03F8u);
    hal_reg_write(h, VMXR_IOR_CTRL_ADDR(0), 0x000003F7u);
    hal_reg_write(h, VMXR_PLAT_ADDR(1), 0x21u);
    hal_reg_write(h, VMXR_IPI_RANGE_ADDR, 0xEFE0u);
    hal_reg_write(h, VMXR_PLAT_ADDR(3), 0x21u);
    if (s->cfg.cpu_nvms[0])
        hal_launch(h, s->cfg.cpu_vms[0][0]);
}

void fw_exit(struct fw_system *s, struct vmxr_hal *h)
{
    const struct vmxr_exit *e = hal_exit_info(h);
    char buf[96];
    s->handled++;
    snprintf(buf, sizeof buf, "mock: reason %u qual 0x%X", e->reason, (unsigned)e->qual);
    hal_log(h, buf);
    if (e->outcome == VMXR_OUTCOME_LOCAL) {
        if (hal_vmm(h) == 0 && e->reason == 4)
            hal_launch(h, e->qual & 0xFu);
        return;
    }
    uint64_t rax = hal_guest_read(h, VMXR_GPR_RAX);
    if (e->reason == 30 && (e->qual >> 16) == 0x3F8 && !(e->qual & 8u))
        hal_console_tx(h, (uint8_t)rax);
    if (e->reason == 30 && (e->qual & 8u))
        hal_guest_write(h, VMXR_GPR_RAX, 0xFFFFFFFFu);
    if (e->reason == 18 && rax == 0x99)
        return;
    hal_guest_write(h, VMXR_GPR_RIP, hal_guest_read(h, VMXR_GPR_RIP) + 1);
    hal_resume(h);
    if (e->reason == 18 && rax == 0x98)
        hal_log(h, "mock: after resume");
}

static const struct vmxr_fw_vmm mock_vmms[] = {
    { 0, VMXR_FW_ROLE_MAIN, "main" },   { 1, VMXR_FW_ROLE_SMI, "SMI" },       { 2, VMXR_FW_ROLE_NMI, "NMI/IPI" },
    { 3, VMXR_FW_ROLE_DEVICE, "device" }, { 4, VMXR_FW_ROLE_OTHER, "vmm4" },  { 5, VMXR_FW_ROLE_OTHER, "vmm5" },
    { 6, VMXR_FW_ROLE_OTHER, "vmm6" },  { 7, VMXR_FW_ROLE_UNUSED, "unused" },
};

VMXR_FW_DEFINE("mock", mock_vmms, fw_system_size, fw_system_init, fw_boot, fw_exit);
