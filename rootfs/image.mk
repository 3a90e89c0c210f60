# rootfs/image.mk: the OS image (kernel, initrd, system images, ISO) and the QEMU rig. Included by the
# top Makefile; uses its OUT, BIN, BUILD, VERSION and the $(BIN)/initos rule. Downloads and trees are cached
# in build/.

# personalities linked to initos inside the initrd, besides /init (add names as they are implemented)
INITRD_PERSONALITIES ?= ros system-docker reboot poweroff halt shutdown cloud-init-save cloud-init-execute netconf console-init
# the binary packed as /init (override to pack a binary published elsewhere)
INITOS_BIN ?= $(BIN)/initos
# apt packages the image build and the rig need on the build host (Debian bookworm or later)
IMAGE_DEPS := mmdebstrap qemu-system-x86 qemu-utils ovmf grub-pc-bin grub-efi-amd64-bin grub-common \
              xorriso mtools zstd xz-utils cpio squashfs-tools busybox-static python3 kmod binutils \
              e2fsprogs dosfstools python3-yaml fdisk docker-registry
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

BOOT_TREE := $(BUILD)/boot-tree
# the version of the boot tree's one kernel (expanded in recipes, once the tree exists)
KERNEL_VERSION = $(shell ls $(BOOT_TREE)/usr/lib/modules)
STATE_DISK := $(OUT)/state.qcow2

OS_IMAGE := $(OUT)/initos-os-$(VERSION).tar

.PHONY: os-image catalogue-images image image-deps kernel-check images-test boot-test boot-smoke image-bench image-clean FORCE

image: $(OUT)/vmlinuz $(OUT)/initrd $(OUT)/initos.iso ## build out/vmlinuz, out/initrd and out/initos.iso

image-deps: ## install the apt packages the image build and QEMU rig need (when missing)
	@missing=""; for p in $(IMAGE_DEPS); do \
	  dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "image-deps: installing$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $$missing; fi

# the version in use, as a file that changes only when VERSION does
$(BUILD)/version.stamp: FORCE
	@mkdir -p $(@D); [ "$$(cat $@ 2>/dev/null)" = "$(VERSION)" ] || echo "$(VERSION)" > $@

# Debian trixie packages: kernel, engine, tools (extracted, no scripts run)
$(BUILD)/boot-tree.stamp: rootfs/packages/boot.list rootfs/fetch-boot-tree.sh | image-deps
	bash rootfs/fetch-boot-tree.sh $(BOOT_TREE)
	touch $@

kernel-check: $(BUILD)/boot-tree.stamp ## check the packaged kernel's config against kernel-config/initos.fragment
	bash kernel-config/check-config.sh kernel-config/initos.fragment $(BOOT_TREE)/boot/config-*

$(OUT)/vmlinuz: $(BUILD)/boot-tree.stamp kernel-config/initos.fragment kernel-config/check-config.sh
	bash kernel-config/check-config.sh kernel-config/initos.fragment $(BOOT_TREE)/boot/config-*
	@mkdir -p $(@D)
	install -m 0644 $(BOOT_TREE)/boot/vmlinuz-* $@

