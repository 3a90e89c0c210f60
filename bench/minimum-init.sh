#!/bin/sh
# bench/minimum-init.sh: the hand-written minimum InitOS's boot is measured against (issue 10), run as /init
# by bench/boot-bench.sh from the same kernel, boot root and engine binaries as InitOS.
# It does the least a container host must: mounts, the engines' modules, the system squashfs (the engine
# binaries), a system containerd and dockerd (started together, as InitOS does), a tiny
# image loaded (busybox, imported from a tar) and run, then a nested dockerd in a privileged container of that
# image (the host's /usr, engine binaries included, bind-mounted read-only), the tiny image loaded into it and run.
# No udev, syslog, network, ntp, acpid, console, config, state disk or supervision.
# Prints `guest: <milestone> at uptime <s>s` lines and `INITOS-TEST: PASS|FAIL bench`.
export PATH=/usr/sbin:/usr/bin
up() { cut -d' ' -f1 /proc/uptime; }
mount -t proc proc /proc
echo "guest: init running at uptime $(up)s"
mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run; mount -t cgroup2 cgroup2 /sys/fs/cgroup
fail() { echo "guest: $*"; tail -n 20 /run/system-docker.log /run/nested/docker.log 2>/dev/null; echo "INITOS-TEST: FAIL bench"; busybox poweroff -f; }
modprobe -a virtio_rng overlay loop squashfs bridge br_netfilter veth nf_tables nft_compat nft_chain_nat \
  xt_MASQUERADE xt_conntrack xt_addrtype || fail "modprobe failed"
mount -t squashfs -o loop,ro /usr/lib/initos/system.sqfs /usr/lib/initos/system || fail "system squashfs does not mount"
ip link set lo up
mkdir -p /var/lib/system-docker /var/lib/user-docker /run/nested
# containerd and dockerd together (dockerd dials containerd's socket until it appears), as InitOS starts them;
# the socket is polled with the shell's test first, so the docker CLI is not started again and again
containerd --address /run/system-containerd.sock --root /var/lib/system-docker/containerd \
  --state /run/system-containerd >/run/system-containerd.log 2>&1 &
DOCKER_RAMDISK=true dockerd --host unix:///run/system-docker.sock --data-root /var/lib/system-docker \
  --exec-root /run/system-docker --containerd /run/system-containerd.sock --bridge none >/run/system-docker.log 2>&1 &
dockerd_pid=$!
sd() { docker -H unix:///run/system-docker.sock "$@"; }
until [ -S /run/system-docker.sock ] && sd version >/dev/null 2>&1; do
  kill -0 $dockerd_pid 2>/dev/null || fail "dockerd exited"
  sleep 0.1
done
echo "guest: dockerd answering at uptime $(up)s"
mkdir -p /tmp/tiny && cp /usr/bin/busybox /tmp/tiny/busybox
# merged-/usr links: the nested dockerd's container gets the host's /usr (rbind, the engine binaries included)
for d in bin sbin lib lib64; do ln -s usr/$d /tmp/tiny/$d; done
tar -C /tmp/tiny -c . | sd import - tiny >/dev/null || fail "the tiny image does not load"
out=$(sd run --rm --net none tiny /busybox echo system-container) || fail "the tiny image does not run"
echo "guest: first container output at uptime $(up)s: $out"
sd run -d --name user-docker --privileged --net host --pid host -e DOCKER_RAMDISK=true -e PATH=/usr/sbin:/usr/bin \
  -v /usr:/usr:ro -v /var/lib/user-docker:/var/lib/docker -v /run/nested:/run/nested \
  tiny /usr/bin/dockerd --host unix:///run/nested/docker.sock >/dev/null || fail "the nested dockerd's container does not start"
ud() { docker -H unix:///run/nested/docker.sock "$@"; }
until [ -S /run/nested/docker.sock ] && ud version >/dev/null 2>&1; do
  [ "$(sd inspect -f '{{.State.Running}}' user-docker)" = true ] || { sd logs user-docker 2>&1 | tail -n 20; fail "the nested dockerd stopped"; }
  sleep 0.1
done
echo "guest: nested dockerd answering at uptime $(up)s"
tar -C /tmp/tiny -c . | ud import - tiny >/dev/null || fail "the tiny image does not load into the nested dockerd"
out=$(ud run --rm tiny /busybox echo first-user-container) || fail "no container in the nested dockerd"
echo "guest: first nested container at uptime $(up)s: $out"
echo "bench: mem_used_kib=$(awk '/^MemTotal:/ {t=$2} /^MemAvailable:/ {a=$2} END {print t - a}' /proc/meminfo)"
grep -E '^(MemTotal|MemFree|MemAvailable|Cached|Shmem|AnonPages|Active\(file\)|Inactive\(file\)|Unevictable|Slab|SReclaimable|KernelStack|PageTables):' /proc/meminfo | sed 's/^/bench-meminfo: /'
[ "$out" = first-user-container ] && echo "INITOS-TEST: PASS bench" || echo "INITOS-TEST: FAIL bench"
busybox poweroff -f
