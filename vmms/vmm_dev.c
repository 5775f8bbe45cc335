/* Device VMM (VMM 3): a 16550A UART at 0x3F8-0x3FF, PCI configuration
 * mechanism #1 at 0xCF8-0xCFF and, by EPT violations the MEM route
 * delivers, an HPET at 0xFED00000. */
#include "fw_fmt.h"
#include "fw_system.h"

/* ---- 16550A UART ------------------------------------------------------- */

enum { UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6,
       UART_SCR = 7 };

#define LCR_DLAB 0x80u
#define MCR_DTR 0x01u
#define MCR_RTS 0x02u
#define MCR_OUT1 0x04u
#define MCR_OUT2 0x08u
#define MCR_LOOP 0x10u
#define LSR_DR 0x01u
#define LSR_OE 0x02u
#define LSR_THRE 0x20u
#define LSR_TEMT 0x40u
#define IER_RDI 0x01u  /* received data available */
#define IER_THRI 0x02u /* THR empty */
#define IER_RLSI 0x04u /* receiver line status */
#define IER_MSI 0x08u  /* modem status */
#define IIR_NONE 0x01u
#define IIR_MSI 0x00u
#define IIR_THRI 0x02u
#define IIR_RDI 0x04u
#define IIR_RLSI 0x06u
#define IIR_FIFO 0xC0u
#define FCR_EN 0x01u
#define FCR_CLR_RX 0x02u
#define MSR_CTS 0x10u
#define MSR_DSR 0x20u
#define MSR_RI 0x40u
#define MSR_DCD 0x80u
#define MSR_TERI 0x04u

/* Modem status inputs: a connected terminal asserts CTS, DSR and DCD; in
 * loopback they follow RTS, DTR, OUT1 (RI) and OUT2 (DCD). */
static uint8_t uart_lines(const struct fw_uart *u)
{
    if (!(u->mcr & MCR_LOOP))
        return MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t l = 0;
    if (u->mcr & MCR_RTS)
        l |= MSR_CTS;
    if (u->mcr & MCR_DTR)
        l |= MSR_DSR;
    if (u->mcr & MCR_OUT1)
        l |= MSR_RI;
    if (u->mcr & MCR_OUT2)
        l |= MSR_DCD;
    return l;
}

static void uart_update_lines(struct fw_uart *u)
{
    uint8_t now = uart_lines(u), chg = (uint8_t)(now ^ u->lines);
    u->delta |= (uint8_t)((chg & (MSR_CTS | MSR_DSR | MSR_DCD)) >> 4);
    if ((u->lines & MSR_RI) && !(now & MSR_RI))
        u->delta |= MSR_TERI; /* trailing edge of RI */
    u->lines = now;
}

void fw_uart_reset(struct fw_uart *u)
{
    u->ier = u->lcr = u->mcr = u->fcr = u->scr = 0;
    u->dll = 0x0C; /* 9600 baud at 1.8432 MHz */
    u->dlm = 0;
    u->oe = false;
    u->thre_int = false;
    u->lines = uart_lines(u);
    u->delta = 0;
    for (unsigned i = 0; i < FW_UART_FIFO; i++)
        u->rx[i] = 0;
    u->rx_head = u->rx_n = 0;
    u->tx_bytes = 0;
}

static unsigned uart_rx_cap(const struct fw_uart *u) { return (u->fcr & FCR_EN) ? FW_UART_FIFO : 1u; }

static void uart_rx_push(struct fw_uart *u, uint8_t b)
{
    if (u->rx_n >= uart_rx_cap(u)) {
        u->oe = true;
        if (!(u->fcr & FCR_EN)) /* 16450 mode: the new character overwrites RBR */
            u->rx[u->rx_head] = b;
        return; /* FIFO mode: the new character is lost */
    }
    u->rx[(u->rx_head + u->rx_n) % FW_UART_FIFO] = b;
    u->rx_n++;
}