# system images (mmdebstrap trees, one docker-archive)
$(BUILD)/images-system.tar: $(wildcard rootfs/images/*.list) rootfs/build-images.sh rootfs/mkdockerarchive.py \
                            rootfs/lib/common.sh $(BUILD)/version.stamp | image-deps
	bash rootfs/build-images.sh $@ $(VERSION) $(BUILD)/images

# every command a system service runs exists in its image (issue 13): run at build time, it fails the build
$(BUILD)/services-check.stamp: $(BUILD)/images-system.tar $(INITOS_BIN) rootfs/overlay/usr/share/ros/os-config.yml \
                               rootfs/check-service-commands.py
	python3 rootfs/check-service-commands.py $(BUILD)/images rootfs/overlay/usr/share/ros/os-config.yml $(INITOS_BIN)
	touch $@

# the system images as a prepared image store (a private dockerd loads them once, at build time)
$(BUILD)/system-store.stamp: $(BUILD)/images-system.tar rootfs/build-store.sh rootfs/lib/common.sh
	bash rootfs/build-store.sh $(BUILD)/images-system.tar $(VERSION) $(BUILD)/system-store
	touch $@

# the system squashfs (engine + image store) in an uncompressed cpio
$(BUILD)/system.cpio: $(BUILD)/system-store.stamp $(BUILD)/boot-tree.stamp rootfs/build-system.sh rootfs/lib/common.sh
	bash rootfs/build-system.sh $(BOOT_TREE) $(BUILD)/system-store $@

# the personalities in use, as a file that changes only when INITRD_PERSONALITIES does
$(BUILD)/personalities.stamp: FORCE
	@mkdir -p $(@D); [ "$$(cat $@ 2>/dev/null)" = "$(INITRD_PERSONALITIES)" ] || echo "$(INITRD_PERSONALITIES)" > $@

# the boot root without initos (cached: neither a C# change nor another VERSION rebuilds it)
$(BUILD)/initrd-base.zst: $(BUILD)/boot-tree.stamp $(BUILD)/personalities.stamp \
                          rootfs/build-initrd.sh rootfs/lib/common.sh kernel-config/modules.list kernel-config/modules-uncompressed.list \
                          kernel-config/resolve-modules.sh $(shell find rootfs/overlay -type f)
	INITRD_ROOT=$(BUILD)/initrd-root PERSONALITIES="$(INITRD_PERSONALITIES)" \
	  bash rootfs/build-initrd.sh base $(BOOT_TREE) $@

# boot root + initos and os-release + system squashfs
$(OUT)/initrd: $(INITOS_BIN) $(BUILD)/initrd-base.zst $(BUILD)/system.cpio $(BUILD)/services-check.stamp \
               $(BUILD)/version.stamp
	@mkdir -p $(@D)
	PERSONALITIES="$(INITRD_PERSONALITIES)" bash rootfs/build-initrd.sh pack $(INITOS_BIN) \
	  $(BUILD)/initrd-base.zst $(BUILD)/system.cpio $(VERSION) $(KERNEL_VERSION) $@

# the GRUB files `ros install` writes (the running OS has no GRUB tools): boot.img, core.img, bootx64.efi and
# esp.img.gz in build/installer/; rebuilt when the script, early.cfg or the host's GRUB change
INSTALLER := $(BUILD)/installer
$(BUILD)/installer.stamp: rootfs/build-installer.sh rootfs/installer/early.cfg rootfs/lib/common.sh \
                          $(wildcard /usr/lib/grub/i386-pc/kernel.img /usr/lib/grub/x86_64-efi/kernel.img) | image-deps
	bash rootfs/build-installer.sh $(INSTALLER)
	touch $@

# the live and install medium: /boot holds the install payload (rootfs/README.md)
$(OUT)/initos.iso: $(OUT)/vmlinuz $(OUT)/initrd $(BUILD)/installer.stamp rootfs/build-iso.sh rootfs/iso/grub.cfg.in \
                   rootfs/write-manifest.sh rootfs/lib/common.sh
	bash rootfs/build-iso.sh $(OUT)/vmlinuz $(OUT)/initrd $(INSTALLER) $(VERSION) $(KERNEL_VERSION) $@

# the service catalogue's images (rootfs/catalogue/README.md): not in the boot image, pushed to a registry
CATALOGUE_NAMES := $(sort $(basename $(notdir $(wildcard rootfs/catalogue/*.list))))
CATALOGUE_IMAGES := $(OUT)/initos-catalogue-$(VERSION).tar
catalogue-images: $(CATALOGUE_IMAGES) ## build out/initos-catalogue-$(VERSION).tar: the catalogue services' images (initos/<name>:$(VERSION))

$(CATALOGUE_IMAGES): $(wildcard rootfs/catalogue/*.list) $(shell find rootfs/catalogue -type f -path '*.files/*') \
                     rootfs/build-images.sh rootfs/mkdockerarchive.py rootfs/lib/common.sh | image-deps
	@mkdir -p $(@D)
	IMAGES="os-base $(CATALOGUE_NAMES)" LISTS=$(CURDIR)/rootfs/catalogue bash rootfs/build-images.sh $@ $(VERSION) $(BUILD)/images

os-image: $(OS_IMAGE) ## build out/initos-os-$(VERSION).tar, the OS image for ros os upgrade (docker-archive of initos/os:v$(VERSION))

# one image, one layer: the install payload in /dist (rootfs/README.md), written without a daemon
$(OS_IMAGE): $(OUT)/vmlinuz $(OUT)/initrd $(BUILD)/installer.stamp rootfs/build-os-image.sh rootfs/mkdockerarchive.py \
             rootfs/write-manifest.sh rootfs/lib/common.sh
	bash rootfs/build-os-image.sh $@ $(OUT)/vmlinuz $(OUT)/initrd $(INSTALLER) $(VERSION) $(KERNEL_VERSION)

$(STATE_DISK): | image-deps
	@mkdir -p $(@D)
	qemu-img create -q -f qcow2 $@ 2G

# make run [ISO=1] [UEFI=1] [CLOUD_CONFIG=file.yml] [APPEND="kernel args"]
run: image-deps $(OUT)/vmlinuz $(OUT)/initrd $(STATE_DISK) $(if $(ISO),$(OUT)/initos.iso) ## boot in QEMU on this terminal (ISO=1 UEFI=1 CLOUD_CONFIG=file.yml APPEND=args)
	bash tests/boot/run-qemu.sh $(if $(ISO),--iso $(OUT)/initos.iso) $(if $(UEFI),--uefi) \
	  $(if $(CLOUD_CONFIG),--cloud-config $(CLOUD_CONFIG)) --disk $(STATE_DISK) \
	  $(if $(APPEND),--append "$(APPEND)") $(OUT)/vmlinuz $(OUT)/initrd

images-test: $(BUILD)/images-system.tar ## docker load the system images into a private dockerd and run each
	INITOS_BIN=$(if $(wildcard $(BIN)/initos),$(BIN)/initos) bash rootfs/test-images.sh $(BUILD)/images-system.tar $(VERSION)

# the long run of case 120: this many power cuts (make test's boot-smoke runs it with its default of 2)
BOOT_TEST_POWER_CUTS ?= 100

boot-test: image ## run every boot-test case in QEMU (tests/boot/cases), case 120 with BOOT_TEST_POWER_CUTS (100) power cuts: hours under TCG
	POWER_CUTS=$(BOOT_TEST_POWER_CUTS) bash tests/boot/run-cases.sh

boot-smoke: image ## run the boot-test cases make test runs: the smoke ones and the few real-init `ci` ones
	bash tests/boot/run-cases.sh 'smoke|ci'

image-bench: image ## measure image sizes and boot time into bench/results/image.md
	bash bench/image-bench.sh bench/results/image.md

bench: image-bench

image-clean: ## remove the image build cache (build/)
	rm -rf $(BUILD)

FORCE:
