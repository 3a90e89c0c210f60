# Install and upgrade (issue 9): `ros install` on loop devices of this machine, from the real ISO attached as
# a loop device; included from the top Makefile. Needs root (loop devices) and the GRUB and util-linux tools
# of IMAGE_DEPS (grub-editenv, grub-script-check, sfdisk, blkid, mtools) to read the result back.

.PHONY: install-test

install-test: binary $(OUT)/initos.iso | image-deps ## ros install to a loop-device disk from the ISO: GPT, GRUB for BIOS and UEFI, slot A, grubenv, state; refusals
	bash tests/install/install-test.sh $(BIN)/ros $(OUT)/initos.iso
