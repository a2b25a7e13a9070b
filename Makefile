# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: setup run test

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/python -m scripts.serve

test: setup
	@bash scripts/test.sh
