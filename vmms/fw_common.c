/* Helpers shared by the VMMs: finishing a handler, registers, names, CPUID. */
#include "fw_fmt.h"
#include "fw_system.h"

bool fw_from_vm(const struct vmxr_exit *e) { return (e->from & 0x10u) == 0; }

unsigned fw_from_id(const struct vmxr_exit *e) { return e->from & 0xFu; }

void fw_finish(struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->outcome != VMXR_OUTCOME_DELIVER)
        return; /* LOCAL: the VMM carries on with what it was doing */
    int rc = hal_resume(h);
    if (rc != 0)
        FW_LOG(h, "resume failed: %s", FW_S(fw_errc_name(rc)));
}

void fw_rip_add(struct vmxr_hal *h, unsigned n)
{
    hal_guest_write(h, VMXR_GPR_RIP, hal_guest_read(h, VMXR_GPR_RIP) + n);
}

const char *fw_errc_name(int errc)
{
    static const char *const names[] = {
        "NONE", "BAD_REASON", "BAD_IO_SIZE", "BAD_NMI", "STACK_OVERFLOW", "NOT_IN_VMM",
        "BAD_VM", "BUSY", "NOT_OWNER", "EMPTY", "BAD_CPU",
    };
    if (errc < 0 || (size_t)errc >= sizeof names / sizeof names[0])
        return "?";
    return names[errc];
}

const char *fw_reason_name(unsigned reason)
{
    switch (reason) {
    case FW_R_EXC_NMI: return "exception";
    case FW_R_EXT_INT: return "interrupt";
    case FW_R_INIT: return "init";
    case FW_R_SIPI: return "sipi";
    case FW_R_IO_SMI: return "io-smi";
    case FW_R_SMI: return "smi";
    case FW_R_CPUID: return "cpuid";
    case FW_R_HLT: return "hlt";
    case FW_R_VMCALL: return "vmcall";
    case FW_R_CR: return "cr-access";
    case FW_R_IO: return "io";
    case FW_R_RDMSR: return "rdmsr";
    case FW_R_WRMSR: return "wrmsr";
    case FW_R_EPT: return "ept-violation";
    }
    return "exit";
}

void fw_err_text(char *buf, size_t cap, const struct vmxr_drv_errs *e)
{
    FW_FMT(buf, cap, "0x%x%s%s%s%s%s code=%s", FW_U(e->raw), FW_S(e->access ? " ACCESS" : ""),
           FW_S(e->locked ? " LOCKED" : ""), FW_S(e->bad_value ? " BAD_VALUE" : ""),
           FW_S(e->decode ? " DECODE" : ""), FW_S(e->cmd ? " CMD" : ""), FW_S(fw_errc_name((int)e->code)));
}

enum vmxr_drv_err fw_log_drv(struct vmxr_hal *h, const char *what, enum vmxr_drv_err r)
{
    if (r == VMXR_DRV_EREFUSED) {
        struct vmxr_drv_errs e;
        char t[80];
        vmxr_drv_err_get(h, &e);
        fw_err_text(t, sizeof t, &e);
        FW_LOG(h, "%s: refused, ERR=%s", FW_S(what), FW_S(t));
    } else {
        FW_LOG(h, "%s: %s", FW_S(what), FW_S(vmxr_drv_err_name(r)));
    }
    return r;
}

static uint32_t str4(const char *s)
{
    return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 | (uint32_t)(uint8_t)s[2] << 16 |
           (uint32_t)(uint8_t)s[3] << 24;
}

/* Leaf 1: a Coffee Lake signature (family 6, model 0x9E, stepping 10). */
#define FW_CPUID_SIG 0x000906EAu
#define FW_CPUID1_ECX (1u << 0 | 1u << 9 | 1u << 13 | 1u << 19 | 1u << 20 | 1u << 23 | 1u << 31)
#define FW_CPUID1_EDX                                                                                          \
    (1u << 0 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 8 | 1u << 9 | 1u << 11 | 1u << 13 | 1u << 15 | 1u << 16 | \
     1u << 19 | 1u << 23 | 1u << 24 | 1u << 25 | 1u << 26 | 1u << 28)
#define FW_CPUID_HV_LEAF 0x40000000u
#define FW_CPUID_EXT_MAX 0x80000001u
/* Leaf 0x80000001: ECX LAHF/SAHF; EDX SYSCALL, NX, long mode (the EFER
 * bits the main VMM emulates: SCE, NXE, LME/LMA). */
#define FW_CPUID_EXT1_ECX (1u << 0)
#define FW_CPUID_EXT1_EDX (1u << 11 | 1u << 20 | 1u << 29)

void fw_cpuid(unsigned leaf, unsigned cpu, unsigned ncpu, const char vendor[12], uint32_t out[4])
{
    out[0] = out[1] = out[2] = out[3] = 0;
    switch (leaf) {
    case 0: /* max basic leaf; "GenuineIntel" in EBX, EDX, ECX */
        out[0] = 1;
        out[1] = str4("Genu");
        out[3] = str4("ineI");
        out[2] = str4("ntel");
        break;
    case 1:
        out[0] = FW_CPUID_SIG;
        out[1] = (uint32_t)cpu << 24 | (uint32_t)(ncpu & 0xFFu) << 16 | 8u << 8; /* APIC id, count, CLFLUSH 64 */
        out[2] = FW_CPUID1_ECX; /* SSE3 SSSE3 CX16 SSE4.1 SSE4.2 POPCNT, hypervisor */
        out[3] = FW_CPUID1_EDX;
        break;
    case FW_CPUID_HV_LEAF: /* max hypervisor leaf; vendor in EBX, ECX, EDX */
        out[0] = FW_CPUID_HV_LEAF;
        out[1] = str4(vendor);
        out[2] = str4(vendor + 4);
        out[3] = str4(vendor + 8);
        break;
    case 0x80000000u: /* max extended leaf */
        out[0] = FW_CPUID_EXT_MAX;
        break;
    case FW_CPUID_EXT_MAX:
        out[2] = FW_CPUID_EXT1_ECX;
        out[3] = FW_CPUID_EXT1_EDX;
        break;
    default:
        break;
    }
}

void fw_cpuid_exit(struct vmxr_hal *h, const struct vmxr_exit *e, unsigned ncpu, const char vendor[12])
{
    if (!fw_from_vm(e)) {
        FW_LOG(h, "cpuid in vmm %u: nothing to emulate", FW_U(fw_from_id(e)));
        return;
    }
    unsigned leaf = (unsigned)(hal_guest_read(h, VMXR_GPR_RAX) & 0xFFFFFFFFu);
    uint32_t r[4];
    fw_cpuid(leaf, e->cpu, ncpu, vendor, r);
    hal_guest_write(h, VMXR_GPR_RAX, r[0]);
    hal_guest_write(h, VMXR_GPR_RBX, r[1]);
    hal_guest_write(h, VMXR_GPR_RCX, r[2]);
    hal_guest_write(h, VMXR_GPR_RDX, r[3]);
    fw_rip_add(h, 2);
    FW_LOG(h, "cpuid vm %u leaf 0x%x: %08x %08x %08x %08x", FW_U(fw_from_id(e)), FW_U(leaf), FW_U(r[0]),
           FW_U(r[1]), FW_U(r[2]), FW_U(r[3]));
}
