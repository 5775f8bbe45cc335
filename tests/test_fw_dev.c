/* The device VMM's models: 16550A UART register semantics, PCI
 * configuration mechanism #1 and the HPET, directly and through port-I/O
 * exits (IOR) and MMIO exits (EPT violations, MEM) routed by the unit to
 * VMM 3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fw_system.h"
#include "fw_test_hal.h"

static uint8_t urd(struct fw_uart *u, unsigned off) { return fw_uart_read(u, off); }

static bool uwr(struct fw_uart *u, unsigned off, uint8_t v, uint8_t *tx)
{
    bool valid;
    uint8_t b = 0;
    fw_uart_write(u, off, v, &valid, &b);
    if (tx)
        *tx = b;
    return valid;
}

static void test_uart_dlab(void **state)
{
    (void)state;
    struct fw_uart u;
    fw_uart_reset(&u);
    assert_int_equal(urd(&u, 3), 0);
    uwr(&u, 1, 0x05, NULL);                 /* IER */
    uwr(&u, 3, 0x83, NULL);                 /* DLAB, 8N1 */
    uwr(&u, 0, 0x01, NULL);                 /* DLL: 115200 */
    uwr(&u, 1, 0x00, NULL);                 /* DLM */
    assert_int_equal(urd(&u, 0), 0x01);
    assert_int_equal(urd(&u, 1), 0x00);
    uwr(&u, 3, 0x03, NULL);
    assert_int_equal(urd(&u, 1), 0x05); /* IER was kept under the latch */
    assert_int_equal(u.dll, 0x01);
    uint8_t tx;
    assert_true(uwr(&u, 0, 'A', &tx)); /* THR, not DLL, with DLAB clear */
    assert_int_equal(tx, 'A');
    assert_int_equal(u.dll, 0x01);
    uwr(&u, 1, 0xFF, NULL);
    assert_int_equal(urd(&u, 1), 0x0F); /* IER bits 7:4 read 0 */
}

static void test_uart_lsr_loopback(void **state)
{
    (void)state;
    struct fw_uart u;
    fw_uart_reset(&u);
    assert_int_equal(urd(&u, 5), 0x60); /* THRE | TEMT */
    uwr(&u, 4, 0x10, NULL);             /* loopback */
    assert_false(uwr(&u, 0, 'x', NULL)); /* not on the console */
    assert_int_equal(urd(&u, 5), 0x61);  /* DR */
    assert_int_equal(urd(&u, 0), 'x');
    assert_int_equal(urd(&u, 5), 0x60);
    /* FIFO off (16450 mode): a second byte overruns and overwrites RBR */
    uwr(&u, 0, '1', NULL);
    uwr(&u, 0, '2', NULL);
    assert_int_equal(urd(&u, 5), 0x63); /* DR | OE */
    assert_int_equal(urd(&u, 5), 0x61); /* OE cleared by the read */
    /* FCR bits 7:1 are programmed only with FCR0 = 1: no receiver reset */
    uwr(&u, 2, 0x02, NULL);
    assert_int_equal(urd(&u, 5), 0x61);
    assert_int_equal(urd(&u, 0), '2');
    /* FIFO on: 16 bytes */
    uwr(&u, 2, 0x01, NULL);
    for (int i = 0; i < 3; i++)
        uwr(&u, 0, (uint8_t)('a' + i), NULL);
    assert_int_equal(urd(&u, 0), 'a');
    assert_int_equal(urd(&u, 0), 'b');
    assert_int_equal(urd(&u, 0), 'c');
    assert_int_equal(urd(&u, 5) & 1, 0);
    /* modem status follows MCR in loopback: RTS->CTS, DTR->DSR, OUT2->DCD */
    urd(&u, 6);
    uwr(&u, 4, 0x10 | 0x0B, NULL);
    assert_int_equal(urd(&u, 6), 0xB0 | 0x0B); /* lines and deltas */
    assert_int_equal(urd(&u, 6), 0xB0);        /* deltas cleared */
    uwr(&u, 4, 0x00, NULL);                    /* loopback off: a terminal is connected */
    assert_int_equal(urd(&u, 6) & 0xF0, 0xB0);
    assert_true(uwr(&u, 0, 'y', NULL));
}

