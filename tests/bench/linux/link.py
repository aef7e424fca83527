#!/usr/bin/env python3
"""A link between two TUN devices, one in each of two network namespaces, for running the
reference transfer through the Linux kernel's TCP (see README.md).

Each direction is what tcpviz's link model does for tests/data/scenarios/bulk-10mb.json: a
drop-tail queue of --queue packets in front of a --rate bit/s bottleneck, then --delay seconds
of propagation; on the A -> B direction only, each packet that leaves the queue is lost with
probability --loss. The kernel in this sandbox has no netem qdisc, hence this program.

usage: link.py NS_A NS_B [--rate 10e6] [--delay 0.020] [--queue 100] [--loss 0.01] [--seed 1]
Prints "ready" once both devices are up (A is 10.8.0.1, B is 10.8.0.2), then runs until killed.
"""
import argparse, fcntl, heapq, os, random, select, struct, subprocess, time

TUNSETIFF, IFF_TUN, IFF_NO_PI = 0x400454CA, 0x0001, 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


class Direction:
    def __init__(self, out_fd, loss):
        self.out_fd, self.loss = out_fd, loss
        self.free_at = 0.0   # when the bottleneck has sent what is queued
        self.queued = 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ns_a"); p.add_argument("ns_b")
    p.add_argument("--rate", type=float, default=10e6)
    p.add_argument("--delay", type=float, default=0.020)
    p.add_argument("--queue", type=int, default=100)
    p.add_argument("--loss", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    fd_a, fd_b = open_tun("tcpvizA"), open_tun("tcpvizB")
    for cmd in (f"ip link set tcpvizA netns {a.ns_a}", f"ip link set tcpvizB netns {a.ns_b}",
                f"ip -n {a.ns_a} addr add 10.8.0.1 peer 10.8.0.2 dev tcpvizA",
                f"ip -n {a.ns_b} addr add 10.8.0.2 peer 10.8.0.1 dev tcpvizB",
                f"ip -n {a.ns_a} link set tcpvizA up", f"ip -n {a.ns_b} link set tcpvizB up"):
        subprocess.run(cmd, shell=True, check=True)
    # What A's kernel writes goes to B, and back; only A -> B loses packets.
    directions = {fd_a: Direction(fd_b, a.loss), fd_b: Direction(fd_a, 0.0)}
    timeline = []   # (time, order, leaving_queue, from_fd, packet)
    order = 0
    print("ready", flush=True)
    while True:
        wait = max(0.0, timeline[0][0] - time.monotonic()) if timeline else 1.0
        readable, _, _ = select.select([fd_a, fd_b], [], [], min(wait, 0.0005) if timeline else 1.0)
        now = time.monotonic()
        for fd in readable:
            d = directions[fd]
            while True:
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if d.queued >= a.queue:
                    continue   # drop-tail
                d.queued += 1
                d.free_at = max(now, d.free_at) + len(packet) * 8 / a.rate
                order += 1
                heapq.heappush(timeline, (d.free_at, order, True, fd, packet))
        while timeline and timeline[0][0] <= now:
            at, _, leaving, fd, packet = heapq.heappop(timeline)
            d = directions[fd]
            if leaving:
                d.queued -= 1
                if rng.random() < d.loss:
                    continue
                order += 1
                heapq.heappush(timeline, (at + a.delay, order, False, fd, packet))
            else:
                try:
                    os.write(d.out_fd, packet)
                except OSError:
                    pass


if __name__ == "__main__":
    main()
