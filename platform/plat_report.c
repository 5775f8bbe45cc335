/* The report that ends a platform transcript (contract in plat_int.h). */
#include "plat_int.h"
#include "vec1.h"

static const char *reason_name(unsigned r)
{
    switch (r) {
    case 0: return "EXCEPTION/NMI";
    case 1: return "INTERRUPT";
    case 3: return "INIT";
    case 4: return "SIPI";
    case 5: return "IO-SMI";
    case 6: return "SMI";
    case 10: return "CPUID";
    case 12: return "HLT";
    case 18: return "VMCALL";
    case 28: return "CR";
    case 30: return "IO";
    case 31: return "RDMSR";
    case 32: return "WRMSR";
    default: return NULL;
    }
}

static void summary_registers(struct plat *p)
{
    struct vmxr_state rs;
    vmxr_state_reset(&rs, &p->s->straps);
    fprintf(p->tx, "== registers (read as vmm 0; registers at their reset value left out)\n");
    for (unsigned a = 0; a < 0x1000; a += 4) {
        enum vmxr_reg_id id;
        unsigned i, j;
        if (!vmxr_reg_decode(a, &id, &i, &j))
            continue;
        bool always = id == VMXR_R_DELIVERED || id == VMXR_R_CMD_COUNT || id == VMXR_R_ERR_COUNT ||
                      id == VMXR_R_CPU_STATE;
        if (id == VMXR_R_CPU_STATE && i >= p->ncpu)
            continue;
        bool e1 = false, e2 = false;
        uint32_t reset = vmxr_apb_peek(&rs, a, &e1);
        uint32_t v = vmxr_bus_read(p->bus, 0, a, &e2);
        if (vmxr_bus_failure(p->bus)) {
            fprintf(p->tx, "(bus failure: %s)\n", vmxr_bus_failure(p->bus));
            return;
        }
        if (!always && v == reset && !e2)
            continue;
        char name[40];
        vec_addr_format(a, name, sizeof name);
        if (e2) {
            fprintf(p->tx, "%-16s err\n", name);
        } else if (id == VMXR_R_CPU_STATE) {
            char cur[16];
            vec_ctx_format((uint8_t)(v & 0x1Fu), cur, sizeof cur);
            fprintf(p->tx, "%-16s 0x%08X  cur %s, depth %u%s%s%s%s\n", name, v, cur, (v >> 8) & 7u,
                    (v >> 16) & 1u ? ", blocked SMI" : "", (v >> 17) & 1u ? ", blocked NMI" : "",
                    (v >> 18) & 1u ? ", pend SMI" : "", (v >> 19) & 1u ? ", pend NMI" : "");
        } else {
            fprintf(p->tx, "%-16s 0x%08X\n", name, v);
        }
    }
}

void plat_summary(struct plat *p)
{
    fprintf(p->tx, "== end: %llu guest instructions, %llu commands%s\n", (unsigned long long)p->now,
            (unsigned long long)p->commands, p->stopped ? " (stopped early)" : "");
    fprintf(p->tx, "== console (%zu bytes%s)\n", p->ncon, p->console_full ? ", truncated" : "");
    bool bol = true;
    for (size_t i = 0; i < p->ncon; i++) {
        unsigned char b = p->console[i];
        if (bol)
            fputs("| ", p->tx);
        bol = false;
        if (b == '\r' && i + 1 < p->ncon && p->console[i + 1] == '\n')
            continue; /* CR LF: one line break */
        if (b == '\n') {
            fputc('\n', p->tx);
            bol = true;
        } else if (b >= 0x20 && b < 0x7F && b != '\\') {
            fputc(b, p->tx);
        } else if (b == '\\') {
            fputs("\\\\", p->tx);
        } else {
            fprintf(p->tx, "\\x%02X", b);
        }
    }
    if (!bol)
        fputs("\\ (no newline)\n", p->tx);
    fprintf(p->tx, "== handler invocations per VMM, by exit reason\n");
    /* the firmware's VMM table, in its order: names from the firmware */
    for (unsigned i = 0; i < p->fwd->nvmm; i++) {
        unsigned v = p->fwd->vmms[i].vmm;
        uint64_t total = 0;
        for (unsigned r = 0; r < VMXR_NREASON; r++)
            total += p->exits[v][r];
        fprintf(p->tx, "vmm %u %-8s %6llu", v, p->fwd->vmms[i].name, (unsigned long long)total);
        const char *sep = "  ";
        for (unsigned r = 0; r < VMXR_NREASON; r++) {
            if (!p->exits[v][r])
                continue;
            const char *n = reason_name(r);
            if (n)
                fprintf(p->tx, "%s%s %llu", sep, n, (unsigned long long)p->exits[v][r]);
            else
                fprintf(p->tx, "%sreason-%u %llu", sep, r, (unsigned long long)p->exits[v][r]);
            sep = ", ";
        }
        fputc('\n', p->tx);
    }
    fprintf(p->tx, "== guest registers (vCPUs that ran)\n");
    for (unsigned vm = 0; vm < FW_MAX_VMS; vm++)
        for (unsigned c = 0; c < FW_MAX_CPUS; c++) {
            const struct vcpu *v = &p->vcpu[vm][c];
            if (!v->used)
                continue;
            const struct scn_program *g = scn_program_for(p->s, vm, c);
            fprintf(p->tx, "vm %u cpu%u: %u/%u instructions, RAX 0x%llX RCX 0x%llX RDX 0x%llX RBX 0x%llX RIP 0x%llX\n",
                    vm, c, v->pc, g ? g->nops : 0, (unsigned long long)v->r[VMXR_GPR_RAX],
                    (unsigned long long)v->r[VMXR_GPR_RCX], (unsigned long long)v->r[VMXR_GPR_RDX],
                    (unsigned long long)v->r[VMXR_GPR_RBX], (unsigned long long)v->r[VMXR_GPR_RIP]);
        }
    if (!p->bus_failed) {
        tap_comment(p->bus, "the final register state, read by the platform as vmm 0");
        summary_registers(p);
    }
}
