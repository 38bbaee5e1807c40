#!/bin/sh
# Set up the rootless podman sandbox that builds and runs untrusted Dockerfiles.
#
# Run as root (make run / make test do): installs the Debian packages, creates the
# sandbox account with subordinate ID ranges, writes its podman configuration, and
# installs the firewall rule that keeps its traffic off the host's loopback.
# Idempotent: every step checks first. Not root: only reports what is missing.
#
# Settings (environment): ADVISOR_SANDBOX_USER (default advisor-sandbox),
# ADVISOR_SANDBOX_UID (5900), ADVISOR_SANDBOX_WORK_DIR (/var/tmp/advisor-sandbox),
# ADVISOR_SANDBOX_BLOCK_PRIVATE=1 also rejects the account's traffic to private
# ranges and 169.254.0.0/16 (production; off by default because some hosts,
# this one included, have their resolver on a private address).
set -eu

USER_NAME="${ADVISOR_SANDBOX_USER:-advisor-sandbox}"
USER_UID="${ADVISOR_SANDBOX_UID:-5900}"
WORK_DIR="${ADVISOR_SANDBOX_WORK_DIR:-/var/tmp/advisor-sandbox}"
HOME_DIR="/var/lib/$USER_NAME"
SUB_COUNT=65536
PACKAGES="podman buildah uidmap slirp4netns fuse-overlayfs runc busybox-static debootstrap iptables"
COMMENT="advisor-sandbox-loopback"
missing=""

say() { printf 'setup_sandbox: %s\n' "$*"; }
note_missing() { missing="$missing\n  - $*"; }

check_or_install_packages() {
    need=""
    for pkg in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
    done
    [ -z "$need" ] && return 0
    if [ "$IS_ROOT" = 1 ]; then
        say "installing:$need"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
    else
        note_missing "packages:$need (apt-get install -y$need)"
    fi
}

# The first free subordinate range above every range already handed out, so a
# new account never shares IDs with another rootless user.
next_sub_start() {
    awk -F: 'BEGIN { m = 100000 } { e = $2 + $3; if (e > m) m = e } END { print m }' "$@" 2>/dev/null
}

ensure_account() {
    if ! id -u "$USER_NAME" >/dev/null 2>&1; then
        [ "$IS_ROOT" = 1 ] || { note_missing "account $USER_NAME (useradd)"; return 0; }
        say "creating account $USER_NAME (uid $USER_UID)"
        useradd --uid "$USER_UID" --user-group --create-home --home-dir "$HOME_DIR" \
            --shell /usr/sbin/nologin --comment "Dockerfile advisor sandbox" "$USER_NAME"
    fi
    id -u "$USER_NAME" >/dev/null 2>&1 || return 0
    for file in /etc/subuid /etc/subgid; do
        grep -q "^$USER_NAME:" "$file" 2>/dev/null && continue
        [ "$IS_ROOT" = 1 ] || { note_missing "$file range for $USER_NAME"; continue; }
        touch /etc/subuid /etc/subgid
        start=$(next_sub_start /etc/subuid /etc/subgid)
        echo "$USER_NAME:$start:$SUB_COUNT" >>"$file"
        say "added $file range $start:$SUB_COUNT"
    done
}

write_if_changed() { # path mode content
    if [ ! -f "$1" ] || [ "$(cat "$1")" != "$3" ]; then
        printf '%s\n' "$3" >"$1"
        chmod "$2" "$1"
        say "wrote $1"
    fi
}

ensure_podman_config() {
    [ "$IS_ROOT" = 1 ] || return 0
    home=$(getent passwd "$USER_NAME" | cut -d: -f6)
    uid=$(id -u "$USER_NAME")
    conf="$home/.config/containers"
    mkdir -p "$conf" "$home/.local/share/containers"
    # runc + cgroupfs: crun refuses this host's hybrid cgroup layout, and a rootless
    # account has no systemd user session to manage cgroups.
    write_if_changed "$conf/containers.conf" 0644 '[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[containers]
log_driver = "k8s-file"'
    write_if_changed "$conf/storage.conf" 0644 "[storage]
driver = \"overlay\"
runroot = \"/run/user/$uid/containers\"
graphroot = \"$home/.local/share/containers/storage\""
    chown -R "$USER_NAME:" "$home/.config" "$home/.local"
    install -d -m 0700 -o "$USER_NAME" -g "$(id -g "$USER_NAME")" "/run/user/$uid"
}

