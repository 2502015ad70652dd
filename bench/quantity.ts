/**
 * Quantities side by side: the Go oracle's lines (k8s.io/apimachinery resource.Quantity on a few
 * thousand seeded inputs, test/golden/quantity) replayed through this package's Quantity and through
 * `@kubernetes/client-node`'s quantity helper (`quantityToScalar`, from its util module; it has no
 * arithmetic or canonical form). Reports where each disagrees with Go, then times parsing.
 *
 * Run: `npx tsx bench/quantity.ts` (builds the Go oracle once into os.tmpdir; needs Go).
 */
import { performance } from 'node:perf_hooks';
import { quantityToScalar } from '@kubernetes/client-node/dist/util.js';
import { Quantity } from '../src/quantity.js';
import { goldenLines, type ParseLine } from '../test/golden/quantity/oracle.js';

/** Exact value of an oracle `<m>e<e>` string as a decimal string for display. */
function exactNumber(exact: string): { int?: bigint; float: number } {
  const [m, e] = exact.split('e');
  const exp = Number(e);
  return { int: exp >= 0 ? BigInt(m!) * 10n ** BigInt(exp) : undefined, float: Number.parseFloat(`${m}e${e}`) };
}

type Verdict = 'agree' | 'accepts what Go rejects' | 'rejects what Go accepts' | 'wrong value';

function clientNodeVerdict(l: ParseLine): Verdict {
  let v: number | bigint;
  try {
    v = quantityToScalar(l.in);
  } catch {
    return l.ok ? 'rejects what Go accepts' : 'agree';
  }
  if (!l.ok) return 'accepts what Go rejects';
  const want = exactNumber(l.exact!);
  if (typeof v === 'bigint') return want.int !== undefined && v === want.int ? 'agree' : 'wrong value';
  if (Number.isNaN(v)) return 'wrong value';
  // A number is right when it is the double nearest to the exact value.
  return v === want.float ? 'agree' : 'wrong value';
}

function ourVerdict(l: ParseLine): Verdict {
  let q: Quantity;
  try {
    q = Quantity.parse(l.in);
  } catch {
    return l.ok ? 'rejects what Go accepts' : 'agree';
  }
  if (!l.ok) return 'accepts what Go rejects';
  return q.toString() === l.str && q.toNumber() === exactNumber(l.exact!).float ? 'agree' : 'wrong value';
}

/** Times each function over the inputs, interleaved round by round (fair under a shared, busy CPU). */
function timeSideBySide(inputs: string[], fns: Array<[string, (s: string) => unknown]>, rounds = 31): number[][] {
  const samples = fns.map(() => [] as number[]);
  for (const [, fn] of fns) for (const s of inputs) fn(s); // warm up
  for (let r = 0; r < rounds; r++) {
    fns.forEach(([, fn], i) => {
      const t0 = performance.now();
      for (const s of inputs) fn(s);
      samples[i]!.push(((performance.now() - t0) * 1e6) / inputs.length);
    });
  }
  return samples;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const lines = (await goldenLines()).filter((l): l is ParseLine => l.op === 'parse');
  console.log(`\n${lines.length} quantity strings from the Go oracle (${lines.filter((l) => l.ok).length} valid, ${lines.filter((l) => !l.ok).length} rejected by Go)`);
  for (const [name, verdict] of [['koordinator-client Quantity', ourVerdict], ['@kubernetes/client-node quantityToScalar', clientNodeVerdict]] as const) {
    const counts = new Map<Verdict, string[]>();
    for (const l of lines) {
      const v = verdict(l);
      counts.set(v, [...(counts.get(v) ?? []), l.in]);
    }
    console.log(`\n${name}:`);
    for (const [v, ins] of [...counts].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`  ${v.padEnd(26)} ${String(ins.length).padStart(5)}  ${v === 'agree' ? '' : `e.g. ${ins.slice(0, 6).map((s) => JSON.stringify(s)).join(' ')}`}`);
    }
  }

  // Timing on the inputs both accept, in everyday shapes (short, with a common suffix).
  const accepted = (s: string): boolean => {
    try {
      quantityToScalar(s);
      return true;
    } catch {
      return false;
    }
  };
  const everyday = lines.filter((l) => l.ok && /^[0-9]{1,6}(\.[0-9]{1,3})?(m|k|M|G|Ki|Mi|Gi)?$/.test(l.in) && accepted(l.in)).map((l) => l.in);
  console.log(`\nParse time, ${everyday.length} everyday inputs, median of 31 interleaved rounds, node ${process.version}`);
  const fns: Array<[string, (s: string) => unknown]> = [
    ['koordinator-client Quantity.parse(s).milliValue()', (s) => Quantity.parse(s).milliValue()],
    ['@kubernetes/client-node quantityToScalar(s)', (s) => quantityToScalar(s)],
    ['koordinator-client Quantity.parse(s).toString() (canonical)', (s) => Quantity.parse(s).toString()],
  ];
  const samples = timeSideBySide(everyday, fns);
  fns.forEach(([label], i) => console.log(`  ${label.padEnd(60)} ${median(samples[i]!).toFixed(0).padStart(6)} ns/op`));
  const ratios = samples[0]!.map((ours, r) => ours / samples[1]![r]!);
  console.log(`\nRatio (koordinator-client / client-node) parse time, median of per-round ratios: ${median(ratios).toFixed(2)}`);
}

await main();
