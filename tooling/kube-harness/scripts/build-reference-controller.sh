#!/usr/bin/env bash
# Builds tooling/controller-bench/reference-controller/main.go (the client-go baseline of
# `npm run bench:controllers`) against the client-go vendored in Debian's `kubernetes` source
# package (1.20.x), with the Debian Go toolchain, the same way build-kube-apiserver.sh builds
# kube-apiserver (GOPATH layout, GO111MODULE=off, Debian's reflect2 in place of the vendored one):
#
#   scripts/build-reference-controller.sh OUT_DIR [--force]
#
# Writes OUT_DIR/pause-reference-controller and OUT_DIR/pause-reference-controller.sha256
# (the sha256 of main.go it was built from). Skips the build when the binary exists and was
# built from the current main.go (unless --force). The controller bench calls it with the
# harness cache, ~/.cache/pause-kube-harness/1.20.2.
#
# Needs (see install-system-deps.sh): deb-src enabled, golang-go, dpkg-dev,
# golang-github-modern-go-reflect2-dev. The work dir is a temp dir removed on exit.
set -euo pipefail

OUT_DIR=${1:?usage: build-reference-controller.sh OUT_DIR [--force]}
FORCE=${2:-}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MAIN_GO="$SCRIPT_DIR/../../controller-bench/reference-controller/main.go"
test -f "$MAIN_GO" || { echo "missing $MAIN_GO" >&2; exit 1; }
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
BIN="$OUT_DIR/pause-reference-controller"
SUM=$(sha256sum "$MAIN_GO" | awk '{print $1}')

log() { echo "[build-ref $(date +%H:%M:%S)] $*"; }

if [ "$FORCE" != "--force" ] && [ -x "$BIN" ] && [ "$(cat "$BIN.sha256" 2>/dev/null || true)" = "$SUM" ]; then
  log "up to date: $BIN"
  exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pause-ref-build.XXXXXX")
cleanup() { chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
start_s=$(date +%s)

# 1. Source package (download only; unpack with dpkg-source so Debian's patches apply).
log "downloading Debian source package 'kubernetes' into $WORK"
cd "$WORK"
apt-get source --download-only -q kubernetes >"$WORK/apt-source.log" 2>&1 || {
  cat "$WORK/apt-source.log" >&2
  echo "apt-get source failed: is deb-src enabled? (run install-system-deps.sh as root)" >&2
  exit 1
}
DSC=$(ls "$WORK"/kubernetes_*.dsc | head -n1)
log "unpacking $(basename "$DSC")"
dpkg-source --no-check -x "$DSC" "$WORK/src" >"$WORK/dpkg-source.log" 2>&1 || {
  cat "$WORK/dpkg-source.log" >&2; exit 1; }

# 2. GOPATH layout, as upstream 1.20 builds; the command lives inside k8s.io/kubernetes so
#    k8s.io/client-go resolves to vendor/k8s.io/client-go (a link to staging/src/k8s.io/client-go).
export GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" GO111MODULE=off CGO_ENABLED=0 GOFLAGS=
mkdir -p "$GOPATH/src/k8s.io"
ln -s "$WORK/src" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"
export PWD="$GOPATH/src/k8s.io/kubernetes"
mkdir -p cmd/pause-reference-controller
cp "$MAIN_GO" cmd/pause-reference-controller/main.go

# 3. reflect2 1.0.1 (vendored) panics under Go >= 1.18; use Debian's 1.0.2.
R2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
if [ ! -d "$R2_SRC" ]; then
  echo "missing $R2_SRC (apt-get install golang-github-modern-go-reflect2-dev)" >&2; exit 1
fi
log "replacing vendored github.com/modern-go/reflect2 with Debian's copy"
rm -f vendor/github.com/modern-go/reflect2/*.go
for f in "$R2_SRC"/*.go; do
  case "$f" in *_test.go) ;; *) cp "$f" vendor/github.com/modern-go/reflect2/ ;; esac
done

# 4. Build.
log "go build ./cmd/pause-reference-controller ($(go version | awk '{print $3}'))"
go build -trimpath -ldflags "-s -w" -o "$WORK/pause-reference-controller" ./cmd/pause-reference-controller
mv "$WORK/pause-reference-controller" "$BIN"
echo "$SUM" > "$BIN.sha256"
log "built $BIN in $(($(date +%s) - start_s))s"
