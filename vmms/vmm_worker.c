/* Worker VMMs (4, 5): GROUP 0, the target of VMCALL. A hypercall
 * FW_HC_WORK queues RBX cost units that complete at hal_now() + cost. On
 * every entry a worker first retires what has completed, and after the
 * hypercall it reports its outstanding units in its own SW_USAGE, so the
 * unit's least-usage GROUP arbitration sends the next call to the less
 * loaded worker. */
#include "fw_fmt.h"
#include "fw_system.h"

void fw_worker_reset(struct fw_worker *w)
{
    for (unsigned i = 0; i < FW_WORK_QLEN; i++) {
        w->q[i].done_at = 0;
        w->q[i].cost = 0;
        w->q[i].id = 0;
    }
    w->n = 0;
    w->outstanding = 0;
    w->next_id = 1;
    w->done = 0;
}

unsigned fw_worker_retire(struct fw_worker *w, uint64_t now)
{
    unsigned kept = 0, retired = 0;
    for (unsigned i = 0; i < w->n; i++) {
        if (w->q[i].done_at <= now) {
            w->outstanding -= w->q[i].cost;
            retired++;
            continue;
        }
        if (kept != i) {
            w->q[kept].done_at = w->q[i].done_at;
            w->q[kept].cost = w->q[i].cost;
            w->q[kept].id = w->q[i].id;
        }
        kept++;
    }
    w->n = kept;
    w->done += retired;
    return retired;
}

bool fw_worker_submit(struct fw_worker *w, uint64_t now, uint32_t cost)
{
    if (w->n >= FW_WORK_QLEN)
        return false;
    w->q[w->n].done_at = now + cost;
    w->q[w->n].cost = cost;
    w->q[w->n].id = w->next_id++;
    w->n++;
    w->outstanding += cost;
    return true;
}

void fw_worker_exit(struct fw_system *s, struct vmxr_hal *h, const struct vmxr_exit *e)
{
    unsigned self = hal_vmm(h);
    struct fw_worker *w = &s->worker[self == FW_VMM_WORKER1 ? 1 : 0];
    uint64_t now = hal_now(h);
    unsigned before = w->outstanding;
    unsigned r = fw_worker_retire(w, now);
    if (r)
        FW_LOG(h, "retired %u item(s), %u unit(s), at t=%u", FW_U(r), FW_U(before - w->outstanding), FW_U(now));

    if (e->reason == FW_R_VMCALL && fw_from_vm(e)) {
        uint64_t nr = hal_guest_read(h, VMXR_GPR_RAX);
        uint64_t arg = hal_guest_read(h, VMXR_GPR_RBX);
        uint64_t ret;
        if (nr != FW_HC_WORK) {
            ret = FW_HC_ENOSYS;
            FW_LOG(h, "hypercall %u from vm %u: unknown, -ENOSYS", FW_U(nr), FW_U(fw_from_id(e)));
        } else if (arg > 0xFFFFu || !fw_worker_submit(w, now, (uint32_t)arg)) {
            ret = FW_HC_EAGAIN;
            FW_LOG(h, "work %u unit(s) from vm %u: %s, -EAGAIN", FW_U(arg), FW_U(fw_from_id(e)),
                   FW_S(arg > 0xFFFFu ? "too large" : "queue full"));
        } else {
            ret = w->n;
            FW_LOG(h, "work #%u %u unit(s) from vm %u, done at t=%u; depth %u, outstanding %u",
                   FW_U(w->q[w->n - 1].id), FW_U(arg), FW_U(fw_from_id(e)), FW_U(now + arg), FW_U(w->n),
                   FW_U(w->outstanding));
        }
        hal_guest_write(h, VMXR_GPR_RAX, ret);
        fw_rip_add(h, 3);
    } else {
        FW_LOG(h, "worker: unexpected %s reason %u", FW_S(fw_reason_name(e->reason)), FW_U(e->reason));
    }

    unsigned usage = w->outstanding > 0xFFFFu ? 0xFFFFu : w->outstanding;
    enum vmxr_drv_err rc = vmxr_drv_sw_usage_set(h, self, usage);
    if (rc != VMXR_DRV_OK)
        fw_log_drv(h, "SW_USAGE", rc);
    fw_finish(h, e);
}
