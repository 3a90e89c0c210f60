#!/usr/bin/env python3
"""QEMU guestfwd helper: joins this process's stdin/stdout (one guest connection) to 127.0.0.1:PORT."""
import socket
import sys
import threading

conn = socket.create_connection(("127.0.0.1", int(sys.argv[1])))


def upstream():
    while True:
        data = sys.stdin.buffer.read1(65536)
        if not data:
            break
        conn.sendall(data)
    conn.shutdown(socket.SHUT_WR)


threading.Thread(target=upstream, daemon=True).start()
while True:
    data = conn.recv(65536)
    if not data:
        break
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
