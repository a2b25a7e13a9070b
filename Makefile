# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: setup run test lock

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/python -m scripts.serve

test: setup
	@bash scripts/test.sh

# After changing requirements/*.txt: rewrite the lock files set-up installs from.
lock:
	@bash scripts/lock.sh
