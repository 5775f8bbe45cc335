/* Main VMM (VMM 0): boots the platform, owns the VMs by default, emulates
 * CPUID, HLT (round-robin scheduling), CR access and a small MSR set,
 * starts the APs on INIT/SIPI, takes VMMs offline/online on management
 * interrupts and handles every fallback from an offline VMM. */
#include "fw_fmt.h"
#include "fw_system.h"

static const char main_vendor[12] = {'V', 'M', 'X', 'R', 'V', 'M', 'X', 'R', 'V', 'M', 'X', 'R'};

/* ---- boot --------------------------------------------------------------- */

/* Counts and logs a configuration step that failed. */
static void step(struct fw_system *s, struct vmxr_hal *h, const char *what, enum vmxr_drv_err r)
{
    if (r == VMXR_DRV_OK)
        return;
    s->main.boot_refused++;
    fw_log_drv(h, what, r);
}

static void program_profile_guest(struct fw_system *s, struct vmxr_hal *h)
{
    const unsigned p = FW_PROF_GUEST;
    step(s, h, "PFEC guest", vmxr_drv_pfec_set(h, p, FW_PF_MASK, FW_PF_MATCH));
    for (unsigned v = 0; v < VMXR_DRV_NEXC; v++)
        step(s, h, "EXC guest", vmxr_drv_exc_set(h, p, v, v == 14, FW_VMM_MAIN));
    for (unsigned r = 0; r < VMXR_DRV_NREASON; r++) {
        if (r == FW_R_EXT_INT) /* the main VMM owns the interrupt controller (management interrupts) */
            step(s, h, "TYPE guest EXT_INT", vmxr_drv_type_set(h, p, r, VMXR_DRV_MODE_FIXED, FW_VMM_MAIN));
        else
            step(s, h, "TYPE guest", vmxr_drv_type_set(h, p, r, VMXR_DRV_MODE_HOME, 0));
    }
}

static void program_profile_vmm(struct fw_system *s, struct vmxr_hal *h)
{
    const unsigned p = FW_PROF_VMM;
    step(s, h, "PFEC vmm", vmxr_drv_pfec_set(h, p, 0, 0));
    for (unsigned v = 0; v < VMXR_DRV_NEXC; v++)
        step(s, h, "EXC vmm", vmxr_drv_exc_set(h, p, v, false, 0));
    for (unsigned r = 0; r < VMXR_DRV_NREASON; r++)
        step(s, h, "TYPE vmm",
             vmxr_drv_type_set(h, p, r, r == FW_R_EXT_INT ? VMXR_DRV_MODE_FIXED : VMXR_DRV_MODE_HOME,
                               r == FW_R_EXT_INT ? FW_VMM_MAIN : 0));
}

static void program_smi_route(struct fw_system *s, struct vmxr_hal *h)
{
    struct vmxr_drv_plat smi;
    vmxr_drv_plat_get(h, VMXR_PCLASS_SMI, &smi);
    if (smi.lock) {
        /* The straps pinned SMIs: show that the main VMM cannot take them. */
        enum vmxr_drv_err r = vmxr_drv_plat_set(h, VMXR_PCLASS_SMI, true, FW_VMM_MAIN, false);
        struct vmxr_drv_errs err;
        char t[80];
        vmxr_drv_err_get(h, &err);
        fw_err_text(t, sizeof t, &err);
        FW_LOG(h, "boot: PLAT[SMI] strap-locked (en %u vmm %u); take-over by vmm 0 %s, ERR=%s", FW_U(smi.en),
               FW_U(smi.vmm), FW_S(r == VMXR_DRV_EREFUSED ? "refused" : "ACCEPTED"), FW_S(t));
        if (r == VMXR_DRV_EREFUSED)
            vmxr_drv_err_clear(h, VMXR_ERR_LOCKED_MASK);
        else
            s->main.boot_refused++;
    } else {
        step(s, h, "PLAT[SMI]", vmxr_drv_plat_set(h, VMXR_PCLASS_SMI, true, FW_VMM_SMI, true));
        hal_log(h, "boot: PLAT[SMI] not strap-locked: routed to vmm 1 and locked");
    }
}

