/**
 * koordinator-client/quantity: exact resource quantities with the semantics of Kubernetes'
 * `resource.Quantity`, and `ResourceList` arithmetic as Kubernetes' quota code does it.
 *
 * ```ts
 * import { Quantity, subtractResourceLists } from 'koordinator-client/quantity';
 * const left = subtractResourceLists({ cpu: '8', memory: '32Gi' }, { cpu: '3500m', memory: '12Gi' });
 * left.cpu?.toString(); // '4500m'
 * ```
 * @packageDocumentation
 */
export { Quantity, type QuantityLike, type Scale } from './meta/quantity/quantity.js';
export type { QuantityFormat } from './meta/quantity/quantity-format.js';
export { QuantityParseError, QuantityRangeError, isQuantityParseError, type QuantityParseReason } from './meta/quantity/quantity-error.js';
export * from './meta/quantity/resource-list.js';
