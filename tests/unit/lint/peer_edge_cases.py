"""Edge cases where hadolint 2.15 / trivy 0.76 and we agree (test_peers.py checks both sides).

POSITIVE: (peer id, Dockerfile, line) where the peer and our rule with that id in its refs
both report. NEGATIVE: (peer id, Dockerfile) where neither reports that id anywhere.
Deliberate differences are not here; docs/rules.md lists them per rule.
"""

from __future__ import annotations

U = "USER 1000\n"
APT_CLEAN = " && rm -rf /var/lib/apt/lists/*"

POSITIVE = [
    ("DL3002", "FROM debian:12\nUSER 0\n", 2),
    ("DL3004", "FROM debian:12\nRUN make && sudo make install\n" + U, 2),
    ("DL3006", "FROM debian:12 AS a\nFROM ubuntu\n" + U, 2),
    ("DL3020", "FROM debian:12\nADD --chown=1000:1000 app.py /app/\n" + U, 2),
    ("DL3025", "FROM debian:12\n" + U + "ENTRYPOINT /app/run\n", 3),
    ("DL3000", "FROM debian:12\nWORKDIR ./app\n" + U, 2),
    ("DL3022", "FROM debian:12\nCOPY --from=build /x /x\n" + U, 2),
    ("DL3024", "FROM debian:12 AS x\nFROM debian:12 AS y\nFROM debian:12 AS x\n" + U, 3),
    ("DL4001", "FROM debian:12\nRUN curl -fsSO https://a\nRUN wget -q https://b\n" + U, 3),
    ("DL4003", 'FROM debian:12\nCMD ["a"]\n' + U + 'CMD ["b"]\n', 4),
    ("DL4006", 'FROM debian:12\nRUN case "$A" in v*) B=${A#v} ;; esac; echo "$B" | tee /v\n' + U, 2),
    ("DL3009", "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n" + U, 2),
    ("DL3015", "FROM debian:12\nRUN sh -c true && apt-get install -y curl=8.0" + APT_CLEAN + "\n" + U, 2),
    ("DL3019", "FROM alpine:3.20\nRUN apk add --virtual .deps gcc=13.2.1-r0\n" + U, 2),
    ("DL3018", "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev\n" + U, 2),
    ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir --upgrade pip\n" + U, 2),
    ("DL3042", "FROM python:3.12\nRUN python3 -m pip install flask==3.0.3\n" + U, 2),
    ("DL3032", "FROM centos:7\nRUN yum install -y httpd-2.4\n" + U, 2),
    ("DL3033", "FROM centos:7\nRUN yum install -y httpd && yum clean all\n" + U, 2),
    ("DL3030", "FROM centos:7\nRUN yum install httpd-2.4 && yum clean all\n" + U, 2),
    ("DL3040", "FROM fedora:40\nRUN dnf install -y httpd-2.4\n" + U, 2),
    ("DL3038", "FROM fedora:40\nRUN dnf install httpd-2.4 && dnf clean all\n" + U, 2),
    ("DL3041", "FROM ubi9/ubi-minimal:9.4\nRUN microdnf install -y httpd && microdnf clean all\n" + U, 2),
    ("DL3036", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4\n" + U, 2),
    ("DL3034", "FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4 && zypper clean\n" + U, 2),
    ("DL3037", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\n" + U, 2),
    ("DS-0001", "FROM localhost:5000/app\n" + U, 1),
    ("DS-0002", "FROM debian:12\nUSER root:root\n", 2),
    ("DS-0004", "FROM debian:12\nEXPOSE 22/udp\n" + U, 2),
    ("DS-0005", "FROM debian:12\nADD --chown=1000:1000 app.py /app/\n" + U, 2),
    ("DS-0009", "FROM debian:12\nWORKDIR ./app\n" + U, 2),
    ("DS-0015", "FROM centos:7\nRUN yum install -y httpd-2.4\n" + U, 2),
    ("DS-0019", "FROM fedora:40\nRUN dnf install -y httpd-2.4\n" + U, 2),
    ("DS-0020", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4\n" + U, 2),
    ("DS-0031", "FROM debian:12\nENV DB_PASSWORD=hunter2\n" + U, 2),
    ("DS-0027", "FROM ubi9/ubi-minimal:9.4\nRUN microdnf install -y httpd-2.4\n" + U, 2),
    ("DS-0027", "FROM ubi9/ubi-minimal:9.4\nRUN microdnf reinstall -y httpd-2.4\n" + U, 2),
    ("DL3040", "FROM fedora:40\nRUN dnf reinstall -y httpd-2.4\n" + U, 2),
    ("DS-0030", "FROM debian:12\nWORKDIR /proc/app\n" + U, 2),
    ("DS-0030", 'FROM debian:12\nWORKDIR "/boot/x"\n' + U, 2),
    ("DL3016", "FROM node:20\nRUN npm install express\n" + U, 2),
    ("DL3020", "FROM debian:12\nADD a.tar.gz b.txt /app/\n" + U, 2),
    ("DL3064", "FROM ruby:3.3\nENV SECRET_KEY_BASE=8f3a9c0d1e2b4a5f6c7d\n" + U, 2),
    ("DS-0031", "FROM ruby:3.3\nENV SECRET_KEY_BASE=8f3a9c0d1e2b4a5f6c7d\n" + U, 2),
    ("DS-0031", "FROM debian:12\nARG DB_PASS\nENV DB_PASSWORD=$DB_PASS\n" + U, 3),
]

NEGATIVE = [
    ("DL3002", "FROM debian:12\nUSER root\nRUN make\n" + U),
    ("DS-0002", "FROM debian:12 AS a\nUSER 0\nFROM debian:12\n" + U),
    ("DL3004", 'FROM debian:12\nRUN echo "use sudo here"\n' + U),
    ("DL3006", "FROM debian:12 AS a\nRUN true\nFROM a\n" + U),
    ("DS-0001", "FROM scratch\nCOPY x /x\n" + U),
    ("DL3007", "FROM debian@sha256:" + "0123456789abcdef" * 4 + "\n" + U),
    ("DL3020", "FROM debian:12\nADD rootfs.tar.xz /\n" + U),
    ("DL3025", 'FROM debian:12\n' + U + 'CMD ["python", "app.py"]\n'),
    ("DL3000", 'FROM debian:12\nWORKDIR "/app"\n' + U),
    ("DS-0009", "FROM debian:12\nENV APP=/app\nWORKDIR $APP\n" + U),
    ("DL3011", "FROM debian:12\nEXPOSE 80 443 8080/tcp 53/udp\n" + U),
    ("DS-0008", "FROM debian:12\nARG PORT=8080\nEXPOSE $PORT\n" + U),
    ("DL3023", "FROM debian:12\nRUN true\nFROM debian:12\nCOPY --from=0 /x /x\n" + U),
    ("DL3024", "FROM debian:12 AS a\nFROM a AS b\n" + U),
    ("DL4001", "FROM debian:12 AS a\nRUN wget -q https://a\nFROM debian:12\nRUN curl -fsSO https://b\n" + U),
    ("DL4003", 'FROM debian:12 AS a\nCMD ["a"]\nFROM debian:12\nCMD ["b"]\n' + U),
    ("DL4006", 'FROM debian:12\nSHELL ["/bin/bash","-o","pipefail","-c"]\nRUN curl -fsS u | tar x\n' + U),
    ("DL4006", 'FROM alpine:3.20\nSHELL ["/bin/ash","-eo","pipefail","-c"]\nRUN wget -O- u | tar x\n' + U),
    ("DL3009", "FROM debian:12\nRUN apt-get update && apt-get install -y curl=8.0" + APT_CLEAN + "\n" + U),
    ("DL3015", "FROM debian:12\nRUN apt-get update && apt-get install -y -o APT::Install-Recommends=false"
     " curl=8.0" + APT_CLEAN + "\n" + U),  # fmt: skip
    ("DL3019", "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n" + U),
    ("DS-0025", "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n" + U),
    ("DL3042", "FROM python:3.12\nRUN pip install -r req.txt --no-cache-dir\n" + U),
    ("DL3042", "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.3\n" + U),
    ("DL3013", "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n" + U),
    ("DL3032", "FROM rockylinux:9\nRUN yum install -y httpd-2.4 && yum clean all\n" + U),
    ("DS-0015", "FROM rockylinux:9\nRUN yum install -y httpd-2.4 && yum clean all\n" + U),
    ("DL3040", "FROM fedora:40\nRUN dnf install -y httpd-2.4 && dnf clean all\n" + U),
    ("DL3036", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4 && zypper clean\n" + U),
    ("DS-0031", "FROM debian:12\nENV APP_VERSION=1.0\n" + U),
    ("DS-0027", "FROM ubi9/ubi-minimal:9.4\nRUN microdnf install -y httpd-2.4 && microdnf clean all\n" + U),
    ("DS-0030", "FROM debian:12\nWORKDIR /app\n" + U),
    ("DL3016", "FROM node:20\nARG V=1.0\nRUN npm install -g elm@${V} express@^4.19.2\n" + U),
    ("DS-0031", "FROM debian:12\nENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/gcp.json\n" + U),
]
