#!/usr/bin/env bash
# Builds kube-apiserver from Debian's `kubernetes` source package (1.20.x) with
# the Debian Go toolchain. Called by `src/cli.ts ensure`; usable by itself:
#
#   scripts/build-kube-apiserver.sh OUT_DIR
#
# Needs (see .ci/install-system-deps.sh): deb-src enabled, golang-go, dpkg-dev,
# golang-github-modern-go-reflect2-dev. Writes OUT_DIR/kube-apiserver and
# OUT_DIR/build-info.txt (KEY=VALUE lines). The work dir is a temp dir removed on exit.
set -euo pipefail

OUT_DIR=${1:?usage: build-kube-apiserver.sh OUT_DIR}
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pause-kube-build.XXXXXX")
cleanup() { chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

log() { echo "[build $(date +%H:%M:%S)] $*"; }
start_s=$(date +%s)

# 1. Source package (download only; unpack with dpkg-source so Debian's patches apply).
log "downloading Debian source package 'kubernetes' into $WORK"
cd "$WORK"
apt-get source --download-only -q kubernetes >"$WORK/apt-source.log" 2>&1 || {
  cat "$WORK/apt-source.log" >&2
  echo "apt-get source failed: is deb-src enabled? (run .ci/install-system-deps.sh as root)" >&2
  exit 1
}
DSC=$(ls "$WORK"/kubernetes_*.dsc | head -n1)
log "unpacking $(basename "$DSC")"
dpkg-source --no-check -x "$DSC" "$WORK/src" >"$WORK/dpkg-source.log" 2>&1 || {
  cat "$WORK/dpkg-source.log" >&2; exit 1; }
PKG_VERSION=$(sed -n 's/^Version: //p' "$DSC" | head -n1)

# 2. GOPATH layout, as upstream 1.20 builds (vendor/modules.txt is not usable with -mod=vendor).
export GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" GO111MODULE=off CGO_ENABLED=0 GOFLAGS=
mkdir -p "$GOPATH/src/k8s.io"
ln -s "$WORK/src" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"
export PWD="$GOPATH/src/k8s.io/kubernetes"

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

# 4. pkg/generated/openapi/zz_generated.openapi.go (not shipped in the tarball).
log "building openapi-gen"
go build -o "$WORK/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
log "collecting packages tagged +k8s:openapi-gen="
# Same selection as upstream Makefile.generated_files / cache_go_dirs.sh: the
# main tree (no vendor/, staging/, hidden or _-prefixed dirs) plus staging/src
# under its vendor/ name.
{
  find -H . -not \( \( -name '_*' -o -name '.[^.]*' -o \( -name vendor -type d \) -o \( -name staging -type d \) \) -prune \) -type f -name '*.go' -print
  find -H ./staging -name vendor -prune -o -type f -name '*.go' -print | sed 's|^./staging/src|./vendor|'
} > "$WORK/go-files.txt"
# (grep exits 1 for batches without a match; that is not an error here)
xargs grep --color=never -l '+k8s:openapi-gen=' < "$WORK/go-files.txt" > "$WORK/openapi-files.txt" || true
xargs -n1 dirname < "$WORK/openapi-files.txt" | LC_ALL=C sort -u | sed 's|^\./|k8s.io/kubernetes/|' > "$WORK/openapi-dirs.txt"
log "generating openapi for $(wc -l < "$WORK/openapi-dirs.txt") packages"
"$WORK/openapi-gen" \
  --logtostderr -v 1 \
  -i "$(paste -sd, "$WORK/openapi-dirs.txt")" \
  -p k8s.io/kubernetes/pkg/generated/openapi \
  -O zz_generated.openapi \
  -h hack/boilerplate/boilerplate.generatego.txt \
  -r "$WORK/api-violations.report" >"$WORK/openapi-gen.log" 2>&1 || {
  tail -n 40 "$WORK/openapi-gen.log" >&2; exit 1; }
test -s pkg/generated/openapi/zz_generated.openapi.go

# 5. kube-apiserver.
# e.g. 1.20.5+really1.20.2-1.1+deb12u1 -> v1.20.2
KVER="v$(echo "$PKG_VERSION" | sed -E 's/^[0-9]+://; s/^.*\+really//; s/-[^-]*$//; s/[+~].*$//')"
MAJOR=$(echo "$KVER" | sed -E 's/^v([0-9]+)\..*/\1/')
MINOR=$(echo "$KVER" | sed -E 's/^v[0-9]+\.([0-9]+)\..*/\1/')
X=""
for p in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
  X="$X -X $p.gitVersion=$KVER -X $p.gitMajor=$MAJOR -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done
log "go build ./cmd/kube-apiserver ($KVER, $(go version | awk '{print $3}'))"
go build -trimpath -ldflags "-s -w $X" -o "$WORK/kube-apiserver" ./cmd/kube-apiserver
mv "$WORK/kube-apiserver" "$OUT_DIR/kube-apiserver"
end_s=$(date +%s)
cat > "$OUT_DIR/build-info.txt" <<INFO
KUBERNETES_VERSION=$KVER
DEBIAN_SOURCE_VERSION=$PKG_VERSION
GO_VERSION=$(go version | awk '{print $3}')
BUILD_SECONDS=$((end_s - start_s))
INFO
log "built $OUT_DIR/kube-apiserver in $((end_s - start_s))s"