ensure_tun() {
    # slirp4netns (RUN-step networking) opens /dev/net/tun as the sandbox account.
    [ -c /dev/net/tun ] || { note_missing "/dev/net/tun device"; return 0; }
    mode=$(stat -c %a /dev/net/tun)
    [ "$mode" = 666 ] && return 0
    if [ "$IS_ROOT" = 1 ]; then chmod 0666 /dev/net/tun; say "chmod 0666 /dev/net/tun";
    else note_missing "/dev/net/tun is $mode, needs 0666"; fi
}

# args: tool owner-range source-address-list
add_loopback_rules() {
    tool=$1; owner=$2; resolvers=$3
    base="OUTPUT -o lo -m owner --uid-owner $owner -m comment --comment $COMMENT"
    # shellcheck disable=SC2086
    $tool -C $base -j REJECT 2>/dev/null || $tool -A $base -j REJECT
    for ns in $resolvers; do
        for proto in udp tcp; do
            # shellcheck disable=SC2086
            $tool -C $base -d "$ns" -p $proto --dport 53 -j ACCEPT 2>/dev/null \
                || $tool -I OUTPUT 1 ${base#OUTPUT } -d "$ns" -p $proto --dport 53 -j ACCEPT
        done
    done
}

ensure_firewall() {
    # podman 4.3's build lets RUN steps reach host 127.0.0.1 through slirp4netns's
    # 10.0.2.2; its allow_host_loopback option is refused for builds. An owner match
    # on the sandbox account (slirp4netns runs as it) and its subordinate range
    # (host-network containers) is what held in practice.
    if [ "$IS_ROOT" != 1 ]; then
        say "not root: cannot inspect the firewall; the worker checks it before each build"
        return 0
    fi
    uid=$(id -u "$USER_NAME")
    sub=$(awk -F: -v u="$USER_NAME" '$1 == u { print $2 "-" $2 + $3 - 1; exit }' /etc/subuid)
    v4=$(awk '$1 == "nameserver" && $2 ~ /^127\./ { print $2 }' /etc/resolv.conf)
    v6=$(awk '$1 == "nameserver" && $2 == "::1" { print $2 }' /etc/resolv.conf)
    for owner in "$uid" "$sub"; do
        add_loopback_rules iptables "$owner" "$v4"
        command -v ip6tables >/dev/null && add_loopback_rules ip6tables "$owner" "$v6"
    done
    [ "${ADVISOR_SANDBOX_BLOCK_PRIVATE:-0}" = 1 ] || return 0
    for owner in "$uid" "$sub"; do
        for net in 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 169.254.0.0/16 100.64.0.0/10; do
            rule="OUTPUT -d $net -m owner --uid-owner $owner -m comment --comment $COMMENT"
            # shellcheck disable=SC2086
            iptables -C $rule -j REJECT 2>/dev/null || iptables -A $rule -j REJECT
        done
    done
}

ensure_work_dir() {
    if [ "$IS_ROOT" = 1 ]; then
        # The worker (root) creates per-scan dirs inside and hands them to the account;
        # nobody else may list them.
        install -d -m 0711 -o root -g root "$WORK_DIR"
    elif [ ! -d "$WORK_DIR" ]; then
        note_missing "work dir $WORK_DIR"
    fi
}

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1
check_or_install_packages
ensure_account
ensure_podman_config
ensure_tun
ensure_firewall
ensure_work_dir
if [ -n "$missing" ] && [ "$IS_ROOT" = 1 ]; then
    printf 'setup_sandbox: could not set up:%b\n' "$missing"
    exit 1
elif [ -n "$missing" ]; then
    printf 'setup_sandbox: not root, so nothing was changed. Missing:%b\n' "$missing"
    printf 'setup_sandbox: run "sudo scripts/setup_sandbox.sh" (or make test as root).\n'
    exit 1
fi
if [ "$IS_ROOT" = 1 ]; then
    say "sandbox ready (account $USER_NAME, work dir $WORK_DIR)"
else
    say "nothing missing that can be checked without root (account $USER_NAME, work dir $WORK_DIR)"
fi
