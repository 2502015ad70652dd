/**
 * Naming rules of the generated code: group accessors, client classes, method names, type names
 * derived from schema paths. Every function is pure and deterministic.
 * @packageDocumentation
 */

/** The primary domain used when none is given: groups under it get short accessors. */
export const DEFAULT_PRIMARY_DOMAIN = 'koordinator.sh';

/** Splits a name into alphanumeric words at every non-alphanumeric character. */
function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

/** Upper-cases the first character. */
export function capitalize(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/**
 * PascalCase of an arbitrary name: words split at non-alphanumerics, each capitalized, the rest
 * of each word kept as is (`allocateOnce` → `AllocateOnce`, `kubernetes.io/arch` →
 * `KubernetesIoArch`). Returns `''` for a name without alphanumerics.
 */
export function pascalCase(name: string): string {
  return words(name).map(capitalize).join('');
}

/**
 * camelCase of a PascalCase identifier, lowering a leading acronym sensibly: `Reservation` →
 * `reservation`, `NodeSLO` → `nodeSLO`, `SLOConfig` → `sloConfig`, `CPU` → `cpu`.
 */
export function lowerFirst(name: string): string {
  let run = 0;
  while (run < name.length && /[A-Z]/.test(name[run]!)) run++;
  if (run === 0) return name;
  if (run === 1 || run === name.length) return name.slice(0, run).toLowerCase() + name.slice(run);
  // `SLOConfig`: the last capital of the run starts the next word.
  const next = name[run]!;
  const cut = /[a-z]/.test(next) ? run - 1 : run;
  return name.slice(0, cut).toLowerCase() + name.slice(cut);
}

/** camelCase of an arbitrary name (`node-topology` → `nodeTopology`). */
export function camelCase(name: string): string {
  return lowerFirst(pascalCase(name));
}

/** Makes `name` a valid identifier by prefixing `_` when it starts with a digit. */
function identifierSafe(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * The accessor base of an API group, before the version; it depends on the group alone, so a
 * group keeps its accessor whatever other groups are generated with it:
 * - a group under the primary domain uses its first label (`scheduling.koordinator.sh` →
 *   `scheduling`);
 * - any other group camelCases its labels, dropping a trailing `k8s.io` and turning a trailing
 *   `x-k8s.io` (the experimental twin of a `k8s.io` group) into `X`
 *   (`scheduling.sigs.k8s.io` → `schedulingSigs`, `gateway.networking.x-k8s.io` →
 *   `gatewayNetworkingX`, `cert-manager.io` → `certManagerIo`).
 */
export function groupAccessorBase(group: string, primaryDomain: string = DEFAULT_PRIMARY_DOMAIN): string {
  const labels = group.split('.').filter((l) => l.length > 0);
  let kept: string[];
  if (primaryDomain !== '' && group.endsWith(`.${primaryDomain}`)) {
    kept = labels.slice(0, 1);
  } else if (group === primaryDomain) {
    kept = labels.slice(0, 1);
  } else {
    kept = labels;
    const n = kept.length;
    if (n > 2 && kept[n - 1] === 'io' && kept[n - 2] === 'k8s') kept = kept.slice(0, n - 2);
    else if (n > 2 && kept[n - 1] === 'io' && kept[n - 2] === 'x-k8s') kept = [...kept.slice(0, n - 2), 'x'];
  }
  return identifierSafe(camelCase(kept.join('.')));
}

/**
 * The accessor base of a built-in API group, as client-go names its typed clients: the first
 * label (`rbac.authorization.k8s.io` -> `rbac`, `flowcontrol.apiserver.k8s.io` -> `flowcontrol`),
 * `core` for the core group. With `fallback`, every label but a trailing `k8s.io`
 * (`scheduling.k8s.io` -> `schedulingK8sIo`), used when the short one is taken.
 */
export function builtinGroupAccessorBase(group: string, fallback = false): string {
  if (group === '') return 'core';
  if (fallback) return groupAccessorFallbackBase(group);
  return identifierSafe(camelCase(group.split('.')[0]!));
}

/** The full camelCase of every label of a group, used to break accessor collisions. */
export function groupAccessorFallbackBase(group: string): string {
  return identifierSafe(camelCase(group));
}

/** Accessor of a group version on the Clientset: base + PascalCase version (`schedulingV1alpha1`). */
export function groupVersionAccessor(base: string, version: string): string {
  return base + pascalCase(version);
}

/** Class name of a group version client: PascalCase accessor + `Client`. */
export function groupClientClassName(accessor: string): string {
  return `${capitalize(accessor)}Client`;
}

/** Class name of a group version's informer accessors (`SchedulingV1alpha1Informers`). */
export function groupInformersClassName(accessor: string): string {
  return `${capitalize(accessor)}Informers`;
}

/**
 * Method name of a kind on its group client: the plural, with the kind's word boundaries
 * (`NodeMetric` + `nodemetrics` → `nodeMetrics`, `NodeSLO` + `nodeslos` → `nodeSLOs`,
 * `NodeResourceTopology` + `noderesourcetopologies` → `nodeResourceTopologies`).
 */
export function resourceMethodName(kind: string, plural: string): string {
  const kindCamel = lowerFirst(kind);
  const pluralCamel = camelCase(plural);
  let out = '';
  let i = 0;
  while (i < pluralCamel.length && i < kindCamel.length && pluralCamel[i]!.toLowerCase() === kindCamel[i]!.toLowerCase()) {
    out += kindCamel[i];
    i++;
  }
  return identifierSafe(out + pluralCamel.slice(i));
}

/** Name of the exported resource descriptor constant of a kind (`reservationResource`). */
export function resourceConstName(kind: string): string {
  return `${lowerFirst(kind)}Resource`;
}

/** Name of the exported lazy schema function of a kind (`reservationSchema`). */
export function schemaFunctionName(kind: string): string {
  return `${lowerFirst(kind)}Schema`;
}

/**
 * The write check function of a type, from its schema function's name (`reservationSchema` →
 * `reservationCheck`): the two are exported side by side by `schemas.ts` and `checks.ts`.
 */
export function checkFunctionName(schemaFunction: string): string {
  return `${schemaFunction.endsWith('Schema') ? schemaFunction.slice(0, -'Schema'.length) : schemaFunction}Check`;
}

/**
 * Singular of a PascalCase word used for array item type names, or `undefined` when the word
 * does not look plural (`Owners` → `Owner`, `Policies` → `Policy`, `Addresses` → `Address`,
 * `ContainerStatuses` → `ContainerStatus`, `Status` → undefined).
 */
export function singularize(word: string): string | undefined {
  if (/[Ss]tatuses$/.test(word)) return word.slice(0, -2);
  if (/[^aeiou]ies$/i.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh|z)es$/i.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/i.test(word)) return undefined;
  if (/[A-Za-z]s$/.test(word)) return word.slice(0, -1);
  return undefined;
}
