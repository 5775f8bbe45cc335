/* runner/cli.c: number and option parsing shared by the subcommands. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cli.h"

static void test_number_accepts_decimal_and_hex_up_to_max(void **state)
{
    (void)state;
    uint64_t v = 0;
    assert_true(cli_number("4", false, 4, &v));
    assert_int_equal(v, 4);
    assert_true(cli_number("0x1F", true, 31, &v));
    assert_int_equal(v, 31);
    assert_true(cli_number("18446744073709551615", false, UINT64_MAX, &v));
    assert_true(v == UINT64_MAX);
}

static void test_number_refuses_a_single_digit_above_a_small_max(void **state)
{
    (void)state;
    uint64_t v = 7;
    assert_false(cli_number("9", false, 4, &v));
    assert_false(cli_number("5", false, 4, &v));
    assert_false(cli_number("0x5", true, 4, &v));
    assert_int_equal(v, 7); /* untouched on failure */
}

static void test_number_refuses_overflow_signs_blanks_and_junk(void **state)
{
    (void)state;
    uint64_t v;
    assert_false(cli_number("18446744073709551616", false, UINT64_MAX, &v));
    assert_false(cli_number("", false, 10, &v));
    assert_false(cli_number("-1", false, 10, &v));
    assert_false(cli_number("+1", false, 10, &v));
    assert_false(cli_number(" 1", false, 10, &v));
    assert_false(cli_number("1x", false, 10, &v));
    assert_false(cli_number("0x", true, 10, &v));
    assert_false(cli_number("0x10", false, 100, &v)); /* hex not allowed */
}

static void test_option_takes_separate_or_joined_values(void **state)
{
    (void)state;
    char *argv[] = { "--seed", "7", "--seed=9", "--seedling", "--seed" };
    const char *v;
    int i = 0;
    assert_true(cli_option(5, argv, &i, "--seed", &v));
    assert_string_equal(v, "7");
    assert_int_equal(i, 1);
    i = 2;
    assert_true(cli_option(5, argv, &i, "--seed", &v));
    assert_string_equal(v, "9");
    i = 3;
    assert_false(cli_option(5, argv, &i, "--seed", &v));
    i = 4;
    assert_true(cli_option(5, argv, &i, "--seed", &v));
    assert_null(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_accepts_decimal_and_hex_up_to_max),
        cmocka_unit_test(test_number_refuses_a_single_digit_above_a_small_max),
        cmocka_unit_test(test_number_refuses_overflow_signs_blanks_and_junk),
        cmocka_unit_test(test_option_takes_separate_or_joined_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