static void test_uart_scr_iir(void **state)
{
    (void)state;
    struct fw_uart u;
    fw_uart_reset(&u);
    uwr(&u, 7, 0x5A, NULL);
    assert_int_equal(urd(&u, 7), 0x5A);
    assert_int_equal(urd(&u, 2), 0x01); /* no interrupt */
    uwr(&u, 1, 0x02, NULL);             /* ETBEI with THR empty */
    assert_int_equal(urd(&u, 2), 0x02);
    assert_int_equal(urd(&u, 2), 0x01); /* the IIR read acknowledged it */
    uwr(&u, 2, 0x01, NULL);             /* FIFO on */
    assert_int_equal(urd(&u, 2), 0xC1);
    uwr(&u, 1, 0x03, NULL);
    uwr(&u, 4, 0x10, NULL);
    uwr(&u, 0, 'q', NULL);             /* loopback: data available beats THRE */
    assert_int_equal(urd(&u, 2), 0xC4);
    urd(&u, 0);
    assert_int_equal(urd(&u, 2), 0xC2);
    uwr(&u, 1, 0x04, NULL);            /* line status */
    uwr(&u, 2, 0x00, NULL);            /* FIFO off: 1 byte */
    uwr(&u, 0, '1', NULL);
    uwr(&u, 0, '2', NULL);
    assert_int_equal(urd(&u, 2), 0x06);
}

static void test_pci_ids(void **state)
{
    (void)state;
    struct fw_pci p;
    fw_pci_reset(&p);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 0, 0, 0x00), 0x12378086u); /* 440FX */
    assert_int_equal(fw_pci_cfg_read(&p, 0, 0, 0, 0x08), 0x06000002u); /* host bridge */
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x00), 0x100E8086u); /* 82540EM */
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x08), 0x02000003u); /* ethernet, rev 3 */
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x0C) >> 16 & 0xFF, 0x00);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x2C), 0x001E8086u);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x10), 0xFEBC0000u);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x14), 0x0000C001u);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x3C), 0x0000010Bu);
    /* absent: other devices, functions, buses */
    assert_int_equal(fw_pci_cfg_read(&p, 0, 2, 0, 0x00), 0xFFFFFFFFu);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 31, 0, 0x00), 0xFFFFFFFFu);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 1, 0x00), 0xFFFFFFFFu);
    assert_int_equal(fw_pci_cfg_read(&p, 1, 0, 0, 0x00), 0xFFFFFFFFu);
    /* read-only IDs ignore writes; BAR sizing; command mask */
    fw_pci_cfg_write(&p, 0, 1, 0, 0x00, 0, 0xF);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x00), 0x100E8086u);
    fw_pci_cfg_write(&p, 0, 1, 0, 0x10, 0xFFFFFFFFu, 0xF);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x10), 0xFFFE0000u); /* 128 KiB */
    fw_pci_cfg_write(&p, 0, 1, 0, 0x14, 0xFFFFFFFFu, 0xF);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x14), 0xFFFFFFC1u); /* 64 ports, I/O */
    fw_pci_cfg_write(&p, 0, 1, 0, 0x18, 0xFFFFFFFFu, 0xF);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x18), 0); /* no BAR2 */
    fw_pci_cfg_write(&p, 0, 1, 0, 0x04, 0xFFFFFFFFu, 0x3);
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x04), 0x02200507u);
    fw_pci_cfg_write(&p, 0, 1, 0, 0x3C, 0x0000FF05u, 0x1); /* line only */
    assert_int_equal(fw_pci_cfg_read(&p, 0, 1, 0, 0x3C), 0x00000105u);
}

