/**
 * `koord-gen`: generates the typed clientset from CRDs. See {@link main} and `--help`.
 * @packageDocumentation
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
