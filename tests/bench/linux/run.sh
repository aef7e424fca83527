#!/usr/bin/env bash
# The reference transfer of issue 13 through the Linux kernel: two network namespaces joined
# by link.py. Needs root (namespaces, TUN). Usage: run.sh [ALGORITHM SACK]... (default: reno 1
# reno 0 cubic 1 cubic 0). Prints one line per run.
set -euo pipefail
cd "$(dirname "$0")"
runs=("$@"); [ ${#runs[@]} -gt 0 ] || runs=(reno 1 reno 0 cubic 1 cubic 0)
logs=$(mktemp -d); link=
ip netns add tcpviz-a; ip netns add tcpviz-b
cleanup() { kill "$link" 2>/dev/null || true; ip netns del tcpviz-a; ip netns del tcpviz-b; rm -rf "$logs"; }
trap cleanup EXIT
python3 link.py tcpviz-a tcpviz-b > "$logs/link" 2>&1 & link=$!
until grep -q ready "$logs/link" 2>/dev/null; do sleep 0.2; done
echo "Linux $(uname -r); MSS 536, 10 Mbit/s, 100-packet queue, 20 ms each way, 1 % loss A -> B"
for ((i = 0; i < ${#runs[@]}; i += 2)); do
  cc=${runs[i]}; sack=${runs[i+1]}
  for ns in tcpviz-a tcpviz-b; do ip netns exec $ns sysctl -qw net.ipv4.tcp_sack="$sack"; done
  ip netns exec tcpviz-b python3 transfer.py receive > "$logs/receive" & receiver=$!
  sleep 0.5
  ip netns exec tcpviz-a python3 transfer.py send "$cc"
  wait "$receiver"
  echo "$cc, SACK $sack: $(cat "$logs/receive")"
  sleep 2
done
