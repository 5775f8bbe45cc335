/* Every VMM's handler on exits routed by the transaction-level core after
 * the main VMM's boot: main (boot, CPUID, HLT, CR, MSR, INIT/SIPI,
 * management, #PF, fallback), SMI, NMI/IPI (x2APIC MSRs by KEY), workers
 * (hypercalls by KEY GRP), guest VMM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fw_system.h"
#include "fw_test_hal.h"

/* The last CPU: an idle AP in a fresh setup (CPU 2 by default; the tests
 * need NCPU >= 2). */
#define CPU_X (VMXR_NCPU - 1u)
#if VMXR_NCPU < 2
#error "test_fw_vmms needs NCPU >= 2"
#endif

struct env {
    struct vmxr_hal *h;
    struct fw_system *s;
    struct fw_config cfg;
};

/* CPU 0 runs VMs 0, 1, 2 (VM 2 and VM 5 belong to the guest VMM); CPU 1
 * is an AP started by SIPI; CPU 2 runs VM 4 alone. */
static int setup_cfg(void **state, bool lock)
{
    struct env *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    e->h = calloc(1, sizeof *e->h);
    e->s = calloc(1, fw_system_size());
    if (!e->h || !e->s)
        return -1;
    e->cfg.ncpu = VMXR_NCPU < 3 ? VMXR_NCPU : 3;
    e->cfg.cpu_nvms[0] = 3;
    e->cfg.cpu_vms[0][0] = 0;
    e->cfg.cpu_vms[0][1] = 1;
    e->cfg.cpu_vms[0][2] = 2;
    e->cfg.cpu_nvms[1] = 1;
    e->cfg.cpu_vms[1][0] = 3;
    if (CPU_X > 1) {
        e->cfg.cpu_nvms[CPU_X] = 1;
        e->cfg.cpu_vms[CPU_X][0] = 4;
    }
    e->cfg.vm_owner[2] = FW_VMM_GUEST;
    e->cfg.vm_owner[5] = FW_VMM_GUEST;
    e->cfg.lock = lock;
    fw_test_reset(e->h, true, FW_VMM_SMI, true);
    fw_system_init(e->s, &e->cfg);
    fw_boot(e->s, e->h);
    *state = e;
    return 0;
}

static int setup(void **state) { return setup_cfg(state, false); }
static int setup_locked(void **state) { return setup_cfg(state, true); }

static int teardown(void **state)
{
    struct env *e = *state;
    free(e->s);
    free(e->h);
    free(e);
    return 0;
}

/* Raises an event and runs the receiving VMM's handler; returns the VMM. */
static void exit_to(struct env *e, unsigned cpu, unsigned reason, uint32_t qual, unsigned itype, unsigned vector,
                        uint32_t ec)
{
    struct vmxr_hal *h = e->h;
    unsigned out = fw_test_event(h, cpu, reason, qual, itype, vector, ec);
    assert_true(out == VMXR_OUTCOME_DELIVER || out == VMXR_OUTCOME_LOCAL);
    fw_test_arm(h);
    fw_exit(e->s, h);
    assert_int_equal(h->after_left, 0);
}

static void regs(struct vmxr_hal *h, uint64_t rax, uint64_t rbx, uint64_t rcx, uint64_t rdx)
{
    h->gpr[VMXR_GPR_RAX] = rax;
    h->gpr[VMXR_GPR_RBX] = rbx;
    h->gpr[VMXR_GPR_RCX] = rcx;
    h->gpr[VMXR_GPR_RDX] = rdx;
    h->gpr[VMXR_GPR_RIP] = 0x1000;
}

/* ---- boot ---------------------------------------------------------------- */

