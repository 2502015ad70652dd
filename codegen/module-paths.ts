/**
 * Paths of the generated modules, relative to the output root, and the import specifiers
 * between them (NodeNext ESM: relative, with `.js` extensions).
 * @packageDocumentation
 */

/** Path of the module holding a CRD's manifest (`crds/reservations.scheduling.koordinator.sh.ts`). */
export function crdModulePath(crdName: string): string {
  return `crds/${crdName}.ts`;
}

/** Import specifier of a CRD manifest module from a group version directory. */
export function crdImportFromGroupVersion(crdName: string): string {
  return `../../crds/${crdName}.js`;
}

/** Path of a file of a group version (`scheduling.koordinator.sh/v1alpha1/types.ts`). */
export function groupVersionFile(dir: string, file: 'types' | 'schemas' | 'checks' | 'resources' | 'client' | 'informers' | 'index'): string {
  return `${dir}/${file}.ts`;
}

/** Import specifier of a group version module from the output root. */
export function groupVersionImportFromRoot(dir: string, file: 'resources' | 'client' | 'informers' | 'index'): string {
  return `./${dir}/${file}.js`;
}
