"""Host driver of case 112: hot-adds a labelled ext4 disk through QMP when the guest asks, presses the ACPI
power button when it asks, then judges the shutdown that follows from the serial log."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from qmp import Qmp  # noqa: E402  (tests/boot/qmp.py)

name = sys.argv[1]
serial = os.environ["INITOS_SERIAL"]
work = os.environ["INITOS_WORKDIR"]


def log(text):
    print(f"host.py: {text}", flush=True)


def wait_serial(pattern, timeout):
    end = time.time() + timeout
    while time.time() < end:
        with open(serial, "rb") as f:
            if pattern.encode() in f.read():
                return True
        time.sleep(0.5)
    return False


def verdict(ok, why):
    print(f"INITOS-TEST: {'PASS' if ok else 'FAIL'} {name}{'' if ok else f' ({why})'}", flush=True)
    sys.exit(0)


qmp = Qmp(os.environ["INITOS_QMP"])
disk = os.path.join(work, "hot.img")
tree = os.path.join(work, "hot-tree")
os.makedirs(tree, exist_ok=True)
with open(os.path.join(tree, "hello.txt"), "w") as f:
    f.write("written on the host\n")
subprocess.run(["truncate", "-s", "32M", disk], check=True)
subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "HOTDISK", "-U", "0e0a1f57-8a43-4a3e-9d7c-112112112112", "-d", tree, disk], check=True)
if not wait_serial("INITOS-STEP: attach-disk", 800):
    verdict(False, "the guest never asked for the disk")
qmp.call("blockdev-add", **{"node-name": "hot0", "driver": "raw", "file": {"driver": "file", "filename": disk}})
qmp.call("device_add", driver="virtio-blk-pci", drive="hot0", id="hotdisk", serial="initos-hot-112", bus="hotplug0")
log("disk attached")
if not wait_serial("INITOS-STEP: press-power-button", 300):
    verdict(False, "the guest's checks did not finish")
start = time.time()
qmp.call("system_powerdown")
log("power button pressed")
if not wait_serial("InitOS shutdown complete, power off now", 180):
    verdict(False, "no clean shutdown within 180 s of the power button")
log(f"clean shutdown {time.time() - start:.1f} s after the power button")
with open(serial, "rb") as f:
    text = f.read().decode(errors="replace")
if "guest: checks done" not in text or ", 0 failed" not in text.split("guest: checks done", 1)[1].split("\n", 1)[0]:
    verdict(False, "a guest check failed")
if "Failed to unmount" in text:
    verdict(False, "a disk was not unmounted: " + text.split("Failed to unmount", 1)[1].split("\n", 1)[0])
for needed in ("Stopped console", "Stopped syslog"):
    if needed not in text:
        verdict(False, f"the shutdown log lacks '{needed}'")
verdict(True, "")