void fw_main_boot(struct fw_system *s, struct vmxr_hal *h)
{
    struct vmxr_drv_params p;
    enum vmxr_drv_err r = vmxr_drv_probe(h, &p);
    if (r == VMXR_DRV_ENODEV && vmxr_drv_reg_read(h, VMXR_ID_ADDR) != VMXR_ID_RESET) {
        hal_log(h, "boot: no VMXR-2 routing unit, halt");
        return;
    }
    FW_LOG(h, "boot: VMXR-%u nior %u nvm %u ncpu %u nvmm %u depth %u nmem %u nkey %u%s", FW_U(p.version), FW_U(p.nior),
           FW_U(p.nvm), FW_U(p.ncpu), FW_U(p.nvmm), FW_U(p.depth), FW_U(p.nmem), FW_U(p.nkey),
           FW_S(r == VMXR_DRV_OK ? "" : " (parameters differ from the firmware's)"));

    /* 2. owners and profiles */
    for (unsigned n = 0; n < VMXR_NVM && n < FW_MAX_VMS; n++) {
        step(s, h, "OWNER", vmxr_drv_owner_set(h, n, s->cfg.vm_owner[n]));
        step(s, h, "VM_PROFILE", vmxr_drv_vm_profile_set(h, n, FW_PROF_GUEST));
    }
    for (unsigned v = 0; v < VMXR_NVMM; v++)
        step(s, h, "VMM_PROFILE", vmxr_drv_vmm_profile_set(h, v, FW_PROF_VMM));

    /* 3. exception and type routes */
    program_profile_guest(s, h);
    program_profile_vmm(s, h);

    /* 4. I/O ranges: the UART pinned to the device VMM, PCI configurable */
    const struct vmxr_drv_ior uart = {FW_UART_BASE, FW_UART_LIMIT, true, true, true, 0xFu, FW_VMM_DEV, true};
    const struct vmxr_drv_ior pci = {FW_PCI_BASE, FW_PCI_LIMIT, true, true, true, 0xFu, FW_VMM_DEV, false};
    step(s, h, "IOR uart", vmxr_drv_ior_set(h, FW_IOR_UART, &uart));
    step(s, h, "IOR pci", vmxr_drv_ior_set(h, FW_IOR_PCI, &pci));

    /* 4a. memory and key ranges: the HPET page to the device VMM and the
     * x2APIC MSRs to the NMI/IPI VMM, both locked; the worker service's
     * hypercall numbers to group 0 (least usage); the hypervisor CPUID
     * leaves to the main VMM */
    const unsigned all = (1u << VMXR_NPROF) - 1u;
    const struct vmxr_drv_mem hpet = {FW_HPET_FRAME, FW_HPET_FRAME, true, true, true, false, all, FW_VMM_DEV, true};
    const struct vmxr_drv_key x2apic = {FW_X2APIC_FIRST, FW_X2APIC_LAST, true, VMXR_DRV_KEY_RDMSR | VMXR_DRV_KEY_WRMSR,
                                        all, false, FW_VMM_NMI, true};
    const struct vmxr_drv_key work = {FW_HC_WORK_FIRST, FW_HC_WORK_LAST, true, VMXR_DRV_KEY_VMCALL, all, true, 0,
                                      false};
    const struct vmxr_drv_key hv = {FW_CPUID_HV_FIRST, FW_CPUID_HV_LAST, true, VMXR_DRV_KEY_CPUID, all, false,
                                    FW_VMM_MAIN, false};
    step(s, h, "MEM hpet", vmxr_drv_mem_set(h, FW_MEM_HPET, &hpet));
    step(s, h, "KEY x2apic", vmxr_drv_key_set(h, FW_KEY_X2APIC, &x2apic));
    step(s, h, "KEY hypercalls", vmxr_drv_key_set(h, FW_KEY_HC_WORK, &work));
    step(s, h, "KEY cpuid", vmxr_drv_key_set(h, FW_KEY_HV_CPUID, &hv));

    /* 5. platform routes */
    program_smi_route(s, h);
    step(s, h, "PLAT[NMI]", vmxr_drv_plat_set(h, VMXR_PCLASS_NMI, true, FW_VMM_NMI, false));
    step(s, h, "PLAT[INIT_SIPI]", vmxr_drv_plat_set(h, VMXR_PCLASS_INIT_SIPI, false, 0, false));
    step(s, h, "PLAT[IPI]", vmxr_drv_plat_set(h, VMXR_PCLASS_IPI, true, FW_VMM_NMI, false));
    step(s, h, "IPI_RANGE", vmxr_drv_ipi_range_set(h, FW_IPI_LO, FW_IPI_HI));

    /* 6. groups, weight, VMMs online */
    step(s, h, "GROUP[0]", vmxr_drv_group_set(h, 0, 1u << FW_VMM_WORKER0 | 1u << FW_VMM_WORKER1));
    for (unsigned g = 1; g < VMXR_GROUP_COUNT; g++)
        step(s, h, "GROUP", vmxr_drv_group_set(h, g, 0));
    step(s, h, "PEND_WEIGHT", vmxr_drv_pend_weight_set(h, 1));
    step(s, h, "VMM_EN", vmxr_drv_vmm_online(h, FW_VMM_UNUSED, false));

    /* 7. lock */
    if (s->cfg.lock)
        step(s, h, "GLOBAL.LOCK", vmxr_drv_global_lock(h));

    /* 8. check */
    struct vmxr_drv_errs err;
    char t[80];
    vmxr_drv_err_get(h, &err);
    fw_err_text(t, sizeof t, &err);
    unsigned en = 0;
    vmxr_drv_vmm_en_get(h, &en);
    FW_LOG(h, "boot: routes programmed, %u refused, VMM_EN 0x%02x, %s, ERR=%s", FW_U(s->main.boot_refused),
           FW_U(en), FW_S(s->cfg.lock ? "locked" : "unlocked"), FW_S(t));
    if (err.raw & VMXR_ERR_W1C)
        vmxr_drv_err_clear(h, err.raw & VMXR_ERR_W1C);

    /* 9. CPU 0's first VM */
    if (s->cfg.cpu_nvms[0] == 0) {
        hal_log(h, "boot: no VM for cpu 0");
        return;
    }
    unsigned vm = s->cfg.cpu_vms[0][0];
    FW_LOG(h, "boot: launch vm %u on cpu 0", FW_U(vm));
    int rc = hal_launch(h, vm);
    if (rc != 0)
        FW_LOG(h, "boot: launch vm %u failed: %s", FW_U(vm), FW_S(fw_errc_name(rc)));
}

