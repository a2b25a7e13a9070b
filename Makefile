# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: setup run test lock

# Python keeps each module it compiles as bytecode, so that the next start reads it instead of
# compiling TensorFlow's, Rasa's and torch's sources again. This machine kind sets
# PYTHONDONTWRITEBYTECODE, with which every start of Rasa compiled them anew (make run: 25-32 s
# against 11-12 s). Only the modules a service imports are compiled, once, as it imports them.
unexport PYTHONDONTWRITEBYTECODE

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
