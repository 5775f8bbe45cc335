/* The shared benchmark workload; see bench_stream.h. */
#include "bench_stream.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vmxr_engine.h"
#include "vmxr_port_cmd.h"
#include "vmxr_rng.h"

static uint64_t mix(uint64_t *s) { return vmxr_splitmix64(s); }

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

const char *const bench_load_name[BENCH_NLOADS] = { "VMXR-1", "VMXR-2" };

unsigned bench_config(struct apb_wr *w, enum bench_load l)
{
    unsigned n = 0;
#define WR(a, v) (w[n].addr = (uint16_t)(a), w[n].value = (uint32_t)(v), n++)
    WR(VMXR_PLAT_ADDR(VMXR_PCLASS_NMI), VMXR_PLAT_EN_MASK | (3u << VMXR_PLAT_VMM_LSB));
    WR(VMXR_IPI_RANGE_ADDR, 0xF0u | 0xFEu << 8);
    for (unsigned i = 0; i < VMXR_NIOR; i++) {
        WR(VMXR_IOR_RANGE_ADDR(i), (0x100u * i) | (0x100u * i + 0x3Fu) << 16);
        WR(VMXR_IOR_CTRL_ADDR(i), 0x7u | 0xFu << 4 | (1u + i % 7) << 8);
    }
    WR(VMXR_EXC_ADDR(0, 1), 0x8u << 24 | 0xAu << 0); /* #PF (14) -> 2, #8 -> 2 */
    WR(VMXR_PFEC_MASK_ADDR(0), 0x1);
    WR(VMXR_PFEC_MATCH_ADDR(0), 0x1);
    WR(VMXR_GROUP_ADDR(1), 0x60);
    WR(VMXR_TYPE_ADDR(0, 18), 2u << 4 | 1u); /* VMCALL -> group 1 */
    WR(VMXR_TYPE_ADDR(0, 10), 1u << 4 | 4u); /* CPUID -> vmm 4 */
    for (unsigned v = 0; v < VMXR_NVM; v++)
        WR(VMXR_OWNER_ADDR(v), 1u + v % 3);
    if (l == BENCH_VMXR2) {
        /* memory: 16-page windows from 0xFED00 up, read/write or all kinds,
         * one profile-0-only; the last entry one page of the first window */
        for (unsigned j = 0; j < VMXR_NMEM; j++) {
            WR(VMXR_MEM_BASE_ADDR(j), 0xFED00u + 0x10u * j);
            WR(VMXR_MEM_LIMIT_ADDR(j), j + 1 == VMXR_NMEM ? 0xFED00u : 0xFED0Fu + 0x10u * j);
            WR(VMXR_MEM_CTRL_ADDR(j), 0x1u | (j % 2 ? 0xEu : 0x6u) << 0 | (j == 2 ? 0x1u : 0xFu) << 4 |
                                          (1u + j % 7) << 8);
        }
        /* keys: hypervisor CPUID leaves -> 0, x2APIC MSRs -> 3, a hypercall
         * range over group 1 by usage, the rest one entry per 0x100 keys */
        for (unsigned i = 0; i < VMXR_NKEY; i++) {
            static const uint32_t base[3] = { 0x40000000u, 0x800u, 0x1000u };
            static const uint32_t ctrl[3] = { 0x000100F1u, 0x000C03F1u, 0x000209F1u };
            uint32_t b = i < 3 ? base[i] : 0x2000u + 0x100u * i;
            WR(VMXR_KEY_BASE_ADDR(i), b);
            WR(VMXR_KEY_LIMIT_ADDR(i), b + 0xFFu);
            WR(VMXR_KEY_CTRL_ADDR(i), i < 3 ? ctrl[i] : 0x000F00F1u | (i % 8) << 8);
        }
        WR(VMXR_VMM_PROFILE_ADDR(3), 1);
        WR(VMXR_TYPE_ADDR(0, 48), 1u << 4 | 5u); /* EPT violations no entry takes -> vmm 5 */
    }
#undef WR
    return n;
}

/* The qual and gpa of a VMXR-2 event from random bits r: keys and frames
 * near the tables' entries, so some hit, some miss. */
static void v2_operands(struct vmxr_cmd *k, uint64_t r)
{
    static const uint32_t keys[] = { 0x40000000u, 0x40000001u, 0x40000100u, 0x830u, 0x80Bu, 0x8FFu,
                                     0x1000u,     0x1007u,     0x10FFu,     0x2300u, 0x2455u, 0xC0000080u };
    if (k->reason == 48) {
        k->qual = (uint32_t)(1u + (r >> 12) % 7);
        k->gpa = (uint64_t)(0xFED00u + (r >> 20) % (0x10u * VMXR_NMEM + 0x20u)) << 12 | ((r >> 40) & 0xFFFu);
    } else {
        k->qual = keys[(r >> 12) % (sizeof keys / sizeof keys[0])];
    }
}

