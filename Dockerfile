# syntax=docker/dockerfile:1.7
# The advisor's own image. It follows its own advice: fixed non-root UID/GID,
# files owned by that user via COPY --chown, no shell-form CMD, a HEALTHCHECK,
# and it runs with a read-only root filesystem and no capabilities (docker-compose.yml).
FROM docker.io/library/python:3.11.11-slim-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /build
COPY requirements.txt .
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --require-virtualenv -r requirements.txt
# Trivy: the official release, verified against the checksum published with it.
# Pass both at build time: --build-arg TRIVY_VERSION=0.76.0 --build-arg TRIVY_SHA256=<from trivy_*_checksums.txt>
ARG TRIVY_VERSION=0.76.0
ARG TRIVY_SHA256
RUN test -n "${TRIVY_SHA256}" \
    && python -c "import urllib.request,sys; urllib.request.urlretrieve(sys.argv[1], 'trivy.tar.gz')" \
       "https://github.com/aquasecurity/trivy/releases/download/v${TRIVY_VERSION}/trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz" \
    && echo "${TRIVY_SHA256}  trivy.tar.gz" | sha256sum --check --strict \
    && tar -xzf trivy.tar.gz trivy \
    && install -m 0755 trivy /opt/venv/bin/trivy

FROM docker.io/library/python:3.11.11-slim-bookworm
RUN groupadd --system --gid 5000 advisor \
    && useradd --system --uid 5000 --gid 5000 --no-create-home --no-log-init --shell /usr/sbin/nologin advisor
COPY --from=build --chown=5000:5000 /opt/venv /opt/venv
WORKDIR /app
COPY --chown=5000:5000 . /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=advisor.settings \
    ADVISOR_VAR_DIR=/var/lib/advisor \
    ADVISOR_TRIVY_BINARY=/opt/venv/bin/trivy
USER 5000:5000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "advisor.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
