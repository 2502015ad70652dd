#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy with the machine's Go, through the
# wrapper modules beside this script, into a cache outside the repository keyed by version.
# Prints the directory holding both binaries (usable as KUBEBUILDER_ASSETS) on its last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${KOORD_ENVTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/koordinator-client/envtest}"

module_version() { # module version of $2 required by the wrapper module in $1
  awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$here/$1/go.mod"
}
kube_version="$(module_version kube-apiserver k8s.io/kubernetes)"
etcd_version="$(module_version etcd go.etcd.io/etcd/server/v3)"
# Bump when the build itself changes (flags, stamping) so that cached binaries are rebuilt.
build_revision=2
out="$cache/kube-apiserver-${kube_version}_etcd-${etcd_version}_r${build_revision}"
mkdir -p "$out"

# kube-apiserver reports its version from linker-stamped variables, as Kubernetes' own build does.
minor="${kube_version#v1.}"; minor="${minor%%.*}"
kube_ldflags="-X k8s.io/component-base/version.gitVersion=${kube_version} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor} -X k8s.io/component-base/version.gitTreeState=clean"

build() { # $1 wrapper dir, $2 package, $3 binary name, $4 extra ldflags
  if [ -x "$out/$3" ]; then return 0; fi
  echo "building $3 from $2 (this takes several minutes the first time)" >&2
  (cd "$here/$1" && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w ${4:-}" -o "$out/$3.tmp" "$2")
  mv "$out/$3.tmp" "$out/$3"
}
build etcd go.etcd.io/etcd/server/v3 etcd
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver "$kube_ldflags"
echo "$out"
