#!/usr/bin/env bash
# End-to-end wall time of the user-facing commands, two source trees timed interleaved (issue 16).
#
#   bench/e2e.sh BASE_TREE NEW_TREE [REPS]        e.g. bench/e2e.sh /work/perf-base . 3
#
# Each tree must hold a built feedback-rl (./feedbackrl build). For every command, runs
# base, new, base, new, ... REPS times each (interleaved, so that a change in the machine's load
# hits both alike), records wall, user and sys time (/usr/bin/time) and the load average before
# each run, and prints the medians and the new/base ratios. It also checks that the numbers each
# command prints (its summary table, with the output directory blanked out) are identical in the two
# trees, and prints a diff when they are not.
#
# E2E_COMMANDS selects what to time (default: all four, pendulum last — it takes minutes):
#   E2E_COMMANDS="demo car go1 pendulum" bench/e2e.sh ...
# E2E_OUT keeps the raw log (default: a temporary directory, printed at the end).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
BASE="$(cd "$1" && pwd)"
NEW="$(cd "$2" && pwd)"
REPS="${3:-3}"
COMMANDS="${E2E_COMMANDS:-demo car go1 pendulum}"
WORK="${E2E_OUT:-$(mktemp -d /tmp/fbrl-e2e.XXXXXX)}"
mkdir -p "$WORK"
[[ -x /usr/bin/time ]] || { echo "e2e: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
for t in "$BASE" "$NEW"; do
  [[ -f "$t/target/feedbackrl.jar" ]] || { echo "e2e: $t is not built; run (cd $t && ./feedbackrl build)" >&2; exit 1; }
done

args_of() {   # command name -> feedbackrl arguments (the output directory is appended)
  case "$1" in
    demo) echo "demo" ;;
    car) echo "experiment car" ;;
    go1) echo "experiment go1" ;;
    pendulum) echo "experiment pendulum" ;;
    mismatch) echo "experiment mismatch" ;;
    *) echo "e2e: unknown command '$1' (demo, car, go1, pendulum, mismatch)" >&2; exit 2 ;;
  esac
}

LOG="$WORK/runs.tsv"
printf 'command\ttree\trep\twall_s\tuser_s\tsys_s\tload1\n' > "$LOG"
echo "e2e: base $BASE ($(git -C "$BASE" rev-parse --short HEAD 2>/dev/null || echo '?')), new $NEW ($(git -C "$NEW" rev-parse --short HEAD 2>/dev/null || echo '?')), $REPS reps, $(nproc) cores"
for cmd in $COMMANDS; do
  read -r -a a <<< "$(args_of "$cmd")"
  for rep in $(seq 1 "$REPS"); do
    for tree in base new; do
      dir=$BASE; [[ $tree == new ]] && dir=$NEW
      out="$WORK/out-$cmd-$tree-$rep"
      rm -rf "$out"
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -o "$WORK/time" -f '%e %U %S' "$dir/feedbackrl" "${a[@]}" --out "$out" \
        > "$WORK/stdout-$cmd-$tree-$rep" 2> "$WORK/stderr-$cmd-$tree-$rep" \
        || { echo "e2e: '$cmd' failed in $dir (see $WORK/stderr-$cmd-$tree-$rep)" >&2; exit 1; }
      read -r wall user sys < <(tail -1 "$WORK/time")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cmd" "$tree" "$rep" "$wall" "$user" "$sys" "$load" >> "$LOG"
      printf '  %-9s %-4s rep %d: wall %6.2f s  user %6.2f s  sys %5.2f s  (load %s)\n' "$cmd" "$tree" "$rep" "$wall" "$user" "$sys" "$load"
      # The printed numbers, with the output directory blanked out.
      sed "s#$out#OUT#g" "$WORK/stdout-$cmd-$tree-$rep" > "$WORK/printed-$cmd-$tree-$rep"
      rm -rf "$out"
    done
  done
done

echo
echo "medians of $REPS (interleaved runs; ratio = new / base):"
printf '%-9s %10s %10s %7s   %14s %14s %7s\n' command "base wall" "new wall" ratio "base user+sys" "new user+sys" ratio
for cmd in $COMMANDS; do
  python3 - "$LOG" "$cmd" <<'EOF'
import sys, statistics
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
cmd = sys.argv[2]
def med(tree, f):
    return statistics.median(f(r) for r in rows if r[0] == cmd and r[1] == tree)
wall = lambda r: float(r[3]); cpu = lambda r: float(r[4]) + float(r[5])
bw, nw, bc, nc = med('base', wall), med('new', wall), med('base', cpu), med('new', cpu)
print('%-9s %8.2f s %8.2f s %7.2f   %12.2f s %12.2f s %7.2f' % (cmd, bw, nw, nw / bw, bc, nc, nc / bc))
EOF
done

echo
status=0
for cmd in $COMMANDS; do
  same=yes
  for rep in $(seq 1 "$REPS"); do
    if ! cmp -s "$WORK/printed-$cmd-base-1" "$WORK/printed-$cmd-base-$rep" || ! cmp -s "$WORK/printed-$cmd-base-1" "$WORK/printed-$cmd-new-$rep"; then
      same=no
    fi
  done
  if [[ $same == yes ]]; then
    echo "printed numbers of '$cmd': identical in both trees and every run"
  else
    status=1
    echo "printed numbers of '$cmd' DIFFER (base rep 1 vs new rep 1):"
    diff "$WORK/printed-$cmd-base-1" "$WORK/printed-$cmd-new-1" || true
  fi
done
echo "raw log: $LOG"
exit $status
