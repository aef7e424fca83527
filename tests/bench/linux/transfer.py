#!/usr/bin/env python3
"""One side of the reference transfer through Linux's TCP: 10,000,000 bytes from A to B with
MSS 536. `transfer.py receive` (in B's namespace) prints the time from the accept to the last
byte; `transfer.py send ALGORITHM` (in A's) connects with that congestion control."""
import socket, sys, time

BYTES, PORT = 10_000_000, 5001

if sys.argv[1] == "receive":
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
    listener.bind(("10.8.0.2", PORT))
    listener.listen(1)
    conn, _ = listener.accept()
    start, got = time.monotonic(), 0
    while got < BYTES:
        chunk = conn.recv(1 << 20)
        if not chunk:
            break
        got += len(chunk)
    print(f"{got} bytes in {time.monotonic() - start:.2f} s", flush=True)
else:
    s = socket.socket()
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, sys.argv[2].encode())
    s.connect(("10.8.0.2", PORT))
    s.sendall(b"x" * BYTES)
    s.close()