static void test_boot(void **state)
{
    struct env *e = *state;
    struct vmxr_cfg *c = &e->h->st.cfg;
    assert_int_equal(e->s->main.boot_refused, 0);
    assert_int_equal(c->owner[2], FW_VMM_GUEST);
    assert_int_equal(c->owner[1], 0);
    assert_int_equal(c->vmm_profile[3], FW_PROF_VMM);
    assert_int_equal(c->type[FW_PROF_GUEST][18], 0u); /* HOME: KEY[1] takes the worker service's numbers */
    assert_int_equal(c->type[FW_PROF_GUEST][10], 0u); /* HOME */
    /* VMXR-2: the HPET page to the device VMM and the x2APIC MSRs to the
     * NMI/IPI VMM, locked; hypercalls 1-0xFF to group 0; the hypervisor
     * CPUID leaves to the main VMM */
    assert_int_equal(c->mem_base[FW_MEM_HPET], 0xFED00u);
    assert_int_equal(c->mem_limit[FW_MEM_HPET], 0xFED00u);
    assert_int_equal(c->mem_ctrl[FW_MEM_HPET], 0x800003F7u);
    assert_int_equal(c->key_base[FW_KEY_X2APIC], 0x800u);
    assert_int_equal(c->key_limit[FW_KEY_X2APIC], 0x8FFu);
    assert_int_equal(c->key_ctrl[FW_KEY_X2APIC], 0x800C02F1u);
    assert_int_equal(c->key_base[FW_KEY_HC_WORK], 1u);
    assert_int_equal(c->key_limit[FW_KEY_HC_WORK], 0xFFu);
    assert_int_equal(c->key_ctrl[FW_KEY_HC_WORK], 0x000208F1u);
    assert_int_equal(c->key_base[FW_KEY_HV_CPUID], 0x40000000u);
    assert_int_equal(c->key_limit[FW_KEY_HV_CPUID], 0x400000FFu);
    assert_int_equal(c->key_ctrl[FW_KEY_HV_CPUID], 0x000100F1u);
    assert_int_equal(c->group[0], 0x30u);
    assert_int_equal(c->exc[FW_PROF_GUEST][1], 0x08000000u); /* #PF: EN, VMM 0 */
    assert_int_equal(c->pfec_mask[FW_PROF_GUEST], 1);
    assert_int_equal(c->pfec_match[FW_PROF_GUEST], 1);
    assert_int_equal(c->plat[0], 0x80000011u); /* the straps, untouched */
    assert_int_equal(c->plat[1], 0x21u);
    assert_int_equal(c->plat[3], 0x21u);
    assert_int_equal(c->ipi_range, 0xEFE0u);
    assert_int_equal(c->ior_range[0], 0x03FF03F8u);
    assert_int_equal(c->ior_ctrl[0], 0x800003F7u);
    assert_int_equal(c->ior_range[1], 0x0CFF0CF8u);
    assert_int_equal(c->ior_ctrl[1], 0x000003F7u);
    assert_int_equal(c->vmm_en, 0x7Fu);
    assert_int_equal(c->global, 0);
    assert_int_equal(c->err & 0x1F, 0); /* the demonstration's LOCKED was cleared */
    assert_true(fw_test_log_has(e->h, "PLAT[SMI] strap-locked (en 1 vmm 1); take-over by vmm 0 refused"));
    assert_int_equal(e->h->launches, 1);
    assert_int_equal(fw_test_cur(e->h, 0), 0x00); /* vm 0 */
}

static void test_boot_locked(void **state)
{
    struct env *e = *state;
    assert_int_equal(e->h->st.cfg.global, 1);
    assert_int_equal(e->s->main.boot_refused, 0);
    /* management interrupts now fail: VMM_EN is a G register */
    regs(e->h, 0, 0, 0, 0);
    exit_to(e, 0, 1, 0, 0, 0x44, 0);
    assert_int_equal(e->h->st.cfg.vmm_en, 0x7Fu);
    assert_true(fw_test_log_has(e->h, "mgmt: vmm 4 offline: refused, ERR=0x2 LOCKED"));
    assert_int_equal(e->h->resumes, 1);
}

/* ---- main VMM ------------------------------------------------------------ */

