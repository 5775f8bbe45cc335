/* The routing driver (firmware/vmxr_drv.c) against the transaction-level
 * core, and the text formatter (firmware/fw_fmt.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fw_fmt.h"
#include "fw_test_hal.h"
#include "vmxr_drv.h"

static int setup(void **state)
{
    struct vmxr_hal *h = calloc(1, sizeof *h);
    if (!h)
        return -1;
    fw_test_reset(h, true, 1, true); /* the reference platform's straps */
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static uint32_t err_bits(struct vmxr_hal *h) { return h->st.cfg.err; }

static void test_probe(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_params p;
    assert_int_equal(vmxr_drv_probe(h, &p), VMXR_DRV_OK);
    assert_int_equal(p.nior, VMXR_NIOR);
    assert_int_equal(p.nvm, VMXR_NVM);
    assert_int_equal(p.ncpu, VMXR_NCPU);
    assert_int_equal(p.nvmm, 8);
    assert_int_equal(p.nprof, 4);
    assert_int_equal(p.depth, VMXR_DEPTH);
    assert_int_equal(p.nmem, VMXR_NMEM);
    assert_int_equal(p.nkey, VMXR_NKEY);
    assert_int_equal(p.version, 2);
    assert_int_equal(vmxr_drv_probe(h, NULL), VMXR_DRV_OK);
    assert_string_equal(vmxr_drv_err_name(VMXR_DRV_EREFUSED), "refused");
}