/* ---- exits --------------------------------------------------------------- */

static struct fw_vcpu *vcpu_of(struct fw_system *s, const struct vmxr_exit *e)
{
    return &s->main.vcpu[e->cpu % FW_MAX_CPUS][fw_from_id(e) % FW_MAX_VMS];
}

/* HLT: round-robin over the CPU's VMs in fw_config order. */
static void main_hlt(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    unsigned vm = fw_from_id(e), c = e->cpu;
    fw_rip_add(h, 1);
    unsigned n = c < FW_MAX_CPUS ? s->cfg.cpu_nvms[c] : 0;
    if (n > FW_MAX_VMS)
        n = FW_MAX_VMS;
    unsigned i = 0;
    while (i < n && s->cfg.cpu_vms[c][i] != vm)
        i++;
    if (i == n || n < 2 || s->cfg.cpu_vms[c][(i + 1) % n] == vm) {
        FW_LOG(h, "hlt vm %u: %s, resume", FW_U(vm), FW_S(i == n ? "not scheduled here" : "nothing else to run"));
        fw_finish(h, e);
        return;
    }
    unsigned next = s->cfg.cpu_vms[c][(i + 1) % n];
    s->main.hlt_switches++;
    FW_LOG(h, "hlt vm %u: switch to vm %u", FW_U(vm), FW_U(next));
    int rc = hal_launch(h, next);
    if (rc == 0)
        return;
    FW_LOG(h, "launch vm %u failed: %s, resume vm %u", FW_U(next), FW_S(fw_errc_name(rc)), FW_U(vm));
    fw_finish(h, e);
}

