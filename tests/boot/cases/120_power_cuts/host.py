"""Host driver of case 120: cuts the power (QMP stop, then quit: no shutdown, no sync) at a seeded random
moment of each boot but the last, and judges every boot that reaches the test guest against what the boots
before it acknowledged.

Each cut is one of
  startup: a random delay after the kernel's "Run /init as init process" line, up to the start-up time this
           disk showed before (never during the first boot's mkfs: a half-made filesystem is neither blank
           nor ext4, and InitOS rightly refuses to format it); cut at boot-done at the latest;
  loop:    a random delay after the guest's "POWERCUT-LOOP start" line, while it runs `ros config set` of an
           increasing value and a user container rewrites a 256 MiB file.
The state across boots (seed, plan, last ACK, last SET, counts) is $INITOS_WORKDIR/state.json. A boot that
reaches the guest must show: the system engine started, no "Boot failed", /state on /dev/vda (ext4), the
console running and sshd answering, the user engine answering, a config file `ros config validate` passes,
a set that removes a cut writer's temp file, and a value v with last ACK <= v <= last SET begun. The last boot presses the ACPI power
button once the guest's set loop runs and must shut down cleanly; then the verdict and a summary line.
Environment: POWER_CUTS (set by test.sh), POWER_CUTS_SEED (optional)."""
import json
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from qmp import Qmp  # noqa: E402  (tests/boot/qmp.py)

name = sys.argv[1]
boot = int(sys.argv[2])
serial = os.environ["INITOS_SERIAL"]
work = os.environ["INITOS_WORKDIR"]
cuts = int(os.environ.get("POWER_CUTS", "2"))
state_file = os.path.join(work, "state.json")


def log(text):
    print(f"host.py: boot {boot}: {text}", flush=True)


def read():
    with open(serial, "rb") as f:
        return f.read().decode(errors="replace")


def save(state):
    with open(state_file + ".tmp", "w") as f:
        json.dump(state, f)
    os.replace(state_file + ".tmp", state_file)


if boot == 1:
    seed = int(os.environ.get("POWER_CUTS_SEED") or random.SystemRandom().randrange(1, 2**31))
    rng = random.Random(seed)
    # both kinds when there are two cuts or more, in a seeded order
    kinds = [("startup", "loop")[i % 2] for i in range(cuts)]
    rng.shuffle(kinds)
    plan = [{"kind": k, "fraction": rng.random()} for k in kinds]
    state = {"seed": seed, "plan": plan, "start": time.time(), "last_ack": None, "last_set": None,
             "startup_s": None, "survived": 0, "recorded": 0, "faults": [], "pending": 0, "done": {"startup": 0, "loop": 0},
             "boot_done_s": []}
    save(state)
    print(f"host.py: POWER_CUTS={cuts} POWER_CUTS_SEED={seed} plan: "
          + ", ".join(f"{p['kind']}@{p['fraction']:.3f}" for p in plan), flush=True)
else:
    with open(state_file) as f:
        state = json.load(f)
# a boot that ended by a kernel fault (an Oops under TCG, then panic=-1 ends QEMU) is an unplanned cut: the
# runner may end this driver before it sees it, so the next boot reads that boot's log
# a soft-lockup report is a warning the kernel goes on from (under TCG it follows a jump of the guest clock: once
# "stuck for 24264s" after a 7-hour jump); the checks of the boot judge it like any other
fault_re = r"(Oops: [^\n]*|Kernel panic[^\n]*|BUG: (?!soft lockup)[^\n]*)"
if boot > 1 and state.get("recorded", boot - 1) < boot - 1:
    with open(os.path.join(os.path.dirname(serial), f"serial.{boot - 1}.log"), "rb") as f:
        previous = f.read().decode(errors="replace")
    fault = re.search(fault_re, previous)
    state.setdefault("faults", []).append(f"boot {boot - 1}: {fault.group(1).strip() if fault else 'ended without a cut'}")
    state["pending"] += 1
    for n in re.findall(r"POWERCUT-ACK (\d+)\b", previous):
        state["last_ack"] = max(state["last_ack"] or 0, int(n))
    for n in re.findall(r"POWERCUT-SET (\d+)\b", previous):
        state["last_set"] = max(state["last_set"] or 0, int(n))
    state["recorded"] = boot - 1
    save(state)
    print(f"host.py: boot {boot}: boot {boot - 1} ended by itself, an unplanned cut: {state['faults'][-1]}", flush=True)
