/* The device VMM's models: 16550A UART register semantics and PCI
 * configuration mechanism #1, directly and through port-I/O exits routed
 * by the unit to VMM 3. */
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

static void io(struct vmxr_hal *h, struct fw_system *s, unsigned port, unsigned size, bool in, uint64_t rax)
{
    assert_int_equal(fw_test_event(h, 0, 30, fw_test_ioq(port, size, in), 0, 0, 0), VMXR_OUTCOME_DELIVER);
    assert_int_equal(h->vmm, FW_VMM_DEV);
    assert_int_equal(h->exit.rule, VMXR_RULE_IOR);
    h->gpr[VMXR_GPR_RAX] = rax;
    h->gpr[VMXR_GPR_RIP] = 0x1000;
    fw_test_arm(h);
    fw_exit(s, h);
    assert_int_equal(h->resumes, 1);
    assert_int_equal(h->after_left, 0);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uart_dlab),     cmocka_unit_test(test_uart_lsr_loopback),
        cmocka_unit_test(test_uart_scr_iir),  cmocka_unit_test(test_pci_ids),
        cmocka_unit_test(test_pci_data_port), cmocka_unit_test(test_io_exits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
