#!/bin/bash
# The floor view's CPU, two versions side by side: the code at REV (default: main) and the working tree,
# each `unknot run si-joint-10 --mute` in tmux at 200x60, read from /proc over the same windows.
#   bench/floor_ab.sh [REV] [WINDOWS] [SECONDS]      (defaults: main, 5, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-main}; windows=${2:-5}; window=${3:-30}
scratch=$(mktemp -d)
T="tmux -L unknot-floor-ab-$$"
trap '$T kill-server 2>/dev/null || true; rm -rf "$scratch"' EXIT
mkdir -p "$scratch/old"
git archive "$rev" | tar -x -C "$scratch/old"
for v in old new; do
  path=""; [ $v = old ] && path="PYTHONPATH=$scratch/old/src"
  $T new-session -d -s $v -x 200 -y 60 \
    "exec env $path UNKNOT_DATA_DIR=$scratch/$v-data UNKNOT_CONFIG_DIR=$scratch/$v-config .venv/bin/unknot run si-joint-10 --mute"
done
sleep 5
for v in old new; do $T send-keys -t $v Enter; done  # past the reminder
sleep 1.5
for v in old new; do $T send-keys -t $v Escape; done  # the pain question skipped
sleep 2
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
old=$($T list-panes -t old -F '#{pane_pid}'); new=$($T list-panes -t new -F '#{pane_pid}')
for i in $(seq "$windows"); do
  a=$(cpu "$old"); b=$(cpu "$new"); sleep "$window"; a2=$(cpu "$old"); b2=$(cpu "$new")
  awk -v a="$a" -v a2="$a2" -v b="$b" -v b2="$b2" -v w="$window" -v i="$i" -v rev="$rev" 'BEGIN {
    o = (a2 - a) / 100 * 60 / w; n = (b2 - b) / 100 * 60 / w
    printf "window %d: %s %.3f, this tree %.3f s/min (%.2fx)\n", i, rev, o, n, (o ? n / o : 0) }'
done
