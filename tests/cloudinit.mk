# Cloud provisioning (issue 5): datasources, cloud-init-save and cloud-init-execute, included from the top
# Makefile. The tests run real HTTP servers on 127.0.0.1, make NoCloud seeds with genisoimage and mkfs.ext4,
# compare password hashes with openssl, and (as root) mount a labelled seed from a loop device.
# Under CI=true a missing prerequisite fails instead of skipping.

CLOUDINIT_APT_PACKAGES ?= genisoimage e2fsprogs openssl util-linux
CLOUDINIT_APT_GET      ?= apt-get -o DPkg::Lock::Timeout=900

.PHONY: cloudinit-deps cloudinit-test

cloudinit-deps: ## install what the cloud-init tests need (genisoimage, mkfs.ext4, openssl, losetup)
	@if command -v genisoimage >/dev/null && command -v mkfs.ext4 >/dev/null && command -v openssl >/dev/null && command -v losetup >/dev/null; then \
		echo "cloudinit-deps: genisoimage, mkfs.ext4, openssl and losetup present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive $(CLOUDINIT_APT_GET) install -y $(CLOUDINIT_APT_PACKAGES) \
		|| { $(CLOUDINIT_APT_GET) update && DEBIAN_FRONTEND=noninteractive $(CLOUDINIT_APT_GET) install -y $(CLOUDINIT_APT_PACKAGES); }; \
	else \
		echo "cloudinit-deps: not root, cannot install $(CLOUDINIT_APT_PACKAGES); tests needing them fail under CI=true" >&2; \
	fi

cloudinit-test: dotnet-deps cloudinit-deps ## run the datasource, cloud-init-save and cloud-init-execute tests
	$(DOTNET) test tests/InitOS.CloudInit.Tests/InitOS.CloudInit.Tests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD)