static void test_pci_data_port(void **state)
{
    (void)state;
    struct fw_pci p;
    fw_pci_reset(&p);
    p.addr = 0x80000800u; /* 00:01.0 reg 0 */
    assert_int_equal(fw_pci_data_read(&p, 0, 4), 0x100E8086u);
    assert_int_equal(fw_pci_data_read(&p, 0, 2), 0x8086u);
    assert_int_equal(fw_pci_data_read(&p, 2, 2), 0x100Eu);
    assert_int_equal(fw_pci_data_read(&p, 1, 1), 0x80u);
    assert_int_equal(fw_pci_data_read(&p, 3, 1), 0x10u);
    p.addr = 0x80000808u; /* class/revision */
    assert_int_equal(fw_pci_data_read(&p, 3, 1), 0x02u);
    p.addr = 0x8000080Cu;
    fw_pci_data_write(&p, 1, 1, 0x40); /* latency timer byte */
    assert_int_equal(fw_pci_data_read(&p, 0, 4), 0x00004000u);
    p.addr = 0x00000800u; /* enable bit clear */
    assert_int_equal(fw_pci_data_read(&p, 0, 4), 0xFFFFFFFFu);
    assert_int_equal(fw_pci_data_read(&p, 0, 2), 0xFFFFu);
    p.addr = 0x80001000u; /* device 2: absent */
    assert_int_equal(fw_pci_data_read(&p, 0, 4), 0xFFFFFFFFu);
}

/* Port I/O through the unit: boot, then exits routed by IOR to VMM 3. */
static struct vmxr_hal *booted(struct fw_system **sp)
{
    struct vmxr_hal *h = calloc(1, sizeof *h);
    struct fw_system *s = calloc(1, fw_system_size());
    struct fw_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ncpu = 1;
    cfg.cpu_nvms[0] = 1;
    cfg.cpu_vms[0][0] = 0;
    fw_test_reset(h, true, 1, true);
    fw_system_init(s, &cfg);
    fw_boot(s, h);
    *sp = s;
    return h;
}

/* Runs the handler of the exit just delivered, RAX = rax, RIP 0x1000. */
static void handle(struct vmxr_hal *h, struct fw_system *s, uint64_t rax)
{
    h->gpr[VMXR_GPR_RAX] = rax;
    h->gpr[VMXR_GPR_RIP] = 0x1000;
    fw_test_arm(h);
    fw_exit(s, h);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->after_left, 0);
}

static void io(struct vmxr_hal *h, struct fw_system *s, unsigned port, unsigned size, bool in, uint64_t rax)
{
    assert_int_equal(fw_test_event(h, 0, 30, fw_test_ioq(port, size, in), 0, 0, 0), VMXR_OUTCOME_DELIVER);
    assert_int_equal(h->vmm, FW_VMM_DEV);
    assert_int_equal(h->exit.rule, VMXR_RULE_IOR);
    handle(h, s, rax);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1001);
}

static void test_io_exits(void **state)
{
    (void)state;
    struct fw_system *s;
    struct vmxr_hal *h = booted(&s);
    io(h, s, 0x3F8, 1, false, 'H');
    io(h, s, 0x3F8, 1, false, 'i');
    assert_int_equal(h->ncon, 2);
    assert_memory_equal(h->console, "Hi", 2);
    io(h, s, 0x3FD, 1, true, 0xAABBCCDD00000000ull);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xAABBCCDD00000060ull); /* AL only */
    io(h, s, 0xCF8, 4, false, 0x80000000u);                        /* 00:00.0 reg 0 */
    io(h, s, 0xCFC, 4, true, 0xFFFFFFFF00000000ull);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x12378086u); /* EAX zero-extends */
    io(h, s, 0xCF8, 4, false, 0x80000808u);
    io(h, s, 0xCFE, 2, true, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x0200u);
    io(h, s, 0xCF8, 4, true, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x80000808u);
    io(h, s, 0xCF8, 4, false, 0x7F000800u); /* enable clear; reserved bits dropped */
    io(h, s, 0xCFC, 4, true, 0);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xFFFFFFFFu);
    assert_true(fw_test_log_has(h, "uart THR 'H' -> console"));
    assert_true(fw_test_log_has(h, "pci cfg 00:00.0 off 0x00"));
    free(s);
    free(h);
}

