/* The co-simulation comparator (cosim/compare.c): every output port is
 * compared, and the report names the port that differs with both values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_compare.h"
#include "vmxr_model.h"

/* Each output port: its name in the report and how to make it differ. */
static void flip(struct vmxr_unit_out *o, unsigned port)
{
    switch (port) {
    case 0: o->pready = !o->pready; break;
    case 1: o->pslverr = !o->pslverr; break;
    case 2: o->prdata ^= 0x80000000u; break;
    case 3: o->cmd_ready = !o->cmd_ready; break;
    case 4: o->dec_valid = !o->dec_valid; break;
    case 5: o->dec_cpu ^= 1; break;
    case 6: o->dec_op ^= 1; break;
    case 7: o->dec_outcome ^= 1; break;
    case 8: o->dec_err ^= 1; break;
    case 9: o->dec_from ^= 0x10; break;
    case 10: o->dec_to ^= 0x10; break;
    case 11: o->dec_rule ^= 1; break;
    case 12: o->dec_idx ^= 1; break;
    case 13: o->dec_reason ^= 1; break;
    case 14: o->dec_qual ^= 1; break;
    case 15: o->idle = !o->idle; break;
    default: fail();
    }
}

static const char *const PORT[] = { "pready",  "pslverr",     "prdata",  "cmd_ready", "dec_valid", "dec_cpu",
                                    "dec_op",  "dec_outcome", "dec_err", "dec_from",  "dec_to",    "dec_rule",
                                    "dec_idx", "dec_reason",  "dec_qual", "idle" };

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

static void equal_outputs_agree(void **state)
{
    (void)state;
    struct vmxr_unit_out a = sample(), b = sample();
    assert_true(vmxr_ports_same(&a, &b));
}

static void every_port_is_compared_and_named(void **state)
{
    (void)state;
    for (unsigned p = 0; p < sizeof PORT / sizeof PORT[0]; p++) {
        struct vmxr_unit_out m = sample(), r = sample();
        flip(&r, p);
        assert_false(vmxr_ports_same(&m, &r));
        char *t = vmxr_diverge_text(42, &m, &r);
        assert_non_null(t);
        assert_non_null(strstr(t, "model and RTL diverge at cycle 42:"));
        char want[32];
        snprintf(want, sizeof want, "\n  %-12s model 0x", PORT[p]);
        if (!strstr(t, want))
            fail_msg("port %s not reported:\n%s", PORT[p], t);
        /* only that port's line */
        unsigned lines = 0;
        for (const char *c = t; (c = strstr(c, " model 0x")) != NULL; c++)
            lines++;
        assert_int_equal(lines, 1);
        free(t);
    }
}

static void decisions_are_decoded(void **state)
{
    (void)state;
    struct vmxr_unit_out m = sample(), r = sample();
    r.dec_to = 0x13;
    char *t = vmxr_diverge_text(24, &m, &r);
    assert_non_null(t);
    assert_non_null(strstr(t, "model dec_valid=1: cpu 0 EVENT DELIVER from vm 0 to vmm 1 rule GROUP 0"));
    assert_non_null(strstr(t, "rtl   dec_valid=1: cpu 0 EVENT DELIVER from vm 0 to vmm 3 rule GROUP 0"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_outputs_agree),
        cmocka_unit_test(every_port_is_compared_and_named),
        cmocka_unit_test(decisions_are_decoded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
