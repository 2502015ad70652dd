/**
 * Emits `crds/<name>.ts`: the CustomResourceDefinition the code was generated from, as a plain
 * object literal (apiVersion, kind, metadata name/labels/annotations, spec; no status), so that
 * tests and tools can install exactly the CRD the types describe.
 * @packageDocumentation
 */
import { CodeWriter } from './code-writer.js';
import type { CustomResourceDefinition } from './crd.js';
import { GENERATED_HEADER } from './ts-syntax.js';
import { docComment } from './tsdoc.js';
import { valueLiteral } from './value-literal.js';

/** The manifest kept for a CRD: identity, name, labels, annotations and spec. */
export function crdManifest(crd: CustomResourceDefinition): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: crd.metadata.name };
  if (crd.metadata.annotations !== undefined) metadata.annotations = crd.metadata.annotations;
  if (crd.metadata.labels !== undefined) metadata.labels = crd.metadata.labels;
  return { apiVersion: crd.apiVersion, kind: crd.kind, metadata, spec: crd.spec };
}

/** Renders the manifest module of a CRD. */
export function emitCrdManifest(crd: CustomResourceDefinition): string {
  const w = new CodeWriter();
  w.line(GENERATED_HEADER);
  w.line();
  w.line(docComment([`The CustomResourceDefinition \`${crd.metadata.name}\`.`, '@packageDocumentation']));
  w.line();
  w.line(docComment([`The CustomResourceDefinition \`${crd.metadata.name}\` the generated code was built from.`]));
  w.line(`export const crd: Record<string, unknown> = ${valueLiteral(crdManifest(crd))};`);
  return w.toString();
}
