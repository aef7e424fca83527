#!/usr/bin/env bash
# ns-3 reference runs of one bulk TCP transfer (see README.md beside this file).
# Installs Debian's ns-3 3.37 if it is missing, compiles bulk_transfer.cc with g++ (only when the
# source is newer than the binary) and runs four cases: NewReno and Cubic with ns-3's defaults,
# then both with --sack=0. Not part of the CMake build.
#
#   tests/bench/ns3/run.sh                     # the four cases
#   tests/bench/ns3/run.sh --recovery=classic  # extra arguments go to every case
#   NS3_BENCH_OUT=/tmp/x tests/bench/ns3/run.sh
#
# Each case prints bulk_transfer's key=value line followed by wall_s= and maxrss_kb= from
# /usr/bin/time -v. The lines are also written to $NS3_BENCH_OUT/results.txt, and each case's cwnd
# trace to $NS3_BENCH_OUT/cwnd-<case>.csv.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${NS3_BENCH_OUT:-$repo/build/ns3-bench}"
libdir=/usr/lib/x86_64-linux-gnu

need=()
[ -f /usr/include/ns3/core-module.h ] && [ -e "$libdir/libns3-core.so" ] || need+=(ns3 libns3-dev)
command -v g++ >/dev/null || need+=(g++)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    echo "== run.sh: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p "$out"
bin="$out/bulk_transfer"
if [ ! -x "$bin" ] || [ "$here/bulk_transfer.cc" -nt "$bin" ] || [ "$here/run.sh" -nt "$bin" ]; then
    echo "== run.sh: compiling $bin" >&2
    # ns-3.37's headers do not compile as C++20 with GCC 12 (template-id constructors in
    # singleton.h), so this one file is C++17 like ns-3 itself. The ns3-*.pc files' Cflags are
    # broken in Debian's package (-I/usr\;), hence the libraries are named by hand.
    g++ -std=c++17 -O2 -Wall -Wextra -o "$bin.tmp" "$here/bulk_transfer.cc" -L"$libdir" \
        -lns3-applications -lns3-internet -lns3-point-to-point -lns3-traffic-control \
        -lns3-bridge -lns3-network -lns3-stats -lns3-core
    mv "$bin.tmp" "$bin"
fi

results="$out/results.txt"
: >"$results"
run_case() {
    local name=$1
    shift
    local timing="$out/time-$name.txt"
    local line
    line="$(/usr/bin/time -v -o "$timing" "$bin" "$@" --cwnd-trace="$out/cwnd-$name.csv")"
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$timing")"
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timing")"
    # m:ss.cc (or h:mm:ss) to seconds
    wall="$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }')"
    echo "case=$name $line wall_s=$wall maxrss_kb=$rss" | tee -a "$results"
}

run_case newreno-default --tcp=NewReno "$@"
run_case cubic-default --tcp=Cubic "$@"
run_case newreno-nosack --tcp=NewReno --sack=0 "$@"
run_case cubic-nosack --tcp=Cubic --sack=0 "$@"

# A short table of the main numbers.
echo
printf '%-16s %12s %13s %8s %11s %11s %7s %10s\n' case completion_s goodput_mbps retrans \
    queue_drops error_drops wall_s maxrss_kb
awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       printf "%-16s %12s %13s %8s %11s %11s %7s %10s\n", v["case"], v["completion_s"],
              v["goodput_mbps"], v["retransmissions"], v["queue_drops"], v["error_drops"],
              v["wall_s"], v["maxrss_kb"] }' "$results"
