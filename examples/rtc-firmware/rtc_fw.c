/* An out-of-tree VMM firmware: a CMOS real-time clock device VMM (MC146818
 * at ports 0x70/0x71) and the minimal main VMM it needs. Built from the
 * installed vmxr files only (Makefile: pkg-config and vmxr-firmware.mk) and
 * run with `vmxr fw --firmware build/rtc.so rtc.scn` on any engine
 * (docs/firmware-sdk.md walks through it).
 *
 *   VMM 0 "main"  boots the unit: I/O entry 0 = ports 0x70-0x71 to VMM 1,
 *                 then launches CPU 0's first VM; handles every other exit
 *                 of the VMs it owns: HLT (resume after it), port I/O with
 *                 no device (IN reads all ones), anything else logged and
 *                 skipped
 *   VMM 1 "rtc"   the RTC:
 *     port 0x70 (write)  bits 6:0 the register index, bit 7 NMI disable
 *                        (logged when it changes); a read returns the
 *                        last value written
 *     port 0x71          the indexed register:
 *       0x00 seconds, 0x02 minutes, 0x04 hours: the clock, running at one
 *            second per RTC_TICK guest instructions (hal_now) from 12:34:56;
 *            a write sets the field
 *       0x06 day of week, 0x07 day, 0x08 month, 0x09 year: plain registers
 *            (2026-12-06, Sunday = 1 at reset)
 *       0x0A status A: 0x26 (UIP never set); writes keep bit 7 clear
 *       0x0B status B: bit 2 DM (1 binary, 0 BCD), bit 1 24-hour; reset 0x02
 *       0x0C status C: reads 0 (no interrupts)
 *       0x0D status D: 0x80 (valid RAM and time); read-only
 *       0x0E-0x7F  CMOS RAM, 114 bytes
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h>, vmxr_fw.h (which
 * brings vmxr_hal.h and vmxr_regs.h); all state in struct fw_system. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_fw.h"

#define RTC_VMM 1u
#define RTC_TICK 8u /* guest instructions per RTC second */
#define RTC_BASE_SECS (12u * 3600u + 34u * 60u + 56u)

struct fw_system {
    struct fw_config cfg;
    uint8_t index;      /* port 0x70 bits 6:0 */
    bool nmi_disabled;  /* port 0x70 bit 7 */
    uint8_t last70;
    uint32_t adjust;    /* seconds added to the running clock (mod 86400) */
    uint8_t reg[128];   /* status, date and CMOS RAM bytes */
    uint32_t io_exits;
};

static size_t rtc_size(void) { return sizeof(struct fw_system); }

static void rtc_init(struct fw_system *s, const struct fw_config *cfg)
{
    /* field by field: no memcpy or memset in a freestanding image */
    s->cfg.ncpu = cfg->ncpu;
    s->cfg.lock = cfg->lock;
    for (unsigned c = 0; c < FW_MAX_CPUS; c++) {
        s->cfg.cpu_nvms[c] = cfg->cpu_nvms[c];
        for (unsigned i = 0; i < FW_MAX_VMS; i++)
            s->cfg.cpu_vms[c][i] = cfg->cpu_vms[c][i];
    }
    for (unsigned n = 0; n < FW_MAX_VMS; n++)
        s->cfg.vm_owner[n] = cfg->vm_owner[n];
    for (unsigned i = 0; i < 128; i++)
        s->reg[i] = 0;
    s->index = 0;
    s->nmi_disabled = false;
    s->last70 = 0;
    s->adjust = 0;
    s->io_exits = 0;
    s->reg[0x06] = 1;  /* Sunday */
    s->reg[0x07] = 6;
    s->reg[0x08] = 12;
    s->reg[0x09] = 26;
    s->reg[0x0A] = 0x26;
    s->reg[0x0B] = 0x02;
    s->reg[0x0D] = 0x80;
}

/* ---- log lines without printf ------------------------------------------- */

static size_t put_s(char *b, size_t o, const char *s)
{
    while (*s && o < 95)
        b[o++] = *s++;
    b[o] = '\0';
    return o;
}