static void test_type(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_type t;
    assert_int_equal(vmxr_drv_type_set(h, 1, 30, VMXR_DRV_MODE_FIXED, 3), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.type[1][30], 0x13u);
    assert_int_equal(vmxr_drv_type_get(h, 1, 30, &t), VMXR_DRV_OK);
    assert_int_equal(t.mode, VMXR_DRV_MODE_FIXED);
    assert_int_equal(t.vmm, 3);
    assert_int_equal(vmxr_drv_type_set(h, 3, 64, VMXR_DRV_MODE_GROUP, 2), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.type[3][64], 0x22u);
    assert_int_equal(vmxr_drv_type_set(h, 3, 64, VMXR_DRV_MODE_HOME, 0), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.type[3][64], 0u);
    /* argument errors: nothing reaches the unit */
    assert_int_equal(vmxr_drv_type_set(h, 4, 0, VMXR_DRV_MODE_HOME, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_type_set(h, 0, 65, VMXR_DRV_MODE_HOME, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_type_set(h, 0, 1, (enum vmxr_drv_mode)3, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_type_set(h, 0, 1, VMXR_DRV_MODE_GROUP, 4), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_type_set(h, 0, 1, VMXR_DRV_MODE_FIXED, 8), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_type_get(h, 0, 1, NULL), VMXR_DRV_EARG);
    assert_int_equal(err_bits(h), 0);
    /* the unit refuses MODE 3 itself (BAD_VALUE) */
    assert_int_equal(vmxr_drv_reg_write(h, VMXR_TYPE_ADDR(0, 1), 0x30), VMXR_DRV_EREFUSED);
    assert_int_equal(err_bits(h), VMXR_ERR_BAD_VALUE_MASK);
    assert_int_equal(h->st.cfg.type[0][1], 0);
}

static void test_exc_rmw(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_exc x;
    assert_int_equal(vmxr_drv_exc_set(h, 0, 14, true, 2), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_exc_set(h, 0, 15, false, 3), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.exc[0][1], 0x3A000000u);
    assert_int_equal(vmxr_drv_exc_set(h, 0, 8, true, 7), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.exc[0][1], 0x3A00000Fu);
    assert_int_equal(vmxr_drv_exc_set(h, 0, 14, false, 0), VMXR_DRV_OK); /* neighbours kept */
    assert_int_equal(h->st.cfg.exc[0][1], 0x3000000Fu);
    assert_int_equal(vmxr_drv_exc_set(h, 2, 31, true, 1), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.exc[2][3], 0x90000000u);
    assert_int_equal(vmxr_drv_exc_get(h, 0, 8, &x), VMXR_DRV_OK);
    assert_true(x.en);
    assert_int_equal(x.vmm, 7);
    assert_int_equal(vmxr_drv_exc_get(h, 0, 15, &x), VMXR_DRV_OK);
    assert_false(x.en);
    assert_int_equal(x.vmm, 3);
    assert_int_equal(vmxr_drv_exc_set(h, 0, 32, true, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_exc_set(h, 4, 0, true, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_exc_set(h, 0, 0, true, 8), VMXR_DRV_EARG);
    uint32_t m, k;
    assert_int_equal(vmxr_drv_pfec_set(h, 1, 0x5, 0x1), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_pfec_get(h, 1, &m, &k), VMXR_DRV_OK);
    assert_int_equal(m, 0x5);
    assert_int_equal(k, 0x1);
    assert_int_equal(vmxr_drv_pfec_set(h, 4, 0, 0), VMXR_DRV_EARG);
}

static void test_ior_lock(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_ior e = {0x3F8, 0x3FF, true, true, false, 0x3, 3, false}, g;
    assert_int_equal(vmxr_drv_ior_set(h, 2, &e), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.ior_range[2], 0x03FF03F8u);
    assert_int_equal(h->st.cfg.ior_ctrl[2], 0x333u);
    assert_int_equal(vmxr_drv_ior_get(h, 2, &g), VMXR_DRV_OK);
    assert_int_equal(g.base, 0x3F8);
    assert_int_equal(g.limit, 0x3FF);
    assert_true(g.valid && g.in_en && !g.out_en && !g.lock);
    assert_int_equal(g.pmask, 3);
    assert_int_equal(g.vmm, 3);
    assert_int_equal(vmxr_drv_ior_disable(h, 2), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.ior_ctrl[2], 0x332u);
    e.lock = true;
    assert_int_equal(vmxr_drv_ior_set(h, 2, &e), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.ior_ctrl[2], 0x80000333u);
    e.base = 0x2F8;
    assert_int_equal(vmxr_drv_ior_set(h, 2, &e), VMXR_DRV_EREFUSED); /* the range is locked too */
    assert_int_equal(h->st.cfg.ior_range[2], 0x03FF03F8u);
    assert_int_equal(err_bits(h), VMXR_ERR_LOCKED_MASK);
    assert_int_equal(vmxr_drv_ior_disable(h, 2), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_ior_set(h, VMXR_NIOR, &e), VMXR_DRV_EARG);
    e.pmask = 16;
    assert_int_equal(vmxr_drv_ior_set(h, 0, &e), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_ior_set(h, 0, NULL), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_ior_get(h, VMXR_NIOR, &g), VMXR_DRV_EARG);
}

static void test_mem_lock(void **state)
{
    struct vmxr_hal *h = *state;
    unsigned j = VMXR_NMEM - 1;
    struct vmxr_drv_mem e = {0xFED00, 0xFED01, true, true, false, true, 0x5, 3, false}, g;
    assert_int_equal(vmxr_drv_mem_set(h, j, &e), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.mem_base[j], 0xFED00u);
    assert_int_equal(h->st.cfg.mem_limit[j], 0xFED01u);
    assert_int_equal(h->st.cfg.mem_ctrl[j], 0x35Bu); /* VMM 3, PMASK 5, X, R, V */
    assert_int_equal(vmxr_drv_mem_get(h, j, &g), VMXR_DRV_OK);
    assert_int_equal(g.base, 0xFED00u);
    assert_int_equal(g.limit, 0xFED01u);
    assert_true(g.valid && g.r && !g.w && g.x && !g.lock);
    assert_int_equal(g.pmask, 5);
    assert_int_equal(g.vmm, 3);
    /* the route works: a read of the second page goes to VMM 3 by MEM j */
    assert_int_equal(fw_test_launch(h, 0, 0), VMXR_OUTCOME_LAUNCHED);
    assert_int_equal(fw_test_ept(h, 0, 0x1, 0xFED01ABCull), VMXR_OUTCOME_DELIVER);
    assert_int_equal(h->dec[0].rule, VMXR_RULE_MEM);
    assert_int_equal(h->dec[0].idx, j);
    assert_int_equal(h->exit.gpa, 0xFED01ABCull);
    assert_int_equal(h->vmm, 3);
    h->vmm = 0; /* the main VMM programs again */
    assert_int_equal(vmxr_drv_mem_disable(h, j), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.mem_ctrl[j], 0x35Au);
    e.lock = true;
    assert_int_equal(vmxr_drv_mem_set(h, j, &e), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.mem_ctrl[j], 0x8000035Bu);
    e.vmm = 0; /* re-route the locked entry: refused, nothing changes */
    assert_int_equal(vmxr_drv_mem_set(h, j, &e), VMXR_DRV_EREFUSED);
    assert_int_equal(err_bits(h), VMXR_ERR_LOCKED_MASK);
    assert_int_equal(h->st.cfg.mem_ctrl[j], 0x8000035Bu);
    assert_int_equal(vmxr_drv_reg_write(h, VMXR_MEM_LIMIT_ADDR(j), 0xFFFFF), VMXR_DRV_EREFUSED); /* range too */
    assert_int_equal(h->st.cfg.mem_limit[j], 0xFED01u);
    assert_int_equal(vmxr_drv_mem_disable(h, j), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_mem_set(h, VMXR_NMEM, &e), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_mem_get(h, VMXR_NMEM, &g), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_mem_disable(h, VMXR_NMEM), VMXR_DRV_EARG);
    e.pmask = 16;
    assert_int_equal(vmxr_drv_mem_set(h, 0, &e), VMXR_DRV_EARG);
    e.pmask = 1;
    e.vmm = 8;
    assert_int_equal(vmxr_drv_mem_set(h, 0, &e), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_mem_set(h, 0, NULL), VMXR_DRV_EARG);
    assert_int_equal(h->st.cfg.mem_ctrl[0], 0);
}

static void test_key_lock_grp(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_key e = {0x800, 0x8FF, true, VMXR_DRV_KEY_RDMSR | VMXR_DRV_KEY_WRMSR, 0xF, false, 2, false}, g;
    assert_int_equal(vmxr_drv_key_set(h, 0, &e), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.key_base[0], 0x800u);
    assert_int_equal(h->st.cfg.key_limit[0], 0x8FFu);
    assert_int_equal(h->st.cfg.key_ctrl[0], 0x000C02F1u);
    assert_int_equal(vmxr_drv_key_get(h, 0, &g), VMXR_DRV_OK);
    assert_true(g.valid && !g.grp && !g.lock);
    assert_int_equal(g.kinds, VMXR_DRV_KEY_RDMSR | VMXR_DRV_KEY_WRMSR);
    assert_int_equal(g.pmask, 0xF);
    assert_int_equal(g.vmm, 2);
    /* GRP: a hypercall range to group 1 */
    struct vmxr_drv_key hc = {1, 0xFF, true, VMXR_DRV_KEY_VMCALL, 0x1, true, 1, false};
    assert_int_equal(vmxr_drv_key_set(h, VMXR_NKEY - 1, &hc), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.key_ctrl[VMXR_NKEY - 1], 0x00020911u);
    assert_int_equal(vmxr_drv_key_get(h, VMXR_NKEY - 1, &g), VMXR_DRV_OK);
    assert_true(g.grp);
    assert_int_equal(g.vmm, 1);
    assert_int_equal(g.kinds, VMXR_DRV_KEY_VMCALL);
    hc.vmm = VMXR_GROUP_COUNT; /* no such group */
    assert_int_equal(vmxr_drv_key_set(h, 1, &hc), VMXR_DRV_EARG);
    hc.vmm = 0;
    hc.kinds = 0x10;
    assert_int_equal(vmxr_drv_key_set(h, 1, &hc), VMXR_DRV_EARG);
    assert_int_equal(h->st.cfg.key_ctrl[1], 0);
    /* every kind bit in its place */
    struct vmxr_drv_key all = {0x40000000u, 0x400000FFu, true, VMXR_DRV_KEY_ALL, 0x1, false, 0, false};
    assert_int_equal(vmxr_drv_key_set(h, 1, &all), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.key_ctrl[1], 0x000F0011u);
    assert_int_equal(vmxr_drv_key_disable(h, 1), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.key_ctrl[1], 0x000F0010u);
    /* locked: the route of the x2APIC MSRs cannot be moved, even by VMM 0 */
    e.lock = true;
    assert_int_equal(vmxr_drv_key_set(h, 0, &e), VMXR_DRV_OK);
    e.lock = false;
    e.vmm = 6;
    assert_int_equal(vmxr_drv_key_set(h, 0, &e), VMXR_DRV_EREFUSED);
    assert_int_equal(err_bits(h), VMXR_ERR_LOCKED_MASK);
    assert_int_equal(h->st.cfg.key_ctrl[0], 0x800C02F1u);
    assert_int_equal(vmxr_drv_key_disable(h, 0), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_key_set(h, VMXR_NKEY, &e), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_key_get(h, VMXR_NKEY, &g), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_key_get(h, 0, NULL), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_key_disable(h, VMXR_NKEY), VMXR_DRV_EARG);
}

static void test_plat_strap(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_plat p;
    assert_int_equal(vmxr_drv_plat_get(h, VMXR_PCLASS_SMI, &p), VMXR_DRV_OK);
    assert_true(p.en && p.lock);
    assert_int_equal(p.vmm, 1);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_SMI, true, 0, false), VMXR_DRV_EREFUSED);
    assert_int_equal(err_bits(h), VMXR_ERR_LOCKED_MASK);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_NMI, true, 2, false), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.plat[1], 0x21u);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_IPI, true, 2, true), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.plat[3], 0x80000021u);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_IPI, false, 0, false), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_plat_get(h, VMXR_PCLASS_IPI, &p), VMXR_DRV_OK);
    assert_true(p.en && p.lock);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_NONE, true, 0, false), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_NMI, true, 8, false), VMXR_DRV_EARG);
    /* a locked enabled route keeps its VMM online */
    assert_int_equal(vmxr_drv_vmm_online(h, 1, false), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_vmm_online(h, 2, false), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_vmm_online(h, 3, false), VMXR_DRV_OK);
}

