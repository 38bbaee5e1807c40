"""One settings module, read from the environment. Defaults are safe and work on a
fresh checkout (SQLite, Redis on 127.0.0.1, trivy from the venv)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url

from advisor.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ADVISOR_VAR_DIR", str(BASE_DIR / "var")))
# SQLite, the Trivy cache and test logs live here; created on first start.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Django core
DEBUG = env_bool("DEBUG", False)
# No usable default outside DEBUG. An empty key does not stop command-line tools that
# sign nothing (`manage.py lint`, `manage.py scan`); the web entry points refuse to
# start without one (advisor/wsgi.py), and Django refuses to sign with an empty key.
SECRET_KEY = env_secret("SECRET_KEY") or ("insecure-development-key-only-used-with-DEBUG" if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "advisor",
    "scans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "advisor.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "advisor.urls"
WSGI_APPLICATION = "advisor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# Database: SQLite file by default; DATABASE_URL switches (postgres://...)
DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker and the web process write concurrently; wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file (not :memory:) so a separate `celery worker` process can share the test DB;
    # one per test run, so two runs side by side do not delete each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "history"
LOGOUT_REDIRECT_URL = "scans:new"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)

# Security headers: on always; the HTTPS-only ones when not in DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Celery (Redis broker; JSON only; a scan message is acknowledged after it ran)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest scan (the sandbox phase's hard time limit), so a late-acked
# message is not handed to a second worker while the first is still building.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("ADVISOR_VISIBILITY_TIMEOUT_S", 7200, minimum=60)
}
CELERY_TASK_DEFAULT_QUEUE = "lint"
CELERY_TASK_ROUTES = {
    "scans.tasks.run_lint_phase": {"queue": "lint"},
    "scans.tasks.run_sandbox_phase": {"queue": "sandbox"},
    "scans.tasks.sweep_stale_scans": {"queue": "lint"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False

# Input limits
ADVISOR_MAX_DOCKERFILE_BYTES = env_int("ADVISOR_MAX_DOCKERFILE_BYTES", 256 * 1024, minimum=1)
ADVISOR_MAX_REPO_MB = env_int("ADVISOR_MAX_REPO_MB", 50, minimum=1)

# Sandbox (rootless podman)
ADVISOR_SANDBOX_ENABLED = env_bool("ADVISOR_SANDBOX_ENABLED", True)
ADVISOR_SANDBOX_USER = env_str("ADVISOR_SANDBOX_USER", "advisor-sandbox")
ADVISOR_PODMAN = env_str("ADVISOR_PODMAN", "podman")
ADVISOR_PODMAN_RUNTIME = env_str("ADVISOR_PODMAN_RUNTIME", "runc")
ADVISOR_PODMAN_CGROUP_MANAGER = env_str("ADVISOR_PODMAN_CGROUP_MANAGER", "cgroupfs")
ADVISOR_PODMAN_STORAGE_DRIVER = env_str("ADVISOR_PODMAN_STORAGE_DRIVER", "overlay")
ADVISOR_PULL_POLICY = env_str("ADVISOR_PULL_POLICY", "never")
ADVISOR_ALLOWED_REGISTRIES = env_list("ADVISOR_ALLOWED_REGISTRIES", ["docker.io"])
ADVISOR_BUILD_NETWORK = env_bool("ADVISOR_BUILD_NETWORK", True)
ADVISOR_SANDBOX_WORK_DIR = env_str("ADVISOR_SANDBOX_WORK_DIR", "/var/tmp/advisor-sandbox")
ADVISOR_BUILD_TIMEOUT_S = env_int("ADVISOR_BUILD_TIMEOUT_S", 600, minimum=1)
ADVISOR_BUILD_LOG_MAX_BYTES = env_int("ADVISOR_BUILD_LOG_MAX_BYTES", 256 * 1024, minimum=1024)
ADVISOR_MAX_IMAGE_MB = env_int("ADVISOR_MAX_IMAGE_MB", 4096, minimum=1)
ADVISOR_PROBE_TIMEOUT_S = env_int("ADVISOR_PROBE_TIMEOUT_S", 20, minimum=1)
ADVISOR_PROBE_MAX_ATTEMPTS = env_int("ADVISOR_PROBE_MAX_ATTEMPTS", 8, minimum=1)

# Trivy
ADVISOR_TRIVY_BINARY = env_str("ADVISOR_TRIVY_BINARY", str(Path(sys.executable).parent / "trivy"))
ADVISOR_TRIVY_CACHE_DIR = env_str("ADVISOR_TRIVY_CACHE_DIR", str(VAR_DIR / "trivy-cache"))
ADVISOR_TRIVY_TIMEOUT_S = env_int("ADVISOR_TRIVY_TIMEOUT_S", 300, minimum=1)
ADVISOR_TRIVY_DB_REPOSITORY = env_str("ADVISOR_TRIVY_DB_REPOSITORY", "")
ADVISOR_TRIVY_DB_UPDATE = env_str("ADVISOR_TRIVY_DB_UPDATE", "offline")  # offline | startup | schedule

# Report
ADVISOR_VULN_THRESHOLD = env_str("ADVISOR_VULN_THRESHOLD", "high")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