static size_t put_x(char *b, size_t o, uint32_t v)
{
    static const char HEX[] = "0123456789abcdef";
    char t[8];
    unsigned n = 0;
    do {
        t[n++] = HEX[v & 15u];
        v >>= 4;
    } while (v && n < 8);
    o = put_s(b, o, "0x");
    while (n && o < 95)
        b[o++] = t[--n];
    b[o] = '\0';
    return o;
}

static void log2x(struct vmxr_hal *h, const char *a, uint32_t x, const char *c, uint32_t y)
{
    char b[96];
    size_t o = put_s(b, 0, a);
    o = put_x(b, o, x);
    o = put_s(b, o, c);
    put_x(b, o, y);
    hal_log(h, b);
}

/* ---- the main VMM --------------------------------------------------------- */

static void resume(struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->outcome != VMXR_OUTCOME_DELIVER)
        return; /* LOCAL: the VMM carries on */
    int rc = hal_resume(h);
    if (rc)
        log2x(h, "resume failed: errc ", (uint32_t)rc, " reason ", e->reason);
}

static void rip_add(struct vmxr_hal *h, unsigned n)
{
    hal_guest_write(h, VMXR_GPR_RIP, hal_guest_read(h, VMXR_GPR_RIP) + n);
}

static void rtc_boot(struct fw_system *s, struct vmxr_hal *h)
{
    for (unsigned n = 0; n < FW_MAX_VMS; n++)
        if (s->cfg.vm_owner[n] && hal_reg_write(h, VMXR_OWNER_ADDR(n), s->cfg.vm_owner[n]))
            log2x(h, "boot: OWNER refused for vm ", n, " vmm ", s->cfg.vm_owner[n]);
    /* I/O entry 0: ports 0x70-0x71, IN and OUT, every profile, to the RTC VMM */
    bool bad = hal_reg_write(h, VMXR_IOR_RANGE_ADDR(0), 0x71u << 16 | 0x70u);
    bad |= hal_reg_write(h, VMXR_IOR_CTRL_ADDR(0), RTC_VMM << 8 | 0xF0u | 0x7u);
    log2x(h, "boot: ports 0x70-0x71 to vmm ", RTC_VMM, bad ? " REFUSED, err " : ", err ",
          hal_reg_read(h, VMXR_ERR_ADDR));
    if (s->cfg.lock)
        hal_reg_write(h, VMXR_GLOBAL_ADDR, 1u);
    if (s->cfg.cpu_nvms[0]) {
        int rc = hal_launch(h, s->cfg.cpu_vms[0][0]);
        if (rc)
            log2x(h, "boot: launch failed, errc ", (uint32_t)rc, " vm ", s->cfg.cpu_vms[0][0]);
    }
}

static void main_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    (void)s;
    bool from_vm = !(e->from & 0x10u);
    if (e->outcome == VMXR_OUTCOME_LOCAL || !from_vm) {
        log2x(h, "main: event in a VMM context, reason ", e->reason, " from ", e->from);
        resume(h, e);
        return;
    }
    if (e->reason == 12) { /* HLT */
        rip_add(h, 1);
    } else if (e->reason == 30) { /* port I/O with no device */
        if (e->qual & 8u)
            hal_guest_write(h, VMXR_GPR_RAX, hal_guest_read(h, VMXR_GPR_RAX) | 0xFFu);
        log2x(h, "main: no device at port ", e->qual >> 16, ", qual ", e->qual);
        rip_add(h, 1);
    } else {
        log2x(h, "main: unhandled exit reason ", e->reason, ", skipped; qual ", e->qual);
    }
    resume(h, e);
}

/* ---- the RTC VMM ---------------------------------------------------------- */

static uint8_t to_bcd(unsigned v) { return (uint8_t)((v / 10u) << 4 | (v % 10u)); }
static unsigned from_bcd(uint8_t v) { return (v >> 4) * 10u + (v & 15u); }

static uint32_t clock_secs(const struct fw_system *s, struct vmxr_hal *h)
{
    return (uint32_t)((RTC_BASE_SECS + hal_now(h) / RTC_TICK + s->adjust) % 86400u);
}