static uint8_t uart_iir(const struct fw_uart *u)
{
    uint8_t id = IIR_NONE;
    if ((u->ier & IER_RLSI) && u->oe)
        id = IIR_RLSI;
    else if ((u->ier & IER_RDI) && u->rx_n > 0)
        id = IIR_RDI;
    else if ((u->ier & IER_THRI) && u->thre_int)
        id = IIR_THRI;
    else if ((u->ier & IER_MSI) && u->delta)
        id = IIR_MSI;
    return (uint8_t)(id | ((u->fcr & FCR_EN) ? IIR_FIFO : 0));
}

uint8_t fw_uart_read(struct fw_uart *u, unsigned off)
{
    bool dlab = (u->lcr & LCR_DLAB) != 0;
    switch (off & 7u) {
    case UART_RBR_THR: {
        if (dlab)
            return u->dll;
        if (u->rx_n == 0)
            return 0;
        uint8_t b = u->rx[u->rx_head];
        u->rx_head = (uint8_t)((u->rx_head + 1) % FW_UART_FIFO);
        u->rx_n--;
        return b;
    }
    case UART_IER: return dlab ? u->dlm : u->ier;
    case UART_IIR_FCR: {
        uint8_t v = uart_iir(u);
        if ((v & 0x0Fu) == IIR_THRI)
            u->thre_int = false; /* reading IIR acknowledges THRE */
        return v;
    }
    case UART_LCR: return u->lcr;
    case UART_MCR: return u->mcr;
    case UART_LSR: {
        uint8_t v = (uint8_t)(LSR_THRE | LSR_TEMT | (u->rx_n ? LSR_DR : 0) | (u->oe ? LSR_OE : 0));
        u->oe = false;
        return v;
    }
    case UART_MSR: {
        uint8_t v = (uint8_t)(u->lines | u->delta);
        u->delta = 0;
        return v;
    }
    default: return u->scr;
    }
}

void fw_uart_write(struct fw_uart *u, unsigned off, uint8_t v, bool *tx_valid, uint8_t *tx)
{
    bool dlab = (u->lcr & LCR_DLAB) != 0;
    *tx_valid = false;
    switch (off & 7u) {
    case UART_RBR_THR:
        if (dlab) {
            u->dll = v;
            break;
        }
        /* The transmitter is instantaneous: THR and the shift register are
         * empty again at once. */
        if (u->mcr & MCR_LOOP) {
            uart_rx_push(u, v);
        } else {
            *tx_valid = true;
            *tx = v;
        }
        u->tx_bytes++;
        u->thre_int = true;
        break;
    case UART_IER:
        if (dlab) {
            u->dlm = v;
            break;
        }
        if (!(u->ier & IER_THRI) && (v & IER_THRI))
            u->thre_int = true; /* enabling THRI with THR empty interrupts */
        u->ier = v & 0x0Fu;
        break;
    case UART_IIR_FCR:
        if (!(v & FCR_EN) && !(u->fcr & FCR_EN))
            break; /* bits 7:1 are programmed only together with FCR0 = 1 */
        if ((v ^ u->fcr) & FCR_EN) {
            u->rx_n = 0; /* changing the FIFO mode clears the FIFOs */
            u->rx_head = 0;
        }
        if (v & FCR_CLR_RX) {
            u->rx_n = 0;
            u->rx_head = 0;
        }
        u->fcr = v & 0xC1u;
        break;
    case UART_LCR: u->lcr = v; break;
    case UART_MCR:
        u->mcr = v & 0x1Fu;
        uart_update_lines(u);
        break;
    case UART_LSR: /* factory test: ignored */
    case UART_MSR: break;
    default: u->scr = v; break;
    }
}

static const char *const uart_rd_names[8] = {"RBR", "IER", "IIR", "LCR", "MCR", "LSR", "MSR", "SCR"};
static const char *const uart_wr_names[8] = {"THR", "IER", "FCR", "LCR", "MCR", "LSR", "MSR", "SCR"};

/* ---- PCI configuration mechanism #1 ----------------------------------- */

#define PCI_ADDR_EN 0x80000000u
#define PCI_ADDR_MASK 0x80FFFFFCu
#define PCI_ALL_ONES 0xFFFFFFFFu

