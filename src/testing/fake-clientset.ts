/**
 * `createFake`: binds a Clientset class to a {@link FakeApiServer}, so that code under test gets
 * the very same Clientset type it uses in production (client-go `NewSimpleClientset`).
 * @packageDocumentation
 */
import type { ClientContext, ClientDefaults } from '../client/client-context.js';
import { createClientContext } from '../client/client-context.js';
import type { ResourceDescriptor } from '../meta/descriptor.js';
import { FakeApiServer, type FakeApiServerOptions, type SeedObject } from './fake-api-server.js';

/** A Clientset served by a fake server, reachable as `.fake` for reactors, actions and the tracker. */
export type FakeClientset<C> = C & { readonly fake: FakeApiServer };

/** Options of a fake Clientset: the fake server's (without descriptors) plus the client defaults. */
export interface FakeClientsetOptions extends Omit<FakeApiServerOptions, 'descriptors' | 'objects'>, Partial<ClientDefaults> {
  /** Serve these kinds in addition to the generated ones (e.g. kinds from your own `koord-gen` run). */
  descriptors?: readonly ResourceDescriptor[];
  /** Share an existing fake server (e.g. between a Clientset and another clientset class) instead of starting one. */
  server?: FakeApiServer;
}

/**
 * Builds a Clientset of class `ctor` served by a fake server that knows `descriptors` and starts
 * with `objects`. The `fake` property gives the server (reactors, actions, tracker).
 */
export function createFake<C extends object>(
  ctor: new (ctx: ClientContext) => C,
  descriptors: readonly ResourceDescriptor[],
  objects: readonly SeedObject[] = [],
  opts: FakeClientsetOptions = {},
): FakeClientset<C> {
  const { validateWrites, fieldManager, server: shared, descriptors: extra = [], ...serverOpts } = opts;
  const server = shared ?? new FakeApiServer({ ...serverOpts, descriptors: [...descriptors, ...extra], objects });
  if (shared) for (const o of objects) void shared.add(o);
  const defaults: Partial<ClientDefaults> = {};
  if (validateWrites !== undefined) defaults.validateWrites = validateWrites;
  if (fieldManager !== undefined) defaults.fieldManager = fieldManager;
  const cs = new ctor(createClientContext(server.transport(), defaults));
  Object.defineProperty(cs, 'fake', { value: server, enumerable: false });
  return cs as FakeClientset<C>;
}
