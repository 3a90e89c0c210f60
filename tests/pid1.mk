# PID 1 (issue 4): unit and integration tests of the init, included from the top Makefile.
# The integration tests start their own dockerd (own socket and data root under /tmp) and use loop
# devices, so they need root; under CI=true a missing prerequisite fails instead of skipping.

PID1_APT_PACKAGES ?= docker.io busybox-static e2fsprogs util-linux docker-registry apache2-utils
PID1_APT_GET      ?= apt-get -o DPkg::Lock::Timeout=900

.PHONY: pid1-deps pid1-unit-test pid1-integration-test pid1-test

pid1-deps: ## install what the PID 1 integration tests need (dockerd, busybox, mkfs.ext4, losetup, a registry with htpasswd)
	@if command -v dockerd >/dev/null && command -v busybox >/dev/null && command -v mkfs.ext4 >/dev/null && command -v losetup >/dev/null \
		&& command -v docker-registry >/dev/null && command -v htpasswd >/dev/null; then \
		echo "pid1-deps: dockerd, busybox, mkfs.ext4, losetup, docker-registry and htpasswd present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive $(PID1_APT_GET) install -y $(PID1_APT_PACKAGES) \
		|| { $(PID1_APT_GET) update && DEBIAN_FRONTEND=noninteractive $(PID1_APT_GET) install -y $(PID1_APT_PACKAGES); }; \
	else \
		echo "pid1-deps: not root, cannot install $(PID1_APT_PACKAGES); the integration tests will skip" >&2; \
	fi

pid1-unit-test: dotnet-deps ## run the PID 1 unit tests (boot plan, logging, state, services)
	$(DOTNET) test tests/InitOS.Boot.Tests/InitOS.Boot.Tests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD)

pid1-integration-test: dotnet-deps pid1-deps ## run the PID 1 integration tests against a real dockerd and loop devices
	$(DOTNET) test tests/InitOS.Platform.IntegrationTests/InitOS.Platform.IntegrationTests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD) \
	  --filter "FullyQualifiedName!~InitOS.Platform.IntegrationTests.Control."

pid1-test: pid1-unit-test pid1-integration-test ## PID 1 unit and integration tests

.PHONY: pid1-bench pid1-boot-test

pid1-bench: image ## boot timeline of initos as PID 1 against the shell-init baseline -> bench/results/boot.md (QEMU, slow)
	bash bench/boot-bench.sh bench/results/boot.md

pid1-boot-test: image ## the PID 1 boot cases (tests/boot/cases/1NN_init_*) in QEMU
	@rc=0; for c in tests/boot/cases/1[0-9][0-9]_init_*; do bash tests/boot/run-case.sh $$c || rc=1; done; exit $$rc
