#!/usr/bin/env bash
# Installs and starts what the app needs on a Debian 12 machine. Idempotent:
# every step checks first and skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
FOR_TESTS="${FOR_TESTS:-0}"  # 1: also what `make test` needs (PostgreSQL, Chromium)
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! is_root; then
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "Installing ${missing[*]}"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install python3 python3-venv python3-dev gcc git make redis-server redis-tools postgresql-client ca-certificates

redis_host_port() { python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p.hostname or '127.0.0.1', p.port or 6379)" "$REDIS_URL"; }
read -r RHOST RPORT < <(redis_host_port)
if ! redis-cli -h "$RHOST" -p "$RPORT" ping >/dev/null 2>&1; then
  case "$RHOST" in
    127.*|localhost)
      echo "Starting a local Redis on $RHOST:$RPORT (nothing kept on disk)"
      redis-server --daemonize yes --bind "$RHOST" --port "$RPORT" --save "" --appendonly no >/dev/null ;;
    *) echo "Redis at $REDIS_URL does not answer and is not local; start it or set REDIS_URL." >&2; exit 1 ;;
  esac
  for _ in $(seq 1 50); do redis-cli -h "$RHOST" -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

if [ "$FOR_TESTS" = 1 ]; then
  # Debian's Chromium: test tools cannot download their own browser here.
  apt_install chromium
fi

if [ "$FOR_TESTS" = 1 ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  apt_install postgresql
  echo "Starting PostgreSQL"
  cluster_version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start || true
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  # A cluster we just installed has password auth over TCP: give the test role a password.
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'advisor-test'\"" >/dev/null
fi