static void test_hpet_regs(void **state)
{
    (void)state;
    struct fw_hpet t;
    bool ok;
    fw_hpet_reset(&t);
    assert_int_equal(fw_hpet_read(&t, 0x000, 8, 0, &ok), 0x0429B17F8086A201ull);
    assert_true(ok);
    assert_int_equal(fw_hpet_read(&t, 0x004, 4, 0, &ok), 0x0429B17Fu); /* the period alone */
    assert_int_equal(fw_hpet_read(&t, 0x000, 4, 0, &ok), 0x8086A201u);
    /* halted: the counter holds, and takes writes */
    fw_hpet_write(&t, 0x0F0, 8, 0x100, 50, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x0F0, 8, 90, &ok), 0x100);
    /* enabled at t=100: one tick per platform instruction */
    fw_hpet_write(&t, 0x010, 4, 0x3, 100, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x010, 8, 100, &ok), 0x3);
    assert_int_equal(fw_hpet_read(&t, 0x0F0, 8, 130, &ok), 0x100 + 30);
    fw_hpet_write(&t, 0x0F0, 8, 0, 131, &ok); /* ignored while running */
    assert_int_equal(fw_hpet_read(&t, 0x0F4, 4, 140, &ok), 0);
    assert_int_equal(fw_hpet_read(&t, 0x0F0, 4, 140, &ok), 0x100 + 40);
    fw_hpet_write(&t, 0x010, 8, 0x0, 150, &ok); /* halts at 0x132 */
    assert_int_equal(fw_hpet_read(&t, 0x0F0, 8, 999, &ok), 0x100 + 50);
    /* GEN_CONF keeps its two bits; GCAP_ID is read-only */
    fw_hpet_write(&t, 0x010, 8, ~0ull & ~1ull, 1000, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x010, 8, 1000, &ok), 0x2);
    fw_hpet_write(&t, 0x000, 8, 0, 1000, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x000, 8, 1000, &ok), 0x0429B17F8086A201ull);
    /* timers: capabilities read-only, TYPE_CNF only where periodic-capable,
     * 32-bit comparators on timers 1 and 2 */
    assert_int_equal(fw_hpet_read(&t, 0x100, 8, 0, &ok), 0x00F0000000000030ull);
    fw_hpet_write(&t, 0x100, 4, 0xFFFFFFFFu, 0, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x100, 4, 0, &ok), 0x3F7Eu);
    fw_hpet_write(&t, 0x120, 8, ~0ull, 0, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x120, 8, 0, &ok), 0x00F0000000003F46ull);
    fw_hpet_write(&t, 0x10C, 4, 0x1, 0, &ok); /* the upper half of comparator 0 */
    assert_int_equal(fw_hpet_read(&t, 0x108, 8, 0, &ok), 0x1FFFFFFFFull);
    fw_hpet_write(&t, 0x128, 8, 0x123456789ull, 0, &ok);
    assert_int_equal(fw_hpet_read(&t, 0x128, 8, 0, &ok), 0x23456789u);
    /* unimplemented offsets read 0; bad widths and alignment are refused */
    assert_int_equal(fw_hpet_read(&t, 0x200, 8, 0, &ok), 0);
    assert_true(ok);
    assert_int_equal(fw_hpet_read(&t, 0x0F2, 4, 0, &ok), ~0ull);
    assert_false(ok);
    fw_hpet_read(&t, 0x0F0, 2, 0, &ok);
    assert_false(ok);
    fw_hpet_write(&t, 0x014, 8, 1, 0, &ok);
    assert_false(ok);
}