static void test_cpuid(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 10, 0, 0, 0, 0);
    assert_int_equal(h->vmm, 0);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1002);
    assert_int_equal(h->gpr[VMXR_GPR_RBX], 0x756E6547u); /* "Genu" */
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 0x49656E69u); /* "ineI" */
    assert_int_equal(h->gpr[VMXR_GPR_RCX], 0x6C65746Eu); /* "ntel" */
    regs(h, 1, 0, 0, 0);
    exit_to(e, 0, 10, 0, 0, 0, 0);
    assert_true(h->gpr[VMXR_GPR_RCX] & (1u << 31)); /* hypervisor present */
    assert_false(h->gpr[VMXR_GPR_RCX] & (1u << 5)); /* no VMX for guests */
    assert_int_equal(h->gpr[VMXR_GPR_RBX] >> 16 & 0xFF, e->cfg.ncpu); /* CPUs */
    regs(h, 0x40000000u, 0, 0, 0);
    exit_to(e, 0, 10, 0x40000000u, 0, 0, 0); /* the leaf in qual: KEY[2] */
    assert_int_equal(h->exit.rule, VMXR_RULE_KEY);
    assert_int_equal(h->exit.idx, FW_KEY_HV_CPUID);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x40000000u);
    assert_int_equal(h->gpr[VMXR_GPR_RBX], 0x52584D56u); /* "VMXR" */
    assert_int_equal(h->gpr[VMXR_GPR_RCX], 0x52584D56u);
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 0x52584D56u);
    regs(h, 7, 1, 2, 3);
    exit_to(e, 0, 10, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX] | h->gpr[VMXR_GPR_RBX] | h->gpr[VMXR_GPR_RCX] | h->gpr[VMXR_GPR_RDX], 0);
    /* extended leaves: long mode, NX and SYSCALL, as EFER is emulated */
    regs(h, 0x80000000u, 0, 0, 0);
    exit_to(e, 0, 10, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x80000001u);
    regs(h, 0x80000001u, 0, 0, 0);
    exit_to(e, 0, 10, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 1u << 29 | 1u << 20 | 1u << 11);
}

static void test_hlt_round_robin(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 12, 0, 0, 0, 0); /* vm 0 halts: vm 1 next */
    assert_int_equal(h->launches, 1);
    assert_int_equal(h->last_vm, 1);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1001);
    assert_int_equal(fw_test_cur(h, 0), 1);
    assert_int_equal(h->st.cpu[0].depth, 0); /* the switch popped vm 0's entry */
    exit_to(e, 0, 12, 0, 0, 0, 0); /* vm 1: vm 2 (the guest VMM's; vmm 0 may launch it) */
    assert_int_equal(h->last_vm, 2);
    exit_to(e, 0, 12, 0, 0, 0, 0); /* vm 2's HLT goes home to the guest VMM: resume */
    assert_int_equal(h->vmm, FW_VMM_GUEST);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(fw_test_cur(h, 0), 2);
    /* a CPU with one VM resumes it */
    unsigned vx = e->cfg.cpu_vms[CPU_X][0];
    char line[64];
    snprintf(line, sizeof line, "hlt vm %u: nothing else to run, resume", vx);
    assert_int_equal(fw_test_launch(h, CPU_X, vx), VMXR_OUTCOME_LAUNCHED);
    exit_to(e, CPU_X, 12, 0, 0, 0, 0);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->launches, 0);
    assert_true(fw_test_log_has(h, line));
    assert_int_equal(e->s->main.hlt_switches, 2);
}

static void test_cr_access(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    regs(h, 0, 0x123000, 0, 0);
    exit_to(e, 0, 28, 0x303, 0, 0, 0); /* mov cr3, rbx */
    assert_int_equal(e->s->main.vcpu[0][0].cr3, 0x123000);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1003);
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 28, 0x013, 0, 0, 0); /* mov rax, cr3 */
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x123000);
    regs(h, 0, 0, 0x80000001u, 0);
    exit_to(e, 0, 28, 0x100, 0, 0, 0); /* mov cr0, rcx: ET stays set */
    assert_int_equal(e->s->main.vcpu[0][0].cr0, 0x80000011u);
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 28, 0x204, 0, 0, 0); /* mov rdx, cr4 */
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 0);
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 28, 0x020, 0, 0, 0); /* clts */
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1002);
    assert_int_equal(e->s->main.vcpu[1][0].cr0, 0x60000010u); /* other vCPUs untouched */
    /* MOV CR8 is 4 bytes (REX.R) and holds the 4-bit task-priority class */
    regs(h, 0xFFFF, 0, 0, 0);
    exit_to(e, 0, 28, 0x008, 0, 0, 0); /* mov cr8, rax */
    assert_int_equal(e->s->main.vcpu[0][0].cr8, 0xF);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1004);
    /* EFER.LMA = LME and CR0.PG, both ways */
    regs(h, 0x100, 0, FW_MSR_EFER, 0);
    exit_to(e, 0, 32, 0, 0, 0, 0); /* wrmsr EFER.LME (PG is set above) */
    assert_int_equal(e->s->main.vcpu[0][0].efer, 0x500);
    regs(h, 0, 0, 0x11, 0);
    exit_to(e, 0, 28, 0x100, 0, 0, 0); /* mov cr0, rcx: PG off */
    assert_int_equal(e->s->main.vcpu[0][0].efer, 0x100);
    regs(h, 0, 0, 0x80000011u, 0);
    exit_to(e, 0, 28, 0x100, 0, 0, 0); /* PG on again */
    assert_int_equal(e->s->main.vcpu[0][0].efer, 0x500);
}

