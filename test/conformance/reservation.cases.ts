/**
 * Conformance cases on a cluster-scoped kind with a status subresource (Reservation): object
 * lifecycle, optimistic concurrency, status separation, selectors, pagination, patches,
 * finalizers, preconditions, dry run, server-side apply and schema validation.
 */
import { expect } from 'vitest';
import type { Reservation } from '../../src/generated/scheduling.koordinator.sh/v1alpha1/types.js';
import { isStatus } from '../../src/meta/object.js';
import { isAlreadyExists, isBadRequest, isConflict, isInvalid, isNotFound } from '../../src/rest/errors.js';
import { unique, type ConformanceCase } from './backend.js';
import { apiError, ownersOf, reservation, statusShape } from './support.js';

const group = 'scheduling.koordinator.sh';
const apiVersion = `${group}/v1alpha1`;

export const reservationCases: readonly ConformanceCase[] = [
  {
    name: 'create fills uid, creationTimestamp, resourceVersion, generation and schema defaults, and drops status',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('create');
      const created = await rsv.create({ ...reservation(name), status: { phase: 'Available', nodeName: 'n1' } });
      expect(created.apiVersion).toBe(apiVersion);
      expect(created.kind).toBe('Reservation');
      expect(created.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created.metadata?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
      expect(created.metadata?.generation).toBe(1);
      expect(created.spec?.ttl).toBe('24h');
      expect(created.spec?.allocateOnce).toBe(true);
      expect(created.status).toBeUndefined();
      expect(ownersOf(created, ['f:spec', 'f:ttl'])).toEqual(['koordinator-client/Update']);
      expect(await rsv.get(name)).toEqual(created);
      await rsv.delete(name);
    },
  },
  {
    name: 'create of an existing name is AlreadyExists, get of a missing one NotFound, with the server Status',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('dup');
      await rsv.create(reservation(name));
      const dup = await apiError(rsv.create(reservation(name)));
      expect(isAlreadyExists(dup)).toBe(true);
      expect(statusShape(dup)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, details: { name, group, kind: 'reservations' } });
      expect(dup.status.message).toBe(`reservations.${group} "${name}" already exists`);
      await rsv.delete(name);
      const missing = await apiError(rsv.get(name));
      expect(isNotFound(missing)).toBe(true);
      expect(statusShape(missing)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, details: { name, group, kind: 'reservations' } });
      expect(missing.status.message).toBe(`reservations.${group} "${name}" not found`);
      expect(isNotFound(await apiError(rsv.update({ ...reservation(name), metadata: { name, resourceVersion: '1' } })))).toBe(true);
      expect(isNotFound(await apiError(rsv.patch(name, { type: 'merge', patch: { metadata: { labels: { a: 'b' } } } })))).toBe(true);
      expect(isNotFound(await apiError(rsv.delete(name)))).toBe(true);
    },
  },
  {
    name: 'generateName: the server appends five random characters',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const prefix = `${unique('gen')}-`;
      const obj = reservation('unused');
      obj.metadata = { generateName: prefix };
      const a = await rsv.create(obj);
      const b = await rsv.create(obj);
      expect(a.metadata?.name).toMatch(new RegExp(`^${prefix}[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(b.metadata?.name).not.toBe(a.metadata?.name);
      expect(a.metadata?.generateName).toBe(prefix);
      await rsv.delete(a.metadata!.name!);
      await rsv.delete(b.metadata!.name!);
    },
  },
  {
    name: 'update with a stale resourceVersion is a Conflict; without one it is Invalid',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('stale');
      const v1 = await rsv.create(reservation(name));
      const v2 = await rsv.update({ ...v1, spec: { ...v1.spec!, ttl: '2h' } });
      expect(v2.metadata?.resourceVersion).not.toBe(v1.metadata?.resourceVersion);
      const stale = await apiError(rsv.update({ ...v1, spec: { ...v1.spec!, ttl: '3h' } }));
      expect(isConflict(stale)).toBe(true);
      expect(statusShape(stale)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, details: { name, group, kind: 'reservations' } });
      expect(stale.status.message).toBe(`Operation cannot be fulfilled on reservations.${group} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      const { resourceVersion: _rv, ...noRv } = v2.metadata!;
      const invalid = await apiError(rsv.update({ ...v2, metadata: noRv }));
      expect(isInvalid(invalid)).toBe(true);
      expect(invalid.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be specified for an update', field: 'metadata.resourceVersion' }]);
      expect((await rsv.get(name)).spec?.ttl).toBe('2h');
      await rsv.delete(name);
    },
  },
  {
    name: 'generation counts spec changes only; a write that changes nothing keeps the resourceVersion',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('gen');
      const v1 = await rsv.create(reservation(name));
      const labelled = await rsv.patch(name, { type: 'merge', patch: { metadata: { labels: { tier: 'gold' } } } });
      expect(labelled.metadata?.generation).toBe(1);
      const withStatus = await rsv.updateStatus({ ...labelled, status: { phase: 'Available' } });
      expect(withStatus.metadata?.generation).toBe(1);
      const specChanged = await rsv.update({ ...withStatus, spec: { ...withStatus.spec!, ttl: '5h' } });
      expect(specChanged.metadata?.generation).toBe(2);
      const noop = await rsv.update(specChanged);
      expect(noop.metadata?.resourceVersion).toBe(specChanged.metadata?.resourceVersion);
      expect(noop.metadata?.generation).toBe(2);
      expect(v1.metadata?.uid).toBe(noop.metadata?.uid);
      await rsv.delete(name);
    },
  },
  {
    name: 'update ignores status; updateStatus and patchStatus change nothing but status',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('status');
      const created = await rsv.create(reservation(name));
      const st = await rsv.updateStatus({ ...created, metadata: { ...created.metadata, labels: { ignored: 'yes' } }, spec: { ...created.spec!, ttl: '9h' }, status: { phase: 'Available', nodeName: 'node-a' } });
      expect(st.status).toEqual({ phase: 'Available', nodeName: 'node-a' });
      expect(st.spec?.ttl).toBe('24h');
      expect(st.metadata?.labels).toBeUndefined();
      const up = await rsv.update({ ...st, spec: { ...st.spec!, ttl: '1h' }, status: { phase: 'Failed' } });
      expect(up.spec?.ttl).toBe('1h');
      expect(up.status?.phase).toBe('Available');
      const patched = await rsv.patchStatus(name, { type: 'merge', patch: { spec: { ttl: '7h' }, status: { nodeName: 'node-b' } } });
      expect(patched.status).toEqual({ phase: 'Available', nodeName: 'node-b' });
      expect(patched.spec?.ttl).toBe('1h');
      // Status defaults apply once a status exists.
      const cleared = await rsv.updateStatus({ ...patched, status: { nodeName: 'node-c' } });
      expect(cleared.status).toEqual({ phase: 'Pending', nodeName: 'node-c' });
      await rsv.delete(name);
    },
  },
  {
    name: 'merge patch and JSON patch; a JSON patch that does not apply is Invalid; a stale resourceVersion in a patch is a Conflict',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('patch');
      const created = await rsv.create(reservation(name, { keep: 'me', drop: 'me' }));
      const merged = await rsv.patch(name, { type: 'merge', patch: { metadata: { labels: { drop: null, add: 'yes' } }, spec: { ttl: '2h' } } });
      expect(merged.metadata?.labels).toEqual({ keep: 'me', add: 'yes' });
      expect(merged.spec?.ttl).toBe('2h');
      const jp = await rsv.patch(name, {
        type: 'json',
        operations: [
          { op: 'test', path: '/spec/ttl', value: '2h' },
          { op: 'replace', path: '/spec/ttl', value: '3h' },
          { op: 'add', path: '/metadata/annotations', value: { note: 'x' } },
          { op: 'remove', path: '/metadata/labels/keep' },
        ],
      });
      expect(jp.spec?.ttl).toBe('3h');
      expect(jp.metadata?.annotations).toEqual({ note: 'x' });
      expect(jp.metadata?.labels).toEqual({ add: 'yes' });
      const failed = await apiError(rsv.patch(name, { type: 'json', operations: [{ op: 'test', path: '/spec/ttl', value: 'nope' }] }));
      expect(statusShape(failed)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422, details: {} });
      expect(failed.status.message).toBe('the server rejected our request due to an error in our request');
      const missingPath = await apiError(rsv.patch(name, { type: 'json', operations: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }] }));
      expect(missingPath.code).toBe(422);
      const stale = await apiError(rsv.patch(name, { type: 'merge', patch: { metadata: { resourceVersion: created.metadata!.resourceVersion! }, spec: { ttl: '4h' } } }));
      expect(isConflict(stale)).toBe(true);
      expect((await rsv.get(name)).spec?.ttl).toBe('3h');
      await rsv.delete(name);
    },
  },
  {
    name: 'label selectors (=, !=, in, notin, exists, !) and field selectors (metadata.name); other fields are a BadRequest',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const batch = unique('sel');
      const names = ['a', 'b', 'c'].map((x) => `${batch}-${x}`);
      await rsv.create(reservation(names[0]!, { batch, tier: 'gold' }));
      await rsv.create(reservation(names[1]!, { batch, tier: 'silver' }));
      await rsv.create(reservation(names[2]!, { batch }));
      const sel = async (labelSelector: string, fieldSelector?: string): Promise<string[]> =>
        (await rsv.list(fieldSelector ? { labelSelector, fieldSelector } : { labelSelector })).items.map((r) => r.metadata!.name!);
      expect(await sel(`batch=${batch},tier=gold`)).toEqual([names[0]]);
      expect(await sel(`batch=${batch},tier!=gold`)).toEqual([names[1], names[2]]);
      expect(await sel(`batch=${batch},tier in (gold,silver)`)).toEqual([names[0], names[1]]);
      expect(await sel(`batch=${batch},tier notin (gold)`)).toEqual([names[1], names[2]]);
      expect(await sel(`batch=${batch},tier`)).toEqual([names[0], names[1]]);
      expect(await sel(`batch=${batch},!tier`)).toEqual([names[2]]);
      expect(await sel(`batch=${batch}`, `metadata.name=${names[1]}`)).toEqual([names[1]]);
      expect(await sel(`batch=${batch}`, `metadata.name!=${names[1]}`)).toEqual([names[0], names[2]]);
      const bad = await apiError(rsv.list({ fieldSelector: 'spec.ttl=1h' }));
      expect(isBadRequest(bad)).toBe(true);
      expect(bad.status.message).toBe('field label not supported: spec.ttl');
      await rsv.deleteCollection({ labelSelector: `batch=${batch}` });
    },
  },
  {
    name: 'limit and continue page through a consistent snapshot in name order',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const batch = unique('page');
      for (const x of ['c', 'a', 'b']) await rsv.create(reservation(`${batch}-${x}`, { batch }));
      const first = await rsv.list({ labelSelector: `batch=${batch}`, limit: 2 });
      expect(first.items.map((r) => r.metadata?.name)).toEqual([`${batch}-a`, `${batch}-b`]);
      expect(first.metadata.continue).toBeTruthy();
      // Written after the first page: a continued list still shows the snapshot of the first page.
      await rsv.create(reservation(`${batch}-d`, { batch }));
      await rsv.patch(`${batch}-c`, { type: 'merge', patch: { spec: { ttl: '9h' } } });
      const second = await rsv.list({ labelSelector: `batch=${batch}`, limit: 2, continue: first.metadata.continue! });
      expect(second.items.map((r) => r.metadata?.name)).toEqual([`${batch}-c`]);
      expect(second.items[0]?.spec?.ttl).toBe('24h');
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      expect(second.metadata.continue ?? '').toBe('');
      const all: string[] = [];
      for await (const r of rsv.listAll({ labelSelector: `batch=${batch}`, limit: 1 })) all.push(r.metadata!.name!);
      expect(all).toEqual(['a', 'b', 'c', 'd'].map((x) => `${batch}-${x}`));
      await rsv.deleteCollection({ labelSelector: `batch=${batch}` });
    },
  },
  {
    name: 'deleteCollection deletes exactly the selected objects and returns them',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const batch = unique('dc');
      await rsv.create(reservation(`${batch}-1`, { batch, go: 'yes' }));
      await rsv.create(reservation(`${batch}-2`, { batch, go: 'yes' }));
      await rsv.create(reservation(`${batch}-3`, { batch, go: 'no' }));
      const out = await rsv.deleteCollection({ labelSelector: `batch=${batch},go=yes` });
      expect(isStatus(out)).toBe(false);
      expect((out as { items: Reservation[] }).items.map((r) => r.metadata?.name).sort()).toEqual([`${batch}-1`, `${batch}-2`]);
      expect((await rsv.list({ labelSelector: `batch=${batch}` })).items.map((r) => r.metadata?.name)).toEqual([`${batch}-3`]);
      await rsv.delete(`${batch}-3`);
    },
  },
  {
    name: 'a delete with finalizers only marks the object; removing the last finalizer deletes it',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('fin');
      const created = await rsv.create({ ...reservation(name), metadata: { name, finalizers: ['example.com/hold'] } });
      const marked = (await rsv.delete(name)) as Reservation;
      expect(marked.metadata?.deletionTimestamp).toMatch(/Z$/);
      expect(marked.metadata?.deletionGracePeriodSeconds).toBe(0);
      expect(marked.metadata?.generation).toBe((created.metadata?.generation ?? 0) + 1);
      const still = await rsv.get(name);
      expect(still.metadata?.deletionTimestamp).toBe(marked.metadata?.deletionTimestamp);
      const again = (await rsv.delete(name)) as Reservation;
      expect(again.metadata?.resourceVersion).toBe(marked.metadata?.resourceVersion);
      const released = await rsv.patch(name, { type: 'merge', patch: { metadata: { finalizers: null } } });
      expect(released.metadata?.finalizers).toBeUndefined();
      expect(isNotFound(await apiError(rsv.get(name)))).toBe(true);
    },
  },
  {
    name: 'a delete without finalizers answers a Success Status; Orphan and Foreground propagation add their finalizer',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('del');
      const created = await rsv.create(reservation(name));
      const gone = await rsv.delete(name);
      expect(gone).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group, kind: 'reservations', uid: created.metadata!.uid! } });
      for (const [policy, finalizer] of [['Orphan', 'orphan'], ['Foreground', 'foregroundDeletion']] as const) {
        const n = unique(finalizer.toLowerCase());
        await rsv.create(reservation(n));
        const marked = (await rsv.delete(n, { propagationPolicy: policy })) as Reservation;
        expect(marked.metadata?.finalizers).toEqual([finalizer]);
        expect(marked.metadata?.deletionTimestamp).toBeTruthy();
        await rsv.patch(n, { type: 'json', operations: [{ op: 'remove', path: '/metadata/finalizers' }] });
        expect(isNotFound(await apiError(rsv.get(n)))).toBe(true);
      }
    },
  },
  {
    name: 'delete preconditions on uid and resourceVersion fail with a Conflict naming both values',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('pre');
      const created = await rsv.create(reservation(name));
      const uid = await apiError(rsv.delete(name, { preconditions: { uid: 'not-the-uid' } }));
      expect(statusShape(uid)).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, details: { name, group, kind: 'Reservation' } });
      expect(uid.status.message).toBe(
        `Operation cannot be fulfilled on Reservation.${group} "${name}": the UID in the precondition (not-the-uid) does not match the UID in record (${created.metadata!.uid!}). The object might have been deleted and then recreated`,
      );
      const moved = await rsv.patch(name, { type: 'merge', patch: { metadata: { labels: { moved: 'yes' } } } });
      const rv = await apiError(rsv.delete(name, { preconditions: { resourceVersion: created.metadata!.resourceVersion! } }));
      expect(rv.status.message).toBe(
        `Operation cannot be fulfilled on Reservation.${group} "${name}": the ResourceVersion in the precondition (${created.metadata!.resourceVersion!}) does not match the ResourceVersion in record (${moved.metadata!.resourceVersion!}). The object might have been modified`,
      );
      await rsv.delete(name, { preconditions: { uid: created.metadata!.uid!, resourceVersion: moved.metadata!.resourceVersion! } });
      expect(isNotFound(await apiError(rsv.get(name)))).toBe(true);
    },
  },
  {
    name: 'dryRun create, update, patch, apply and delete answer as usual and persist nothing',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('dry');
      const dry = await rsv.create(reservation(name), { dryRun: true });
      expect(dry.metadata?.uid).toBeTruthy();
      expect(dry.metadata?.resourceVersion).toBeUndefined();
      expect(dry.spec?.ttl).toBe('24h');
      expect(isNotFound(await apiError(rsv.get(name)))).toBe(true);
      const real = await rsv.create(reservation(name));
      expect((await rsv.update({ ...real, spec: { ...real.spec!, ttl: '5h' } }, { dryRun: true })).spec?.ttl).toBe('5h');
      expect((await rsv.patch(name, { type: 'merge', patch: { spec: { ttl: '6h' } } }, { dryRun: true })).spec?.ttl).toBe('6h');
      expect((await rsv.apply({ metadata: { name }, spec: { ttl: '7h' } }, { fieldManager: 'dry', dryRun: true, force: true })).spec?.ttl).toBe('7h');
      expect(await rsv.delete(name, { dryRun: true })).toMatchObject({ kind: 'Status', status: 'Success', details: { name, uid: real.metadata!.uid! } });
      const after = await rsv.get(name);
      expect(after.spec?.ttl).toBe('24h');
      expect(after.metadata?.resourceVersion).toBe(real.metadata?.resourceVersion);
      await rsv.delete(name);
    },
  },
  {
    name: 'server-side apply creates, records the manager, and conflicts on top-level and nested fields owned by others',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('ssa');
      const base = { apiVersion, kind: 'Reservation', metadata: { name } } as const;
      const created = await rsv.apply({ ...base, metadata: { name, labels: { team: 'a' } }, spec: { owners: [{ object: { name: 'p' } }], template: {}, ttl: '1h' } }, { fieldManager: 'team-a' });
      expect(created.metadata?.managedFields?.map((m) => `${m.manager}/${m.operation}`)).toEqual(['team-a/Apply']);
      expect(ownersOf(created, ['f:spec', 'f:ttl'])).toEqual(['team-a/Apply']);
      expect(ownersOf(created, ['f:metadata', 'f:labels', 'f:team'])).toEqual(['team-a/Apply']);

      const err = await apiError(rsv.apply({ ...base, metadata: { name, labels: { team: 'b' } }, spec: { ttl: '2h' } }, { fieldManager: 'team-b' }));
      expect(isConflict(err)).toBe(true);
      expect(err.status.details?.causes?.map((c) => [c.reason, c.field, c.message]).sort()).toEqual([
        ['FieldManagerConflict', '.metadata.labels.team', 'conflict with "team-a"'],
        ['FieldManagerConflict', '.spec.ttl', 'conflict with "team-a"'],
      ]);
      expect(err.status.message).toBe('Apply failed with 2 conflicts: conflicts with "team-a":\n- .metadata.labels.team\n- .spec.ttl');
      const one = await apiError(rsv.apply({ ...base, spec: { ttl: '2h' } }, { fieldManager: 'team-b' }));
      expect(one.status.message).toBe('Apply failed with 1 conflict: conflict with "team-a": .spec.ttl');

      // Applying the value a field already has shares it; force takes it over.
      const shared = await rsv.apply({ ...base, spec: { ttl: '1h' } }, { fieldManager: 'team-b' });
      expect(ownersOf(shared, ['f:spec', 'f:ttl'])).toEqual(['team-a/Apply', 'team-b/Apply']);
      const forced = await rsv.apply({ ...base, spec: { ttl: '3h' } }, { fieldManager: 'team-c', force: true });
      expect(forced.spec?.ttl).toBe('3h');
      expect(ownersOf(forced, ['f:spec', 'f:ttl'])).toEqual(['team-c/Apply']);
      await rsv.delete(name);
    },
  },
  {
    name: 'server-side apply: fields owned by updaters conflict ("using" their apiVersion); a field a manager stops applying is removed',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('ssa2');
      const base = { apiVersion, kind: 'Reservation', metadata: { name } } as const;
      await rsv.create(reservation(name), { fieldManager: 'creator' });
      await rsv.patch(name, { type: 'merge', patch: { spec: { ttl: '2h' } } }, { fieldManager: 'patcher' });
      const err = await apiError(rsv.apply({ ...base, spec: { ttl: '3h' } }, { fieldManager: 'applier' }));
      expect(err.status.message).toBe(`Apply failed with 1 conflict: conflict with "patcher" using ${apiVersion}: .spec.ttl`);
      const applied = await rsv.apply({ ...base, metadata: { name, annotations: { a: '1', b: '2' } }, spec: { ttl: '3h' } }, { fieldManager: 'applier', force: true });
      expect(ownersOf(applied, ['f:spec', 'f:ttl'])).toEqual(['applier/Apply']);
      expect(ownersOf(applied, ['f:spec', 'f:owners'])).toEqual(['creator/Update']);
      const narrowed = await rsv.apply({ ...base, metadata: { name, annotations: { a: '1' } }, spec: { ttl: '3h' } }, { fieldManager: 'applier' });
      expect(narrowed.metadata?.annotations).toEqual({ a: '1' });
      await rsv.delete(name);
    },
  },
  {
    name: 'applyStatus is tracked separately from the main resource; apply to the main resource ignores status',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('ssast');
      const base = { apiVersion, kind: 'Reservation', metadata: { name } } as const;
      expect(isNotFound(await apiError(rsv.applyStatus({ ...base, status: { nodeName: 'n' } }, { fieldManager: 'ctl' })))).toBe(true);
      const created = await rsv.apply({ ...base, spec: { owners: [{ object: { name: 'p' } }], template: {} }, status: { phase: 'Failed' } }, { fieldManager: 'user' });
      expect(created.status).toBeUndefined();
      const st = await rsv.applyStatus({ ...base, spec: { ttl: '9h' }, status: { nodeName: 'node-1' } }, { fieldManager: 'ctl' });
      expect(st.status).toEqual({ phase: 'Pending', nodeName: 'node-1' });
      expect(st.spec?.ttl).toBe('24h');
      expect(st.metadata?.managedFields?.find((m) => m.manager === 'ctl')?.subresource).toBe('status');
      expect(ownersOf(st, ['f:status', 'f:nodeName'])).toEqual(['ctl/Apply/status']);
      await rsv.delete(name);
    },
  },
  {
    name: 'schema validation: wrong types and missing required fields are Invalid with one cause per field',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('inv');
      const bad = { metadata: { name }, spec: { owners: [{ object: { name: 'p' } }], template: {}, ttl: 5, allocateOnce: 'yes' } } as unknown as Reservation;
      const err = await apiError(rsv.create(bad, { validate: false }));
      expect(isInvalid(err)).toBe(true);
      expect(err.status.details).toMatchObject({ name, group, kind: 'Reservation' });
      expect(err.causes.map((c) => [c.reason, c.field, c.message]).sort()).toEqual([
        ['FieldValueTypeInvalid', 'spec.allocateOnce', 'Invalid value: "string": spec.allocateOnce in body must be of type boolean: "string"'],
        ['FieldValueTypeInvalid', 'spec.ttl', 'Invalid value: "integer": spec.ttl in body must be of type string: "integer"'],
      ]);
      expect(err.status.message).toMatch(new RegExp(`^Reservation\\.${group.replace(/\./g, '\\.')} "${name}" is invalid: \\[`));
      const missing = await apiError(rsv.create({ metadata: { name }, spec: { template: {} } } as unknown as Reservation, { validate: false }));
      expect(missing.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.owners' }]);
      expect(missing.status.message).toBe(`Reservation.${group} "${name}" is invalid: spec.owners: Required value`);
      const short = await apiError(rsv.create({ metadata: { name }, spec: { owners: [], template: {} } }, { validate: false }));
      expect(short.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: 0: spec.owners in body should have at least 1 items', field: 'spec.owners' }]);
      expect(isNotFound(await apiError(rsv.get(name)))).toBe(true);
    },
  },
  {
    name: 'unknown fields are pruned (fieldValidation Warn/Ignore) or rejected (Strict)',
    async run({ cs }) {
      const rsv = cs.schedulingV1alpha1.reservations();
      const name = unique('prune');
      const withExtra = { ...reservation(name), spec: { ...reservation(name).spec, bogus: 1 } } as Reservation;
      const strict = await apiError(rsv.create(withExtra, { fieldValidation: 'Strict' }));
      expect(isBadRequest(strict)).toBe(true);
      expect(strict.status.message).toBe('Reservation in version "v1alpha1" cannot be handled as a Reservation: strict decoding error: unknown field "spec.bogus"');
      const pruned = await rsv.create(withExtra);
      expect(pruned.spec).not.toHaveProperty('bogus');
      expect((await rsv.get(name)).spec).not.toHaveProperty('bogus');
      await rsv.delete(name);
    },
  },
];
