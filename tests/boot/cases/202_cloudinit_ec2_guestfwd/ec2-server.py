#!/usr/bin/env python3
"""An EC2-style instance metadata service (IMDSv2 only) on 127.0.0.1 for boot case 202.

Usage: ec2-server.py PORT_FILE. Binds an ephemeral port, writes it to PORT_FILE, serves until the process
that started it goes away. Every GET without the session token gets 401, as IMDSv2-only instances answer.
"""
import http.server
import os
import sys
import threading
import time

TOKEN = "initos-boot-case-token"
USER_DATA = """#cloud-config
write_files:
  - path: /etc/from-ec2
    content: ec2-ok
runcmd:
  - echo ec2-runcmd-ok > /run/ec2-runcmd
"""
TREE = {
    "/latest/meta-data/instance-id": "i-0initos202",
    "/latest/meta-data/local-hostname": "ip-10-0-2-15.ec2.internal",
    "/latest/meta-data/instance-type": "m5.large",
    "/latest/meta-data/local-ipv4": "10.0.2.15",
    "/latest/meta-data/public-ipv4": "203.0.113.7",
    "/latest/meta-data/public-keys/": "0=boot-key",
    "/latest/meta-data/public-keys/0/openssh-key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEc2BootKey ec2@case\n",
    "/latest/user-data": USER_DATA,
}


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            self.reply(200, TOKEN)
        else:
            self.reply(400, "bad token request")

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            self.reply(401, "token required")
        elif self.path in TREE:
            self.reply(200, TREE[self.path])
        else:
            self.reply(404, "not found")

    def log_message(self, fmt, *args):
        sys.stderr.write("ec2-server: " + (fmt % args) + "\n")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    parent = os.getppid()
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    while os.getppid() == parent:
        time.sleep(1)


main()
