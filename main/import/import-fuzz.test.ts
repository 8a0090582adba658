/**
 * Issue 11 bar: import fuzz — at least 200 malformed files (every importable kind, signed .RES files included,
 * mutated by truncation, byte flips, insertions, dropped or doubled lines, oversized fields, forged signatures)
 * give 0 crashes (importContent never throws for a bad file), 0 hangs (each file well under a second) and 0
 * half-stored imports (a quarantined file changes no row; an imported one stores exactly what its outcome says);
 * the audit trail stays intact throughout. Seeded (FUZZ_SEED to vary).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setupActor } from '../auth/actor';
import { resSignerOf } from '../audit/installation-signer';
import { verifyStore } from '../audit/verify-store';
import { memoryKeyProvider } from '../secrets/key-provider';
import { formatProfileCsv } from '../formats/profile-csv';
import { formatReadingsJson } from '../formats/readings-json';
import { formatRes } from '../res/codec';
import { signResText } from '../res/signature';
import { countRows } from '../store/queries';
import { buildReading } from '../store/test-fixtures';
import { importContent } from './import-file';
import { mt174Bytes, testContext } from './test-helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 11);
const RUNS = 240;

const ctx = { ...testContext(), keys: memoryKeyProvider(), actor: setupActor('fuzzer') };
const signer = resSignerOf(ctx)!;
const reading = buildReading({ intervals: 8 });
const SEEDS: readonly { name: string; bytes: Buffer }[] = [
  { name: 'a.RES', bytes: Buffer.from(formatRes(reading)) },
  { name: 's.RES', bytes: Buffer.from(signResText(formatRes(buildReading({ serial: 'SIG1', intervals: 8 })), { ...signer, name: 'FUZZ-PC' })) },
  { name: 'p.csv', bytes: Buffer.from(formatProfileCsv([reading])) },
  { name: 'r.json', bytes: Buffer.from(formatReadingsJson([buildReading({ serial: 'J1', intervals: 4 })])) },
  { name: 'cap.bin', bytes: Buffer.from(mt174Bytes()) },
];

/** One mutation of a file's bytes. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'drop-line'; line: number }
  | { kind: 'double-line'; line: number }
  | { kind: 'huge-field'; line: number }
  | { kind: 'forge-signature' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('double-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('huge-field' as const), line: fc.nat() }),
  fc.constant({ kind: 'forge-signature' as const }),
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = (n: number) => (bytes.length === 0 ? 0 : n % bytes.length);
  const lines = () => bytes.toString('latin1').split('\n');
  const join = (l: string[]) => Buffer.from(l.join('\n'), 'latin1');
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, at(m.at));
    case 'flip': {
      const b = Buffer.from(bytes);
      b[at(m.at)] = (b[at(m.at)] ?? 0) ^ m.mask;
      return b;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at(m.at)), Buffer.from(m.bytes), bytes.subarray(at(m.at))]);
    case 'drop-line': {
      const l = lines();
      l.splice(m.line % l.length, 1);
      return join(l);
    }
    case 'double-line': {
      const l = lines();
      const i = m.line % l.length;
      l.splice(i, 0, l[i]!);
      return join(l);
    }
    case 'huge-field': {
      const l = lines();
      const i = m.line % l.length;
      l[i] = l[i]!.replace(/[0-9A-Za-z]+/, (w) => w.repeat(Math.ceil(50_000 / Math.max(1, w.length))));
      return join(l);
    }
    case 'forge-signature': {
      const text = bytes.toString('latin1');
      return Buffer.from(text.replace(/ed25519=([A-Za-z0-9+/])/, (_all, c: string) => `ed25519=${c === 'A' ? 'B' : 'A'}`).replace(/8048\.375/, '8049.375'), 'latin1');
    }
  }
}

describe('import fuzz (issue 11 bar)', () => {
  it(`${RUNS} malformed files: no crash, no hang, nothing half-stored, the audit trail intact`, async () => {
    const tally = { files: 0, quarantined: 0, imported: 0, slowestMs: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (s, muts) => {
        const seed = SEEDS[s]!;
        const bytes = muts.reduce(mutate, seed.bytes);
        const before = countRows(ctx.db);
        const t0 = performance.now();
        const out = await importContent(ctx, seed.name, bytes); // a throw here is a crash: the property fails
        const ms = performance.now() - t0;
        tally.files += 1;
        tally.slowestMs = Math.max(tally.slowestMs, ms);
        expect(ms).toBeLessThan(2000);
        const after = countRows(ctx.db);
        if (out.result === 'quarantined' || out.result === 'duplicate') {
          tally.quarantined += out.result === 'quarantined' ? 1 : 0;
          expect(after).toEqual(before);
          expect(out.reason === null).toBe(out.result === 'duplicate');
        } else {
          tally.imported += 1;
          // Exactly what the outcome says was stored: its readings, each with all of its registers.
          const stored = out.readingIds.map((id) => (ctx.db.prepare('SELECT count(*) AS n FROM registers WHERE reading_id = ?').get(id) as { n: number }).n);
          expect(stored.reduce((a, b) => a + b, 0)).toBe(out.registers);
          if (out.result === 'imported') {
            expect(after.readings - before.readings).toBe(out.readingIds.length);
            expect(after.registers - before.registers).toBe(out.registers);
          }
        }
        // No orphans: every register and load-profile value belongs to a stored reading.
        expect(ctx.db.prepare('SELECT count(*) AS n FROM registers WHERE reading_id NOT IN (SELECT id FROM readings)').get()).toEqual({ n: 0 });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    if (process.env.FUZZ_REPORT) process.stdout.write(`import fuzz: ${JSON.stringify(tally)}\n`);
    expect(tally.files).toBeGreaterThanOrEqual(200);
    expect(tally.quarantined).toBeGreaterThan(100);
    expect(verifyStore(ctx).intact).toBe(true);
    expect(ctx.db.pragma('foreign_key_check')).toEqual([]);
  }, 240_000);
});
