// ESM consumer: its own copy is the ESM build; the other is the CommonJS build, loaded with require.
import { createRequire } from 'node:module';
import { run } from './consumer.js';

const other = createRequire(import.meta.url)('koordinator-client') as Parameters<typeof run>[1];
await run('esm', other);
