/**
 * The parts of an OpenAPI v3 document, as kube-apiserver serves it at `/openapi/v3/<path>`, that
 * the generator reads: `components.schemas` and `paths`.
 * @packageDocumentation
 */

/** An OpenAPI v3 schema as Kubernetes publishes it (a superset of a CRD's JSONSchemaProps). */
export interface OpenApiSchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema;
  readonly allOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly anyOf?: readonly OpenApiSchema[];
  readonly [key: `x-${string}`]: unknown;
}

/** A group/version/kind as `x-kubernetes-group-version-kind` states it. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One operation of a path. */
export interface OpenApiOperation {
  readonly 'x-kubernetes-action'?: string;
  readonly 'x-kubernetes-group-version-kind'?: GroupVersionKind;
  readonly parameters?: readonly { readonly name?: string; readonly $ref?: string }[];
  readonly requestBody?: unknown;
  readonly responses?: unknown;
}

/** An OpenAPI v3 document. */
export interface OpenApiDocument {
  readonly openapi?: string;
  readonly paths?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, OpenApiSchema>> };
}

/** A document and where it was read from (file path or `cluster:<path>`). */
export interface LoadedOpenApi {
  readonly source: string;
  readonly doc: OpenApiDocument;
}