/* An MMIO access through the unit: an EPT violation routed by MEM. */
static void mmio(struct vmxr_hal *h, struct fw_system *s, uint64_t gpa, unsigned size, bool rd, uint64_t rax,
                 unsigned vmm, unsigned rule)
{
    uint32_t qual = (rd ? FW_EPT_R : FW_EPT_W) | (uint32_t)size << 28;
    assert_int_equal(fw_test_ept(h, 0, qual, gpa), VMXR_OUTCOME_DELIVER);
    assert_int_equal(h->vmm, vmm);
    assert_int_equal(h->exit.rule, rule);
    assert_int_equal(h->exit.gpa, gpa);
    handle(h, s, rax);
}

static void test_mmio_exits(void **state)
{
    (void)state;
    struct fw_system *s;
    struct vmxr_hal *h = booted(&s);
    mmio(h, s, 0xFED00000u, 8, true, 0, FW_VMM_DEV, VMXR_RULE_MEM);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x0429B17F8086A201ull);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1003);
    assert_int_equal(h->exit.idx, FW_MEM_HPET);
    mmio(h, s, 0xFED00108u, 4, false, 0xFFFFFFFF00001234ull, FW_VMM_DEV, VMXR_RULE_MEM);
    assert_int_equal(s->dev.hpet.tcmp[0], 0xFFFFFFFF00001234ull); /* the low half only */
    mmio(h, s, 0xFED00108u, 4, true, 0xAAAAAAAAAAAAAAAAull, FW_VMM_DEV, VMXR_RULE_MEM);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0x1234u); /* zero-extended */
    assert_true(fw_test_log_has(h, "mmio read  0xfed00108/4 = 0x1234: hpet Tn_COMPARATOR"));
    mmio(h, s, 0xFED00FF2u, 4, true, 0, FW_VMM_DEV, VMXR_RULE_MEM); /* misaligned */
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xFFFFFFFFu);
    assert_true(fw_test_log_has(h, "(not emulated: all ones)"));
    assert_int_equal(s->dev.mmio_exits, 4);
    /* a page no entry covers goes home: the main VMM logs and skips it */
    mmio(h, s, 0xFED01000u, 4, true, 0, FW_VMM_MAIN, VMXR_RULE_HOME);
    assert_true(fw_test_log_has(h, "unhandled ept violation gpa 0xfed01000 qual 0x40000001 vm 0: skipped"));
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1000);
    /* the device VMM offline: the locked entry keeps its route, the main
     * VMM emulates the HPET with the same state (FALLBACK 3) */
    assert_int_equal(fw_test_event(h, 0, 1, 0, 0, 0x40 + FW_VMM_DEV, 0), VMXR_OUTCOME_DELIVER);
    fw_test_arm(h);
    fw_exit(s, h);
    assert_int_equal(h->st.cfg.vmm_en & (1u << FW_VMM_DEV), 0);
    mmio(h, s, 0xFED00108u, 8, true, 0, FW_VMM_MAIN, VMXR_RULE_FALLBACK);
    assert_int_equal(h->gpr[VMXR_GPR_RAX], 0xFFFFFFFF00001234ull);
    assert_int_equal(h->gpr[VMXR_GPR_RIP], 0x1003);
    assert_int_equal(s->dev.mmio_exits, 5);
    free(s);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uart_dlab),     cmocka_unit_test(test_uart_lsr_loopback),
        cmocka_unit_test(test_uart_scr_iir),  cmocka_unit_test(test_pci_ids),
        cmocka_unit_test(test_pci_data_port), cmocka_unit_test(test_io_exits),
        cmocka_unit_test(test_hpet_regs),     cmocka_unit_test(test_mmio_exits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
