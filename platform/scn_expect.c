/* Scenario statements beyond the base format (contracts in scn_int.h,
 * syntax in docs/platform.md): the `exit` family of guest instructions and
 * `expect`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"
#include "vec1.h"

#define MAX_EXPECTS 4096u

static bool reason_ok(uint64_t r) { return r <= 64 && r != 35 && r != 38 && r != 42; }

void scn_exit_form(struct scn_op *op)
{
    switch (op->form) {
    case SCN_EXIT_EPT: op->reason = 48; op->itype = 0; op->vector = 0; break;
    case SCN_EXIT_GP: op->reason = 0; op->itype = 3; op->vector = 13; break;
    case SCN_EXIT_UD: op->reason = 0; op->itype = 3; op->vector = 6; break;
    case SCN_EXIT_MMIO_RD:
    case SCN_EXIT_MMIO_WR: op->reason = 48; op->itype = 0; op->vector = 0; break;
    default: break; /* SCN_EXIT_RAW: its own */
    }
}

bool scn_parse_exit_op(struct pctx *p, const struct tok *t, unsigned n, struct scn_op *op, bool *matched)
{
    uint64_t v;
    *matched = true;
    op->kind = SCN_EXIT;
    if (scn_tok_is(&t[0], "exit")) {
        static const char USAGE[] = "exit reason=N [qual=Q] [itype=T] [vec=V] [ec=E] [gpa=G]";
        if (n < 2 || !scn_is_kv(&t[1], "reason"))
            return scn_fail(p, n < 2 ? t[0].col : t[1].col, "expected '%s'", USAGE);
        if (!scn_tok_kv(p, &t[1], "reason", 255, &v))
            return false;
        if (!reason_ok(v))
            return scn_fail(p, t[1].col + 7, "reason %llu is not an exit the unit accepts (0-64 except 35, 38, 42)",
                            (unsigned long long)v);
        op->reason = (uint8_t)v;
        op->form = SCN_EXIT_RAW;
        bool seen[5] = { false };
        static const char *const KEYS[5] = { "qual", "itype", "vec", "ec", "gpa" };
        static const uint64_t MAX[5] = { 0xFFFFFFFFu, 7, 0xFF, 0xFFFFFFFFu, UINT64_MAX };
        for (unsigned i = 2; i < n; i++) {
            unsigned k = 0;
            while (k < 5 && !scn_is_kv(&t[i], KEYS[k]))
                k++;
            if (k == 5)
                return scn_fail(p, t[i].col, "unexpected '%.*s' (expected '%s')", (int)t[i].len, t[i].s, USAGE);
            if (seen[k])
                return scn_fail(p, t[i].col, "'%s' given twice", KEYS[k]);
            seen[k] = true;
            if (!scn_tok_kv(p, &t[i], KEYS[k], MAX[k], &v))
                return false;
            switch (k) {
            case 0: op->a = v; break;
            case 1: op->itype = (uint8_t)v; break;
            case 2: op->vector = (uint8_t)v; break;
            case 3: op->b = v; break;
            default: op->gpa = v; break;
            }
        }
        return true;
    }
    if (scn_tok_is(&t[0], "ept")) {
        static const char USAGE[] = "ept addr=A access=r|w|x (any of r, w, x)";
        if (!scn_want_n(p, t, n, 3, 3, USAGE) || !scn_tok_kv(p, &t[1], "addr", UINT64_MAX, &op->gpa))
            return false;
        if (!scn_is_kv(&t[2], "access") || t[2].len == 7)
            return scn_fail(p, t[2].col, "expected 'access=r|w|x'");
        op->a = 0;
        for (size_t i = 7; i < t[2].len; i++) {
            unsigned bit = t[2].s[i] == 'r' ? 1u : t[2].s[i] == 'w' ? 2u : t[2].s[i] == 'x' ? 4u : 0u;
            if (!bit || (op->a & bit))
                return scn_fail(p, t[2].col + (unsigned)i, "access is a set of r, w and x, each at most once");
            op->a |= bit;
        }
        op->form = SCN_EXIT_EPT;
        scn_exit_form(op);
        return true;
    }
    bool rd = scn_tok_is(&t[0], "mmio-read");
    if (rd || scn_tok_is(&t[0], "mmio-write")) {
        /* reason 48, qual: the access bit and the width in bytes in [31:28]
         * (the guest ABI of vmms/vmms.h); the value stored in RAX */
        const char *usage = rd ? "mmio-read ADDR [SIZE]" : "mmio-write ADDR VALUE [SIZE]";
        unsigned k = rd ? 2 : 3;
        uint64_t size = 4;
        if (!scn_want_n(p, t, n, k, k + 1, usage) || !scn_tok_num(p, &t[1], UINT64_MAX, "an address", &op->gpa))
            return false;
        op->b = 0;
        if (!rd && !scn_tok_num(p, &t[2], UINT64_MAX, "a value", &op->b))
            return false;
        if (n > k && !scn_tok_num(p, &t[k], 8, "a size", &size))
            return false;
        if (size != 1 && size != 2 && size != 4 && size != 8)
            return scn_fail(p, t[k].col, "size is 1, 2, 4 or 8 bytes");
        if (!rd && size < 8 && (op->b >> (8 * size)))
            return scn_fail(p, t[2].col, "value 0x%llx does not fit %u bytes", (unsigned long long)op->b,
                            (unsigned)size);
        op->a = (rd ? 1u : 2u) | (uint32_t)size << 28;
        op->form = rd ? SCN_EXIT_MMIO_RD : SCN_EXIT_MMIO_WR;
        scn_exit_form(op);
        return true;
    }
    if (scn_tok_is(&t[0], "gp")) {
        if (!scn_want_n(p, t, n, 1, 2, "gp [ec=E]"))
            return false;
        op->b = 0;
        if (n == 2 && !scn_tok_kv(p, &t[1], "ec", 0xFFFFFFFFu, &op->b))
            return false;
        op->form = SCN_EXIT_GP;
        scn_exit_form(op);
        return true;
    }
    if (scn_tok_is(&t[0], "ud")) {
        if (!scn_want_n(p, t, n, 1, 1, "ud"))
            return false;
        op->form = SCN_EXIT_UD;
        scn_exit_form(op);
        return true;
    }
    *matched = false;
    op->kind = 0;
    return true;
}

