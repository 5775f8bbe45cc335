/* Test HAL over the transaction-level core (see fw_test_hal.h). */
#include "fw_test_hal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void touch(struct vmxr_hal *h)
{
    if (h->left)
        h->after_left++;
}

void fw_test_reset(struct vmxr_hal *h, bool smi_en, unsigned smi_vmm, bool smi_lock)
{
    memset(h, 0, sizeof *h);
    struct vmxr_straps s = {smi_en, (uint8_t)smi_vmm, smi_lock};
    vmxr_state_reset(&h->st, &s);
    h->last_vm = -1;
}

void fw_test_arm(struct vmxr_hal *h)
{
    h->left = false;
    h->after_left = 0;
    h->entries = h->launches = h->resumes = 0;
    h->last_vm = -1;
}

/* The last decision that transferred control names the receiver: the VMM
 * that runs next, with its exit info (an EVENT's, or an injection's). */
static void note_exit(struct vmxr_hal *h, const struct vmxr_cmd *c)
{
    for (unsigned i = 0; i < h->ndec; i++) {
        const struct vmxr_decision *d = &h->dec[i];
        bool ev = d->op == VMXR_OP_EVENT || d->op == VMXR_OP_INJECT;
        if (ev && (d->outcome == VMXR_OUTCOME_DELIVER || d->outcome == VMXR_OUTCOME_LOCAL)) {
            h->cpu = d->cpu;
            h->vmm = d->to & 0xFu;
            h->exit.cpu = d->cpu;
            h->exit.op = d->op;
            h->exit.outcome = d->outcome;
            h->exit.from = d->from;
            h->exit.rule = d->rule;
            h->exit.idx = d->idx;
            h->exit.reason = d->reason;
            h->exit.qual = d->qual;
            if (d->op == VMXR_OP_EVENT) {
                h->exit.itype = c->itype;
                h->exit.vector = c->vector;
                h->exit.errcode = c->errcode;
                h->exit.gpa = d->reason == 48 ? c->gpa : 0;
            } else { /* injected SMI (reason 6) or NMI (reason 0, itype 2, vector 2) */
                h->exit.itype = d->reason == 0 ? 2 : 0;
                h->exit.vector = d->reason == 0 ? 2 : 0;
                h->exit.errcode = 0;
                h->exit.gpa = 0;
            }
            h->pending_exit = true;
        }
    }
}

static unsigned run(struct vmxr_hal *h, const struct vmxr_cmd *c)
{
    h->ndec = vmxr_txn_command(&h->st, c, h->dec);
    note_exit(h, c);
    return h->dec[0].outcome;
}

unsigned fw_test_event(struct vmxr_hal *h, unsigned cpu, unsigned reason, uint32_t qual, unsigned itype,
                       unsigned vector, uint32_t errcode)
{
    struct vmxr_cmd c = {0};
    c.cpu = (uint8_t)cpu;
    c.op = VMXR_OP_EVENT;
    c.reason = (uint8_t)reason;
    c.qual = qual;
    c.itype = (uint8_t)itype;
    c.vector = (uint8_t)vector;
    c.errcode = errcode;
    return run(h, &c);
}

unsigned fw_test_ept(struct vmxr_hal *h, unsigned cpu, uint32_t qual, uint64_t gpa)
{
    struct vmxr_cmd c = {0};
    c.cpu = (uint8_t)cpu;
    c.op = VMXR_OP_EVENT;
    c.reason = 48;
    c.qual = qual;
    c.gpa = gpa;
    return run(h, &c);
}

unsigned fw_test_launch(struct vmxr_hal *h, unsigned cpu, unsigned vm)
{
    struct vmxr_cmd c = {0};
    c.cpu = (uint8_t)cpu;
    c.op = VMXR_OP_LAUNCH;
    c.vm = (uint8_t)vm;
    return run(h, &c);
}

unsigned fw_test_resume(struct vmxr_hal *h, unsigned cpu)
{
    struct vmxr_cmd c = {0};
    c.cpu = (uint8_t)cpu;
    c.op = VMXR_OP_RESUME;
    return run(h, &c);
}

