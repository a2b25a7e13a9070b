#!/usr/bin/env bash
# Issue 16's "brand-new" figure: seconds from `git clone` to a running product, as a new user on a
# new machine gets it.
#
#   bash bench/brand_new.sh [--purge-packages]
#
# Clones this repository's current commit into a new folder and runs `make run` there with HOME
# set to an empty folder (no uv, pip, npm, model or index cache), until it prints
# «Samskapingsrådgiveren is running»; then stops the services and removes both folders.
# --purge-packages first removes the Debian packages the set-up installs (apt-get purge, autoremove,
# clean; as root), so that the machine has nothing but Python, like a new one (`make run` needs
# none of them; `make test` puts back Apertium, Chromium and its fonts).
#
# It prints the total, each set-up step's duration and each service's start; the whole output of
# `make run` is kept in test-artifacts/bench/brand-new-<time>.log. Nothing else should run: the
# set-up is CPU-bound, and the machine's speed decides most of the figure (README, «The whole
# product»). Port 8000 and the services' ports must be free.
set -euo pipefail
cd "$(dirname "$0")/.."

purge=false
case ${1:-} in
  --purge-packages) purge=true ;;
  "") ;;
  *) echo "usage: bash bench/brand_new.sh [--purge-packages]" >&2; exit 2 ;;
esac

if pgrep -f "scripts.serve" >/dev/null; then
  echo "A product is running here (scripts.serve); stop it first: its ports would be taken." >&2
  exit 1
fi
if $purge; then
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "Removing the Debian packages the set-up installs…"
  # What scripts/setup.sh installs, but fonts-dejavu-core: fontconfig, which the machine comes
  # with, depends on it. A package that is not installed is no error for purge.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q \
    apertium-nno-nob chromium fonts-noto-color-emoji >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get autoremove -y -q >/dev/null
  $sudo apt-get clean
fi

work=$(mktemp -d /tmp/brand-new-XXXXXX)
mkdir -p test-artifacts/bench
log=$PWD/test-artifacts/bench/brand-new-$(date +%Y%m%d-%H%M%S).log
git clone -q "$PWD" "$work/clone"
mkdir "$work/home"
run_pid=
stop() {
  # SIGTERM to make's whole process group: the set-up stops and keeps nothing half-made, or
  # scripts.serve stops the services. Not SIGINT: a script started in the background ignores it,
  # and so does everything it starts.
  if [ -n "$run_pid" ]; then
    kill -TERM -- "-$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

echo "Cloned $(git rev-parse --short HEAD) into $work/clone; make run with HOME=$work/home (output: $log)…"
start=$(date +%s%N)
# Job control gives the job its own process group (its id is run_pid), for stop above.
set -m
(cd "$work/clone" && HOME="$work/home" exec make run) > "$log" 2>&1 &
run_pid=$!
set +m
until grep -q "is running" "$log"; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    tail -n 30 "$log" >&2
    echo "make run ended before the product was running (whole output: $log)" >&2
    exit 1
  fi
  sleep 0.5
done
end=$(date +%s%N)
# The set-up's own step durations, the lanes' lines included, and each service's start.
grep -E "^(\[rasa lane\] )?    [^ ].*: [0-9]+ s$|Set-up complete|is up \(" "$log" || true
tenths=$(( (end - start) / 100000000 ))
printf 'Brand-new, git clone to a running product: %d.%d s\n' $((tenths / 10)) $((tenths % 10))
