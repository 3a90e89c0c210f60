#!/usr/bin/env python3
"""check-service-commands.py TREES_DIR OS_CONFIG INITOS_BIN: proves, at build time, that every command a system
service of OS_CONFIG runs exists in its image, so a missing program fails the build rather than a boot.

For each service in rancher.services, in its image's tree (TREES_DIR/<image name>/tree), inside a private mount
namespace (the tree is never changed) with the initos binary bind-mounted as the service gets it:
  - `initos PERSONALITY`: runs `initos PERSONALITY --check-image`, which starts every program it will run;
  - `sh -c SCRIPT`: checks the script's syntax (sh -n) and that each command it names resolves in the image;
  - any other command: it must resolve and start (`--version`; only "cannot execute" or "not found" fail).
A service without a command is listed as such, except the user engine (`docker`), whose command the init builds
and which is checked as `initos docker-init` (dockerd and OpenSSL in its image).
Prints one line per check and exits 1 when any fails.
"""
import re
import shlex
import subprocess
import sys

import yaml

SHELL_WORDS = {"if", "then", "else", "elif", "fi", "do", "done", "for", "while", "until", "case", "esac",
               "exec", "!", "{", "}", "in"}
BUILTINS = {"cd", "echo", "printf", "test", "[", "true", "false", "exit", "set", "export", "kill", "read",
            "trap", "wait", "sleep", ":", "."}


def in_tree(tree, initos, command):
    """Runs COMMAND (argv) chrooted in TREE with /usr/bin/initos, /proc and /dev as a service sees them."""
    script = ('set -e; mount --make-rprivate / ; mount -t tmpfs tmpfs "$1/tmp"; : > "$1/tmp/initos"; '
              'mount --bind "$2" "$1/tmp/initos"; mount -t proc proc "$1/proc"; mount --rbind /dev "$1/dev"; '
              'root=$1; shift 2; exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "check", tree, initos] + command,
                          capture_output=True, text=True, timeout=60)


def script_commands(script):
    """The command words of a simple sh script: the first word of each pipeline segment."""
    words = []
    for segment in re.split(r"&&|\|\||[;&|\n]", script):
        try:
            tokens = shlex.split(segment)
        except ValueError:
            continue
        while tokens and (tokens[0] in SHELL_WORDS or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", tokens[0])):
            tokens.pop(0)
        if tokens and tokens[0] not in BUILTINS and tokens[0] not in words:
            words.append(tokens[0])
    return words


def main():
    trees, os_config, initos = sys.argv[1:4]
    with open(os_config) as f:
        services = yaml.safe_load(f)["rancher"]["services"]
    failed = 0

    def report(ok, what, detail=""):
        nonlocal failed
        print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}")
        failed += 0 if ok else 1

    for name, service in services.items():
        image = re.sub(r"^initos/([^:]+):.*$", r"\1", service["image"])
        tree = f"{trees}/{image}/tree"
        command = service.get("command")
        if command is None and name == "docker":
            # the init builds it: dockerd, or `initos docker-init -- dockerd ...` with rancher.docker.tls, which
            # makes certificates with OpenSSL in this image
            command = ["initos", "docker-init"]
        if command is None:
            print(f"--   {name}: no command (the init builds it)")
            continue
        if isinstance(command, str):
            command = shlex.split(command)
        if command[0] in ("initos", "/usr/bin/initos"):
            r = in_tree(tree, initos, ["/tmp/initos", command[1], "--check-image"])
            for line in r.stdout.splitlines():
                print(f"     {name}: {line}")
            report(r.returncode == 0, f"{name}: initos {command[1]} --check-image in {image}", r.stderr.strip())
        elif command[0] in ("sh", "bash") and len(command) >= 3 and command[1] == "-c":
            r = in_tree(tree, initos, [command[0], "-n", "-c", command[2]])
            report(r.returncode == 0, f"{name}: the script parses in {image}", r.stderr.strip())
            for word in script_commands(command[2]):
                r = in_tree(tree, initos, ["sh", "-c", 'command -v "$1"', "sh", word])
                report(r.returncode == 0, f"{name}: '{word}' exists in {image}", r.stdout.strip() or "not found")
        else:
            r = in_tree(tree, initos, [command[0], "--version"])
            bad = r.returncode in (126, 127) or "error while loading shared libraries" in r.stderr
            report(not bad, f"{name}: '{command[0]}' starts in {image}", (r.stderr.strip().splitlines() or [""])[-1] if bad else "")
    print(f"service commands: {'all present' if failed == 0 else f'{failed} failed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
