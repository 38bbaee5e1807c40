"""adduser/addgroup for our busybox base image.

Debian's busybox-static (what the offline base image is made of) has no
adduser/addgroup applets, while the busybox image on Docker Hub does, and the
hardened Dockerfiles we suggest use them. These shims accept the options those
Dockerfiles use (-S -D -H -u -G -g -h -s) and write the same passwd, group and
shadow lines the applets would. New accounts get a locked password ("!").
"""

from __future__ import annotations

ADDGROUP = r"""#!/bin/sh
# addgroup [-S] [-g GID] GROUP   |   addgroup USER GROUP
gid=""
while [ $# -gt 0 ]; do
    case "$1" in
        -g) gid=$2; shift 2 ;;
        -S) shift ;;
        -*) echo "addgroup: unsupported option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
if [ $# -eq 2 ]; then
    grep -q "^$2:" /etc/group || { echo "addgroup: unknown group $2" >&2; exit 1; }
    awk -F: -v OFS=: -v g="$2" -v u="$1" '$1 == g { $4 = ($4 == "" ? u : $4 "," u) } { print }' \
        /etc/group >/etc/group.new && cat /etc/group.new >/etc/group && rm -f /etc/group.new
    exit 0
fi
name=$1
[ -n "$name" ] || { echo "addgroup: missing group name" >&2; exit 1; }
grep -q "^$name:" /etc/group && { echo "addgroup: group '$name' in use" >&2; exit 1; }
next_id='BEGIN { m = 999 } $3 > m && $3 < 60000 { m = $3 } END { print m + 1 }'
[ -n "$gid" ] || gid=$(awk -F: "$next_id" /etc/group)
echo "$name:x:$gid:" >>/etc/group
"""

ADDUSER = r"""#!/bin/sh
# adduser [-S] [-D] [-H] [-u UID] [-G GROUP] [-h HOME] [-s SHELL] [-g GECOS] USER
uid=""; group=""; home=""; shell=/bin/sh; gecos=""; nohome=0
while [ $# -gt 0 ]; do
    case "$1" in
        -u) uid=$2; shift 2 ;;
        -G) group=$2; shift 2 ;;
        -h) home=$2; shift 2 ;;
        -s) shell=$2; shift 2 ;;
        -g) gecos=$2; shift 2 ;;
        -H) nohome=1; shift ;;
        -S|-D) shift ;;
        -*) echo "adduser: unsupported option $1" >&2; exit 1 ;;
        *) break ;;
    esac
done
name=$1
[ -n "$name" ] || { echo "adduser: missing user name" >&2; exit 1; }
grep -q "^$name:" /etc/passwd && { echo "adduser: user '$name' in use" >&2; exit 1; }
next_id='BEGIN { m = 999 } $3 > m && $3 < 60000 { m = $3 } END { print m + 1 }'
[ -n "$uid" ] || uid=$(awk -F: "$next_id" /etc/passwd)
if [ -n "$group" ]; then
    gid=$(awk -F: -v g="$group" '$1 == g { print $3 }' /etc/group)
    [ -n "$gid" ] || { echo "adduser: unknown group $group" >&2; exit 1; }
else
    gid=$uid
    grep -q "^$name:" /etc/group || echo "$name:x:$gid:" >>/etc/group
fi
[ -n "$home" ] || home=/home/$name
echo "$name:x:$uid:$gid:$gecos:$home:$shell" >>/etc/passwd
echo "$name:!:19000:0:99999:7:::" >>/etc/shadow
if [ "$nohome" != 1 ]; then mkdir -p "$home" && chown "$uid:$gid" "$home"; fi
"""

SHIMS = {"adduser": ADDUSER, "addgroup": ADDGROUP}
