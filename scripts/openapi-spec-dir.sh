#!/usr/bin/env sh
# Prints the directory of the published OpenAPI v3 spec of the Kubernetes version the project pins
# for envtest (k8s.io/kubernetes in tools/kube-apiserver/go.mod), downloading the module into the
# Go module cache first if it is not there. `npm run gen` and `gen:check` read the built-in kinds
# from it; nothing is copied into the repository.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3 } $1 == "k8s.io/kubernetes" { print $2 }' "$root/tools/kube-apiserver/go.mod" | head -n 1)
if [ -z "$version" ]; then
  echo "openapi-spec-dir: no k8s.io/kubernetes version in tools/kube-apiserver/go.mod" >&2
  exit 1
fi
dir="$(go env GOMODCACHE)/k8s.io/kubernetes@$version/api/openapi-spec/v3"
if [ ! -d "$dir" ]; then
  (cd "$root/tools/kube-apiserver" && go mod download "k8s.io/kubernetes@$version") >&2
fi
if [ ! -d "$dir" ]; then
  echo "openapi-spec-dir: $dir is missing after go mod download" >&2
  exit 1
fi
echo "$dir"