static void test_msr(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    h->now = 1000;
    regs(h, 0, 0, FW_MSR_TSC, 0);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 1000);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1002);
    regs(h, 0, 0, FW_MSR_TSC, 1); /* TSC := 1 << 32 */
    exit_to(e, 0, 32, 0, 0, 0, 0);
    h->now = 1500;
    regs(h, 0, 0, FW_MSR_TSC, 0);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 1);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 500);
    regs(h, 0, 0, FW_MSR_APIC_BASE, 0);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xFEE00900u); /* BSP, enabled */
    regs(h, 0xFED00000u | 0xC45u, 0, FW_MSR_APIC_BASE, 0); /* EN, EXTD; reserved bits and BSP clear: ignored */
    exit_to(e, 0, 32, 0, 0, 0, 0);
    regs(h, 0, 0, FW_MSR_APIC_BASE, 0);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xFED00000u | 0xC00u | 0x100u);
    regs(h, 0x900, 0, FW_MSR_EFER, 0);                    /* LME | NXE */
    exit_to(e, 0, 32, 0, 0, 0, 0);
    regs(h, 0, 0, FW_MSR_EFER, 0);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x900); /* LMA needs CR0.PG */
    regs(h, 0x06, 0x07, FW_MSR_PAT, 0x00070406u);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 0x00070406u);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x00070406u);
    regs(h, 0xAB, 0, 0xDEAD, 0);
    exit_to(e, 0, 31, 0, 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0);
    assert_true(fw_test_log_has(h, "rdmsr 0xdead vm 0: 0x0 (unknown msr)"));
}

static void test_init_sipi(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    exit_to(e, 1, 3, 0, 0, 0, 0); /* INIT on the idle AP: LOCAL to vmm 0 */
    assert_int_equal(h->exit.outcome, VMXR_OUTCOME_LOCAL);
    assert_int_equal(h->entries, 0);
    assert_true(e->s->main.cpu[1].wait_sipi);
    exit_to(e, 1, 4, 0x93, 0, 0, 0); /* SIPI vector 0x93: vm 3 */
    assert_int_equal(h->launches, 1);
    assert_int_equal(h->last_vm, 3);
    assert_int_equal(fw_test_cur(h, 1), 3);
    assert_true(e->s->main.cpu[1].started);
    /* a second SIPI finds the CPU running: ignored */
    exit_to(e, 1, 4, 0x93, 0, 0, 0);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->launches, 0);
    assert_true(fw_test_log_has(h, "sipi on cpu 1 running vm 3: ignored"));
}

static void test_mgmt_and_fallback(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 1, 0, 0, 0x42, 0); /* vmm 2 offline */
    assert_int_equal(h->st.cfg.vmm_en, 0x7Bu);
    assert_int_equal(h->resumes, 1);
    exit_to(e, 0, 0, 0, 2, 2, 0); /* NMI: PLAT -> 2, offline -> main */
    assert_int_equal(h->vmm, 0);
    assert_int_equal(h->exit.rule, VMXR_RULE_FALLBACK);
    assert_int_equal(e->s->nmi.nmis, 1);
    assert_int_equal(e->s->main.fallbacks, 1);
    assert_true(fw_test_log_has(h, "fallback for offline vmm 2"));
    exit_to(e, 0, 1, 0, 0, 0x4A, 0); /* back online */
    assert_int_equal(h->st.cfg.vmm_en, 0x7Fu);
    exit_to(e, 0, 1, 0, 0, 0x41, 0); /* vmm 1 carries a locked PLAT: refused */
    assert_int_equal(h->st.cfg.vmm_en, 0x7Fu);
    assert_true(fw_test_log_has(h, "mgmt: vmm 1 offline: refused, ERR=0x2 LOCKED"));
    assert_int_equal(h->st.cfg.err & 0x1F, 0); /* the main VMM cleared it */
    exit_to(e, 0, 1, 0, 0, 0x40, 0);
    assert_true(fw_test_log_has(h, "main VMM is always online"));
    /* device VMM offline: the main VMM drives the UART itself */
    exit_to(e, 0, 1, 0, 0, 0x43, 0);
    regs(h, 'Z', 0, 0, 0);
    exit_to(e, 0, 30, fw_test_ioq(0x3F8, 1, false), 0, 0, 0);
    assert_int_equal(h->exit.rule, VMXR_RULE_FALLBACK);
    assert_int_equal(h->ncon, 1);
    assert_int_equal(h->console[0], 'Z');
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1001);
}

