#!/usr/bin/env python3
"""Drives the getty on ttyS1 (a unix socket) of boot case 111: boot 1 logs in as alice with her password,
prints sshd's host key fingerprint and powers off with sudo; boot 2 first checks that rancher with an empty
password is refused. Prints one `ok`/`FAIL` line per step (a FAIL line with the verdict at once)."""
import socket, sys, time

sock_path, name, boot = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock_path)
buf = b""
fails = 0

def say(line):
    print(line, flush=True)

def expect(pattern, timeout):
    """Reads until pattern (bytes) shows up; returns the text read since the last expect."""
    global buf
    end = time.time() + timeout
    while pattern not in buf:
        left = end - time.time()
        if left <= 0:
            raise TimeoutError(f"no {pattern!r} within {timeout}s; last output: {buf[-300:]!r}")
        s.settimeout(left)
        try:
            data = s.recv(4096)
        except socket.timeout:
            continue
        if not data:
            raise EOFError(f"ttyS1 closed while waiting for {pattern!r}; last output: {buf[-300:]!r}")
        buf += data
    i = buf.index(pattern) + len(pattern)
    seen, buf = buf[:i], buf[i:]
    return seen.decode(errors="replace")

def send(text):
    s.sendall(text.encode())

def step(description, ok):
    global fails
    if not ok:
        fails += 1
    say(f"{'ok  ' if ok else 'FAIL'} boot {boot}: {description}")

try:
    # the console starts minutes into a TCG boot; nudge the getty until it prompts
    end = time.time() + 1500
    while True:
        send("\r")
        try:
            expect(b"login: ", 20)
            break
        except TimeoutError:
            if time.time() > end:
                raise
    if boot == 2:
        send("rancher\r")
        expect(b"assword: ", 60)
        send("\r")
        seen = expect(b"ncorrect", 120)
        step("rancher with an empty password is refused", "Login incorrect" in seen)
        expect(b"login: ", 120)
    send("alice\r")
    expect(b"assword: ", 60)
    send("alice-pw\r")
    expect(b"$ ", 120)
    # the markers are split with quotes in what is typed, so the terminal's echo of the line never matches
    send("echo \"WHO\"AMI=$(id -un)/$(id -Gn | tr ' ' ,)/\"END\"ID\r")
    seen = expect(b"/ENDID", 60)
    ok = "WHOAMI=alice/" in seen and "docker" in seen
    step("alice logs in with her password" + ("" if ok else f" (saw {seen[-200:]!r})"), ok)
    # the fingerprint of sshd's first host key, read through sudo (the key directory is root's)
    send("echo \"HOST\"KEY=$(sudo -n sshd -T | sed -n 's/^hostkey //p' | head -n1 | xargs sudo -n ssh-keygen -lf | cut -d' ' -f2)/\"END\"KEY\r")
    seen = expect(b"/ENDKEY", 60)
    key = seen.split("HOSTKEY=")[-1].split("/ENDKEY")[0] if "HOSTKEY=" in seen else ""
    say(f"hostkey boot {boot} {key}")
    step("sshd's host key is readable", key.startswith("SHA256:"))
    send("sudo -n poweroff; echo \"POWER\"OFF-RC=$?\r")
    # the line goes away with the host; EOF (QEMU gone) is the expected end
    try:
        expect(b"POWEROFF-RC=", 120)
        try:
            rest = expect(b"\n", 30)
        except EOFError:
            rest = buf.decode(errors="replace")
        rc = rest.strip()[:1]
        step(f"sudo poweroff was accepted (exit status {rc})", rc == "0")
    except EOFError:
        step("sudo poweroff was accepted", True)
except (TimeoutError, EOFError, OSError) as e:
    step(f"console dialogue ({e})", False)
if fails:
    say(f"INITOS-TEST: FAIL {name} (console dialogue, boot {boot})")
