"""The QMP client the boot cases' host.py drivers share: connects to the socket run-case.sh gives QEMU with
QMP=1 ($INITOS_QMP), negotiates capabilities, and runs commands, raising on a QMP error."""
import json
import socket
import time


class Qmp:
    def __init__(self, path):
        for _ in range(100):
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        self.file = self.sock.makefile("rw")
        self.file.readline()  # greeting
        self.call("qmp_capabilities")

    def call(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply or "error" in reply:
                if "error" in reply:
                    raise RuntimeError(f"{command}: {reply['error']}")
                return reply["return"]
