# SUMMARY: busybox as PID 1 starts the shipped dockerd on the initramfs (DOCKER_RAMDISK), docker-loads images-system.tar, runs os-base and os-console, runs the user dockerd from os-docker (engine bind-mounted) and a container in it
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
TIMEOUT=900