bool fw_test_log_has(const struct vmxr_hal *h, const char *text)
{
    for (unsigned i = 0; i < h->nlog && i < FW_TEST_LOG_LINES; i++)
        if (strstr(h->log[i], text))
            return true;
    return false;
}

void fw_test_log_dump(const struct vmxr_hal *h)
{
    for (unsigned i = 0; i < h->nlog && i < FW_TEST_LOG_LINES; i++)
        printf("  log: %s\n", h->log[i]);
}

void fw_test_log_clear(struct vmxr_hal *h) { h->nlog = 0; }

unsigned fw_test_cur(const struct vmxr_hal *h, unsigned cpu) { return h->st.cpu[cpu].cur; }

uint32_t fw_test_ioq(unsigned port, unsigned size, bool in)
{
    unsigned sz = size == 4 ? 3 : size - 1;
    return (uint32_t)port << 16 | (in ? 8u : 0u) | sz;
}

/* ---- the HAL ------------------------------------------------------------- */

unsigned hal_cpu(struct vmxr_hal *h)
{
    touch(h);
    return h->cpu;
}

unsigned hal_vmm(struct vmxr_hal *h)
{
    touch(h);
    return h->vmm;
}

uint32_t hal_reg_read(struct vmxr_hal *h, unsigned addr)
{
    bool err;
    touch(h);
    return vmxr_apb_read(&h->st, addr, &err);
}

bool hal_reg_write(struct vmxr_hal *h, unsigned addr, uint32_t value)
{
    touch(h);
    return vmxr_apb_write(&h->st, h->vmm, addr, value);
}

const struct vmxr_exit *hal_exit_info(struct vmxr_hal *h)
{
    touch(h);
    return &h->exit;
}

uint64_t hal_guest_read(struct vmxr_hal *h, enum vmxr_gpr r)
{
    touch(h);
    return r < VMXR_GPR_COUNT ? h->gpr[r] : 0;
}

void hal_guest_write(struct vmxr_hal *h, enum vmxr_gpr r, uint64_t value)
{
    touch(h);
    if (r < VMXR_GPR_COUNT)
        h->gpr[r] = value;
}

static int enter(struct vmxr_hal *h, const struct vmxr_cmd *c)
{
    h->pending_exit = false;
    h->ndec = vmxr_txn_command(&h->st, c, h->dec);
    if (h->dec[0].outcome == VMXR_OUTCOME_ERROR)
        return h->dec[0].err;
    note_exit(h, c); /* an injection after the pop */
    h->left = true;
    h->entries++;
    return 0;
}

int hal_resume(struct vmxr_hal *h)
{
    touch(h);
    struct vmxr_cmd c = {0};
    c.cpu = (uint8_t)h->cpu;
    c.op = VMXR_OP_RESUME;
    int rc = enter(h, &c);
    if (rc == 0)
        h->resumes++;
    return rc;
}

int hal_launch(struct vmxr_hal *h, unsigned vm)
{
    touch(h);
    struct vmxr_cmd c = {0};
    c.cpu = (uint8_t)h->cpu;
    c.op = VMXR_OP_LAUNCH;
    c.vm = (uint8_t)vm;
    int rc = enter(h, &c);
    if (rc == 0) {
        h->launches++;
        h->last_vm = (int)vm;
    }
    return rc;
}

uint64_t hal_now(struct vmxr_hal *h)
{
    touch(h);
    return h->now;
}

void hal_log(struct vmxr_hal *h, const char *text)
{
    touch(h);
    if (h->nlog < FW_TEST_LOG_LINES)
        snprintf(h->log[h->nlog], FW_TEST_LOG_LEN, "%s", text);
    h->nlog++;
    if (getenv("FW_TEST_VERBOSE"))
        printf("  [cpu %u vmm %u] %s\n", h->cpu, h->vmm, text);
}

void hal_console_tx(struct vmxr_hal *h, uint8_t byte)
{
    touch(h);
    if (h->ncon < sizeof h->console)
        h->console[h->ncon++] = byte;
}