/* Bus 0, device 0: Intel 82441FX (440FX) host bridge. Device 1: Intel
 * 82540EM Gigabit Ethernet (PRO/1000 MT Desktop). */
struct pci_id {
    uint32_t id;        /* device << 16 | vendor */
    uint32_t class_rev; /* class code << 8 | revision */
    uint16_t status;
    uint16_t cmd_wmask;
    uint32_t subsys;    /* subsystem << 16 | subsystem vendor */
    uint8_t header;
    uint8_t intpin;
    uint32_t bar_mask[6]; /* writable address bits; 0 = no BAR */
    uint32_t bar_type[6]; /* read-only low bits */
};

static const struct pci_id pci_ids[FW_PCI_NDEV] = {
    {0x12378086u, 0x06000002u, 0x0280u, 0x0006u, 0x00000000u, 0x00, 0, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
    {0x100E8086u, 0x02000003u, 0x0220u, 0x0507u, 0x001E8086u, 0x00, 1,
     {0xFFFE0000u, 0xFFFFFFC0u, 0, 0, 0, 0}, {0x0u, 0x1u, 0, 0, 0, 0}},
};

void fw_pci_reset(struct fw_pci *p)
{
    p->addr = 0;
    for (unsigned d = 0; d < FW_PCI_NDEV; d++) {
        struct fw_pci_dev *v = &p->dev[d];
        v->command = d == 0 ? 0x0006u : 0x0007u; /* as the boot firmware left them */
        v->cacheline = 0;
        v->latency = 0;
        v->intline = d == 1 ? 11 : 0;
        for (unsigned b = 0; b < 6; b++)
            v->bar[b] = 0;
    }
    p->dev[1].bar[0] = 0xFEBC0000u; /* 128 KiB registers */
    p->dev[1].bar[1] = 0x0000C000u; /* 64 ports */
}

static bool pci_present(unsigned bus, unsigned dev, unsigned fn)
{
    return bus == 0 && dev < FW_PCI_NDEV && fn == 0;
}

uint32_t fw_pci_cfg_read(const struct fw_pci *p, unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
    if (!pci_present(bus, dev, fn))
        return PCI_ALL_ONES;
    const struct pci_id *id = &pci_ids[dev];
    const struct fw_pci_dev *v = &p->dev[dev];
    reg &= 0xFCu;
    switch (reg) {
    case 0x00: return id->id;
    case 0x04: return (uint32_t)id->status << 16 | v->command;
    case 0x08: return id->class_rev;
    case 0x0C: return (uint32_t)id->header << 16 | (uint32_t)v->latency << 8 | v->cacheline;
    case 0x10:
    case 0x14:
    case 0x18:
    case 0x1C:
    case 0x20:
    case 0x24: {
        unsigned b = (reg - 0x10u) / 4u;
        return id->bar_mask[b] ? (v->bar[b] & id->bar_mask[b]) | id->bar_type[b] : 0;
    }
    case 0x2C: return id->subsys;
    case 0x3C: return (uint32_t)id->intpin << 8 | v->intline;
    default: return 0;
    }
}

void fw_pci_cfg_write(struct fw_pci *p, unsigned bus, unsigned dev, unsigned fn, unsigned reg, uint32_t value,
                      unsigned be)
{
    if (!pci_present(bus, dev, fn))
        return;
    const struct pci_id *id = &pci_ids[dev];
    struct fw_pci_dev *v = &p->dev[dev];
    uint32_t bm = 0;
    for (unsigned i = 0; i < 4; i++)
        if (be & (1u << i))
            bm |= 0xFFu << (8 * i);
    uint32_t old = fw_pci_cfg_read(p, bus, dev, fn, reg);
    uint32_t nv = (old & ~bm) | (value & bm);
    reg &= 0xFCu;
    switch (reg) {
    case 0x04: v->command = (uint16_t)(nv & id->cmd_wmask); break; /* status: RW1C bits never set */
    case 0x0C:
        v->cacheline = (uint8_t)nv;
        v->latency = (uint8_t)(nv >> 8);
        break;
    case 0x10:
    case 0x14:
    case 0x18:
    case 0x1C:
    case 0x20:
    case 0x24: {
        unsigned b = (reg - 0x10u) / 4u;
        v->bar[b] = nv & id->bar_mask[b]; /* all ones reads back the size mask */
        break;
    }
    case 0x3C: v->intline = (uint8_t)nv; break;
    default: break; /* read-only */
    }
}

static void pci_decode(uint32_t a, unsigned *bus, unsigned *dev, unsigned *fn, unsigned *reg)
{
    *bus = (a >> 16) & 0xFFu;
    *dev = (a >> 11) & 0x1Fu;
    *fn = (a >> 8) & 0x7u;
    *reg = a & 0xFCu;
}

uint32_t fw_pci_data_read(const struct fw_pci *p, unsigned off, unsigned size)
{
    uint32_t mask = size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1u;
    if (!(p->addr & PCI_ADDR_EN))
        return PCI_ALL_ONES & mask;
    unsigned bus, dev, fn, reg;
    pci_decode(p->addr, &bus, &dev, &fn, &reg);
    return (fw_pci_cfg_read(p, bus, dev, fn, reg) >> (8 * (off & 3u))) & mask;
}

void fw_pci_data_write(struct fw_pci *p, unsigned off, unsigned size, uint32_t value)
{
    if (!(p->addr & PCI_ADDR_EN))
        return;
    unsigned bus, dev, fn, reg;
    pci_decode(p->addr, &bus, &dev, &fn, &reg);
    off &= 3u;
    unsigned be = ((1u << size) - 1u) << off;
    fw_pci_cfg_write(p, bus, dev, fn, reg, value << (8 * off), be & 0xFu);
}

/* ---- port I/O dispatch --------------------------------------------------- */

bool fw_dev_claims(unsigned port)
{
    return (port >= FW_UART_BASE && port <= FW_UART_LIMIT) || (port >= FW_PCI_BASE && port <= FW_PCI_LIMIT);
}

static const unsigned io_sizes[8] = {1, 2, 0, 4, 0, 0, 0, 0};

void fw_dev_io(struct fw_dev *d, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    unsigned port = e->qual >> 16, size = io_sizes[e->qual & 7u];
    bool in = (e->qual & 8u) != 0;
    d->io_exits++;
    if (!fw_from_vm(e) || size == 0) {
        FW_LOG(h, "io port 0x%x from vmm %u: not emulated", FW_U(port), FW_U(fw_from_id(e)));
        return;
    }
    uint64_t rax = hal_guest_read(h, VMXR_GPR_RAX);
    uint32_t out = (uint32_t)rax, val = 0;
    char what[72];
    what[0] = '\0';

    if (port >= FW_PCI_BASE && port + size - 1 <= FW_PCI_LIMIT) {
        if (port == FW_PCI_BASE && size == 4) {
            if (in)
                val = d->pci.addr;
            else
                d->pci.addr = out & PCI_ADDR_MASK;
            unsigned bus, dev, fn, reg;
            pci_decode(d->pci.addr, &bus, &dev, &fn, &reg);
            FW_FMT(what, sizeof what, "pci CONFIG_ADDRESS 0x%08x (%02x:%02x.%u reg 0x%02x%s)", FW_U(d->pci.addr),
                   FW_U(bus), FW_U(dev), FW_U(fn), FW_U(reg), FW_S(d->pci.addr & PCI_ADDR_EN ? "" : ", disabled"));
        } else if (port >= FW_PCI_BASE + 4) {
            unsigned off = port - (FW_PCI_BASE + 4), bus, dev, fn, reg;
            pci_decode(d->pci.addr, &bus, &dev, &fn, &reg);
            if (in)
                val = fw_pci_data_read(&d->pci, off, size);
            else
                fw_pci_data_write(&d->pci, off, size, out);
            if (d->pci.addr & PCI_ADDR_EN)
                FW_FMT(what, sizeof what, "pci cfg %02x:%02x.%u off 0x%02x", FW_U(bus), FW_U(dev), FW_U(fn),
                       FW_U(reg + off));
            else
                FW_FMT(what, sizeof what, "pci CONFIG_DATA+%u with CONFIG_ADDRESS disabled", FW_U(off));
        } else {
            val = 0xFFFFFFFFu; /* byte/word at 0xCF8-0xCFB: not configuration space */
            FW_FMT(what, sizeof what, "pci port 0x%x size %u: not CONFIG_ADDRESS", FW_U(port), FW_U(size));
        }
    } else {
        /* UART (and bytes outside both devices: floating bus) */
        for (unsigned b = 0; b < size; b++) {
            unsigned p = port + b;
            uint8_t byte = 0xFF;
            if (p >= FW_UART_BASE && p <= FW_UART_LIMIT) {
                unsigned off = p - FW_UART_BASE;
                bool dlab = (d->uart.lcr & LCR_DLAB) != 0;
                const char *name = in ? uart_rd_names[off] : uart_wr_names[off];
                if (dlab && off == 0)
                    name = "DLL";
                if (dlab && off == 1)
                    name = "DLM";
                if (in) {
                    byte = fw_uart_read(&d->uart, off);
                } else {
                    bool txv;
                    uint8_t tx = 0;
                    fw_uart_write(&d->uart, off, (uint8_t)(out >> (8 * b)), &txv, &tx);
                    if (txv)
                        hal_console_tx(h, tx);
                }
                if (what[0] == '\0') { /* the first byte that reaches the UART names the access */
                    uint8_t c = (uint8_t)(out >> (8 * b));
                    if (!in && off == 0 && !dlab)
                        FW_FMT(what, sizeof what, "uart THR '%c' -> %s", FW_C(c >= 0x20 && c < 0x7F ? c : '.'),
                               FW_S((d->uart.mcr & MCR_LOOP) ? "loopback" : "console"));
                    else
                        FW_FMT(what, sizeof what, "uart %s", FW_S(name));
                }
            }
            val |= (uint32_t)byte << (8 * b);
        }
        if (what[0] == '\0')
            FW_FMT(what, sizeof what, "port 0x%x: no device", FW_U(port));
    }

    if (in) {
        if (size == 4)
            rax = val; /* a 32-bit IN zero-extends into RAX */
        else if (size == 2)
            rax = (rax & ~(uint64_t)0xFFFF) | (val & 0xFFFFu);
        else
            rax = (rax & ~(uint64_t)0xFF) | (val & 0xFFu);
        hal_guest_write(h, VMXR_GPR_RAX, rax);
        FW_LOG(h, "in  0x%x/%u = 0x%x: %s", FW_U(port), FW_U(size), FW_U(val), FW_S(what));
    } else {
        uint32_t shown = size == 4 ? out : out & ((1u << (8 * size)) - 1u);
        FW_LOG(h, "out 0x%x/%u = 0x%x: %s", FW_U(port), FW_U(size), FW_U(shown), FW_S(what));
    }
    fw_rip_add(h, 1);
}

/* ---- HPET ------------------------------------------------------------- */

#define HPET_GCAP_ID 0x000u
#define HPET_GEN_CONF 0x010u
#define HPET_GINTR_STA 0x020u
#define HPET_MAIN_CNT 0x0F0u
#define HPET_TIMER0 0x100u /* Tn_CONF_CAP at 0x100 + 0x20 n, Tn_COMPARATOR at + 8 */
#define HPET_ENABLE 0x1u
#define HPET_CONF_MASK 0x3u /* ENABLE_CNF, LEG_RT_CNF */
/* 69841279 fs a tick (14.318 MHz), vendor 8086, LEG_RT_CAP, 64-bit counter,
 * NUM_TIM_CAP 2 (three timers), revision 1. */
#define HPET_CAPS (0x0429B17Full << 32 | 0x8086u << 16 | 1u << 15 | 1u << 13 | (FW_HPET_NTIM - 1u) << 8 | 1u)
#define HPET_T_PER_CAP 0x10u  /* timer 0: periodic capable */
#define HPET_T_SIZE_CAP 0x20u /* timer 0: 64-bit comparator */
#define HPET_T_WMASK 0x3F4Eull /* INT_TYPE, INT_ENB, TYPE, 32MODE, INT_ROUTE */
#define HPET_T_ROUTE_CAP (0x00F00000ull << 32) /* IRQ 20-23 */

void fw_hpet_reset(struct fw_hpet *t)
{
    t->conf = t->isr = t->cnt_base = t->en_at = 0;
    for (unsigned n = 0; n < FW_HPET_NTIM; n++) {
        t->tconf[n] = HPET_T_ROUTE_CAP | (n == 0 ? HPET_T_PER_CAP | HPET_T_SIZE_CAP : 0u);
        t->tcmp[n] = n == 0 ? ~0ull : 0xFFFFFFFFull;
    }
}

static uint64_t hpet_counter(const struct fw_hpet *t, uint64_t now)
{
    return t->cnt_base + ((t->conf & HPET_ENABLE) ? now - t->en_at : 0u);
}

/* The 64-bit register at off (8-byte aligned); offsets the HPET leaves
 * unimplemented read 0. */
static uint64_t hpet_reg(const struct fw_hpet *t, unsigned off, uint64_t now)
{
    switch (off) {
    case HPET_GCAP_ID: return HPET_CAPS;
    case HPET_GEN_CONF: return t->conf;
    case HPET_GINTR_STA: return t->isr;
    case HPET_MAIN_CNT: return hpet_counter(t, now);
    }
    if (off >= HPET_TIMER0 && off < HPET_TIMER0 + 0x20u * FW_HPET_NTIM) {
        unsigned n = (off - HPET_TIMER0) / 0x20u, r = (off - HPET_TIMER0) % 0x20u;
        if (r == 0)
            return t->tconf[n];
        if (r == 8)
            return t->tcmp[n];
    }
    return 0;
}

static void hpet_reg_write(struct fw_hpet *t, unsigned off, uint64_t v, uint64_t now)
{
    switch (off) {
    case HPET_GEN_CONF: {
        uint64_t nv = v & HPET_CONF_MASK;
        if ((nv ^ t->conf) & HPET_ENABLE) {
            if (nv & HPET_ENABLE)
                t->en_at = now; /* starts counting from cnt_base */
            else
                t->cnt_base = hpet_counter(t, now); /* halts */
        }
        t->conf = nv;
        return;
    }
    case HPET_GINTR_STA: t->isr &= ~v; return; /* write 1 to clear */
    case HPET_MAIN_CNT:
        if (!(t->conf & HPET_ENABLE)) /* written while halted only */
            t->cnt_base = v;
        return;
    }
    if (off >= HPET_TIMER0 && off < HPET_TIMER0 + 0x20u * FW_HPET_NTIM) {
        unsigned n = (off - HPET_TIMER0) / 0x20u, r = (off - HPET_TIMER0) % 0x20u;
        uint64_t wm = HPET_T_WMASK & ~(n == 0 ? 0u : 0x8ull); /* TYPE_CNF needs PER_INT_CAP */
        if (r == 0)
            t->tconf[n] = (t->tconf[n] & ~wm) | (v & wm);
        else if (r == 8)
            t->tcmp[n] = n == 0 ? v : v & 0xFFFFFFFFu; /* timers 1, 2: 32-bit comparators */
    }
}

uint64_t fw_hpet_read(const struct fw_hpet *t, unsigned off, unsigned size, uint64_t now, bool *ok)
{
    *ok = (size == 4 || size == 8) && off % size == 0 && off < 0x1000u;
    if (!*ok)
        return ~0ull;
    uint64_t r = hpet_reg(t, off & ~7u, now);
    return size == 8 ? r : (off & 4u) ? r >> 32 : r & 0xFFFFFFFFu;
}

void fw_hpet_write(struct fw_hpet *t, unsigned off, unsigned size, uint64_t val, uint64_t now, bool *ok)
{
    *ok = (size == 4 || size == 8) && off % size == 0 && off < 0x1000u;
    if (!*ok)
        return;
    uint64_t v = val;
    if (size == 4) { /* a half: the other one as it reads now */
        uint64_t cur = hpet_reg(t, off & ~7u, now);
        v = (off & 4u) ? (cur & 0xFFFFFFFFu) | (val << 32) : (cur & ~0xFFFFFFFFull) | (val & 0xFFFFFFFFu);
    }
    hpet_reg_write(t, off & ~7u, v, now);
}

static const char *hpet_name(unsigned off)
{
    switch (off & ~7u) {
    case HPET_GCAP_ID: return "GCAP_ID";
    case HPET_GEN_CONF: return "GEN_CONF";
    case HPET_GINTR_STA: return "GINTR_STA";
    case HPET_MAIN_CNT: return "MAIN_CNT";
    }
    if (off >= HPET_TIMER0 && off < HPET_TIMER0 + 0x20u * FW_HPET_NTIM)
        return (off & 0x18u) == 0 ? "Tn_CONF_CAP" : (off & 0x18u) == 8 ? "Tn_COMPARATOR" : "reserved";
    return "reserved";
}

bool fw_dev_mmio_claims(uint64_t gpa) { return (gpa >> 12) == FW_HPET_FRAME; }

void fw_dev_mmio(struct fw_dev *d, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    unsigned size = FW_MMIO_SIZE(e->qual), acc = e->qual & (FW_EPT_R | FW_EPT_W | FW_EPT_X);
    d->mmio_exits++;
    if (!fw_from_vm(e) || !(acc == FW_EPT_R || acc == FW_EPT_W)) {
        FW_LOG(h, "mmio gpa 0x%x access 0x%x from %s %u: not a load or store, resumed", FW_U(e->gpa), FW_U(acc),
               FW_S(fw_from_vm(e) ? "vm" : "vmm"), FW_U(fw_from_id(e)));
        return;
    }
    uint64_t now = hal_now(h);
    bool ok = fw_dev_mmio_claims(e->gpa);
    unsigned off = (unsigned)(e->gpa & 0xFFFu);
    const char *dev = ok ? "hpet " : "no device", *reg = ok ? hpet_name(off) : "";
    if (acc == FW_EPT_R) {
        uint64_t v = ~0ull;
        if (ok)
            v = fw_hpet_read(&d->hpet, off, size, now, &ok);
        if (size < 8)
            v &= size == 4 ? 0xFFFFFFFFull : size == 2 ? 0xFFFFull : 0xFFull;
        hal_guest_write(h, VMXR_GPR_RAX, v);
        FW_LOG(h, "mmio read  0x%x/%u = 0x%x: %s%s%s", FW_U(e->gpa), FW_U(size), FW_U(v), FW_S(dev), FW_S(reg),
               FW_S(ok ? "" : " (not emulated: all ones)"));
    } else {
        uint64_t v = hal_guest_read(h, VMXR_GPR_RAX);
        if (size < 8)
            v &= size == 4 ? 0xFFFFFFFFull : size == 2 ? 0xFFFFull : 0xFFull;
        if (ok)
            fw_hpet_write(&d->hpet, off, size, v, now, &ok);
        FW_LOG(h, "mmio write 0x%x/%u = 0x%x: %s%s%s", FW_U(e->gpa), FW_U(size), FW_U(v), FW_S(dev), FW_S(reg),
               FW_S(ok ? "" : " (not emulated: dropped)"));
    }
    fw_rip_add(h, 3);
}

void fw_dev_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    if (e->reason == FW_R_IO)
        fw_dev_io(&s->dev, h, e);
    else if (e->reason == FW_R_EPT)
        fw_dev_mmio(&s->dev, h, e);
    else
        FW_LOG(h, "device vmm: unexpected %s reason %u", FW_S(fw_reason_name(e->reason)), FW_U(e->reason));
    fw_finish(h, e);
}
