#!/usr/bin/env bash
# Installs the Debian packages needed to build and run the real Kubernetes API
# server used by integration tests (tooling/kube-harness). Debian 12 (bookworm).
#
#   sudo tooling/kube-harness/scripts/install-system-deps.sh   (or .ci/install-system-deps.sh)
#
# - etcd-server                         etcd 3.4 (run as-is)
# - golang-go, dpkg-dev                 Go 1.19 + dpkg-source, to build kube-apiserver
#                                       from Debian's `kubernetes` source package
# - golang-github-modern-go-reflect2-dev  reflect2 1.0.2 (the vendored 1.0.1 crashes on Go >= 1.18)
# - openssl                             serving certificate + service-account key
#
# It also enables `deb-src` for the configured Debian mirror so that
# `apt-get source kubernetes` works. Idempotent.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps.sh must run as root (try: sudo $0)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
PACKAGES=(etcd-server golang-go dpkg-dev golang-github-modern-go-reflect2-dev openssl ca-certificates)

# 1. deb-src entries for the mirror the machine already uses (deb822 file, or one-line list).
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    MIRROR=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  else
    MIRROR=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null)
  fi
  if [ -z "${MIRROR:-}" ]; then
    echo "install-system-deps.sh: no Debian mirror found in /etc/apt/sources.list(.d); add a deb-src entry for bookworm main" >&2
    exit 1
  fi
  cat > /etc/apt/sources.list.d/pause-kube-harness-src.sources <<SRC
Types: deb-src
URIs: ${MIRROR}
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  echo "added deb-src for bookworm main (${MIRROR})"
fi

apt-get update -q

# 2. Packages. Keep the etcd package's own service from starting (we start our
#    own etcd per test run): a temporary policy-rc.d denies service starts.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

echo "system deps installed: ${PACKAGES[*]}"
