/* Firmware descriptor checks (contract in platform.h; the interface is
 * firmware/vmxr_fw.h). */
#include <stdio.h>
#include <string.h>

#include "platform.h"

const char *vmxr_fw_check(const struct vmxr_fw *fw, char *buf, size_t cap)
{
    if (!fw) {
        snprintf(buf, cap, "no firmware descriptor");
        return buf;
    }
    if (fw->abi != VMXR_FW_ABI_VERSION) {
        snprintf(buf, cap, "firmware ABI version %u, this platform runs version %u (rebuild the firmware against "
                 "the vmxr_fw.h installed with this vmxr)", fw->abi, VMXR_FW_ABI_VERSION);
        return buf;
    }
    if (fw->size != sizeof *fw) {
        snprintf(buf, cap, "firmware descriptor of %u bytes, ABI version %u has %zu", fw->size, fw->abi, sizeof *fw);
        return buf;
    }
    if (!fw->system_size || !fw->system_init || !fw->boot || !fw->exit) {
        snprintf(buf, cap, "firmware descriptor without an entry point (system_size, system_init, boot, exit)");
        return buf;
    }
    if (!fw->vmms || fw->nvmm == 0 || fw->nvmm > FW_MAX_VMMS) {
        snprintf(buf, cap, "firmware VMM table of %u entries (1 to %u)", fw->nvmm, FW_MAX_VMMS);
        return buf;
    }
    bool seen[FW_MAX_VMMS] = { false };
    for (unsigned i = 0; i < fw->nvmm; i++) {
        const struct vmxr_fw_vmm *v = &fw->vmms[i];
        if (v->vmm >= FW_MAX_VMMS || seen[v->vmm]) {
            snprintf(buf, cap, "firmware VMM table entry %u: vmm %u %s", i, v->vmm,
                     v->vmm >= FW_MAX_VMMS ? "out of range (0-7)" : "listed twice");
            return buf;
        }
        seen[v->vmm] = true;
        size_t l = v->name ? strnlen(v->name, FW_VMM_NAME_MAX + 1) : 0;
        bool printable = l > 0 && l <= FW_VMM_NAME_MAX;
        for (size_t k = 0; printable && k < l; k++)
            printable = v->name[k] > 0x20 && v->name[k] < 0x7F;
        if (!printable) {
            snprintf(buf, cap, "firmware VMM table entry %u (vmm %u): the name must be 1 to %u printable characters "
                     "without blanks", i, v->vmm, FW_VMM_NAME_MAX);
            return buf;
        }
    }
    if (!fw->name || !*fw->name) {
        snprintf(buf, cap, "firmware descriptor without a name");
        return buf;
    }
    if (!seen[0]) {
        snprintf(buf, cap, "firmware VMM table has no vmm 0 (the platform boots vmm 0)");
        return buf;
    }
    return NULL;
}

const struct vmxr_fw_vmm *vmxr_fw_vmm_of(const struct vmxr_fw *fw, unsigned vmm)
{
    for (unsigned i = 0; i < fw->nvmm; i++)
        if (fw->vmms[i].vmm == vmm)
            return &fw->vmms[i];
    return NULL;
}
