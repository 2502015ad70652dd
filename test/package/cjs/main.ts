// CommonJS consumer: its own copy is the CommonJS build; the other is the ESM build, loaded with import().
import { run } from './consumer.js';

async function main(): Promise<void> {
  // The ESM build's declarations (.d.ts) are a separate copy of the CommonJS ones (.d.cts).
  const other = (await import('koordinator-client')) as unknown as Parameters<typeof run>[1];
  await run('cjs', other);
}
void main();
