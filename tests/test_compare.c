/* The co-simulation comparator (cosim/compare.c) and the one list of output
 * ports (VMXR_OUT_PORTS, model/vmxr_ports.h): every port of the list is
 * compared and named in both divergence reports with its width, and the
 * places that cannot take the list from the header — the RTL top
 * (rtl/vmxr_top.v) and the Icarus testbench (cosim/icarus/vmxr_tb.v) —
 * declare the same ports with the same widths. Run from the repository
 * root (make unit-tests). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_compare.h"
#include "vmxr_model.h"

struct port {
    const char *name;
    unsigned bits;
};

static const struct port PORTS[] = {
#define P(name, bits, type) { #name, bits },
    VMXR_OUT_PORTS(P)
#undef P
};
#define NPORTS (sizeof PORTS / sizeof PORTS[0])

/* Flips the top bit of port p. */
static void flip(struct vmxr_unit_out *o, unsigned p)
{
    unsigned k = 0;
#define F(name, bits, type)                                                                                          \
    if (k++ == p)                                                                                                    \
        o->name = (type)(o->name ^ (1ull << ((bits) - 1)));
    VMXR_OUT_PORTS(F)
#undef F
}

static unsigned long long value(const struct vmxr_unit_out *o, unsigned p)
{
    unsigned k = 0;
#define V(name, bits, type)                                                                                          \
    if (k++ == p)                                                                                                    \
        return (unsigned long long)o->name;
    VMXR_OUT_PORTS(V)
#undef V
    return 0;
}

static struct vmxr_unit_out sample(void)
{
    struct vmxr_unit_out o;
    memset(&o, 0, sizeof o);
    o.pready = true;
    o.cmd_ready = true;
    o.dec_valid = true;
    o.dec_to = 0x11;
    o.dec_rule = VMXR_RULE_GROUP;
    o.dec_reason = 10;
    return o;
}

static unsigned count(const char *s, const char *what)
{
    unsigned n = 0;
    for (const char *c = s; (c = strstr(c, what)) != NULL; c++)
        n++;
    return n;
}

static void equal_outputs_agree(void **state)
{
    (void)state;
    struct vmxr_unit_out a = sample(), b = sample();
    assert_true(vmxr_ports_same(&a, &b));
}