static const char *const GPRS[VMXR_GPR_COUNT] = { "rax", "rcx", "rdx", "rbx", "rip" };

static int gpr_of(const struct tok *t)
{
    for (int g = 0; g < VMXR_GPR_COUNT; g++)
        if (scn_is_kv(t, GPRS[g]))
            return g;
    return -1;
}

/* A register as the VEC1 format names it (OWNER[1], GLOBAL) or a 0x address. */
static bool reg_addr(struct pctx *p, const struct tok *t, size_t len, unsigned *addr)
{
    uint64_t v;
    if (len > 2 && t->s[0] == '0' && (t->s[1] == 'x' || t->s[1] == 'X')) {
        if (!scn_parse_num(p, t->s, len, t->col, 0xFFF, "a register address", &v))
            return false;
        *addr = (unsigned)v;
        return true;
    }
    for (unsigned a = 0; a < 0x1000; a += 4) {
        enum vmxr_reg_id id;
        unsigned i, j;
        if (!vmxr_reg_decode(a, &id, &i, &j))
            continue;
        char name[40];
        vec_addr_format(a, name, sizeof name);
        if (strlen(name) == len && !memcmp(name, t->s, len)) {
            *addr = a;
            return true;
        }
    }
    return scn_fail(p, t->col, "unknown register '%.*s' (a register name as in VEC1, e.g. OWNER[1], or a 0x address)",
                    (int)len, t->s);
}

