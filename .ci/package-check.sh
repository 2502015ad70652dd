#!/usr/bin/env bash
# Checks the package as users get it, from the packed tarball (run after `npm run build`):
#  1. `exports` matches scripts/package-entries.ts, and attw finds no type resolution problem
#     (node16 from ESM and from CommonJS, bundler);
#  2. installed into a fresh project (npm --offline from the npm cache; where the cache lacks the
#     dependencies, the tarball is unpacked and the dependencies linked from ./node_modules), without
#     @kubernetes/client-node, an ESM and a CommonJS consumer (test/package) type-check with
#     `module: node16`, strict, exactOptionalPropertyTypes and skipLibCheck: false, then run: each
#     uses its own build and checks that errors from the other build satisfy its predicates;
#  3. the installed koord-gen generates from synthetic CRDs into an ESM and a CommonJS project that
#     type-check strictly and run CRUD and an informer against envtest (.ci/package-codegen.sh);
#  4. an esbuild bundle of a one-group script contains no @kubernetes/client-node, and runs.
# Prints sizes (tarball, unpacked, bundle). Exits non-zero on the first failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="$root/node_modules/.bin"

[[ -f dist/index.js && -f dist/index.cjs ]] || { echo "dist/ is missing: run npm run build first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== exports"
"$bin/tsx" scripts/sync-exports.ts --check

echo "== pack"
npm pack --silent --pack-destination "$work" >/dev/null
tarball="$(ls "$work"/koordinator-client-*.tgz)"
unpacked="$(tar -tzvf "$tarball" | awk '{ s += $3 } END { print s }')"
echo "tarball $(stat -c %s "$tarball") bytes, unpacked ${unpacked} bytes, $(tar -tzf "$tarball" | wc -l) files"
if tar -tzf "$tarball" | grep -q '\.map$'; then echo "source maps in the tarball" >&2; exit 1; fi

echo "== attw"
"$bin/attw" "$tarball" --profile node16 --format table-flipped

echo "== install into a fresh project"
proj="$work/consumer"
mkdir -p "$proj"
echo '{ "name": "consumer", "private": true }' > "$proj/package.json"
if (cd "$proj" && npm install --offline --no-audit --no-fund --ignore-scripts "$tarball" >"$work/npm.log" 2>&1); then
  echo "installed with npm install --offline"
else
  echo "npm cache lacks the dependencies ($(grep -m1 -o 'request to [^ ]*' "$work/npm.log" || echo 'see npm log')): unpacking the tarball, linking its dependencies"
  rm -rf "$proj/node_modules" "$proj/package-lock.json"
  mkdir -p "$proj/node_modules/koordinator-client"
  tar -xzf "$tarball" -C "$proj/node_modules/koordinator-client" --strip-components=1
  for dep in $(node -p 'Object.keys(require("./package.json").dependencies).join(" ")'); do
    mkdir -p "$(dirname "$proj/node_modules/$dep")"
    ln -s "$root/node_modules/$dep" "$proj/node_modules/$dep"
  done
fi
# The consumers' own tools (not dependencies of the package).
mkdir -p "$proj/node_modules/@types"
[[ -e "$proj/node_modules/@types/node" ]] || ln -s "$root/node_modules/@types/node" "$proj/node_modules/@types/node"
if [[ -e "$proj/node_modules/@kubernetes/client-node" ]]; then echo "@kubernetes/client-node was installed: it must be an optional peer" >&2; exit 1; fi

for mode in esm cjs; do
  echo "== $mode consumer"
  dir="$proj/$mode"
  mkdir -p "$dir"
  cp test/package/"$mode"/* test/package/consumer.ts test/package/fake-transport.ts "$dir/"
  (cd "$dir" && node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json)
  echo "$(cd "$dir" && node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json --listFilesOnly | wc -l) files in the $mode consumer's type graph"
  (cd "$dir" && node out/main.js) | tee "$work/$mode.out"
  if grep -q '^FAIL' "$work/$mode.out"; then exit 1; fi
done

echo "== koord-gen from the installed package"
for f in LICENSE CHANGELOG.md README.md; do [[ -f "$proj/node_modules/koordinator-client/$f" ]] || { echo "$f is not in the package" >&2; exit 1; }; done
bash .ci/package-codegen.sh "$proj"

# The banner is the usual esbuild recipe for ESM bundles whose CommonJS dependencies (yaml)
# require Node built-ins.
echo "== bundle (esbuild, one group)"
mkdir -p "$proj/bundle"
cp test/package/bundle/* "$proj/bundle/"
(cd "$proj/bundle" && "$bin/esbuild" script.ts --bundle --platform=node --format=esm --target=node22 \
  --outfile=out.mjs --metafile=meta.json --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);")
node -e '
  const meta = require(process.argv[1]);
  const inputs = Object.keys(meta.inputs);
  const leaked = inputs.filter((p) => p.includes("@kubernetes/client-node"));
  if (leaked.length) { console.error("bundle contains @kubernetes/client-node:", leaked.slice(0, 5)); process.exit(1); }
  const bytes = Object.values(meta.outputs).reduce((s, o) => s + o.bytes, 0);
  console.log(`bundle ${bytes} bytes from ${inputs.length} inputs, no @kubernetes/client-node`);
' "$proj/bundle/meta.json"
(cd "$proj/bundle" && node out.mjs kubeconfig.yaml) | tee "$work/bundle.out"
grep -q '^ok' "$work/bundle.out"
echo "package check passed"
