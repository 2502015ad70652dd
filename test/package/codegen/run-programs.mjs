// Starts one envtest from the installed package and runs each compiled program against it
// (KUBECONFIG), each bounded in time. Usage: node run-programs.mjs <program.js> <mode> [<program.js> <mode> ...]
import { execFile } from 'node:child_process';
import { startEnvtest } from 'koordinator-client/envtest';

const args = process.argv.slice(2);
const started = performance.now();
const env = await startEnvtest();
console.log(`envtest started in ${Math.round(performance.now() - started)} ms`);
let failed = false;
try {
  for (let i = 0; i < args.length; i += 2) {
    const [program, mode] = [args[i], args[i + 1]];
    const t0 = performance.now();
    const res = await new Promise((resolve) => {
      execFile(process.execPath, [program, mode], { env: { ...process.env, KUBECONFIG: env.kubeconfigPath }, timeout: 180_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => resolve({ err, stdout, stderr }));
    });
    process.stdout.write(res.stdout);
    if (res.err) {
      failed = true;
      process.stdout.write(`FAIL ${mode}: exit ${res.err.code ?? res.err.signal}${res.err.killed ? ' (timed out)' : ''}\n${res.stderr}`);
    } else {
      console.log(`${mode} program ran in ${Math.round(performance.now() - t0)} ms`);
    }
  }
} finally {
  await env.stop();
}
if (failed) process.exitCode = 1;
