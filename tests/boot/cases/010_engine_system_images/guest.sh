#!/bin/sh
# PID 1 of this case and of the bench's shell-init baseline: the engine path a container OS walks, timed.
# Prints `guest: <milestone> at uptime <s>s` lines (bench/image-bench.sh reads them) and a verdict.
export PATH=/usr/sbin:/usr/bin
name=${INITOS_CASE:-010_engine_system_images}
up() { cut -d' ' -f1 /proc/uptime; }
mount -t proc proc /proc
echo "guest: init running at uptime $(up)s"
mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run; mount -t cgroup2 cgroup2 /sys/fs/cgroup
fail() { echo "guest: $*"; grep -E "level=(error|fatal)|^failed" /run/system-*.log | tail -n 20; tail -n 10 /run/system-docker.log; sd logs user-docker 2>&1 | tail -n 20; echo "INITOS-TEST: FAIL $name"; sync; busybox poweroff -f; }
modprobe -a virtio_rng overlay loop squashfs bridge br_netfilter veth nf_tables nft_compat nft_chain_nat \
  xt_MASQUERADE xt_conntrack xt_addrtype || fail "modprobe failed"
if [ -f /usr/lib/initos/system.sqfs ]; then
  mount -t squashfs -o loop,ro /usr/lib/initos/system.sqfs /usr/lib/initos/system || fail "system squashfs does not mount"
fi
echo "guest: modules and system ready at uptime $(up)s"
ip link set lo up
version=$(sed -n 's/^VERSION_ID=//p' /usr/share/ros/os-release)
mkdir -p /var/lib/system-docker /var/lib/user-docker && mount -t tmpfs tmpfs /var/lib/system-docker && mount -t tmpfs tmpfs /var/lib/user-docker
# the system images: the prepared image store of the squashfs grafted in before dockerd starts, as PID 1 does it
# (SystemImageStore): the metadata copied, each layer's contents a link to the read-only squashfs, nothing loaded
store=/usr/lib/initos/system/store root=/var/lib/system-docker
[ -d $store/image ] || fail "no image store at $store"
cp -a $store/image $root/ && mkdir -p $root/overlay2 && cp -a $store/overlay2/l $root/overlay2/ || fail "image store metadata not copied"
for layer in $store/overlay2/*; do
  id=${layer##*/}; [ "$id" = l ] && continue
  mkdir -p $root/overlay2/$id && ln -s $layer/diff $root/overlay2/$id/diff || fail "layer $id not linked"
  for f in link lower committed; do [ ! -f $layer/$f ] || cp $layer/$f $root/overlay2/$id/; done
done
echo "guest: images loaded at uptime $(up)s (grafted from the image store, $(du -sk $root | cut -f1) KiB written)"
# containerd first, then dockerd on its socket: dockerd's own wait for a managed containerd is too short
# for a loaded host under emulation
containerd --address /run/system-containerd.sock --root /var/lib/system-docker/containerd \
  --state /run/system-containerd >/run/system-containerd.log 2>&1 &
deadline=$(( $(cut -d. -f1 /proc/uptime) + 240 ))
until [ -S /run/system-containerd.sock ]; do
  [ "$(cut -d. -f1 /proc/uptime)" -lt $deadline ] || fail "containerd does not start within 240 s"
  sleep 0.1
done
echo "guest: containerd listening at uptime $(up)s"
DOCKER_RAMDISK=true dockerd --host unix:///run/system-docker.sock --data-root /var/lib/system-docker \
  --exec-root /run/system-docker --pidfile /run/system-docker.pid --containerd /run/system-containerd.sock \
  --bridge none >/run/system-docker.log 2>&1 &
dockerd_pid=$!
sd() { docker -H unix:///run/system-docker.sock "$@"; }
deadline=$(( $(cut -d. -f1 /proc/uptime) + 240 ))
until sd version >/dev/null 2>&1; do
  kill -0 $dockerd_pid 2>/dev/null || fail "dockerd exited"
  [ "$(cut -d. -f1 /proc/uptime)" -lt $deadline ] || fail "dockerd does not answer within 240 s"
  sleep 0.1
done
echo "guest: dockerd answering at uptime $(up)s"
out=$(sd run --rm --net none "initos/os-base:$version" cat /etc/debian_version) || fail "os-base does not run"
echo "guest: first container output at uptime $(up)s: debian $out"
engine=/usr/lib/initos/system/engine
sd run --rm --net none -v $engine:$engine:ro "initos/os-console:$version" sh -c 'id rancher && docker --version && command -v sshd && command -v agetty && command -v sudo' \
  || fail "os-console does not hold its tools"
timeout 180 docker -H unix:///run/system-docker.sock run -d --name user-docker --privileged --net host -e DOCKER_RAMDISK=true -v $engine:$engine:ro -v /var/lib/user-docker:/var/lib/docker \
  -v /usr/bin/busybox:/opt/busybox:ro "initos/os-docker:$version" sh -c 'containerd >/var/log/containerd.log 2>&1 &
    until [ -S /run/containerd/containerd.sock ]; do sleep 0.2; done
    exec dockerd --host unix:///var/run/docker.sock --containerd /run/containerd/containerd.sock' >/dev/null \
  || fail "the user dockerd container does not start"
deadline=$(( $(cut -d. -f1 /proc/uptime) + 240 ))
# os-docker has no docker CLI of its own: the engine's, from the bind mount
until sd exec user-docker $engine/docker version >/dev/null 2>&1; do
  [ "$(sd inspect -f '{{.State.Running}}' user-docker)" = true ] || fail "the user dockerd container stopped"
  [ "$(cut -d. -f1 /proc/uptime)" -lt $deadline ] || fail "the user dockerd does not answer within 240 s"
  sleep 0.5
done
echo "guest: nested dockerd answering at uptime $(up)s"
out=$(timeout 300 docker -H unix:///run/system-docker.sock exec -e engine=$engine user-docker sh -c 'mkdir -p /tmp/i && cp /opt/busybox /tmp/i/busybox && tar -C /tmp/i -c . | $engine/docker import - bb >/dev/null && $engine/docker run --rm bb /busybox echo nested-container-ok') \
  || fail "no container in the user dockerd"
echo "guest: first nested container at uptime $(up)s: $out"
echo "INITOS-TEST: PASS $name"
sync
busybox poweroff -f
