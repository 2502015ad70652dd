# Sourced by ./dev and .ci/run: makes a fresh machine ready. Puts Node >= 22 first on PATH
# (installing Node 24 from npm into ~/.cache/node24 when the system one is older), installs the
# npm packages when needed, and builds kube-apiserver + etcd from the Go module proxy (cached
# outside the repository) unless KUBEBUILDER_ASSETS or KOORD_ENVTEST_ASSETS already points at them.
# Set KOORD_NODE_MAJOR=24 to require Node 24 exactly (CI does).

koord_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
koord_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/node24"
koord_want_major="${KOORD_NODE_MAJOR:-22}"

koord_node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

if [ -x "$koord_node_dir/node_modules/.bin/node" ]; then
  export PATH="$koord_node_dir/node_modules/.bin:$PATH"
fi
major="$(koord_node_major)"
if [ -z "$major" ] || [ "$major" -lt "$koord_want_major" ]; then
  echo "ensure-env: node $(node --version 2>/dev/null || echo missing) is older than $koord_want_major; installing Node 24 from npm into $koord_node_dir" >&2
  npm install --no-save --prefix "$koord_node_dir" node@24 >&2
  export PATH="$koord_node_dir/node_modules/.bin:$PATH"
fi
echo "ensure-env: using node $(node --version) at $(command -v node)" >&2

cd "$koord_root"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci >&2
fi

if [ -z "${KUBEBUILDER_ASSETS:-}" ] && [ -z "${KOORD_ENVTEST_ASSETS:-}" ]; then
  KOORD_ENVTEST_ASSETS="$(bash "$koord_root/tools/build-servers.sh" | tail -n 1)"
  export KOORD_ENVTEST_ASSETS
fi
echo "ensure-env: API server binaries in ${KUBEBUILDER_ASSETS:-$KOORD_ENVTEST_ASSETS}" >&2