/* MOV CR (SDM qualification: [3:0] CR, [5:4] type, [11:8] GPR, [31:16]
 * LMSW data) on the vCPU's shadow control registers. */
static void main_cr(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    struct fw_vcpu *v = vcpu_of(s, e);
    unsigned cr = e->qual & 0xFu, type = (e->qual >> 4) & 3u, gpr = (e->qual >> 8) & 0xFu;
    uint64_t *reg = cr == 0 ? &v->cr0 : cr == 3 ? &v->cr3 : cr == 4 ? &v->cr4 : cr == 8 ? &v->cr8 : NULL;
    static const char *const types[4] = {"mov to", "mov from", "clts", "lmsw"};
    if (type == 2) { /* CLTS */
        v->cr0 &= ~(uint64_t)0x8;
        fw_rip_add(h, 2);
        FW_LOG(h, "clts vm %u: cr0 0x%x", FW_U(fw_from_id(e)), FW_U(v->cr0));
        return;
    }
    if (type == 3) { /* LMSW: CR0[3:0], PE cannot be cleared */
        v->cr0 = (v->cr0 & ~(uint64_t)0xE) | ((e->qual >> 16) & 0xFu) | (v->cr0 & 1u);
        fw_rip_add(h, 3);
        FW_LOG(h, "lmsw vm %u: cr0 0x%x", FW_U(fw_from_id(e)), FW_U(v->cr0));
        return;
    }
    fw_rip_add(h, cr == 8 ? 4 : 3); /* MOV CR8 needs REX.R: 44 0F 22/20 /r */
    if (!reg || gpr >= VMXR_GPR_RIP) {
        FW_LOG(h, "%s cr%u gpr %u vm %u: unsupported, skipped", FW_S(types[type]), FW_U(cr), FW_U(gpr),
               FW_U(fw_from_id(e)));
        return;
    }
    if (type == 0) {
        uint64_t val = hal_guest_read(h, (enum vmxr_gpr)gpr);
        if (cr == 0)
            val |= 0x10u; /* ET is hard-wired */
        if (cr == 8)
            val &= 0xFu; /* the task-priority class */
        *reg = val;
        if (cr == 0) /* EFER.LMA = LME and PG, set and cleared */
            v->efer = (v->efer & ~(uint64_t)0x400) | (((v->efer & 0x100u) && (val & 0x80000000u)) ? 0x400u : 0);
    } else {
        hal_guest_write(h, (enum vmxr_gpr)gpr, *reg);
    }
    FW_LOG(h, "%s cr%u vm %u: 0x%x", FW_S(types[type]), FW_U(cr), FW_U(fw_from_id(e)), FW_U(*reg));
}

static uint64_t *msr_slot(struct fw_vcpu *v, uint32_t msr)
{
    switch (msr) {
    case FW_MSR_APIC_BASE: return &v->apic_base;
    case FW_MSR_EFER: return &v->efer;
    case FW_MSR_PAT: return &v->pat;
    case FW_MSR_MISC_ENABLE: return &v->misc_enable;
    }
    return NULL;
}

