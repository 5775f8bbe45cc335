/* Bus-functional driver of the SystemC pin-level platform; see sc_driver.h. */
#include "sc_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_port_cmd.h"
#include "vmxr_rng.h"

void scdrv_init(struct scdrv *d) { memset(d, 0, sizeof *d); }

void scdrv_free(struct scdrv *d)
{
    free(d->q);
    free(d->dq);
    free(d->failure);
    memset(d, 0, sizeof *d);
}

static void fail(struct scdrv *d, const char *msg)
{
    if (d->failure)
        return;
    size_t n = strlen(msg) + 64;
    d->failure = malloc(n);
    if (d->failure)
        snprintf(d->failure, n, "driver protocol at cycle %llu: %s", (unsigned long long)d->cycle, msg);
}

void scdrv_reset(struct scdrv *d, const struct vmxr_straps *straps)
{
    d->qhead = d->qlen = 0;
    d->dhead = d->dlen = 0;
    d->done_id = d->next_id;
    memset(&d->straps, 0, sizeof d->straps);
    if (straps)
        d->straps = *straps;
    d->reset_req = true;
}

/* The edge at which a requested reset begins: cycle 0 is the first of two
 * cycles with rst_n low. */
static void start_reset(struct scdrv *d)
{
    memset(&d->in, 0, sizeof d->in);
    d->in.strap_smi_en = d->straps.smi_en;
    d->in.strap_smi_vmm = d->straps.smi_vmm & 7u;
    d->in.strap_smi_lock = d->straps.smi_lock;
    d->apb = 0;
    d->cycle = 0;
    d->reset_left = 2;
    d->issued = d->answered = 0;
    d->last_idle = false;
    d->progress = 0;
    d->reset_req = false;
}

void scdrv_reset_now(struct scdrv *d, const struct vmxr_straps *straps)
{
    scdrv_reset(d, straps);
    start_reset(d);
}

/* The first draw is for the next cycle, as on the C port-level bus; off
 * drives dec_ready high again. */
void scdrv_stall(struct scdrv *d, bool on, uint64_t seed)
{
    d->stall = on;
    d->rng = seed;
    if (d->in.rst_n && !d->reset_req)
        d->in.dec_ready = on ? vmxr_stall_ready(&d->rng) : true;
}

bool scdrv_push(struct scdrv *d, const struct scdrv_item *it)
{
    if (d->qlen == d->qcap) {
        size_t cap = d->qcap ? 2 * d->qcap : 64;
        struct scdrv_item *q = malloc(cap * sizeof *q);
        if (!q)
            return false;
        for (size_t i = 0; i < d->qlen; i++)
            q[i] = d->q[(d->qhead + i) % d->qcap];
        free(d->q);
        d->q = q;
        d->qcap = cap;
        d->qhead = 0;
    }
    struct scdrv_item *slot = &d->q[(d->qhead + d->qlen) % d->qcap];
    *slot = *it;
    if (it->kind != SCDRV_CMD)
        slot->id = ++d->next_id;
    d->qlen++;
    return true;
}

static void push_decision(struct scdrv *d, const struct vmxr_decision *dec)
{
    if (d->dlen == d->dcap) {
        size_t cap = d->dcap ? 2 * d->dcap : 64;
        struct vmxr_decision *q = malloc(cap * sizeof *q);
        if (!q) {
            fail(d, "out of memory for decisions");
            return;
        }
        for (size_t i = 0; i < d->dlen; i++)
            q[i] = d->dq[(d->dhead + i) % d->dcap];
        free(d->dq);
        d->dq = q;
        d->dcap = cap;
        d->dhead = 0;
    }
    d->dq[(d->dhead + d->dlen) % d->dcap] = *dec;
    d->dlen++;
}

bool scdrv_take(struct scdrv *d, struct vmxr_decision *dec)
{
    if (!d->dlen)
        return false;
    *dec = d->dq[d->dhead];
    d->dhead = (d->dhead + 1) % d->dcap;
    d->dlen--;
    return true;
}

static struct scdrv_item *head(struct scdrv *d) { return d->qlen ? &d->q[d->qhead] : NULL; }

static void pop(struct scdrv *d)
{
    d->qhead = (d->qhead + 1) % d->qcap;
    d->qlen--;
}

static void present(struct scdrv *d, const struct vmxr_cmd *c)
{
    vmxr_ports_present(&d->in, c);
}

void scdrv_edge(struct scdrv *d, const struct vmxr_unit_out *o)
{
    if (d->reset_req) {
        start_reset(d);
        return;
    }
    d->cycle++;
    d->last_idle = o->idle; /* also in reset: the unit is idle once it is over */
    if (!d->in.rst_n) {
        if (d->reset_left && --d->reset_left == 0) {
            d->in.rst_n = true;
            d->in.dec_ready = true;
        }
        return;
    }
    /* what happened in the cycle that ends */
    if (o->dec_valid && d->in.dec_ready) {
        struct vmxr_decision dec = vmxr_ports_decision(o);
        if (dec.op != VMXR_OP_INJECT) {
            if (d->answered == d->issued)
                fail(d, "decision with no command in flight");
            else
                d->answered++;
        }
        push_decision(d, &dec);
        d->progress = d->cycle;
    }
    if (d->in.cmd_valid && o->cmd_ready) {
        pop(d);
        d->in.cmd_valid = false;
        d->issued++;
        d->progress = d->cycle;
    }
    if (d->apb == 2 && o->pready) {
        d->done_id = head(d)->id;
        d->done_slverr = o->pslverr;
        d->done_rdata = o->prdata;
        d->progress = d->cycle;
        pop(d);
        d->apb = 0;
        d->in.psel = d->in.penable = d->in.pwrite = false;
        d->in.paddr = 0;
        d->in.pwdata = 0;
        d->in.pauser = 0;
    } else if (d->apb == 1) {
        d->in.penable = true;
        d->apb = 2;
    }
    if (d->stall)
        d->in.dec_ready = vmxr_stall_ready(&d->rng);
    scdrv_kick(d);
}

void scdrv_kick(struct scdrv *d)
{
    if (d->reset_req) {
        start_reset(d);
        return;
    }
    struct scdrv_item *it = head(d);
    if (!d->in.rst_n || d->apb || d->in.cmd_valid || !it)
        return;
    if (it->kind == SCDRV_CMD) {
        present(d, &it->cmd);
        return;
    }
    if (it->kind == SCDRV_RD && !(d->last_idle && d->answered == d->issued))
        return; /* drain before a read */
    d->apb = 1;
    d->in.psel = true;
    d->in.penable = false;
    d->in.pwrite = it->kind == SCDRV_WR;
    d->in.paddr = (uint16_t)(it->addr & 0xFFFu);
    d->in.pwdata = it->kind == SCDRV_WR ? it->data : 0;
    d->in.pauser = (uint8_t)(it->vmm & 7u);
}

bool scdrv_quiet(const struct scdrv *d)
{
    return d->in.rst_n && !d->qlen && !d->apb && !d->in.cmd_valid && d->last_idle && d->answered == d->issued;
}

bool scdrv_wait_done(const struct scdrv *d)
{
    if (d->failure)
        return true;
    switch (d->wait) {
    case SCDRV_WAIT_ITEM: return d->done_id >= d->wait_arg;
    case SCDRV_WAIT_QUIET: return scdrv_quiet(d);
    case SCDRV_WAIT_CYCLE: return d->cycle >= d->wait_arg;
    case SCDRV_WAIT_RESET: return !d->reset_req && d->in.rst_n;
    default: return false;
    }
}

