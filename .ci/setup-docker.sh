#!/usr/bin/env bash
# Starts dockerd when none answers and builds the local base image the tests use.
# No registry is reachable here: the base image is Debian's static busybox imported as a
# tarball, tagged busybox:latest so Dockerfiles saying `FROM busybox` never pull.
set -euo pipefail
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null; then echo "setup-docker: dockerd not installed (apt-get install docker.io)" >&2; exit 1; fi
  mkdir -p /var/log
  (dockerd --iptables=false --ip-masq=false --bridge=none >/var/log/dockerd.log 2>&1 &)
  for i in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup-docker: dockerd did not start; see /var/log/dockerd.log" >&2; tail -20 /var/log/dockerd.log >&2; exit 1; }
fi
if ! docker image inspect busybox:latest >/dev/null 2>&1; then
  bb=$(command -v busybox || true)
  [ -x /bin/busybox ] && bb=/bin/busybox
  [ -n "$bb" ] || { echo "setup-docker: busybox-static not installed" >&2; exit 1; }
  tmp=$(mktemp -d)
  mkdir -p "$tmp/root/bin" "$tmp/root/tmp" "$tmp/root/etc" "$tmp/root/www" "$tmp/root/usr/bin" "$tmp/root/sbin"
  cp "$bb" "$tmp/root/bin/busybox"
  for app in $("$bb" --list); do
    [ "$app" = busybox ] || ln -sf /bin/busybox "$tmp/root/bin/$app"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$tmp/root/etc/passwd"
  echo 'root:x:0:' > "$tmp/root/etc/group"
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$tmp/root/etc/passwd"
  tar -C "$tmp/root" -cf "$tmp/busybox.tar" .
  docker import -c 'CMD ["sh"]' -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tmp/busybox.tar" busybox:latest >/dev/null
  rm -rf "$tmp"
fi
echo "setup-docker: engine $(docker version --format '{{.Server.Version}}'), base image busybox:latest ready" >&2
