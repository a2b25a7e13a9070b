#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) run for the scale-out tests:
# installs them with apt where missing, starts them where stopped, and lets the postgres user log
# in over TCP without a password (as on the CI machine) if a fresh install does not.
# The embedded run (`make run`) needs neither; only scripts/test.sh calls this.
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379
sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
say() { printf '    %s\n' "$*"; }

source "$(dirname "$0")/debian_packages.sh"

# Bash's /dev/tcp: no client program is needed to see whether something listens.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_listening() {
  for _ in $(seq 1 60); do listening "$1" && return 0; sleep 0.5; done
  echo "$2 did not start listening on 127.0.0.1:$1" >&2
  return 1
}

ensure_postgresql() {
  if listening $PG_PORT; then say "up: PostgreSQL on 127.0.0.1:$PG_PORT"; return; fi
  ensure_debian_packages postgresql
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  say "starting PostgreSQL $version"
  $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_listening $PG_PORT PostgreSQL
  # Debian's default asks TCP clients for a password; the tests log in as postgres without one.
  if ! psql -h 127.0.0.1 -p $PG_PORT -U postgres -w -Atc 'SELECT 1' postgres >/dev/null 2>&1; then
    local hba=/etc/postgresql/$version/main/pg_hba.conf
    say "letting postgres log in from 127.0.0.1 without a password ($hba)"
    $sudo sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
}

ensure_redis() {
  if listening $REDIS_PORT; then say "up: Redis on 127.0.0.1:$REDIS_PORT"; return; fi
  ensure_debian_packages redis-server
  say "starting Redis"
  $sudo mkdir -p /var/lib/redis /var/log/redis
  # No persistence: it holds only Rasa's conversation locks, which last one message.
  $sudo redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $REDIS_PORT --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_listening $REDIS_PORT Redis
}

ensure_postgresql
ensure_redis