last_boot = boot == cuts + 1
cut = None if last_boot else state["plan"][boot - 1]


def summary(result):
    done = state["done"]
    attempted = done["startup"] + done["loop"] + len(state.get("faults", []))
    print(f"host.py: POWERCUT-SUMMARY result={result} cuts_survived={state['survived']}/{attempted} "
          f"(planned {cuts}) startup={done['startup']} loop={done['loop']} unplanned={len(state.get('faults', []))} max_ack={state['last_ack']} "
          f"seed={state['seed']} boots={boot} total_s={time.time() - state['start']:.0f} "
          f"boot_done_s={','.join(str(s) for s in state['boot_done_s'])}", flush=True)


def verdict(ok, why=""):
    summary("PASS" if ok else "FAIL")
    print(f"INITOS-TEST: {'PASS' if ok else 'FAIL'} {name}{'' if ok else f' (boot {boot}: {why})'}", flush=True)
    sys.exit(0)


def boot_failed(text):
    """A reason when the boot went wrong before the guest ran (recovery console, a step that failed)."""
    for pattern in (r"Boot failed: [^\n]*", r"\[recovery\] #", r"initos-boot step=\S+ [^\n]*result=failed",
                    r"Check of the state filesystem[^\n]*"):
        m = re.search(pattern, text)
        if m:
            return m.group(0).strip()
    return None


def wait_for(pattern, timeout, stop_early=None):
    """Seconds until the serial log matches pattern (a regex), or None after timeout; FAIL when the boot failed."""
    start = time.time()
    while time.time() - start < timeout:
        text = read()
        if re.search(pattern, text):
            return time.time() - start
        if stop_early and re.search(stop_early, text):
            return None
        bad = boot_failed(text)
        if bad:
            verdict(False, f"the boot failed: {bad}")
        fault = re.search(fault_re, text)
        if fault:
            if last_boot:
                verdict(False, f"kernel fault on the last boot (no boot left to check the cut it makes): {fault.group(1).strip()}")
            log(f"kernel fault: {fault.group(1).strip()}; the next boot treats it as an unplanned cut")
            time.sleep(60)  # QEMU ends (panic=-1, -no-reboot) and the runner ends this driver
            qmp.call("quit")  # an Oops that did not panic: end the boot, the next one still counts it
            time.sleep(30)
            sys.exit(0)
        time.sleep(0.2)
    return None


def acks(text):
    return [int(n) for n in re.findall(r"POWERCUT-ACK (\d+)\b", text)]


def power_cut(kind, detail):
    """The cut: the CPUs stop at once, the log is final; count it, then quit (no shutdown, no flush by the guest)."""
    qmp.call("stop")
    text = read()
    fails = re.findall(r"POWERCUT-SETFAIL [^\n]*", text)
    if fails:
        verdict(False, f"ros config set failed before the cut: {fails[0]}")
    got = acks(text)
    if got:
        state["last_ack"] = max(got)
    sets = [int(n) for n in re.findall(r"POWERCUT-SET (\d+)\b", text)]
    if sets:
        state["last_set"] = max(sets)
    state["done"][kind] += 1
    state["pending"] += 1
    state["recorded"] = boot
    save(state)
    log(f"POWER CUT ({kind}, {detail}); acks this boot {len(got)}, last ACK {state['last_ack']}, last SET begun {state['last_set']}")
    qmp.call("quit")
    time.sleep(30)  # the runner sees QEMU gone and ends this driver
    sys.exit(0)