static void main_msr(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    struct fw_vcpu *v = vcpu_of(s, e);
    uint32_t msr = (uint32_t)hal_guest_read(h, VMXR_GPR_RCX);
    uint64_t *slot = msr_slot(v, msr);
    uint64_t now = hal_now(h);
    fw_rip_add(h, 2);
    if (e->reason == FW_R_RDMSR) {
        uint64_t val = 0;
        if (msr == FW_MSR_TSC)
            val = now + v->tsc_offset;
        else if (slot)
            val = *slot;
        hal_guest_write(h, VMXR_GPR_RAX, val & 0xFFFFFFFFu);
        hal_guest_write(h, VMXR_GPR_RDX, val >> 32);
        FW_LOG(h, "rdmsr 0x%x vm %u: 0x%x%s", FW_U(msr), FW_U(fw_from_id(e)), FW_U(val),
               FW_S(slot || msr == FW_MSR_TSC ? "" : " (unknown msr)"));
        return;
    }
    uint64_t val = (hal_guest_read(h, VMXR_GPR_RDX) << 32) | (hal_guest_read(h, VMXR_GPR_RAX) & 0xFFFFFFFFu);
    if (msr == FW_MSR_TSC) {
        v->tsc_offset = val - now;
    } else if (msr == FW_MSR_EFER) {
        /* LMA is read-only: LME with CR0.PG */
        v->efer = (val & ~(uint64_t)0x400) | (((val & 0x100u) && (v->cr0 & 0x80000000u)) ? 0x400u : 0);
    } else if (msr == FW_MSR_APIC_BASE) {
        /* base [35:12], EN [11], EXTD [10] writable; BSP [8] read-only */
        v->apic_base = (val & 0xFFFFFFC00ull) | (v->apic_base & 0x100u);
    } else if (slot) {
        *slot = val;
    }
    FW_LOG(h, "wrmsr 0x%x vm %u: 0x%x%s", FW_U(msr), FW_U(fw_from_id(e)), FW_U(val),
           FW_S(slot || msr == FW_MSR_TSC ? "" : " (unknown msr, ignored)"));
}

/* INIT and SIPI. On an idle AP (the event is LOCAL to VMM 0, which runs
 * there since reset) INIT arms the CPU and SIPI launches the VM named by
 * the start vector's low 4 bits. A CPU already running a VM ignores both,
 * as a CPU outside wait-for-SIPI does. */
static void main_init_sipi(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    unsigned c = e->cpu % FW_MAX_CPUS;
    if (fw_from_vm(e)) {
        FW_LOG(h, "%s on cpu %u running vm %u: ignored", FW_S(fw_reason_name(e->reason)), FW_U(e->cpu),
               FW_U(fw_from_id(e)));
        fw_finish(h, e);
        return;
    }
    if (e->reason == FW_R_INIT) {
        s->main.cpu[c].wait_sipi = true;
        FW_LOG(h, "init cpu %u: wait for sipi", FW_U(e->cpu));
        fw_finish(h, e);
        return;
    }
    unsigned vm = e->qual & 0xFu;
    FW_LOG(h, "sipi cpu %u vector 0x%02x: launch vm %u%s", FW_U(e->cpu), FW_U(e->qual & 0xFFu), FW_U(vm),
           FW_S(s->main.cpu[c].wait_sipi ? "" : " (no init seen)"));
    s->main.cpu[c].wait_sipi = false;
    int rc = hal_launch(h, vm);
    if (rc == 0) {
        s->main.cpu[c].started = true;
        return;
    }
    FW_LOG(h, "sipi: launch vm %u failed: %s", FW_U(vm), FW_S(fw_errc_name(rc)));
    fw_finish(h, e);
}

/* Management interrupts: 0x40 + v takes VMM v offline, 0x48 + v online. */
static void main_mgmt(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    (void)s;
    unsigned v = e->vector & 7u;
    bool online = e->vector >= FW_MGMT_ONLINE;
    char what[48];
    FW_FMT(what, sizeof what, "mgmt: vmm %u %s", FW_U(v), FW_S(online ? "online" : "offline"));
    if (v == FW_VMM_MAIN) {
        FW_LOG(h, "%s: ignored, the main VMM is always online", FW_S(what));
    } else {
        enum vmxr_drv_err r = vmxr_drv_vmm_online(h, v, online);
        if (r == VMXR_DRV_OK) {
            unsigned en = 0;
            vmxr_drv_vmm_en_get(h, &en);
            FW_LOG(h, "%s: VMM_EN 0x%02x", FW_S(what), FW_U(en));
        } else {
            fw_log_drv(h, what, r);
            vmxr_drv_err_clear(h, VMXR_ERR_W1C);
        }
    }
    fw_finish(h, e);
}

