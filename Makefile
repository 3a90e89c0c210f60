# InitOS — top-level build. `make help` lists the targets.
SHELL := /bin/bash
.DELETE_ON_ERROR:
.DEFAULT_GOAL := build

OUT        ?= $(CURDIR)/out
BIN        := $(OUT)/bin
BUILD      ?= $(CURDIR)/build
# the OS version, one place for all: the binary (`ros --version`), os-release, the system images' tags, the ISO
# menu and the OS image (the newest v* tag, else 0.1.0; `make VERSION=x.y.z` builds another)
VERSION    ?= $(or $(patsubst v%,%,$(shell git describe --tags --match 'v[0-9]*' 2>/dev/null)),0.1.0)
DOTNET     ?= dotnet
CONFIG     ?= Release
# a test that hangs fails its run after 10 minutes, naming the test (TestResults/*/Sequence_*.xml) with a mini dump,
# instead of holding CI to its limit
TEST_HANG_GUARD ?= --blame-hang-timeout 10m --blame-hang-dump-type mini
# personalities of the one binary (symlinks in out/bin)
PERSONALITIES := ros init system-docker reboot poweroff halt shutdown cloud-init-save cloud-init-execute ntp-init netconf console-init syslog-init docker-init

SRC_FILES := $(shell find src -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*') \
             Directory.Build.props Directory.Packages.props global.json

.PHONY: help deps dotnet-deps build binary test unit-test cli-test bench config-bench bench-deps clean run

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

deps: dotnet-deps image-deps ## install the build and test prerequisites (apt packages, NuGet restore)

dotnet-deps:
	@command -v $(DOTNET) >/dev/null || { echo "make: the .NET 10 SDK (dotnet) is required and not on PATH" >&2; exit 1; }
	$(DOTNET) restore InitOS.sln --nologo -v q

build: $(BIN)/initos image ## build out/bin/initos (NativeAOT) and the OS image: out/vmlinuz, out/initrd, out/initos.iso

binary: $(BIN)/initos ## build only the NativeAOT binary out/bin/initos and its personality symlinks

# $(BUILD)/version.stamp (rootfs/image.mk) changes only when VERSION does
$(BIN)/initos: $(SRC_FILES) $(BUILD)/version.stamp
	$(DOTNET) publish src/InitOS/InitOS.csproj -c $(CONFIG) --nologo -v q -p:InitOSVersion=$(VERSION) -o $(OUT)/publish
	mkdir -p $(BIN)
	install -m 0755 $(OUT)/publish/initos $(BIN)/initos.new && mv -f $(BIN)/initos.new $(BIN)/initos
	for p in $(PERSONALITIES); do ln -sfn initos $(BIN)/$$p; done

unit-test: dotnet-deps ## run the unit tests
	$(DOTNET) test tests/InitOS.Core.Tests/InitOS.Core.Tests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD)

cli-test: binary ## run the CLI tests against the published binary
	INITOS_BIN=$(BIN)/initos $(DOTNET) test tests/InitOS.Ros.Tests/InitOS.Ros.Tests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD)

test: deps unit-test cli-test pid1-test control-test cloudinit-test network-test images-test install-test boot-smoke ## restore, build and run every test tier (the image and the smoke boots included)

bench: config-bench pid1-bench ## run every benchmark into bench/results/ (config, image, boot; the boot ones take long under TCG)

config-bench: binary bench-deps ## ros config get/set timing and binary size -> bench/results/config.md
	bash bench/config-bench.sh $(BIN)/initos bench/results/config.md

bench-deps:
	@command -v hyperfine >/dev/null && command -v jq >/dev/null || \
	  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q hyperfine jq

clean: ## remove build outputs
	rm -rf $(OUT)
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
include rootfs/image.mk
include tests/pid1.mk
include tests/cloudinit.mk
include tests/network.mk
include tests/lifecycle.mk
include tests/control.mk