static void every_field_holds_its_width(void **state)
{
    (void)state;
    struct vmxr_unit_out o;
#define W(name, bits, type)                                                                                          \
    o.name = (type)((1ull << ((bits) - 1)) | ((1ull << ((bits) - 1)) - 1));                                          \
    if ((unsigned long long)o.name != (1ull << ((bits) - 1)) * 2 - 1)                                                \
        fail_msg("field %s cannot hold %u bits", #name, (unsigned)(bits));
    VMXR_OUT_PORTS(W)
#undef W
}

static void every_port_is_compared_and_named(void **state)
{
    (void)state;
    for (unsigned p = 0; p < NPORTS; p++) {
        struct vmxr_unit_out m = sample(), r = sample();
        flip(&r, p);
        assert_false(vmxr_ports_same(&m, &r));
        char *t = vmxr_diverge_text(42, &m, &r, VMXR_RULE_NONE);
        assert_non_null(t);
        assert_non_null(strstr(t, "model and RTL diverge at cycle 42:"));
        /* only that port's line, its values in ceil(bits/4) hex digits */
        char want[96];
        int hexw = (int)(PORTS[p].bits + 3) / 4;
        snprintf(want, sizeof want, "\n  %-12s model 0x%0*llX  rtl 0x%0*llX\n", PORTS[p].name, hexw, value(&m, p), hexw,
                 value(&r, p));
        if (!strstr(t, want))
            fail_msg("port %s not reported as '%s':\n%s", PORTS[p].name, want + 3, t);
        assert_int_equal(count(t, " model 0x"), 1);
        free(t);
        /* the short report: the same port, unpadded, no decisions */
        t = vmxr_diverge_ports(42, &m, &r);
        assert_non_null(t);
        assert_non_null(strstr(t, "model and RTL diverge at cycle 42:"));
        snprintf(want, sizeof want, "\n  %-12s model 0x%llX  rtl 0x%llX", PORTS[p].name, value(&m, p), value(&r, p));
        if (!strstr(t, want))
            fail_msg("port %s not in the short report as '%s':\n%s", PORTS[p].name, want + 3, t);
        assert_int_equal(count(t, " model 0x"), 1);
        assert_null(strstr(t, "dec_valid="));
        free(t);
    }
}

static void decisions_are_decoded(void **state)
{
    (void)state;
    struct vmxr_unit_out m = sample(), r = sample();
    r.dec_to = 0x13;
    char *t = vmxr_diverge_text(24, &m, &r, VMXR_RULE_NONE);
    assert_non_null(t);
    assert_non_null(strstr(t, "model dec_valid=1: cpu 0 EVENT DELIVER from vm 0 to vmm 1 rule GROUP 0"));
    assert_non_null(strstr(t, "rtl   dec_valid=1: cpu 0 EVENT DELIVER from vm 0 to vmm 3 rule GROUP 0"));
    assert_non_null(strstr(t, "\n" VMXR_SIGNATURE_LINE "diverge EVENT at rule GROUP"));
    free(t);
    t = vmxr_diverge_ports(24, &m, &r);
    assert_non_null(t);
    assert_string_equal(t, "model and RTL diverge at cycle 24:\n  dec_to       model 0x11  rtl 0x13");
    free(t);
    /* the signature names no cycle, CPU or context: the same for the same bug */
    struct vmxr_unit_out m2 = sample(), r2 = sample();
    r2.dec_to = 0x13;
    char sig[128], sig2[128];
    r2.dec_rule = VMXR_RULE_IOR;
    r2.dec_idx = 5;
    vmxr_diverge_signature(&m2, &r2, VMXR_RULE_GROUP, sig, sizeof sig);
    assert_string_equal(sig, "diverge EVENT at rule IOR");
    m2.dec_cpu = r2.dec_cpu = 3;
    r2.dec_to = 0x12;
    vmxr_diverge_signature(&m2, &r2, VMXR_RULE_GROUP, sig2, sizeof sig2);
    assert_string_equal(sig, sig2);
    /* one I/O-range bug, whatever the sides fell back to: the model matched
     * an entry whose VMM is offline (FALLBACK), the RTL missed it (HOME);
     * both fell back from different entries; the model overflowed the
     * stack of the entry's VMM while the RTL went HOME */
    struct vmxr_unit_out fm = sample(), fr = sample();
    fm.dec_rule = VMXR_RULE_FALLBACK;
    fr.dec_rule = VMXR_RULE_HOME;
    vmxr_diverge_signature(&fm, &fr, VMXR_RULE_IOR, sig2, sizeof sig2);
    assert_string_equal(sig2, "diverge EVENT at rule IOR");
    fr.dec_rule = VMXR_RULE_FALLBACK;
    fr.dec_idx = fm.dec_idx + 4;
    vmxr_diverge_signature(&fm, &fr, VMXR_RULE_IOR, sig2, sizeof sig2);
    assert_string_equal(sig2, "diverge EVENT at rule IOR");
    fm.dec_rule = VMXR_RULE_NONE;
    fm.dec_outcome = VMXR_OUTCOME_ERROR;
    fr.dec_rule = VMXR_RULE_HOME;
    vmxr_diverge_signature(&fm, &fr, VMXR_RULE_IOR, sig2, sizeof sig2);
    assert_string_equal(sig2, "diverge EVENT at rule IOR");
    /* without the model's route (NONE) the first rule either side shows */
    vmxr_diverge_signature(&fm, &fr, VMXR_RULE_NONE, sig2, sizeof sig2);
    assert_string_equal(sig2, "diverge EVENT at rule HOME");
    /* no rule anywhere: the outcomes */
    fr.dec_rule = VMXR_RULE_NONE;
    fr.dec_outcome = VMXR_OUTCOME_PENDED;
    vmxr_diverge_signature(&fm, &fr, VMXR_RULE_NONE, sig2, sizeof sig2);
    assert_non_null(strstr(sig2, "diverge EVENT outcome: "));
    /* a decision on one side only */
    fr.dec_valid = 0;
    vmxr_diverge_signature(&fm, &fr, VMXR_RULE_NONE, sig2, sizeof sig2);
    assert_string_equal(sig2, "diverge EVENT decision on one side only (model)");
    r2.dec_valid = m2.dec_valid = 0;
    r2.prdata = m2.prdata + 1;
    vmxr_diverge_signature(&m2, &r2, VMXR_RULE_NONE, sig, sizeof sig);
    assert_string_equal(sig, "diverge prdata,dec_to,dec_rule,dec_idx");
}

/* ---- drift of the files that keep their own copy ------------------------- */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        fail_msg("cannot read %s (run from the repository root)", path);
    char *s = calloc(1, 1 << 20);
    assert_non_null(s);
    size_t n = fread(s, 1, (1 << 20) - 1, fp);
    s[n] = '\0';
    fclose(fp);
    return s;
}

