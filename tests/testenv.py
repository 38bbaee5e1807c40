"""Loaded with `-p tests.testenv` before Django starts: test defaults for the environment.

Only defaults: `make test` or a developer may still set any of these explicitly.
"""

from __future__ import annotations

import os
import secrets

os.environ.setdefault("SECRET_KEY", "test-only-" + secrets.token_hex(16))
# The test client and live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
# A separate Redis DB index, so tests never consume a development worker's queue.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
