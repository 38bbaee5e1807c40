#!/bin/sh
# Re-capture the real podman / procfs samples the probe's unit tests parse.
# Run as root on a machine set up by scripts/setup_sandbox.sh, after
# `python manage.py make_base_images`. Writes into this directory.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
USER_NAME="${ADVISOR_SANDBOX_USER:-advisor-sandbox}"
UID_NUM=$(id -u "$USER_NAME")
WORK=$(mktemp -d /var/tmp/advisor-sandbox/.samples-XXXXXX)
chmod 0711 "$WORK"
P() { (cd "$WORK" && runuser -u "$USER_NAME" -- env -i HOME="/var/lib/$USER_NAME" \
    XDG_RUNTIME_DIR="/run/user/$UID_NUM" PATH=/usr/sbin:/usr/bin:/sbin:/bin podman --log-level=error "$@"); }
cleanup() { P rm -f -t0 sample-root sample-hard >/dev/null 2>&1 || true; P rmi -f localhost/sample-http:1 localhost/sample-facts:1 >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# 1. A root web server that writes a log file: /proc evidence and `podman diff`.
printf '%s\n' 'FROM docker.io/library/busybox:latest' 'RUN mkdir -p /var/log /srv' \
    'CMD ["sh", "-c", "echo started > /var/log/app.log; exec httpd -f -p 80 -h /srv"]' >"$WORK/Dockerfile"
chown -R "$USER_NAME:" "$WORK"
P build -q -t localhost/sample-http:1 "$WORK" >/dev/null
P run -d --name sample-root --network=none localhost/sample-http:1 >/dev/null
P run -d --name sample-hard --network=none --user 5000:5000 --cap-drop=ALL --cap-add=NET_BIND_SERVICE \
    --security-opt=no-new-privileges localhost/sample-http:1 >/dev/null
sleep 2
for name in root hard; do
    pid=$(P inspect -f '{{.State.Pid}}' "sample-$name")
    cat "/proc/$pid/status" >"$HERE/proc_status_$name.txt"
    cat "/proc/$pid/uid_map" >"$HERE/uid_map_$name.txt"
    cat "/proc/$pid/gid_map" >"$HERE/gid_map_$name.txt"
    cat "/proc/$pid/net/tcp" >"$HERE/net_tcp_$name.txt"
    cat "/proc/$pid/net/tcp6" >"$HERE/net_tcp6_$name.txt"
    P diff "sample-$name" >"$HERE/podman_diff_$name.txt"
    P logs "sample-$name" >"$HERE/logs_$name.txt" 2>&1
done

# 2. A tiny scratch image with set-ID files, a world-writable dir, an empty
#    password and a duplicate UID: the image-filesystem reader's sample.
R="$WORK/facts/root"
mkdir -p "$R/etc" "$R/data" "$R/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\nguest:x:1000:1000::/home:/bin/sh\n' >"$R/etc/passwd"
printf 'root:*:19000:0:99999:7:::\ntoor:*:19000:0:99999:7:::\nguest::19000:0:99999:7:::\n' >"$R/etc/shadow"
printf 'binary\n' >"$WORK/facts/tool"
chmod 0777 "$R/data"; chmod 1777 "$R/tmp"
# COPY of a directory's parent keeps the subdirectories' modes (a COPY of the
# directory itself would create it 0755).
printf '%s\n' 'FROM scratch' 'COPY facts/root/ /' \
    'COPY --chmod=4755 facts/tool /usr/bin/su-tool' 'COPY --chmod=2755 facts/tool /usr/bin/sg-tool' \
    'COPY facts/tool /usr/bin/plain-tool' 'USER 1000' >"$WORK/Dockerfile"
chown -R "$USER_NAME:" "$WORK"
P build -q -t localhost/sample-facts:1 "$WORK" >/dev/null
P save --format=docker-archive -o "$WORK/facts.tar" localhost/sample-facts:1 >/dev/null
cp "$WORK/facts.tar" "$HERE/image_facts.tar"
echo "samples refreshed in $HERE"