static bool in_ipi_range(struct vmxr_hal *h, unsigned vector)
{
    unsigned lo = 0, hi = 0;
    vmxr_drv_ipi_range_get(h, &lo, &hi);
    return lo <= vector && vector <= hi;
}

static void main_pf(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    uint32_t ec = e->errcode;
    char bits[40];
    FW_FMT(bits, sizeof bits, "%s%s%s%s", FW_S(ec & FW_PFEC_W ? " write" : " read"),
           FW_S(ec & FW_PFEC_U ? " user" : " supervisor"), FW_S(ec & FW_PFEC_RSVD ? " rsvd" : ""),
           FW_S(ec & FW_PFEC_ID ? " fetch" : ""));
    if (ec & FW_PFEC_P) {
        s->main.pf_prot++;
        FW_LOG(h, "#pf vm %u addr 0x%x ec 0x%x%s: protection violation #%u, recorded", FW_U(fw_from_id(e)),
               FW_U(e->qual), FW_U(ec), FW_S(bits), FW_U(s->main.pf_prot));
    } else {
        s->main.pf_demand++;
        FW_LOG(h, "#pf vm %u addr 0x%x ec 0x%x%s: not present, page 0x%x mapped", FW_U(fw_from_id(e)),
               FW_U(e->qual), FW_U(ec), FW_S(bits), FW_U(e->qual & ~0xFFFu));
    }
    fw_finish(h, e);
}

/* A hypercall that reached the main VMM (no worker online, or a fallback):
 * the work is done at once, so the queue depth returned is 0. */
static void main_vmcall(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    uint64_t nr = hal_guest_read(h, VMXR_GPR_RAX), arg = hal_guest_read(h, VMXR_GPR_RBX);
    s->main.hypercalls++;
    if (nr == FW_HC_WORK) {
        hal_guest_write(h, VMXR_GPR_RAX, 0);
        FW_LOG(h, "hypercall work %u unit(s) vm %u: done inline, depth 0", FW_U(arg), FW_U(fw_from_id(e)));
    } else {
        hal_guest_write(h, VMXR_GPR_RAX, FW_HC_ENOSYS);
        FW_LOG(h, "hypercall %u vm %u: unknown, -ENOSYS", FW_U(nr), FW_U(fw_from_id(e)));
    }
    fw_rip_add(h, 3);
    fw_finish(h, e);
}

static void main_io(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    unsigned port = e->qual >> 16;
    if (fw_dev_claims(port)) { /* the device VMM's ports (fallback) */
        fw_dev_io(&s->dev, h, e);
        fw_finish(h, e);
        return;
    }
    unsigned sz = e->qual & 7u;
    uint64_t m = sz == 3 ? 0xFFFFFFFFull : sz == 1 ? 0xFFFFull : 0xFFull;
    uint64_t rax = hal_guest_read(h, VMXR_GPR_RAX);
    if (e->qual & 8u) {
        hal_guest_write(h, VMXR_GPR_RAX, sz == 3 ? m : (rax | m));
        FW_LOG(h, "in  0x%x vm %u: no device, all ones", FW_U(port), FW_U(fw_from_id(e)));
    } else {
        FW_LOG(h, "out 0x%x vm %u = 0x%x: %s", FW_U(port), FW_U(fw_from_id(e)), FW_U(rax & m),
               FW_S(port == 0x80 ? "POST code" : "no device, dropped"));
    }
    fw_rip_add(h, 1);
    fw_finish(h, e);
}

