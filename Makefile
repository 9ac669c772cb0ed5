# The two commands: `make demo` and `make test`. Each installs what is missing first.
.PHONY: demo demo-stop test setup install bench lint

demo:
	scripts/demo.sh

demo-stop:
	scripts/demo-stop.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

install: setup
	bash -c 'source scripts/common.sh && install_extension'

bench:
	scripts/bench.sh

lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
