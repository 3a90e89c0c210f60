# Control API (D-Bus on a peer socket): integration tests with busctl, gdbus and setpriv against a real
# ControlServer on a socket in a temp dir. Included from the top Makefile; part of `make test`.

CONTROL_APT_PACKAGES ?= systemd libglib2.0-bin util-linux
CONTROL_APT_GET      ?= apt-get -o DPkg::Lock::Timeout=900

.PHONY: control-deps control-test

control-deps: ## install what the control API tests need (busctl, gdbus, setpriv)
	@if command -v busctl >/dev/null && command -v gdbus >/dev/null && command -v setpriv >/dev/null; then \
		echo "control-deps: busctl, gdbus and setpriv present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive $(CONTROL_APT_GET) install -y --no-install-recommends $(CONTROL_APT_PACKAGES) \
		|| { $(CONTROL_APT_GET) update && DEBIAN_FRONTEND=noninteractive $(CONTROL_APT_GET) install -y --no-install-recommends $(CONTROL_APT_PACKAGES); }; \
	else \
		echo "control-deps: not root, cannot install $(CONTROL_APT_PACKAGES); the tests that need them will skip" >&2; \
	fi

control-test: dotnet-deps control-deps ## run the control API tests (busctl, gdbus, setpriv and the ros client against a real server)
	$(DOTNET) test tests/InitOS.Platform.IntegrationTests/InitOS.Platform.IntegrationTests.csproj -c $(CONFIG) --nologo -v q $(TEST_HANG_GUARD) \
	  --filter "FullyQualifiedName~InitOS.Platform.IntegrationTests.Control."