void fw_main_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->rule == VMXR_RULE_FALLBACK) {
        s->main.fallbacks++;
        FW_LOG(h, "fallback for offline vmm %u: %s reason %u", FW_U(e->idx), FW_S(fw_reason_name(e->reason)),
               FW_U(e->reason));
    }
    /* Platform events first: they may come from a VMM context. */
    if (e->reason == FW_R_IO_SMI || e->reason == FW_R_SMI) {
        fw_smi_handle(&s->smi, h, e);
        fw_finish(h, e);
        return;
    }
    if ((e->reason == FW_R_EXC_NMI && e->itype == 2) ||
        (e->reason == FW_R_EXT_INT && e->itype == 0 && in_ipi_range(h, e->vector))) {
        fw_nmi_handle(&s->nmi, h, e);
        fw_finish(h, e);
        return;
    }
    if (e->reason == FW_R_EXT_INT && e->vector >= FW_MGMT_OFFLINE && e->vector < FW_MGMT_ONLINE + 8) {
        main_mgmt(s, h, e);
        return;
    }
    if (e->reason == FW_R_INIT || e->reason == FW_R_SIPI) {
        main_init_sipi(s, h, e);
        return;
    }
    /* The NMI/IPI VMM's x2APIC MSRs and the device VMM's MMIO pages
     * (fallback): the same code and state as theirs. */
    if ((e->reason == FW_R_RDMSR || e->reason == FW_R_WRMSR) && fw_from_vm(e) &&
        e->qual >= FW_X2APIC_FIRST && e->qual <= FW_X2APIC_LAST) {
        fw_x2apic_msr(&s->nmi, h, e);
        fw_finish(h, e);
        return;
    }
    if (e->reason == FW_R_EPT && fw_from_vm(e) && fw_dev_mmio_claims(e->gpa)) {
        fw_dev_mmio(&s->dev, h, e);
        fw_finish(h, e);
        return;
    }
    if (!fw_from_vm(e)) {
        FW_LOG(h, "%s reason %u in vmm %u: ignored", FW_S(fw_reason_name(e->reason)), FW_U(e->reason),
               FW_U(fw_from_id(e)));
        fw_finish(h, e);
        return;
    }
    switch (e->reason) {
    case FW_R_EXC_NMI:
        if (e->vector == 14 && (e->itype == 3 || e->itype == 5 || e->itype == 6)) {
            main_pf(s, h, e);
            return;
        }
        FW_LOG(h, "exception vector %u type %u vm %u ec 0x%x: resume", FW_U(e->vector), FW_U(e->itype),
               FW_U(fw_from_id(e)), FW_U(e->errcode));
        break;
    case FW_R_EXT_INT:
        FW_LOG(h, "interrupt vector 0x%x vm %u: no handler, resume", FW_U(e->vector), FW_U(fw_from_id(e)));
        break;
    case FW_R_CPUID: fw_cpuid_exit(h, e, s->cfg.ncpu, main_vendor); break;
    case FW_R_HLT: main_hlt(s, h, e); return;
    case FW_R_VMCALL: main_vmcall(s, h, e); return;
    case FW_R_CR: main_cr(s, h, e); break;
    case FW_R_IO: main_io(s, h, e); return;
    case FW_R_RDMSR:
    case FW_R_WRMSR: main_msr(s, h, e); break;
    default:
        /* Unhandled exits (docs/firmware-vmms.md): logged with every field
         * and skipped, i.e. the guest resumes at its next instruction. A
         * #UD injection would need an event-injection HAL call, which the
         * firmware interface (version 1) does not have. */
        s->main.unhandled++;
        if (e->reason == FW_R_EPT)
            FW_LOG(h, "unhandled ept violation gpa 0x%x qual 0x%x vm %u: skipped", FW_U(e->gpa), FW_U(e->qual),
                   FW_U(fw_from_id(e)));
        else
            FW_LOG(h, "unhandled exit reason %u qual 0x%x itype %u vec 0x%x ec 0x%x vm %u: skipped", FW_U(e->reason),
                   FW_U(e->qual), FW_U(e->itype), FW_U(e->vector), FW_U(e->errcode), FW_U(fw_from_id(e)));
        break;
    }
    fw_finish(h, e);
}