static void test_pf_policy(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    regs(h, 0, 0, 0, 0);
    exit_to(e, 0, 0, 0xC0DE123, 3, 14, 0x3); /* present, write: protection violation */
    assert_int_equal(h->exit.rule, VMXR_RULE_EXC);
    assert_int_equal(e->s->main.pf_prot, 1);
    exit_to(e, 0, 0, 0x5000, 3, 14, 0x2); /* not present: home */
    assert_int_equal(h->exit.rule, VMXR_RULE_HOME);
    assert_int_equal(e->s->main.pf_demand, 1);
    assert_true(fw_test_log_has(h, "#pf vm 0 addr 0xc0de123 ec 0x3 write supervisor: protection violation #1"));
    /* the guest VMM's VM: protection violations still go to the main VMM */
    assert_int_equal(fw_test_launch(h, CPU_X, 2), VMXR_OUTCOME_LAUNCHED);
    exit_to(e, CPU_X, 0, 0x7000, 3, 14, 0x7);
    assert_int_equal(h->vmm, 0);
    exit_to(e, CPU_X, 0, 0x7000, 3, 14, 0x6);
    assert_int_equal(h->vmm, FW_VMM_GUEST);
}

/* ---- SMI, NMI/IPI --------------------------------------------------------- */

static void test_smi_vmm(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    regs(h, 0xF1, 0, 0, 0);
    exit_to(e, 0, 5, fw_test_ioq(0xB2, 1, false), 0, 0, 0);
    assert_int_equal(h->vmm, FW_VMM_SMI);
    assert_int_equal(h->exit.rule, VMXR_RULE_PLAT);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1001);
    assert_int_equal(e->s->smi.io_smis, 1);
    assert_true(e->s->smi.acpi_enabled);
    assert_true(fw_test_log_has(h, "io-smi #1 port 0xb2 cmd 0xf1 acpi-enable, acpi on"));
    regs(h, 0x42, 0, 0, 0);
    exit_to(e, 0, 6, 0, 0, 0, 0); /* timer SMI */
    assert_int_equal(h->vmm, FW_VMM_SMI);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1000);
    assert_int_equal(e->s->smi.timer_smis, 1);
}

static void test_smi_inject(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    assert_int_equal(fw_test_event(h, 0, 6, 0, 0, 0, 0), VMXR_OUTCOME_DELIVER);
    struct vmxr_exit first = h->exit;
    assert_int_equal(fw_test_event(h, 0, 6, 0, 0, 0, 0), VMXR_OUTCOME_PENDED);
    h->exit = first;
    h->vmm = FW_VMM_SMI;
    fw_test_arm(h);
    fw_exit(e->s, h); /* resumes vm 0; the pended SMI is injected */
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->ndec, 2);
    assert_int_equal(h->dec[1].op, VMXR_OP_INJECT);
    assert_int_equal(h->exit.op, VMXR_OP_INJECT);
    assert_int_equal(h->vmm, FW_VMM_SMI);
    fw_test_arm(h);
    fw_exit(e->s, h);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(e->s->smi.timer_smis, 2);
    assert_int_equal(e->s->smi.injected, 1);
    assert_int_equal(fw_test_cur(h, 0), 0);
    assert_true(fw_test_log_has(h, "smi #2 (injected after pend) from vm 0"));
}

