# Networking (issue 8): netconf's unit tests live in InitOS.Core.Tests (`make unit-test`); these are the
# integration tests, included from the top Makefile. They create network namespaces and veth pairs (root), run
# a real dnsmasq (DHCPv4 + router advertisements) in a peer namespace and the NativeAOT netconf inside the
# other, and assert kernel state with `ip -j`. Under CI=true a missing tool fails instead of skipping; a kernel
# without bonding or 802.1Q VLANs skips the bond/VLAN case with that reason (nothing to install).

NETWORK_APT_PACKAGES ?= iproute2 dnsmasq-base dhcpcd-base
NETWORK_APT_GET      ?= apt-get -o DPkg::Lock::Timeout=900

.PHONY: network-deps network-test

network-deps: ## install what the network tests need (ip, dnsmasq, dhcpcd)
	@if command -v ip >/dev/null && command -v dnsmasq >/dev/null && command -v dhcpcd >/dev/null; then \
		echo "network-deps: ip, dnsmasq and dhcpcd present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive $(NETWORK_APT_GET) install -y $(NETWORK_APT_PACKAGES) \
		|| { $(NETWORK_APT_GET) update && DEBIAN_FRONTEND=noninteractive $(NETWORK_APT_GET) install -y $(NETWORK_APT_PACKAGES); }; \
	else \
		echo "network-deps: not root, cannot install $(NETWORK_APT_PACKAGES); the tests skip (fail under CI=true)" >&2; \
	fi

network-test: dotnet-deps network-deps binary ## run netconf in network namespaces against dnsmasq (needs root)
	INITOS_BIN=$(BIN)/initos $(DOTNET) test tests/InitOS.Network.IntegrationTests/InitOS.Network.IntegrationTests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD)

.PHONY: network-bench
network-bench: network-deps binary ## netconf's time to configure 8 static links against the same iproute2 commands by hand -> bench/results/network.md
	bash bench/network-bench.sh $(BIN)/initos bench/results/network.md 8 5

bench: network-bench