static int find_port(const char *name)
{
    for (unsigned p = 0; p < NPORTS; p++)
        if (!strcmp(PORTS[p].name, name))
            return (int)p;
    return -1;
}

static void upper(const char *s, char *out, size_t n)
{
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        out[i] = (char)toupper((unsigned char)s[i]);
    out[i] = '\0';
}

/* rtl/vmxr_top.v: "output wire [H:0] name" or "output wire name". */
static void rtl_top_has_the_listed_outputs(void **state)
{
    (void)state;
    char *v = slurp("rtl/vmxr_top.v");
    unsigned n = 0;
    for (const char *c = v; (c = strstr(c, "output wire")) != NULL; c++) {
        unsigned hi = 0, bits = 1;
        char name[64];
        const char *d = c + strlen("output wire");
        if (sscanf(d, " [%u:0] %63[a-z0-9_]", &hi, name) == 2)
            bits = hi + 1;
        else if (sscanf(d, " %63[a-z0-9_]", name) != 1)
            fail_msg("rtl/vmxr_top.v: cannot read '%.40s'", c);
        int p = find_port(name);
        if (p < 0)
            fail_msg("rtl/vmxr_top.v: output %s is not in VMXR_OUT_PORTS", name);
        if (PORTS[p].bits != bits)
            fail_msg("rtl/vmxr_top.v: output %s has %u bits, VMXR_OUT_PORTS %u", name, bits, PORTS[p].bits);
        n++;
    }
    if (n != NPORTS)
        fail_msg("rtl/vmxr_top.v: %u outputs, VMXR_OUT_PORTS %u", n, (unsigned)NPORTS);
    free(v);
}

/* The part of s from the line containing from up to the next until. */
static char *section(const char *s, const char *from, const char *until, const char *file)
{
    const char *a = strstr(s, from);
    if (!a)
        fail_msg("%s: no '%s'", file, from);
    const char *b = strstr(a, until);
    if (!b)
        fail_msg("%s: no '%s' after '%s'", file, until, from);
    char *r = calloc(1, (size_t)(b - a) + 1);
    assert_non_null(r);
    memcpy(r, a, (size_t)(b - a));
    return r;
}

/* cosim/icarus/vmxr_tb.v: the ports it compares (NPORTS, port_name,
 * exp_port, in list order), the field offsets of the .stim word and the
 * field list of its format comment. */
