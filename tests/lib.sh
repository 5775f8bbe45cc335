# shellcheck shell=sh disable=SC2120,SC2154 # sourced: tmp is the caller's; ok takes arguments only in some scripts
# Helpers shared by the shell tests of tests/. Sourced, not run:
#
#   . "$(dirname "$0")/lib.sh"
#
# Counts checks in pass and fail (both start at 0 here). FAIL lines go to
# stderr, each starting with "FAIL $tag" (tag: empty, or e.g. "sc_fw: ").
#
#   ok [TEXT...]                  one more pass; prints "ok   TEXT" if given
#   ko TEXT...                    one more failure: "FAIL TEXT"
#   bad NAME [DETAIL...]          one more failure: "FAIL NAME", then every
#                                 line of every DETAIL indented with "  | "
#   check NAME STATUS CMD...      runs CMD with stdout in $tmp/out and stderr
#                                 in $tmp/err (the script sets tmp); a pass
#                                 when it exits STATUS, otherwise a failure
#                                 showing the last 40 lines of both
#   expect_text NAME FILE STRING  a pass when the fixed STRING occurs in FILE
#   expect_re NAME FILE REGEX     a pass when the basic regular expression
#                                 REGEX matches a line of FILE
#   summary NAME                  prints "NAME: P passed, F failed"; true
#                                 when nothing failed (end a script with it)

pass=0 fail=0
tag=${tag:-}

ok() {
    pass=$((pass + 1))
    [ $# -eq 0 ] || echo "ok   $*"
}

ko() {
    fail=$((fail + 1))
    echo "FAIL $tag$*" >&2
}

bad() {
    fail=$((fail + 1))
    echo "FAIL $tag$1" >&2
    shift
    for d in "$@"; do [ -z "$d" ] || printf '%s\n' "$d"; done | sed 's/^/  | /' >&2
}

check() {
    name=$1 want=$2
    shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then ok; else
        bad "$name: exit $got, expected $want" "$(tail -n 40 "$tmp/out")" "$(tail -n 40 "$tmp/err")"
    fi
}

expect_text() {
    if grep -qF -- "$3" "$2"; then ok; else
        bad "$1: no '$3' in:" "$(tail -n 40 "$2")"
    fi
}

expect_re() {
    if grep -q -- "$3" "$2"; then ok; else
        bad "$1: no '$3' in:" "$(tail -n 40 "$2")"
    fi
}

summary() {
    echo "$1: $pass passed, $fail failed"
    [ "$fail" = 0 ]
}
