/* runner/cli.c: number and option parsing shared by the subcommands, and
 * the escaping of input bytes echoed in messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

static void test_escape_shows_controls_as_hex_and_keeps_text(void **state)
{
    (void)state;
    char b[64];
    /* printable ASCII and a backslash pass */
    assert_string_equal(cli_escape(b, sizeof b, "a b\\c~", 6), "a b\\c~");
    /* C0 controls (ESC, BEL, tab, newline, NUL) and DEL */
    assert_string_equal(cli_escape(b, sizeof b, "\033[2J\a\t\n\0\177", 9), "\\x1B[2J\\x07\\x09\\x0A\\x00\\x7F");
    /* raw C1 bytes, and C1 controls encoded as UTF-8 (U+009B) */
    assert_string_equal(cli_escape(b, sizeof b, "\x9b\x80\xc2\x9b", 4), "\\x9B\\x80\\xC2\\x9B");
    /* well-formed UTF-8 of U+00A0 and above passes: e-acute, euro, an emoji */
    assert_string_equal(cli_escape(b, sizeof b, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9),
                        "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    /* overlong, surrogate, truncated and stray bytes are escaped */
    assert_string_equal(cli_escape(b, sizeof b, "\xc0\xaf\xed\xa0\x80\xe2\x82", 7),
                        "\\xC0\\xAF\\xED\\xA0\\x80\\xE2\\x82");
}

static void test_escape_cuts_at_a_whole_character(void **state)
{
    (void)state;
    char b[8];
    memset(b, 'x', sizeof b);
    assert_string_equal(cli_escape(b, 6, "ab\033cd", 5), "ab"); /* "\x1B" would not fit */
    assert_int_equal(b[6], 'x');
    assert_string_equal(cli_escape(b, 4, "a\xc3\xa9", 3), "a\xc3\xa9");
    assert_string_equal(cli_escape(b, 3, "a\xc3\xa9", 3), "a");
    assert_string_equal(cli_escape(b, 1, "abc", 3), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_accepts_decimal_and_hex_up_to_max),
        cmocka_unit_test(test_number_refuses_a_single_digit_above_a_small_max),
        cmocka_unit_test(test_number_refuses_overflow_signs_blanks_and_junk),
        cmocka_unit_test(test_option_takes_separate_or_joined_values),
        cmocka_unit_test(test_escape_shows_controls_as_hex_and_keeps_text),
        cmocka_unit_test(test_escape_cuts_at_a_whole_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