static void test_owner_profile_group(void **state)
{
    struct vmxr_hal *h = *state;
    unsigned v;
    assert_int_equal(vmxr_drv_owner_set(h, VMXR_NVM - 1, 6), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_owner_get(h, VMXR_NVM - 1, &v), VMXR_DRV_OK);
    assert_int_equal(v, 6);
    assert_int_equal(vmxr_drv_owner_set(h, VMXR_NVM, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_owner_set(h, 0, 8), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_vm_profile_set(h, 3, 2), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_vm_profile_get(h, 3, &v), VMXR_DRV_OK);
    assert_int_equal(v, 2);
    assert_int_equal(vmxr_drv_vm_profile_set(h, 3, 4), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_vmm_profile_set(h, 7, 3), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_vmm_profile_get(h, 7, &v), VMXR_DRV_OK);
    assert_int_equal(v, 3);
    assert_int_equal(vmxr_drv_vmm_profile_set(h, 8, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_group_set(h, 0, 0x30), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_group_get(h, 0, &v), VMXR_DRV_OK);
    assert_int_equal(v, 0x30);
    assert_int_equal(vmxr_drv_group_set(h, 4, 0), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_group_set(h, 0, 0x100), VMXR_DRV_EARG);
    assert_int_equal(err_bits(h), 0);
}

static void test_vmm_en_weight_ipi(void **state)
{
    struct vmxr_hal *h = *state;
    unsigned m, lo, hi;
    assert_int_equal(vmxr_drv_vmm_online(h, 7, false), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_vmm_en_get(h, &m), VMXR_DRV_OK);
    assert_int_equal(m, 0x7F);
    assert_int_equal(vmxr_drv_vmm_online(h, 7, true), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.vmm_en, 0xFF);
    assert_int_equal(vmxr_drv_vmm_online(h, 0, false), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_vmm_online(h, 8, false), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_pend_weight_set(h, 9), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_pend_weight_get(h, &m), VMXR_DRV_OK);
    assert_int_equal(m, 9);
    assert_int_equal(vmxr_drv_pend_weight_set(h, 256), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_ipi_range_get(h, &lo, &hi), VMXR_DRV_OK);
    assert_int_equal(lo, 0xFF);
    assert_int_equal(hi, 0);
    assert_int_equal(vmxr_drv_ipi_range_set(h, 0xE0, 0xEF), VMXR_DRV_OK);
    assert_int_equal(h->st.cfg.ipi_range, 0xEFE0u);
    assert_int_equal(vmxr_drv_ipi_range_set(h, 0x100, 0), VMXR_DRV_EARG);
}

static void test_usage_and_state(void **state)
{
    struct vmxr_hal *h = *state;
    struct vmxr_drv_usage u;
    struct vmxr_drv_cpu_state cs;
    unsigned v;
    assert_int_equal(vmxr_drv_pend_weight_set(h, 3), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_type_set(h, 0, 10, VMXR_DRV_MODE_FIXED, 4), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_sw_usage_set(h, 4, 100), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_sw_usage_get(h, 4, &v), VMXR_DRV_OK);
    assert_int_equal(v, 100);
    assert_int_equal(vmxr_drv_sw_usage_set(h, 4, 0x10000), VMXR_DRV_EARG);
    assert_int_equal(fw_test_launch(h, 1, 2), VMXR_OUTCOME_LAUNCHED);
    assert_int_equal(fw_test_event(h, 1, 10, 0, 0, 0, 0), VMXR_OUTCOME_DELIVER);
    assert_int_equal(vmxr_drv_usage_get(h, 4, &u), VMXR_DRV_OK);
    assert_int_equal(u.pending, 1);
    assert_int_equal(u.usage, 103);
    assert_int_equal(vmxr_drv_cpu_state_get(h, 1, &cs), VMXR_DRV_OK);
    assert_true(cs.in_vmm);
    assert_int_equal(cs.id, 4);
    assert_int_equal(cs.cur, 0x14);
    assert_int_equal(cs.depth, 1);
    assert_false(cs.blk_smi || cs.blk_nmi || cs.pend_smi || cs.pend_nmi);
    /* an SMI delivery blocks SMI and NMI; a second SMI pends */
    assert_int_equal(fw_test_event(h, 1, 6, 0, 0, 0, 0), VMXR_OUTCOME_DELIVER);
    assert_int_equal(fw_test_event(h, 1, 6, 0, 0, 0, 0), VMXR_OUTCOME_PENDED);
    assert_int_equal(vmxr_drv_cpu_state_get(h, 1, &cs), VMXR_DRV_OK);
    assert_int_equal(cs.id, 1);
    assert_int_equal(cs.depth, 2);
    assert_true(cs.blk_smi && cs.blk_nmi && cs.pend_smi && !cs.pend_nmi);
    assert_int_equal(vmxr_drv_cpu_state_get(h, VMXR_NCPU, &cs), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_usage_get(h, 8, &u), VMXR_DRV_EARG);
}

static void test_access_from_parallel_vmm(void **state)
{
    struct vmxr_hal *h = *state;
    h->vmm = 5;
    assert_int_equal(vmxr_drv_sw_usage_set(h, 5, 42), VMXR_DRV_OK); /* its own */
    assert_int_equal(h->st.cfg.sw_usage[5], 42);
    assert_int_equal(vmxr_drv_sw_usage_set(h, 4, 0), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_type_set(h, 0, 18, VMXR_DRV_MODE_FIXED, 5), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_group_set(h, 0, 0x20), VMXR_DRV_EREFUSED);
    struct vmxr_drv_mem m = {0, 0xFFFFF, true, true, true, true, 0xF, 5, false};
    struct vmxr_drv_key k = {0, 0xFFFFFFFFu, true, VMXR_DRV_KEY_ALL, 0xF, false, 5, false};
    assert_int_equal(vmxr_drv_mem_set(h, 0, &m), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_key_set(h, 0, &k), VMXR_DRV_EREFUSED);
    assert_int_equal(h->st.cfg.mem_limit[0] | h->st.cfg.mem_ctrl[0] | h->st.cfg.key_limit[0] | h->st.cfg.key_ctrl[0], 0);
    assert_int_equal(vmxr_drv_err_clear(h, VMXR_ERR_ACCESS_MASK), VMXR_DRV_EREFUSED);
    struct vmxr_drv_errs e;
    assert_int_equal(vmxr_drv_err_get(h, &e), VMXR_DRV_OK); /* reads are open */
    assert_true(e.access);
    assert_false(e.locked || e.bad_value || e.decode || e.cmd);
    assert_int_equal(h->st.cfg.type[0][18], 0);
    h->vmm = 0;
    assert_int_equal(vmxr_drv_err_clear(h, VMXR_ERR_ACCESS_MASK), VMXR_DRV_OK);
    assert_int_equal(err_bits(h), 0);
    assert_int_equal(vmxr_drv_err_clear(h, 0x100), VMXR_DRV_EARG);
}

static void test_global_lock(void **state)
{
    struct vmxr_hal *h = *state;
    bool l;
    struct vmxr_drv_ior e = {0x60, 0x64, true, true, true, 1, 3, false};
    assert_int_equal(vmxr_drv_global_locked(h, &l), VMXR_DRV_OK);
    assert_false(l);
    assert_int_equal(vmxr_drv_global_lock(h), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_global_locked(h, &l), VMXR_DRV_OK);
    assert_true(l);
    assert_int_equal(vmxr_drv_owner_set(h, 1, 6), VMXR_DRV_EREFUSED);
    assert_int_equal(err_bits(h), VMXR_ERR_LOCKED_MASK);
    assert_int_equal(vmxr_drv_type_set(h, 0, 1, VMXR_DRV_MODE_FIXED, 1), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_exc_set(h, 0, 14, true, 0), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_vmm_online(h, 7, false), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_global_lock(h), VMXR_DRV_EREFUSED); /* GLOBAL locks itself */
    /* not G: I/O ranges, PLAT, SW_USAGE */
    assert_int_equal(vmxr_drv_ior_set(h, 3, &e), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_plat_set(h, VMXR_PCLASS_NMI, true, 2, false), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_sw_usage_set(h, 0, 7), VMXR_DRV_OK);
    /* a MODE 3 write to a locked TYPE reports LOCKED, not BAD_VALUE */
    assert_int_equal(vmxr_drv_err_clear(h, VMXR_ERR_LOCKED_MASK), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_reg_write(h, VMXR_TYPE_ADDR(0, 2), 0x30), VMXR_DRV_EREFUSED);
    assert_int_equal(err_bits(h), VMXR_ERR_LOCKED_MASK);
}

static void test_err_counters(void **state)
{
    struct vmxr_hal *h = *state;
    uint32_t n;
    struct vmxr_drv_errs e;
    assert_int_equal(fw_test_resume(h, 0), VMXR_OUTCOME_ERROR); /* EMPTY */
    assert_int_equal(fw_test_launch(h, 0, 1), VMXR_OUTCOME_LAUNCHED);
    assert_int_equal(fw_test_event(h, 0, 12, 0, 0, 0, 0), VMXR_OUTCOME_DELIVER);
    assert_int_equal(vmxr_drv_err_get(h, &e), VMXR_DRV_OK);
    assert_true(e.cmd);
    assert_int_equal(e.code, VMXR_ERRC_EMPTY);
    assert_int_equal(vmxr_drv_err_clear(h, VMXR_ERR_CMD_MASK), VMXR_DRV_OK);
    assert_int_equal(vmxr_drv_err_get(h, &e), VMXR_DRV_OK);
    assert_false(e.cmd);
    assert_int_equal(e.code, VMXR_ERRC_EMPTY); /* the code stays */
    assert_int_equal(vmxr_drv_cmd_count_get(h, &n), VMXR_DRV_OK);
    assert_int_equal(n, 3);
    assert_int_equal(vmxr_drv_err_count_get(h, &n), VMXR_DRV_OK);
    assert_int_equal(n, 1);
    assert_int_equal(vmxr_drv_delivered_get(h, 0, &n), VMXR_DRV_OK);
    assert_int_equal(n, 1);
    assert_int_equal(vmxr_drv_delivered_get(h, 8, &n), VMXR_DRV_EARG);
    assert_int_equal(vmxr_drv_cmd_count_get(h, NULL), VMXR_DRV_EARG);
    /* a write to a read-only register: DECODE */
    assert_int_equal(vmxr_drv_reg_write(h, VMXR_ID_ADDR, 0), VMXR_DRV_EREFUSED);
    assert_int_equal(vmxr_drv_err_get(h, &e), VMXR_DRV_OK);
    assert_true(e.decode);
}

static void test_fmt(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(FW_FMT(b, sizeof b, "a%ub%xc%Xd%se%cf", FW_U(42), FW_U(0xbeef), FW_U(0xbeef), FW_S("str"),
                            FW_C('Z')),
                     strlen("a42bbeefcBEEFdstreZf"));
    assert_string_equal(b, "a42bbeefcBEEFdstreZf");
    FW_FMT(b, sizeof b, "[%08x][%4u][%-4u][%02x][%d][%5d][%s]", FW_U(0x1234), FW_U(7), FW_U(7), FW_U(0xA),
           FW_I(-12), FW_I(-3), FW_S(NULL));
    assert_string_equal(b, "[00001234][   7][7   ][0a][-12][   -3][(null)]");
    FW_FMT(b, sizeof b, "%u%% %x %u", FW_U(0), FW_U(0xFFFFFFFFFFFFFFFFull), FW_U(18446744073709551615ull));
    assert_string_equal(b, "0% ffffffffffffffff 18446744073709551615");
    FW_FMT(b, sizeof b, "%u %u", FW_U(1)); /* missing argument */
    assert_string_equal(b, "1 ?");
    char s[6];
    assert_int_equal(FW_FMT(s, sizeof s, "%s", FW_S("truncated")), 5);
    assert_string_equal(s, "trunc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_probe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exc_rmw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ior_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mem_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_lock_grp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plat_strap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owner_profile_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vmm_en_weight_ipi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_and_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_from_parallel_vmm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_err_counters, setup, teardown),
        cmocka_unit_test(test_fmt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