void bench_stream(struct vmxr_cmd *cmds, unsigned n, enum bench_load l)
{
    uint64_t s = 42;
    static const uint8_t reasons1[] = { 30, 30, 30, 0, 0, 10, 12, 18, 18, 28, 31, 32, 1, 6 };
    static const uint8_t reasons2[] = { 30, 30, 0, 10, 12, 18, 18, 28, 31, 32, 32, 1, 6, 48, 48, 48 };
    const uint8_t *reasons = l == BENCH_VMXR2 ? reasons2 : reasons1;
    size_t nreasons = l == BENCH_VMXR2 ? sizeof reasons2 : sizeof reasons1;
    bool in_vmm[VMXR_NCPU] = { false };
    for (unsigned i = 0; i < n; i++) {
        uint64_t r = mix(&s);
        unsigned c = (unsigned)(r % VMXR_NCPU);
        struct vmxr_cmd *k = &cmds[i];
        memset(k, 0, sizeof *k);
        k->cpu = (uint8_t)c;
        if (i < VMXR_NCPU) {
            k->cpu = (uint8_t)i;
            k->op = VMXR_OP_LAUNCH;
            k->vm = (uint8_t)i;
        } else if (in_vmm[c]) {
            k->op = VMXR_OP_RESUME;
            in_vmm[c] = false;
        } else {
            k->op = VMXR_OP_EVENT;
            k->reason = reasons[(r >> 8) % nreasons];
            k->qual = (uint32_t)((r >> 16) & 0xFFFu) << 16 | (uint32_t)((r >> 30) & 1u) << 3 | (uint32_t)((r >> 31) & 1u);
            k->itype = k->reason == 0 ? 3 : 0;
            k->vector = k->reason == 1 ? (uint8_t)(0xE0 + (r >> 40) % 32) : (uint8_t)(8 + ((r >> 40) % 2) * 6);
            k->errcode = (uint32_t)(r >> 48) & 3u;
            if (l == BENCH_VMXR2 && (vmxr_key_kind(k->reason) != 0 || k->reason == 48))
                v2_operands(k, mix(&s));
            in_vmm[c] = true;
        }
    }
}

const struct vmxr_straps bench_straps = { .smi_en = true, .smi_vmm = 1, .smi_lock = true };

static inline uint64_t fnv_step(uint64_t h, uint32_t v) { return (h ^ v) * 0x100000001B3ull; }

uint64_t bench_hash(uint64_t h, const struct vmxr_decision *d)
{
    h = fnv_step(h, (uint32_t)d->cpu | (uint32_t)d->op << 8 | (uint32_t)d->outcome << 16 | (uint32_t)d->err << 24);
    h = fnv_step(h, (uint32_t)d->from | (uint32_t)d->to << 8 | (uint32_t)d->rule << 16 | (uint32_t)d->reason << 24);
    h = fnv_step(h, (uint32_t)d->idx);
    return fnv_step(h, d->qual);
}

static void port_take(struct bench_port_run *r, const struct vmxr_unit_out *o)
{
    if (!o->dec_valid)
        return;
    struct vmxr_decision d = vmxr_ports_decision(o);
    r->ndec++;
    r->sum = bench_hash(r->sum, &d);
}

bool bench_port_stream(const char *engine, const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds,
                       unsigned n, struct bench_port_run *r)
{
    memset(r, 0, sizeof *r);
    r->sum = BENCH_HASH_INIT;
    struct vmxr_engine *e = vmxr_engine_open(engine, r->failure, sizeof r->failure);
    if (!e)
        return false;
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    memset(&in, 0, sizeof in);
    in.strap_smi_en = bench_straps.smi_en;
    in.strap_smi_vmm = bench_straps.smi_vmm;
    in.strap_smi_lock = bench_straps.smi_lock;
    vmxr_engine_step(e, &in, &out);
    vmxr_engine_step(e, &in, &out);
    in.rst_n = true;
    in.dec_ready = true;

    /* configuration through the APB port */
    for (unsigned i = 0; i < ncfg; i++) {
        in.psel = true;
        in.penable = false;
        in.pwrite = true;
        in.paddr = cfg[i].addr;
        in.pwdata = cfg[i].value;
        vmxr_engine_step(e, &in, &out);
        in.penable = true;
        unsigned guard = 0;
        do
            vmxr_engine_step(e, &in, &out);
        while (!out.pready && ++guard < 1000);
        r->pslverr += out.pslverr;
        in.psel = in.penable = in.pwrite = false;
        in.paddr = 0;
        in.pwdata = 0;
    }

    /* the timed stream: commands back to back, dec_ready high */
    double t0 = bench_now();
    for (unsigned i = 0; i < n;) {
        vmxr_ports_present(&in, &cmds[i]);
        vmxr_engine_step(e, &in, &out);
        r->cycles++;
        port_take(r, &out);
        i += out.cmd_ready;
    }
    in.cmd_valid = false;
    for (unsigned guard = 0; guard < 100; guard++) {
        vmxr_engine_step(e, &in, &out);
        r->cycles++;
        port_take(r, &out);
        if (out.idle)
            break;
    }
    r->secs = bench_now() - t0;
    const char *f = vmxr_engine_failure(e);
    if (f)
        snprintf(r->failure, sizeof r->failure, "%s", f);
    vmxr_engine_close(e);
    return true;
}