static bool add(struct pctx *p, unsigned col, struct scenario *s, struct scn_expect *x)
{
    if (s->nexpects >= MAX_EXPECTS) {
        free(x->text);
        return scn_fail(p, col, "more than %u expects", MAX_EXPECTS);
    }
    struct scn_expect *nx = realloc(s->expects, (s->nexpects + 1) * sizeof *nx);
    if (!nx) {
        free(x->text);
        return scn_fail(p, col, "out of memory");
    }
    s->expects = nx;
    s->expects[s->nexpects++] = *x;
    return true;
}

static void what_of(const struct tok *t, unsigned n, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < n && o + 1 < cap; i++) {
        int w = snprintf(buf + o, cap - o, t[i].str ? "%s\"%.*s\"" : "%s%.*s", i ? " " : "", (int)t[i].len, t[i].s);
        if (w < 0)
            break;
        o += (size_t)w;
    }
}

bool scn_parse_expect(struct pctx *p, const struct tok *t, unsigned n, struct scenario *s, int prog, unsigned at)
{
    static const char USAGE[] = "expect [vm=N [cpu=C]] REG=V ... | console \"TEXT\" | console-line \"TEXT\" | "
                                "handled vmm=V [reason=R] count=N | decisions rule=RULE count=N | reg NAME=V | "
                                "completed";
    const unsigned ncpu_max = VMXR_NCPU < FW_MAX_CPUS ? VMXR_NCPU : FW_MAX_CPUS;
    const unsigned nvm_max = VMXR_NVM < FW_MAX_VMS ? VMXR_NVM : FW_MAX_VMS;
    struct scn_expect x = { .prog = prog, .at = at, .vm = -1, .cpu = -1, .reason = -1, .line = p->line };
    uint64_t v;
    if (n < 2)
        return scn_fail(p, t[0].col, "expected '%s'", USAGE);
    x.col = t[1].col;
    if (scn_tok_is(&t[1], "console") || scn_tok_is(&t[1], "console-line")) {
        if (!scn_want_n(p, t, n, 3, 3, "expect console|console-line \"TEXT\""))
            return false;
        if (!t[2].str)
            return scn_fail(p, t[2].col, "expected a \"string\"");
        x.kind = scn_tok_is(&t[1], "console") ? SCN_X_CONSOLE : SCN_X_CONSOLE_LINE;
        if (memchr(t[2].s, '\0', t[2].len) || (x.kind == SCN_X_CONSOLE_LINE && memchr(t[2].s, '\n', t[2].len)))
            return scn_fail(p, t[2].col, "the text cannot hold a NUL%s", x.kind == SCN_X_CONSOLE_LINE ? " or a newline" : "");
        x.text = strndup(t[2].s, t[2].len);
        if (!x.text)
            return scn_fail(p, t[2].col, "out of memory");
        what_of(t + 1, n - 1, x.what, sizeof x.what);
        return add(p, t[0].col, s, &x);
    }
    for (unsigned i = 1; i < n; i++)
        if (t[i].str)
            return scn_fail(p, t[i].col, "unexpected string (expected '%s')", USAGE);
    if (scn_tok_is(&t[1], "completed")) {
        if (!scn_want_n(p, t, n, 2, 2, "expect completed"))
            return false;
        x.kind = SCN_X_COMPLETED;
        x.value = 1;
        snprintf(x.what, sizeof x.what, "the run to complete");
        return add(p, t[0].col, s, &x);
    }
    if (scn_tok_is(&t[1], "handled")) {
        if (n < 4 || n > 5)
            return scn_fail(p, t[1].col, "expected 'expect handled vmm=V [reason=R] count=N'");
        if (!scn_tok_kv(p, &t[2], "vmm", 7, &v))
            return false;
        x.vmm = (unsigned)v;
        if (n == 5) {
            if (!scn_tok_kv(p, &t[3], "reason", 64, &v))
                return false;
            x.reason = (int)v;
        }
        if (!scn_tok_kv(p, &t[n - 1], "count", UINT32_MAX, &x.value))
            return false;
        x.kind = SCN_X_HANDLED;
        what_of(t + 1, n - 1, x.what, sizeof x.what);
        return add(p, t[0].col, s, &x);
    }
    if (scn_tok_is(&t[1], "decisions")) {
        if (!scn_want_n(p, t, n, 4, 4, "expect decisions rule=RULE count=N"))
            return false;
        if (!scn_is_kv(&t[2], "rule"))
            return scn_fail(p, t[2].col, "expected 'rule=RULE'");
        unsigned r = 0;
        while (r < VMXR_RULE_COUNT && !(strlen(vmxr_rule_names[r]) == t[2].len - 5 &&
                                        !memcmp(vmxr_rule_names[r], t[2].s + 5, t[2].len - 5)))
            r++;
        if (r == VMXR_RULE_COUNT) {
            char names[200] = "";
            for (unsigned k = 0; k < VMXR_RULE_COUNT; k++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? " " : "", vmxr_rule_names[k]);
            return scn_fail(p, t[2].col + 5, "unknown rule '%.*s' (%s)", (int)t[2].len - 5, t[2].s + 5, names);
        }
        x.rule = r;
        if (!scn_tok_kv(p, &t[3], "count", UINT64_MAX, &x.value))
            return false;
        x.kind = SCN_X_DECISIONS;
        what_of(t + 1, n - 1, x.what, sizeof x.what);
        return add(p, t[0].col, s, &x);
    }
    if (scn_tok_is(&t[1], "reg")) {
        if (!scn_want_n(p, t, n, 3, 3, "expect reg NAME=V"))
            return false;
        const char *eq = memchr(t[2].s, '=', t[2].len);
        if (!eq || eq == t[2].s)
            return scn_fail(p, t[2].col, "expected 'NAME=V'");
        size_t nl = (size_t)(eq - t[2].s);
        if (!reg_addr(p, &t[2], nl, &x.addr) ||
            !scn_parse_num(p, eq + 1, t[2].len - nl - 1, t[2].col + (unsigned)nl + 1, 0xFFFFFFFFu, "a value", &x.value))
            return false;
        x.kind = SCN_X_REG;
        what_of(t + 1, n - 1, x.what, sizeof x.what);
        return add(p, t[0].col, s, &x);
    }
    /* guest registers */
    unsigned k = 1;
    if (scn_is_kv(&t[k], "vm")) {
        if (prog >= 0)
            return scn_fail(p, t[k].col, "inside a program the registers are the running vCPU's (no vm=)");
        if (!scn_tok_kv(p, &t[k], "vm", nvm_max - 1, &v))
            return false;
        x.vm = (int)v;
        k++;
        if (k < n && scn_is_kv(&t[k], "cpu")) {
            if (!scn_tok_kv(p, &t[k], "cpu", ncpu_max - 1, &v))
                return false;
            x.cpu = (int)v;
            k++;
        }
    } else if (prog < 0 && gpr_of(&t[k]) >= 0) {
        return scn_fail(p, t[k].col, "after the programs a register expect names its vCPU: 'expect vm=N [cpu=C] %.*s'",
                        (int)t[k].len, t[k].s);
    }
    if (k >= n)
        return scn_fail(p, t[k - 1].col, "expected a register (rax=V, rbx, rcx, rdx, rip)");
    for (; k < n; k++) {
        int g = gpr_of(&t[k]);
        if (g < 0)
            return scn_fail(p, t[k].col, "unknown expectation '%.*s' (expected '%s')", (int)t[k].len, t[k].s, USAGE);
        struct scn_expect y = x;
        y.gpr = (uint8_t)g;
        y.col = t[k].col;
        y.kind = SCN_X_GPR;
        if (!scn_tok_kv(p, &t[k], GPRS[g], UINT64_MAX, &y.value))
            return false;
        snprintf(y.what, sizeof y.what, "%.*s", (int)t[k].len, t[k].s);
        if (!add(p, t[0].col, s, &y))
            return false;
    }
    return true;
}
