/* The shared benchmark workload; see bench_stream.h. */
#include "bench_stream.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vmxr_engine.h"
#include "vmxr_port_cmd.h"
#include "vmxr_rng.h"

static uint64_t mix(uint64_t *s) { return vmxr_splitmix64(s); }

#define BENCH_FRAME 0xABCDE000u /* the memory entries' first frame (above 4 GiB) */
#define BENCH_KEY 0x40000000u   /* the key entries' first key */

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

unsigned bench_config(struct apb_wr *w)
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
    /* VMXR-2: entry j holds frames BENCH_FRAME + 0x10j .. + 0x17 (it overlaps
     * the next one), every access kind but X on odd entries; key entry i
     * holds BENCH_KEY + 0x100i .. + 0x17F, one kind in turn (VMCALL twice:
     * to a fixed VMM and to group 1) */
    for (unsigned j = 0; j < VMXR_NMEM; j++) {
        WR(VMXR_MEM_BASE_ADDR(j), BENCH_FRAME + 0x10u * j);
        WR(VMXR_MEM_LIMIT_ADDR(j), BENCH_FRAME + 0x10u * j + 0x17u);
        WR(VMXR_MEM_CTRL_ADDR(j), VMXR_MEM_CTRL_V_MASK | VMXR_MEM_CTRL_R_MASK | VMXR_MEM_CTRL_W_MASK |
                                      (j % 2 ? 0u : VMXR_MEM_CTRL_X_MASK) | VMXR_MEM_CTRL_PMASK_MASK |
                                      (1u + j % 7) << VMXR_MEM_CTRL_VMM_LSB);
    }
    static const uint32_t kinds[] = { VMXR_KEY_CTRL_CPUID_MASK, VMXR_KEY_CTRL_VMCALL_MASK,
                                      VMXR_KEY_CTRL_RDMSR_MASK | VMXR_KEY_CTRL_WRMSR_MASK,
                                      VMXR_KEY_CTRL_VMCALL_MASK | VMXR_KEY_CTRL_GRP_MASK };
    for (unsigned i = 0; i < VMXR_NKEY; i++) {
        WR(VMXR_KEY_BASE_ADDR(i), BENCH_KEY + 0x100u * i);
        WR(VMXR_KEY_LIMIT_ADDR(i), BENCH_KEY + 0x100u * i + 0x17Fu);
        WR(VMXR_KEY_CTRL_ADDR(i), VMXR_KEY_CTRL_V_MASK | VMXR_KEY_CTRL_PMASK_MASK | kinds[i % 4] |
                                      (i % 4 == 3 ? 1u : 2u + i % 5) << VMXR_KEY_CTRL_VMM_LSB);
    }
    for (unsigned v = 0; v < VMXR_NVM; v++)
        WR(VMXR_OWNER_ADDR(v), 1u + v % 3);
#undef WR
    return n;
}

void bench_stream(struct vmxr_cmd *cmds, unsigned n)
{
    uint64_t s = 42;
    static const uint8_t reasons[] = { 30, 30, 30, 0, 0, 10, 12, 18, 18, 28, 31, 32, 1, 6, 48, 48 };
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
            k->reason = reasons[(r >> 8) % sizeof reasons];
            k->qual = (uint32_t)((r >> 16) & 0xFFFu) << 16 | (uint32_t)((r >> 30) & 1u) << 3 | (uint32_t)((r >> 31) & 1u);
            k->itype = k->reason == 0 ? 3 : 0;
            k->vector = k->reason == 1 ? (uint8_t)(0xE0 + (r >> 40) % 32) : (uint8_t)(8 + ((r >> 40) % 2) * 6);
            k->errcode = (uint32_t)(r >> 48) & 3u;
            uint64_t r2 = k->reason == 48 || (r >> 50) % 2 ? mix(&s) : 0;
            if (k->reason == 48) {
                /* frames over the table and 8 beyond it; one in 16 beyond bit 43 */
                uint64_t f = BENCH_FRAME + r2 % (0x10u * VMXR_NMEM + 0x10u);
                k->qual = 1u + (uint32_t)(r2 >> 16) % 7u;
                k->gpa = f << 12 | (r2 >> 20 & 0xFFFu) | ((r2 >> 32) % 16 ? 0 : UINT64_C(1) << (44 + (r2 >> 36) % 20));
            } else if (r2 && (k->reason == 10 || k->reason == 18 || k->reason == 31 || k->reason == 32)) {
                k->qual = BENCH_KEY + (uint32_t)(r2 % (0x100u * VMXR_NKEY + 0x100u));
            }
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
