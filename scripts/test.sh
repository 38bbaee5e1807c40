#!/usr/bin/env bash
# `make test`: architecture contracts, the production settings check, then every
# test (unit, web, integration with real Redis/Celery/podman/trivy, browser),
# then the model and web layer again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=advisor.settings
export SECRET_KEY="test-only-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECURE_SSL_REDIRECT=False
# A separate Redis DB index, so tests never consume a development worker's queue.
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"

echo "== ruff (lint and format)"
ruff check scans advisor tests benchmarks scripts
ruff format --check scans advisor tests benchmarks scripts

echo "== import contracts"
lint-imports

echo "== manage.py check --deploy (production settings)"
env DEBUG=False SECURE_SSL_REDIRECT=True ALLOWED_HOSTS=advisor.example.com \
  SECRET_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
  python manage.py check --deploy --fail-level WARNING

echo "== pytest (all tiers, SQLite)"
python -m pytest tests "$@"

echo "== pytest (model and web layer, PostgreSQL)"
DATABASE_URL="${TEST_POSTGRES_URL:-postgres://postgres:advisor-test@127.0.0.1:5432/postgres}" \
  python -m pytest tests/web tests/unit/test_models.py -m "not slow" -p no:randomly
