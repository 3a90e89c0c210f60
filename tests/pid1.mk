# PID 1 (issue 4): unit and integration tests of the init, included from the top Makefile.
# The integration tests start their own dockerd (own socket and data root under /tmp) and use loop
# devices, so they need root; under CI=true a missing prerequisite fails instead of skipping.

PID1_APT_PACKAGES ?= docker.io busybox-static e2fsprogs util-linux
PID1_APT_GET      ?= apt-get -o DPkg::Lock::Timeout=900

.PHONY: pid1-deps pid1-unit-test pid1-integration-test pid1-test

pid1-deps: ## install what the PID 1 integration tests need (dockerd, busybox, mkfs.ext4, losetup)
	@if command -v dockerd >/dev/null && command -v busybox >/dev/null && command -v mkfs.ext4 >/dev/null && command -v losetup >/dev/null; then \
		echo "pid1-deps: dockerd, busybox, mkfs.ext4 and losetup present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive $(PID1_APT_GET) install -y $(PID1_APT_PACKAGES) \
		|| { $(PID1_APT_GET) update && DEBIAN_FRONTEND=noninteractive $(PID1_APT_GET) install -y $(PID1_APT_PACKAGES); }; \
	else \
		echo "pid1-deps: not root, cannot install $(PID1_APT_PACKAGES); the integration tests will skip" >&2; \
	fi

pid1-unit-test: dotnet-deps ## run the PID 1 unit tests (boot plan, logging, state, services)
	$(DOTNET) test tests/InitOS.Boot.Tests/InitOS.Boot.Tests.csproj -c $(CONFIG) --nologo -v q

pid1-integration-test: dotnet-deps pid1-deps ## run the PID 1 integration tests against a real dockerd and loop devices
	$(DOTNET) test tests/InitOS.Platform.IntegrationTests/InitOS.Platform.IntegrationTests.csproj -c $(CONFIG) --nologo -v q

pid1-test: pid1-unit-test pid1-integration-test ## PID 1 unit and integration tests