def judge(text):
    """The checks of a boot that reached the guest, against the ACKs of the boots before."""
    checks = {k: v.strip() for k, v in re.findall(r"POWERCUT-CHECK ([a-z-]+)=([^\n]*)", text)}
    problems = []
    if not re.search(r"initos-boot step=start-system-engine [^\n]*result=ok", text):
        problems.append("the system engine did not start")
    if not checks.get("state", "").startswith("/dev/vda,ext4"):
        problems.append(f"/state is not /dev/vda ext4: '{checks.get('state')}'")
    if checks.get("validate-rc") == "nofile" and state["last_set"] is None:
        pass  # no set was ever begun: no file yet is right
    elif checks.get("validate-rc") != "0":
        problems.append(f"ros config validate of the file: {checks.get('validate-rc')} "
                        + "; ".join(re.findall(r"POWERCUT-CHECK validate: ([^\n]*)", text)))
    if not checks.get("console", "").startswith("running/"):
        problems.append(f"console: {checks.get('console')}")
    if checks.get("sshd") != "ok":
        problems.append("sshd does not answer in the console")
    if checks.get("user-engine") != "ok":
        problems.append("the user engine does not answer")
    value = checks.get("value", "none")
    last_ack, last_set = state["last_ack"], state["last_set"]
    if value == "none":
        if last_ack is not None:
            problems.append(f"ros config get: no value, last ACK was {last_ack}")
    elif not value.strip().isdigit():
        problems.append(f"ros config get: '{value}' is not the number set")
    else:
        v = int(value)
        if last_ack is not None and v < last_ack:
            problems.append(f"value {v} is lower than the last ACK {last_ack}")
        if last_set is None or v > last_set:
            problems.append(f"value {v} was never set (last SET begun {last_set})")
    degraded = sorted(set(re.findall(r"initos-boot step=(\S+) [^\n]*result=degraded", text)))
    log(f"checks: value={value} (last ACK {last_ack}, last SET {last_set}) "
        + " ".join(f"{k}={v}" for k, v in checks.items() if k != "value")
        + (f" degraded-steps={','.join(degraded)}" if degraded else ""))
    if problems:
        verdict(False, "; ".join(problems))
    state["survived"] += state["pending"]
    state["pending"] = 0
    save(state)


qmp = Qmp(os.environ["INITOS_QMP"])
if wait_for(r"Run /init as init process", 300) is None:
    log("no 'Run /init as init process' within 300 s")  # the runner's fault-before-init rule takes over
    sys.exit(0)
init_at = time.time()

if cut and cut["kind"] == "startup":
    # never during the first boot's mkfs
    if "Formatting blank device" in read() or wait_for(r"Formatting blank device", 20, r"Mounted state device") is not None:
        wait_for(r"Mounted state device", 300)
    delay = cut["fraction"] * (state["startup_s"] or 140)
    took = wait_for(r"initos-boot mark=boot-done", max(0.0, delay - (time.time() - init_at)))
    at = time.time() - init_at
    steps = re.findall(r"initos-boot step=(\S+)", read())
    power_cut("startup", f"{at:.1f} s after Run /init (drawn {delay:.1f} s){', at boot-done' if took is not None else ''}, "
              f"last step logged: {steps[-1] if steps else 'none'}")

if wait_for(r"initos-boot mark=boot-done", 1200) is None:
    verdict(False, "no boot-done within 20 minutes of the init")
boot_s = round(time.time() - init_at, 1)
state["boot_done_s"].append(boot_s)
# the start-up time a startup cut draws its moment in: that of the last boot that got to boot-done, without
# the first boot's image load (later boots find the images loaded)
loads = [int(ms) for ms in re.findall(r"initos-boot step=load-images start_ms=\d+ dur_ms=(\d+)", read())]
state["startup_s"] = round(boot_s - (max(loads) / 1000 if loads and boot == 1 else 0), 1)
save(state)
if wait_for(r"POWERCUT-CHECKS done", 600) is None:
    verdict(False, "the guest's checks did not finish within 10 minutes")
judge(read())
if wait_for(r"POWERCUT-LOOP start", 600) is None:
    verdict(False, "the guest did not start its loop within 10 minutes")
load = re.findall(r"POWERCUT-LOAD [^\n]*", read())
if load and "writer running" not in load[-1]:
    verdict(False, load[-1])
after = re.findall(r"POWERCUT-CHECK tempfiles-after-set=(\S+)", read())
if not after or after[-1] != "0":
    verdict(False, f"a set left temp files of a cut writer in /var/lib/rancher/conf: {after[-1] if after else 'not reported'}")

if cut:
    delay = 3 + cut["fraction"] * 42
    time.sleep(delay)
    power_cut("loop", f"{delay:.1f} s into the set loop")

# the last boot: let a few sets land, then the power button and a clean shutdown
time.sleep(5)
qmp.call("system_powerdown")
log("power button pressed")
if wait_for(r"InitOS shutdown complete, power off now", 300) is None:
    verdict(False, "no clean shutdown within 300 s of the power button")
text = read()
fails = re.findall(r"POWERCUT-SETFAIL [^\n]*", text)
if fails:
    verdict(False, f"ros config set failed: {fails[0]}")
if "Failed to unmount" in text:
    verdict(False, "a disk was not unmounted: " + text.split("Failed to unmount", 1)[1].split("\n", 1)[0])
verdict(True)