static void test_nmi_ipi_vmm(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    exit_to(e, 0, 0, 0, 2, 2, 0);
    assert_int_equal(h->vmm, FW_VMM_NMI);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(e->s->nmi.nmis, 1);
    exit_to(e, 0, 1, 0, 0, 0xE3, 0);
    assert_int_equal(h->vmm, FW_VMM_NMI);
    assert_int_equal(h->exit.rule, VMXR_RULE_PLAT);
    assert_int_equal(e->s->nmi.ipis, 1);
    assert_int_equal(e->s->nmi.ipi_vec[3], 1);
    assert_true(fw_test_log_has(h, "ipi #1 vector 0xe3 on cpu 0"));
    exit_to(e, 0, 1, 0, 0, 0xF0, 0); /* outside IPI_RANGE: an interrupt for the home VMM */
    assert_int_equal(h->vmm, 0);
    assert_int_equal(e->s->nmi.ipis, 1);
}

static void msr(struct env *e, unsigned reason, uint32_t index, uint64_t val)
{
    regs(e->h, val & 0xFFFFFFFFu, 0, index, val >> 32);
    exit_to(e, 0, reason, index, 0, 0, 0); /* the MSR index in qual */
    assert_int_equal(e->h->gpr[VMXR_GPR_RIP], 0x1002);
}

static void test_x2apic_msrs(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    msr(e, 31, 0x802, 0); /* APIC ID */
    assert_int_equal(h->vmm, FW_VMM_NMI);
    assert_int_equal(h->exit.rule, VMXR_RULE_KEY);
    assert_int_equal(h->exit.idx, FW_KEY_X2APIC);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0);
    msr(e, 32, 0x808, 0x37); /* TPR; PPR follows its class */
    msr(e, 31, 0x80A, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x30);
    msr(e, 32, 0x830, 0x00000003000040E5ull); /* ICR: fixed IPI 0xE5 to APIC 3, level assert */
    assert_true(fw_test_log_has(h, "x2apic wrmsr ICR cpu 0 vm 0: 0x3000040e5, ipi vector 0xe5 to apic 3 (mode 0)"));
    msr(e, 31, 0x830, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RDX], 3);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x40E5);
    msr(e, 31, 0x8FF, 0); /* in the range but not a register: read 0, logged */
    assert_int_equal(h->vmm, FW_VMM_NMI);
    assert_true(fw_test_log_has(h, "x2apic rdmsr 0x8ff cpu 0 vm 0: 0x0 (not emulated)"));
    assert_int_equal(e->s->nmi.msr_exits, 6);
    assert_int_equal(e->s->nmi.icr_sent, 1);
    msr(e, 31, 0x1B, 0); /* APIC_BASE stays with the main VMM (HOME) */
    assert_int_equal(h->vmm, FW_VMM_MAIN);
    /* the NMI/IPI VMM offline: the locked entry still names it, the main
     * VMM runs its code on its state (FALLBACK 2) */
    exit_to(e, 0, 1, 0, 0, 0x40 + FW_VMM_NMI, 0);
    msr(e, 31, 0x808, 0);
    assert_int_equal(h->vmm, FW_VMM_MAIN);
    assert_int_equal(h->exit.rule, VMXR_RULE_FALLBACK);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x37);
    assert_int_equal(e->s->nmi.msr_exits, 7);
}

static void test_x2apic_model(void **state)
{
    (void)state;
    struct fw_x2apic a;
    bool known;
    fw_x2apic_reset(&a);
    assert_int_equal(fw_x2apic_read(&a, 17, 0x802, 0, &known), 17);
    assert_int_equal(fw_x2apic_read(&a, 17, 0x80D, 0, &known), 0x10002u); /* cluster 1, bit 1 */
    assert_int_equal(fw_x2apic_read(&a, 0, 0x803, 0, &known), 0x50014u);
    assert_int_equal(fw_x2apic_read(&a, 0, 0x80F, 0, &known), 0xFF);
    assert_int_equal(fw_x2apic_read(&a, 0, 0x832, 0, &known), 0x10000u);
    /* the timer: TDCR 0 divides by 2; 0xB by 1 */
    fw_x2apic_write(&a, 0x838, 100, 1000, &known);
    assert_int_equal(fw_x2apic_read(&a, 0, 0x839, 1020, &known), 90);
    fw_x2apic_write(&a, 0x83E, 0xB, 1020, &known);
    assert_int_equal(fw_x2apic_read(&a, 0, 0x839, 1020, &known), 80);
    assert_int_equal(fw_x2apic_read(&a, 0, 0x839, 5000, &known), 0);
    assert_true(known);
    fw_x2apic_write(&a, 0x80F, 0xFFFFFFFFu, 0, &known);
    assert_int_equal(a.svr, 0x11FFu);
    fw_x2apic_write(&a, 0x802, 5, 0, &known); /* the ID is read-only */
    assert_false(known);
    assert_int_equal(fw_x2apic_read(&a, 2, 0x802, 0, &known), 2);
    fw_x2apic_read(&a, 0, 0x80B, 0, &known); /* EOI is write-only */
    assert_false(known);
}