static uint8_t rtc_read(struct fw_system *s, struct vmxr_hal *h, unsigned idx)
{
    bool binary = s->reg[0x0B] & 4u;
    if (idx == 0x00 || idx == 0x02 || idx == 0x04) {
        uint32_t t = clock_secs(s, h);
        unsigned v = idx == 0 ? t % 60u : idx == 2 ? t / 60u % 60u : t / 3600u;
        return binary ? (uint8_t)v : to_bcd(v);
    }
    if (idx == 0x0C)
        return 0;
    if (idx >= 0x06 && idx <= 0x09)
        return binary ? s->reg[idx] : to_bcd(s->reg[idx]);
    return s->reg[idx];
}

static void rtc_write(struct fw_system *s, struct vmxr_hal *h, unsigned idx, uint8_t v)
{
    bool binary = s->reg[0x0B] & 4u;
    unsigned val = binary ? v : from_bcd(v);
    if (idx == 0x00 || idx == 0x02 || idx == 0x04) {
        uint32_t t = clock_secs(s, h);
        unsigned hh = t / 3600u, mm = t / 60u % 60u, ss = t % 60u;
        if ((idx == 0 && val > 59) || (idx == 2 && val > 59) || (idx == 4 && val > 23)) {
            log2x(h, "rtc: bad time value ", v, " for register ", idx);
            return;
        }
        if (idx == 0)
            ss = val;
        else if (idx == 2)
            mm = val;
        else
            hh = val;
        uint32_t want = hh * 3600u + mm * 60u + ss;
        s->adjust = (s->adjust + 86400u + want - t) % 86400u;
    } else if (idx >= 0x06 && idx <= 0x09) {
        s->reg[idx] = (uint8_t)val;
    } else if (idx == 0x0A) {
        s->reg[idx] = v & 0x7Fu;
    } else if (idx == 0x0B) {
        s->reg[idx] = v;
    } else if (idx == 0x0C || idx == 0x0D) {
        log2x(h, "rtc: write to read-only register ", idx, " value ", v);
    } else {
        s->reg[idx] = v;
    }
}

static void rtc_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->outcome == VMXR_OUTCOME_LOCAL || e->reason != 30) {
        log2x(h, "rtc: not an I/O exit, reason ", e->reason, ", skipped; qual ", e->qual);
        resume(h, e);
        return;
    }
    s->io_exits++;
    unsigned port = e->qual >> 16;
    bool in = e->qual & 8u;
    uint64_t rax = hal_guest_read(h, VMXR_GPR_RAX);
    if (port == 0x70 && !in) {
        uint8_t v = (uint8_t)rax;
        bool nmi_off = v & 0x80u;
        if (nmi_off != s->nmi_disabled)
            log2x(h, nmi_off ? "rtc: NMI disabled, index " : "rtc: NMI enabled, index ", v & 0x7Fu, ", value ", v);
        s->nmi_disabled = nmi_off;
        s->index = v & 0x7Fu;
        s->last70 = v;
    } else if (port == 0x70) {
        hal_guest_write(h, VMXR_GPR_RAX, (rax & ~0xFFull) | s->last70);
    } else if (in) {
        uint8_t v = rtc_read(s, h, s->index);
        hal_guest_write(h, VMXR_GPR_RAX, (rax & ~0xFFull) | v);
        log2x(h, "rtc: read register ", s->index, " = ", v);
    } else {
        log2x(h, "rtc: write register ", s->index, " = ", (uint8_t)rax);
        rtc_write(s, h, s->index, (uint8_t)rax);
    }
    rip_add(h, 1);
    resume(h, e);
}

static void fw_exit_any(struct fw_system *s, struct vmxr_hal *h)
{
    const struct vmxr_exit *e = hal_exit_info(h);
    if (hal_vmm(h) == RTC_VMM)
        rtc_exit(s, h, e);
    else
        main_exit(s, h, e);
}

static const struct vmxr_fw_vmm rtc_vmms[] = {
    { 0, VMXR_FW_ROLE_MAIN, "main" },
    { RTC_VMM, VMXR_FW_ROLE_DEVICE, "rtc" },
};

VMXR_FW_DEFINE("rtc", rtc_vmms, rtc_size, rtc_init, rtc_boot, fw_exit_any);
