/* Guest VMM (VMM 6): a parallel VMM that owns the VMs fw_config gives it and
 * handles their HOME exits minimally. On its first exit it tries to take
 * what is not its own (SMIs, other VMMs' registers, the locked x2APIC and
 * HPET routes, another VMM's VM); the unit refuses each attempt and the VMM logs the
 * ERR bits it sees (it may read ERR but not clear it). */
#include "fw_fmt.h"
#include "fw_system.h"

static const char guest_vendor[12] = {'V', 'M', 'X', 'R', 'G', 'U', 'E', 'S', 'T', 'V', 'M', 'M'};

static void attempt(struct fw_system *s, struct vmxr_hal *h, const char *what, enum vmxr_drv_err r)
{
    if (r == VMXR_DRV_EREFUSED)
        s->guest.refused++;
    if (r == VMXR_DRV_OK)
        FW_LOG(h, "probe %s: ACCEPTED (isolation broken)", FW_S(what));
    else
        fw_log_drv(h, what, r);
}

/* Returns true when control has left the VMM (the LAUNCH went through). */
static bool misbehave(struct fw_system *s, struct vmxr_hal *h)
{
    unsigned self = hal_vmm(h);
    s->guest.probed = true;
    attempt(s, h, "probe PLAT[SMI] -> self", vmxr_drv_plat_set(h, VMXR_PCLASS_SMI, true, self, false));
    attempt(s, h, "probe SW_USAGE[4] = 0", vmxr_drv_sw_usage_set(h, FW_VMM_WORKER0, 0));
    attempt(s, h, "probe GROUP[0] = {6}", vmxr_drv_group_set(h, 0, 1u << self));
    attempt(s, h, "probe VMM_EN: vmm 1 offline", vmxr_drv_vmm_online(h, FW_VMM_SMI, false));
    /* the locked VMXR-2 entries: the x2APIC MSRs and the HPET page to itself */
    const struct vmxr_drv_key x2apic = {FW_X2APIC_FIRST, FW_X2APIC_LAST, true, VMXR_DRV_KEY_RDMSR | VMXR_DRV_KEY_WRMSR,
                                        0xFu, false, self, false};
    const struct vmxr_drv_mem hpet = {FW_HPET_FRAME, FW_HPET_FRAME, true, true, true, false, 0xFu, self, false};
    attempt(s, h, "probe KEY[0] x2apic msrs -> self", vmxr_drv_key_set(h, FW_KEY_X2APIC, &x2apic));
    attempt(s, h, "probe MEM[0] hpet -> self", vmxr_drv_mem_set(h, FW_MEM_HPET, &hpet));

    unsigned victim = FW_MAX_VMS;
    for (unsigned n = 0; n < FW_MAX_VMS && n < VMXR_NVM; n++)
        if (s->cfg.vm_owner[n] != self) {
            victim = n;
            break;
        }
    if (victim == FW_MAX_VMS) {
        hal_log(h, "probe LAUNCH: every VM is ours, skipped");
        return false;
    }
    int rc = hal_launch(h, victim);
    if (rc == 0)
        return true; /* must not happen; control has left */
    s->guest.refused++;
    struct vmxr_drv_errs err;
    char t[80];
    vmxr_drv_err_get(h, &err);
    fw_err_text(t, sizeof t, &err);
    FW_LOG(h, "probe LAUNCH vm %u (owner %u): refused %s, ERR=%s", FW_U(victim), FW_U(s->cfg.vm_owner[victim]),
           FW_S(fw_errc_name(rc)), FW_S(t));
    return false;
}

void fw_guest_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    s->guest.exits++;
    if (!s->guest.probed && misbehave(s, h))
        return;
    if (!fw_from_vm(e)) {
        FW_LOG(h, "%s reason %u from vmm %u: ignored", FW_S(fw_reason_name(e->reason)), FW_U(e->reason),
               FW_U(fw_from_id(e)));
        fw_finish(h, e);
        return;
    }
    unsigned vm = fw_from_id(e);
    switch (e->reason) {
    case FW_R_CPUID:
        fw_cpuid_exit(h, e, s->cfg.ncpu, guest_vendor);
        break;
    case FW_R_HLT:
        fw_rip_add(h, 1);
        FW_LOG(h, "hlt vm %u: resume", FW_U(vm));
        break;
    case FW_R_IO: {
        unsigned port = e->qual >> 16;
        if (e->qual & 8u) {
            uint64_t rax = hal_guest_read(h, VMXR_GPR_RAX);
            unsigned sz = e->qual & 7u;
            uint64_t m = sz == 3 ? 0xFFFFFFFFull : sz == 1 ? 0xFFFFull : 0xFFull;
            hal_guest_write(h, VMXR_GPR_RAX, sz == 3 ? m : ((rax & ~m) | m));
            FW_LOG(h, "in port 0x%x vm %u: no device, all ones", FW_U(port), FW_U(vm));
        } else {
            FW_LOG(h, "out port 0x%x vm %u = 0x%x: no device, dropped", FW_U(port), FW_U(vm),
                   FW_U(hal_guest_read(h, VMXR_GPR_RAX) & 0xFFFFFFFFu));
        }
        fw_rip_add(h, 1);
        break;
    }
    case FW_R_VMCALL: {
        uint64_t nr = hal_guest_read(h, VMXR_GPR_RAX);
        hal_guest_write(h, VMXR_GPR_RAX, FW_HC_ENOSYS);
        fw_rip_add(h, 3);
        FW_LOG(h, "hypercall %u vm %u: no worker online, -ENOSYS", FW_U(nr), FW_U(vm));
        break;
    }
    case FW_R_RDMSR:
        hal_guest_write(h, VMXR_GPR_RAX, 0);
        hal_guest_write(h, VMXR_GPR_RDX, 0);
        fw_rip_add(h, 2);
        FW_LOG(h, "rdmsr 0x%x vm %u: 0", FW_U(hal_guest_read(h, VMXR_GPR_RCX) & 0xFFFFFFFFu), FW_U(vm));
        break;
    case FW_R_WRMSR:
        fw_rip_add(h, 2);
        FW_LOG(h, "wrmsr 0x%x vm %u: ignored", FW_U(hal_guest_read(h, VMXR_GPR_RCX) & 0xFFFFFFFFu), FW_U(vm));
        break;
    default:
        FW_LOG(h, "%s reason %u vm %u: resume", FW_S(fw_reason_name(e->reason)), FW_U(e->reason), FW_U(vm));
        break;
    }
    fw_finish(h, e);
}
