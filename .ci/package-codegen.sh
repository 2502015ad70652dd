#!/usr/bin/env bash
# Packaging e2e of the generator, as a user runs it (called by .ci/package-check.sh with the fresh
# project where the packed tarball is installed): the INSTALLED koord-gen (node_modules/.bin)
# generates a clientset from the synthetic CRDs of test/package/codegen/crds into an ESM project
# ("type": "module") and a CommonJS one ("type": "commonjs"), each type-checked and compiled with
# a strict user tsconfig (module nodenext, strict, exactOptionalPropertyTypes,
# noUncheckedIndexedAccess, skipLibCheck false); then one envtest started through
# koordinator-client/envtest runs both programs (CRUD on every kind, validation, an informer).
# Prints the generator time, the generated size and the tsc time per mode.
# Usage: .ci/package-codegen.sh <consumer project dir>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proj="$(cd "$1" && pwd)"
src="$root/test/package/codegen"
tsc="$root/node_modules/typescript/bin/tsc"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

bin="$proj/node_modules/.bin/koord-gen"
if [[ ! -e "$bin" ]]; then
  # The offline fallback unpacks the tarball without npm, so nothing linked the bin: do what npm does.
  mkdir -p "$proj/node_modules/.bin"
  ln -s ../koordinator-client/dist/codegen/cli.js "$bin"
  chmod +x "$proj/node_modules/koordinator-client/dist/codegen/cli.js"
fi

for mode in esm cjs; do
  dir="$proj/codegen-$mode"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$src/$mode/package.json" "$src/$mode/tsconfig.json" "$src/program.ts" "$dir/"
  # ESM: --out relative to the working directory; CommonJS: an absolute --out from elsewhere.
  t0=$(date +%s%N)
  if [[ $mode == esm ]]; then
    (cd "$dir" && "$bin" "$src/crds" --out generated >/dev/null)
  else
    (cd "$proj" && "$bin" "$src/crds" --out "$dir/generated" >/dev/null)
  fi
  gen_ms=$(ms "$t0")
  files=$(find "$dir/generated" -name '*.ts' | wc -l)
  bytes=$(find "$dir/generated" -name '*.ts' -exec cat {} + | wc -c)
  if grep -rqE "from '\.\./\.\./\.\./|from '\.\./(client|meta|cache)/" "$dir/generated"; then
    echo "generated code imports the runtime by a relative path" >&2; exit 1
  fi
  t0=$(date +%s%N)
  (cd "$dir" && node "$tsc" -p tsconfig.json)
  tsc_ms=$(ms "$t0")
  echo "$mode: koord-gen ${gen_ms} ms, ${files} files, ${bytes} bytes generated; tsc (check + emit) ${tsc_ms} ms"
done

cp "$src/run-programs.mjs" "$proj/"
(cd "$proj" && node run-programs.mjs codegen-esm/out/program.js esm codegen-cjs/out/program.js cjs) | tee "$proj/codegen.out"
if grep -q '^FAIL' "$proj/codegen.out"; then exit 1; fi
for mode in esm cjs; do grep -q "^ok $mode done" "$proj/codegen.out" || { echo "the $mode program did not finish" >&2; exit 1; }; done
echo "koord-gen packaging e2e passed"
