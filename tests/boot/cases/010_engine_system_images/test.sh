# SUMMARY: busybox as PID 1 starts the shipped dockerd on the initramfs (DOCKER_RAMDISK), finds the system images in place (the squashfs's image store grafted into its tmpfs data root, as PID 1 does), runs os-base and os-console, runs the user dockerd from os-docker (engine bind-mounted) and a container in it
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
TIMEOUT=900