/* ---- workers ---------------------------------------------------------------- */

static unsigned work(struct env *e, uint64_t units)
{
    regs(e->h, FW_HC_WORK, units, 0, 0);
    exit_to(e, 0, 18, FW_HC_WORK, 0, 0, 0); /* the number in qual: KEY[1], GRP group 0 */
    assert_int_equal(e->h->exit.rule, VMXR_RULE_KEY);
    assert_int_equal(e->h->exit.idx, FW_KEY_HC_WORK);
    assert_int_equal(e->h->gpr[VMXR_GPR_RIP], 0x1003);
    assert_int_equal(e->h->resumes, 1);
    return e->h->vmm;
}

static void test_workers(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    h->now = 100;
    assert_int_equal(work(e, 10), 4); /* tie: the lower VMM */
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 1);
    assert_int_equal(h->st.cfg.sw_usage[4], 10);
    assert_int_equal(work(e, 5), 5); /* least usage */
    assert_int_equal(h->st.cfg.sw_usage[5], 5);
    assert_int_equal(work(e, 3), 5);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 2);
    assert_int_equal(h->st.cfg.sw_usage[5], 8);
    h->now = 106; /* 5-unit item (done at 105) retires; the 3-unit one (103) too */
    assert_int_equal(work(e, 1), 5);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 1);
    assert_int_equal(h->st.cfg.sw_usage[5], 1);
    assert_int_equal(e->s->worker[1].done, 2);
    assert_true(fw_test_log_has(h, "retired 2 item(s), 8 unit(s), at t=106"));
    /* unknown hypercall in the workers' range */
    regs(h, 99, 0, 0, 0);
    exit_to(e, 0, 18, 99, 0, 0, 0);
    assert_int_equal(h->vmm, 5); /* the less loaded worker answers */
    assert_int_equal(h->gpr[VMXR_GPR_RAX], FW_HC_ENOSYS);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1003);
    /* outside the range: home to the VM's owner, the main VMM */
    regs(h, 0x100, 0, 0, 0);
    exit_to(e, 0, 18, 0x100, 0, 0, 0);
    assert_int_equal(h->vmm, 0);
    assert_int_equal(h->exit.rule, VMXR_RULE_HOME);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], FW_HC_ENOSYS);
    /* both workers offline: the hypercall goes home, done inline */
    exit_to(e, 0, 1, 0, 0, 0x44, 0);
    exit_to(e, 0, 1, 0, 0, 0x45, 0);
    regs(h, FW_HC_WORK, 7, 0, 0);
    exit_to(e, 0, 18, FW_HC_WORK, 0, 0, 0);
    assert_int_equal(h->vmm, 0);
    assert_int_equal(h->exit.rule, VMXR_RULE_HOME); /* GRP with no online member */
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1003);
}

static void test_worker_queue(void **state)
{
    (void)state;
    struct fw_worker w;
    fw_worker_reset(&w);
    for (unsigned i = 0; i < FW_WORK_QLEN; i++)
        assert_true(fw_worker_submit(&w, 0, i + 1));
    assert_false(fw_worker_submit(&w, 0, 1));
    assert_int_equal(w.outstanding, FW_WORK_QLEN * (FW_WORK_QLEN + 1) / 2);
    assert_int_equal(fw_worker_retire(&w, 4), 4);
    assert_int_equal(w.n, FW_WORK_QLEN - 4);
    assert_int_equal(w.q[0].cost, 5);
    assert_int_equal(fw_worker_retire(&w, 1000), FW_WORK_QLEN - 4);
    assert_int_equal(w.outstanding, 0);
}

