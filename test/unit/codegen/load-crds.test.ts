import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../codegen/input-error.js';
import { loadCrds, parseCrdDocuments } from '../../../codegen/load-crds.js';
import { formatWarning, WarningSink } from '../../../codegen/warnings.js';
import { reindentQuotedContinuations } from '../../../codegen/yaml-leniency.js';

function crdYaml(plural: string, group = 'example.com'): string {
  const kind = plural[0]!.toUpperCase() + plural.slice(1, -1);
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${plural}}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object}}
`;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'koord-gen-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseCrdDocuments', () => {
  it('reads every CRD of a multi-document file and skips other documents with a warning', () => {
    const sink = new WarningSink();
    const text = `${crdYaml('apples')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n---\n${crdYaml('pears')}`;
    const crds = parseCrdDocuments(text, 'in.yaml', sink);
    expect(crds.map((c) => c.crd.metadata.name)).toEqual(['apples.example.com', 'pears.example.com']);
    expect(crds[0]!.source).toBe('in.yaml');
    expect(sink.warnings.map(formatWarning)).toEqual(['in.yaml: document 2 (kind "ConfigMap") is not a CustomResourceDefinition; skipped']);
  });

  it('unwraps List documents', () => {
    const sink = new WarningSink();
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'as.g.io' }, spec: { group: 'g.io', names: { kind: 'A', plural: 'as' }, scope: 'Cluster', versions: [{ name: 'v1', served: true }] } }] });
    expect(parseCrdDocuments(list, 'list.json', sink).map((c) => c.crd.metadata.name)).toEqual(['as.g.io']);
  });

  it('skips v1beta1 CRDs with a warning', () => {
    const sink = new WarningSink();
    const text = crdYaml('apples').replace('apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1');
    expect(parseCrdDocuments(text, 'old.yaml', sink)).toEqual([]);
    expect(sink.warnings.map(formatWarning)[0]).toContain('only apiextensions.k8s.io/v1 is supported');
  });

  it('rejects invalid YAML, naming the file and the line', () => {
    expect(() => parseCrdDocuments('a: [1, 2\nb: c\n', 'broken.yaml', new WarningSink())).toThrow(InputError);
    expect(() => parseCrdDocuments('a: [1, 2\nb: c\n', 'broken.yaml', new WarningSink())).toThrow(/^broken\.yaml: invalid YAML: .*line/);
  });

  it('rejects a malformed CRD, naming the file, the document and the field', () => {
    const text = crdYaml('apples').replace('scope: Namespaced', 'scope: Global');
    expect(() => parseCrdDocuments(text, 'bad.yaml', new WarningSink())).toThrow('bad.yaml: document 1: CRD apples.example.com: spec.scope must be Namespaced or Cluster');
  });

  it('reads quoted scalars whose continuation lines are not indented past their key, with a warning', () => {
    const text = crdYaml('apples').replace(
      'schema: {openAPIV3Schema: {type: object}}',
      "schema:\n      openAPIV3Schema:\n        type: object\n        description: 'First line\n        second line: with a colon'\n",
    );
    const sink = new WarningSink();
    const [crd] = parseCrdDocuments(text, 'lenient.yaml', sink);
    expect(crd!.crd.spec.versions[0]!.schema!.openAPIV3Schema!.description).toBe('First line second line: with a colon');
    expect(sink.warnings.map(formatWarning)[0]).toMatch(/^lenient\.yaml: not valid YAML 1\.2: .*\(line 17\)/);
  });
});

describe('reindentQuotedContinuations', () => {
  it('re-indents only continuation lines of open quoted scalars, not block scalars', () => {
    const text = ["a:", "  b: 'one", "  two'", "  c: |", "    it's", "  d: \"x", "  y\\\" z\"", "  e: 'done'"].join('\n');
    const fixed = reindentQuotedContinuations(text);
    expect(fixed.lines).toEqual([3, 7]);
    expect(fixed.text.split('\n')).toEqual(["a:", "  b: 'one", "    two'", "  c: |", "    it's", "  d: \"x", "    y\\\" z\"", "  e: 'done'"]);
  });
});

describe('loadCrds', () => {
  it('searches directories recursively in name order', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'b.yaml'), crdYaml('bananas'));
    await writeFile(join(dir, 'sub', 'a.yml'), crdYaml('apples'));
    await writeFile(join(dir, 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
    await writeFile(join(dir, 'notes.txt'), 'not yaml: [');
    const crds = await loadCrds([dir], new WarningSink());
    expect(crds.map((c) => c.crd.metadata.name)).toEqual(['bananas.example.com', 'apples.example.com']);
  });

  it('reads a file given twice once, and rejects a CRD defined in two files', async () => {
    await writeFile(join(dir, 'a.yaml'), crdYaml('apples'));
    expect(await loadCrds([join(dir, 'a.yaml'), dir], new WarningSink())).toHaveLength(1);
    await writeFile(join(dir, 'b.yaml'), crdYaml('apples'));
    await expect(loadCrds([dir], new WarningSink())).rejects.toThrow(`${join(dir, 'b.yaml')}: CRD apples.example.com is also defined in ${join(dir, 'a.yaml')}`);
  });

  it('names a missing input', async () => {
    await expect(loadCrds([join(dir, 'nope.yaml')], new WarningSink())).rejects.toThrow(`${join(dir, 'nope.yaml')}: no such file or directory`);
  });

  it('warns about a directory without YAML files', async () => {
    const sink = new WarningSink();
    expect(await loadCrds([dir], sink)).toEqual([]);
    expect(sink.warnings.map(formatWarning)).toEqual([`${dir}: the directory holds no .yaml, .yml or .json file`]);
  });
});