static void icarus_testbench_follows_the_list(void **state)
{
    (void)state;
    const char *file = "cosim/icarus/vmxr_tb.v";
    char *v = slurp(file);
    unsigned nports = 0;
    const char *np = strstr(v, "localparam int NPORTS = ");
    if (!np || sscanf(np, "localparam int NPORTS = %u;", &nports) != 1 || nports != NPORTS)
        fail_msg("%s: NPORTS %u, VMXR_OUT_PORTS %u", file, nports, (unsigned)NPORTS);

    char *names = section(v, "function automatic string port_name", "endfunction", file);
    char *exps = section(v, "function automatic [31:0] exp_port", "endfunction", file);
    const char *c = names, *e = exps;
    for (unsigned p = 0; p < NPORTS; p++) {
        char name[64] = "", field[64], want[64];
        c = strstr(c, "port_name = \"");
        if (!c || sscanf(c, "port_name = \"%63[a-z0-9_]\"", name) != 1 || strcmp(name, PORTS[p].name))
            fail_msg("%s: port_name(%u) is '%s', VMXR_OUT_PORTS has %s", file, p, name, PORTS[p].name);
        c++;
        e = strstr(e, "x[O_");
        unsigned bits = 1;
        if (!e || sscanf(e, "x[O_%63[A-Z0-9_]", field) != 1)
            fail_msg("%s: exp_port(%u) missing", file, p);
        upper(PORTS[p].name, want, sizeof want);
        const char *w = e + strlen("x[O_") + strlen(field);
        if (!strncmp(w, " +: ", 4))
            bits = (unsigned)atoi(w + 4);
        if (strcmp(field, want) || bits != PORTS[p].bits)
            fail_msg("%s: exp_port(%u) reads O_%s:%u, VMXR_OUT_PORTS has %s:%u", file, p, field, bits, PORTS[p].name,
                     PORTS[p].bits);
        e++;
    }
    free(names);
    free(exps);

    /* offsets: idle at bit 0, each field above the next one in the list */
    for (unsigned p = 0; p < NPORTS; p++) {
        char up[64], below[64], pat[160];
        upper(PORTS[p].name, up, sizeof up);
        if (p + 1 < NPORTS)
            upper(PORTS[p + 1].name, below, sizeof below);
        else
            strcpy(below, "");
        unsigned add = p + 1 < NPORTS ? 4 * ((PORTS[p + 1].bits + 3) / 4) : 0;
        snprintf(pat, sizeof pat, "localparam int O_%s ", up);
        const char *d = strstr(v, pat);
        if (!d)
            fail_msg("%s: no %s", file, pat);
        char prev[64] = "";
        unsigned n = 0;
        d += strlen(pat);
        while (*d == ' ')
            d++;
        if (p + 1 == NPORTS) {
            if (sscanf(d, "= %u;", &n) != 1 || n != 0)
                fail_msg("%s: O_%s is not bit 0", file, up);
        } else if (sscanf(d, "= O_%63[A-Z0-9_] + %u;", prev, &n) != 2 || strcmp(prev, below) || n != add) {
            fail_msg("%s: O_%s is not O_%s + %u", file, up, below, add);
        }
    }

    /* the format comment: "outputs name:bits ..." up to "i.e." */
    char *doc = section(v, "//     outputs", "//     i.e.", file);
    char got[1024] = "", want[1024] = "";
    for (char *t = strtok(doc + strlen("//     outputs"), " \n/"); t; t = strtok(NULL, " \n/"))
        snprintf(got + strlen(got), sizeof got - strlen(got), " %s", t);
    for (unsigned p = 0; p < NPORTS; p++)
        snprintf(want + strlen(want), sizeof want - strlen(want), " %s:%u", PORTS[p].name, PORTS[p].bits);
    if (strcmp(got, want))
        fail_msg("%s: the format comment lists outputs\n %s\nVMXR_OUT_PORTS:\n %s", file, got, want);
    free(doc);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_outputs_agree),
        cmocka_unit_test(every_field_holds_its_width),
        cmocka_unit_test(every_port_is_compared_and_named),
        cmocka_unit_test(decisions_are_decoded),
        cmocka_unit_test(rtl_top_has_the_listed_outputs),
        cmocka_unit_test(icarus_testbench_follows_the_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
