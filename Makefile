# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: setup run test lock

setup:
	@bash scripts/setup.sh all

# The product alone: no browser or Telegram emulator, which only the tests use.
run:
	@bash scripts/setup.sh product
	@.venv/bin/python -m scripts.serve

test: setup
	@bash scripts/test.sh

# After changing requirements/*.txt: rewrite the lock files set-up installs from.
lock:
	@bash scripts/lock.sh
