#!/usr/bin/env bash
# `make run`: web server on http://127.0.0.1:8000 plus one Celery worker (with the
# periodic janitor), both in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=advisor.settings
export DEBUG="${DEBUG:-True}"
export SECRET_KEY="${SECRET_KEY:-dev-only-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"

$PY manage.py migrate --noinput
.venv/bin/celery -A advisor worker -Q lint,sandbox -c 2 -B --loglevel=INFO &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
echo "Open http://127.0.0.1:8000/"
$PY manage.py runserver 127.0.0.1:8000
