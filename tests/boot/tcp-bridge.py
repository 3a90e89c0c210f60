#!/usr/bin/env python3
"""tcp-bridge.py PORT: a QEMU guestfwd `cmd:` helper, spawned once per guest connection with the connection on
stdin/stdout: passes bytes both ways to 127.0.0.1:PORT until either side closes (keep-alive HTTP, uploads and
downloads of any size: a registry behind a guestfwd)."""
import os, socket, sys, threading

peer = socket.create_connection(("127.0.0.1", int(sys.argv[1])))


def guest_to_peer():
    while True:
        data = os.read(0, 1 << 16)
        if not data:
            peer.shutdown(socket.SHUT_WR)
            return
        peer.sendall(data)


threading.Thread(target=guest_to_peer, daemon=True).start()
while True:
    data = peer.recv(1 << 16)
    if not data:
        break
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]
