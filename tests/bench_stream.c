/* The shared benchmark workload; see bench_stream.h. */
#include "bench_stream.h"
#include "vmxr_rng.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

static uint64_t mix(uint64_t *s) { return vmxr_splitmix64(s); }

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
    for (unsigned v = 0; v < VMXR_NVM; v++)
        WR(VMXR_OWNER_ADDR(v), 1u + v % 3);
#undef WR
    return n;
}

void bench_stream(struct vmxr_cmd *cmds, unsigned n)
{
    uint64_t s = 42;
    static const uint8_t reasons[] = { 30, 30, 30, 0, 0, 10, 12, 18, 18, 28, 31, 32, 1, 6 };
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
            in_vmm[c] = true;
        }
    }
}
