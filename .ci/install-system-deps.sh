#!/usr/bin/env bash
# CI entry point: Debian packages for the integration-test Kubernetes API server
# (etcd-server, golang-go, dpkg-dev, reflect2 sources, deb-src). Run as root.
# The single source of truth is the kube-harness package's script:
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/tooling/kube-harness/scripts/install-system-deps.sh" "$@"
