#!/bin/sh
# Output files (runner/out.h) of every writing command: a device, FIFO or
# symbolic link given as the output is written through and never unlinked
# or renamed over; an existing regular file is replaced atomically (a new
# inode; a hard link to the old one keeps the old text; its permission
# bits kept); a write error exits 2 with "vmxr CMD: FILE: reason", leaves
# an existing target as it was and no temporary file behind; a directory is
# refused; standard output that cannot be written exits 2.
#   outputs.sh VMXR
set -u
vmxr=$1
case $vmxr in /*) ;; *) vmxr=$(pwd)/$vmxr ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
tag="outputs: "
# shellcheck source=tests/lib.sh
. "$root/tests/lib.sh"

cat > "$tmp/good.vec" <<'V'
vmxr-vectors 1
wr vmm=0 OWNER[1] 2 => ok
launch cpu=0 vm=1 => launched vm 1
ev cpu=0 reason=10 => deliver vmm 2 HOME 1
resume cpu=0 => resumed vm 1
V
scn=$root/vmms/scenarios/boot4.scn
mkdir "$tmp/dir"
ln -s /dev/null "$tmp/null-link"
ln -s /dev/full "$tmp/full-link"
rtl=no
"$vmxr" run -q --engine rtl "$tmp/good.vec" > /dev/null 2>&1 && rtl=yes

# The command NAME writes its output to $1 (the rest of its arguments).
writer() {
    out=$1
    case $2 in
    annotate) "$vmxr" annotate --engine txn -o "$out" "$tmp/good.vec" ;;
    compile) "$vmxr" compile -o "$out" "$tmp/good.vec" ;;
    gen) "$vmxr" gen --seed 7 --count ${3:-200} -o "$out" ;;
    cover) "$vmxr" cover --engine txn --json "$out" "$tmp/good.vec" ;;
    fw) "$vmxr" fw -q -o "$out" "$scn" ;;
    fw-trace) "$vmxr" fw -q --trace "$out" -o /dev/null "$scn" ;;
    wave) "$vmxr" wave --engine rtl --line 4 -o "$out" "$tmp/good.vec" ;;
    esac
}
WRITERS="annotate compile gen cover fw fw-trace"
[ "$rtl" = yes ] && WRITERS="$WRITERS wave" || echo "outputs: skip wave (no rtl engine in this build)"

leftovers() { ls -A "$1" | grep -c '^\.[^.]' ; }

for w in $WRITERS; do
    # -o through a symbolic link to /dev/null: written through, the link kept
    check "$w: -o a link to /dev/null" 0 writer "$tmp/null-link" "$w"
    [ -L "$tmp/null-link" ] && [ -c /dev/null ] && ok || ko "$w: the link to /dev/null was replaced"
    # -o a FIFO: written through to its reader, the FIFO kept
    rm -f "$tmp/fifo" "$tmp/fifo.got"
    mkfifo "$tmp/fifo"
    timeout 10 cat "$tmp/fifo" > "$tmp/fifo.got" & # no hang if the FIFO is replaced
    reader=$!
    check "$w: -o a FIFO" 0 writer "$tmp/fifo" "$w"
    wait "$reader"
    [ -p "$tmp/fifo" ] && ok || ko "$w: the FIFO was replaced"
    [ -s "$tmp/fifo.got" ] && ok || ko "$w: nothing came through the FIFO"
    # a full device: exit 2 with the reason; the link to it kept
    check "$w: -o a link to /dev/full" 2 writer "$tmp/full-link" "$w"
    expect_text "$w: full device message" "$tmp/err" "full-link: No space left on device"
    [ -L "$tmp/full-link" ] && [ -c /dev/full ] && ok || ko "$w: the link to /dev/full was removed"
    # an existing regular file: replaced atomically, mode kept
    printf 'OLD\n' > "$tmp/reg.$w"
    chmod 640 "$tmp/reg.$w"
    ln "$tmp/reg.$w" "$tmp/reg.$w.hard"
    check "$w: -o an existing file" 0 writer "$tmp/reg.$w" "$w"
    [ "$(cat "$tmp/reg.$w.hard")" = OLD ] && ok || ko "$w: the file was rewritten in place, not replaced"
    ! cmp -s "$tmp/reg.$w" "$tmp/reg.$w.hard" && ok || ko "$w: the file was not replaced"
    [ "$(stat -c %a "$tmp/reg.$w")" = 640 ] && ok || ko "$w: mode $(stat -c %a "$tmp/reg.$w"), not 640"
    # a directory: refused
    check "$w: -o a directory" 2 writer "$tmp/dir" "$w"
    expect_text "$w: directory message" "$tmp/err" "dir: is a directory"
    [ -d "$tmp/dir" ] && ok || ko "$w: the directory is gone"
done
[ "$(leftovers "$tmp")" = 0 ] && ok || ko "temporary files left behind: $(ls -A "$tmp" | grep '^\.')"

# device nodes themselves (private copies of /dev/null and /dev/full, made
# when root): written through, never unlinked or renamed over
if [ "$(id -u)" = 0 ] && mknod "$tmp/null" c 1 3 2> /dev/null && mknod "$tmp/full" c 1 7 2> /dev/null; then
    for w in $WRITERS; do
        check "$w: -o a null device" 0 writer "$tmp/null" "$w"
        [ -c "$tmp/null" ] && ok || ko "$w: the null device is no longer a character device"
        check "$w: -o a full device" 2 writer "$tmp/full" "$w"
        expect_text "$w: full device message" "$tmp/err" "vmxr ${w%-trace}: $tmp/full: No space left on device"
        [ -c "$tmp/full" ] && ok || ko "$w: the full device is no longer a character device"
    done
    [ ! -e "$tmp/null.gtkw" ] && ok || ko "wave: a save file named after a device"
else
    echo "outputs: skip device nodes (not root, or no mknod here)"
fi

# a write error on a regular file (a file size limit: EFBIG) leaves the old
# file as it was and no temporary file behind
printf 'KEEP\n' > "$tmp/keep.vec"
check "gen: write error on a file" 2 sh -c "ulimit -f 1; trap '' XFSZ; exec \"\$0\" gen --seed 1 --count 20000 -o \"\$1\"" \
    "$vmxr" "$tmp/keep.vec"
expect_text "gen: write error message" "$tmp/err" "vmxr gen: $tmp/keep.vec: File too large"
[ "$(cat "$tmp/keep.vec")" = KEEP ] && ok || ko "gen: the target was changed by a failed write"
[ "$(leftovers "$tmp")" = 0 ] && ok || ko "gen: a temporary file is left behind"

# standard output that cannot be written
for c in "run --engine txn $tmp/good.vec" "explain --line 3 $tmp/good.vec" "cover --engine txn $tmp/good.vec" \
    "fw -q $scn" "annotate --engine txn $tmp/good.vec" "gen --seed 1 --count 200" "params" "--version"; do
    # shellcheck disable=SC2086 # the command's words
    check "$c > /dev/full" 2 sh -c "exec \"\$0\" $c > /dev/full" "$vmxr"
    # the reason, or "write error" when the command's own flush failed first
    expect_re "$c > /dev/full: message" "$tmp/err" \
        "^vmxr\( [a-z]*\)\{0,1\}: standard output: \(No space left on device\|write error\)$"
done
check "cover --json - > /dev/full" 2 sh -c "exec \"\$0\" cover --engine txn --json - \"\$1\" > /dev/full" "$vmxr" \
    "$tmp/good.vec"
# a closed standard output nothing is written to is no error; one written to is
check "params >&-" 2 sh -c "exec \"\$0\" params >&-" "$vmxr"

# input errors name the file and the reason, without LINE:COL
check "missing vector file" 2 "$vmxr" run "$tmp/none.vec"
expect_re "missing vector file message" "$tmp/err" "^$tmp/none.vec: cannot open: No such file or directory$"
check "missing scenario" 2 "$vmxr" fw "$tmp/none.scn"
expect_re "missing scenario message" "$tmp/err" "^$tmp/none.scn: cannot open: No such file or directory$"
check "directory as a vector file" 2 "$vmxr" run "$tmp/dir"
expect_re "directory message" "$tmp/err" "^$tmp/dir: cannot read: Is a directory$"

summary outputs