/* ---- guest VMM ------------------------------------------------------------ */

static void test_guest_vmm(void **state)
{
    struct env *e = *state;
    struct vmxr_hal *h = e->h;
    struct vmxr_cfg *c = &h->st.cfg;
    c->sw_usage[4] = 77;
    assert_int_equal(fw_test_launch(h, CPU_X, 2), VMXR_OUTCOME_LAUNCHED);
    regs(h, 0x40000000u, 0, 0, 0);
    exit_to(e, CPU_X, 10, 0, 0, 0, 0); /* qual 0: no KEY entry, home to the guest VMM */
    assert_int_equal(h->vmm, FW_VMM_GUEST);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(e->s->guest.refused, 7);
    assert_int_equal(c->key_ctrl[FW_KEY_X2APIC], 0x800C02F1u); /* the locked entries stay */
    assert_int_equal(c->mem_ctrl[FW_MEM_HPET], 0x800003F7u);
    assert_true(fw_test_log_has(h, "probe KEY[0] x2apic msrs -> self: refused, ERR=0x1 ACCESS"));
    assert_true(fw_test_log_has(h, "probe MEM[0] hpet -> self: refused, ERR=0x1 ACCESS"));
    assert_int_equal(c->plat[0], 0x80000011u);
    assert_int_equal(c->sw_usage[4], 77);
    assert_int_equal(c->group[0], 0x30u);
    assert_int_equal(c->vmm_en, 0x7Fu);
    assert_int_equal(fw_test_cur(h, CPU_X), 2); /* still its own VM */
    assert_true(fw_test_log_has(h, "probe PLAT[SMI] -> self: refused, ERR=0x1 ACCESS"));
    assert_true(fw_test_log_has(h, "probe LAUNCH vm 0 (owner 0): refused NOT_OWNER, ERR=0x811 ACCESS CMD code=NOT_OWNER"));
    assert_int_equal(h->gpr[VMXR_GPR_RBX], 0x52584D56u); /* "VMXR" */
    assert_int_equal(h->gpr[VMXR_GPR_RCX], 0x53455547u); /* "GUES" */
    /* later exits: no more probing */
    fw_test_log_clear(h);
    regs(h, 0, 0, 0, 0);
    exit_to(e, CPU_X, 30, fw_test_ioq(0x60, 1, true), 0, 0, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xFF);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1001);
    assert_false(fw_test_log_has(h, "probe"));
    assert_int_equal(e->s->guest.refused, 7);
    /* the hypervisor leaves of its VM's CPUID belong to the main VMM */
    regs(h, 0x40000000u, 0, 0, 0);
    exit_to(e, CPU_X, 10, 0x40000000u, 0, 0, 0);
    assert_int_equal(h->vmm, FW_VMM_MAIN);
    assert_int_equal(h->gpr[VMXR_GPR_RCX], 0x52584D56u); /* "VMXR" */
}

/* Two firmware instances share nothing. */
static void test_two_instances(void **state)
{
    struct env *a = *state;
    struct env *b;
    assert_int_equal(setup_cfg((void **)&b, false), 0);
    regs(a->h, 0, 0x1000, 0, 0);
    exit_to(a, 0, 28, 0x303, 0, 0, 0);
    assert_int_equal(a->s->main.vcpu[0][0].cr3, 0x1000);
    assert_int_equal(b->s->main.vcpu[0][0].cr3, 0);
    void *bs = b;
    teardown(&bs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_boot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boot_locked, setup_locked, teardown),
        cmocka_unit_test_setup_teardown(test_cpuid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hlt_round_robin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cr_access, setup, teardown),
        cmocka_unit_test_setup_teardown(test_msr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_sipi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mgmt_and_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pf_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smi_vmm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smi_inject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nmi_ipi_vmm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_x2apic_msrs, setup, teardown),
        cmocka_unit_test(test_x2apic_model),
        cmocka_unit_test_setup_teardown(test_workers, setup, teardown),
        cmocka_unit_test(test_worker_queue),
        cmocka_unit_test_setup_teardown(test_guest_vmm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_instances, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
