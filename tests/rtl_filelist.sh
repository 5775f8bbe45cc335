#!/bin/sh
# The RTL file list: every RTL_DIR/*.v is named in RTL_DIR/vmxr.f (the
# list the tools read: rtl/vmxr.f for an RTL copy without one), and every
# name there is a file of RTL_DIR, once.
#   rtl_filelist.sh [RTL_DIR]        (default rtl; from the repository root)
set -u
d=${1:-rtl}
f=$d/vmxr.f
[ -f "$f" ] || f=rtl/vmxr.f
[ -f "$f" ] || { echo "rtl_filelist: no $d/vmxr.f and no rtl/vmxr.f" >&2; exit 1; }
listed=$(sed -e 's|//.*||' "$f" | tr -s ' \t' '\n\n' | sed '/^$/d')
bad=0
for v in "$d"/*.v; do
    [ -e "$v" ] || continue
    n=${v##*/}
    printf '%s\n' "$listed" | grep -qxF "$n" ||
        { echo "rtl_filelist: $v is not in $f (add it there, in dependency order)" >&2; bad=1; }
done
for n in $listed; do
    [ -f "$d/$n" ] || { echo "rtl_filelist: $f names $n, which is not a file of $d/" >&2; bad=1; }
done
dup=$(printf '%s\n' "$listed" | sort | uniq -d)
[ -z "$dup" ] || { echo "rtl_filelist: $f names more than once:" $dup >&2; bad=1; }
[ "$bad" = 0 ] && echo "rtl_filelist: $f lists the $(printf '%s\n' "$listed" | wc -l) files of $d/*.v"
exit $bad
