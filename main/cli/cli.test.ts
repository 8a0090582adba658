import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readResFile } from '../res/file';
import { hasSocat, openPtyPair, type PtyPair } from '../links/serial/pty-pair';
import { openDatabase } from '../store/db';
import { getReading, listReadings } from '../store/readings';
import { errorLines, pmu, ROOT, simulate } from './testing/run-pmu';

/**
 * End-to-end tests of the `pmu` command line as a technician runs it: real child processes, real pty serial
 * links (socat), the meter emulator behind `pmu simulate`, and the real Iskra MT174 readout
 * (fixtures/vectors/iskra-mt174-readout.bin: Apollon77/smartmeter-obis test data, MIT licence; see
 * fixtures/vectors/README.md). Runs the TypeScript entry through tsx, so no build is needed.
 */
const MT174 = path.join(ROOT, 'fixtures/vectors/iskra-mt174-readout.bin');

function readingCount(db: string): number {
  try {
    const d = new Database(db, { readonly: true });
    try {
      return (d.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0; // no store file at all: nothing stored either
  }
}

describe('pmu command line', () => {
  let tmp: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-cli-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('pmu ports lists the emulated meter; bad usage exits 2', async () => {
    const ports = await pmu(['ports'], tmp).done;
    expect(ports.code).toBe(0);
    expect(ports.stdout).toMatch(/^emulator\s+Emulated meter \(built-in\)$/m);
    const usage = await pmu(['read'], tmp).done;
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/required option '--port <path>' not specified/);
  });

  it('pmu read --port emulator stores ≥ 20 registers and ≥ 96 load-profile intervals and writes a .RES file', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const run = await pmu(['read', '--port', 'emulator', '--db', db], tmp).done;
    expect(run.stderr).toMatch(/\[sign-on\]/);
    expect(run.code).toBe(0);
    const m = /Registers \((\d+) data sets\)/.exec(run.stdout);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(20);
    expect(run.stdout).toMatch(/^ {2}1-0:1\.8\.0\*255 +\d+\.\d{3} {2}kWh/m);
    const lp = /Load profile P\.01: (\d+) intervals of 15 min/.exec(run.stdout);
    expect(Number(lp?.[1])).toBeGreaterThanOrEqual(96);
    const res = /^RES file +(.+)$/m.exec(run.stdout)![1]!;
    expect(path.dirname(res)).toBe(path.join(tmp, 'RES'));
    const store = openDatabase(db);
    try {
      const [summary] = listReadings(store);
      expect(summary?.intervalCount).toBeGreaterThanOrEqual(96);
      expect(await readResFile(res)).toEqual(getReading(store, summary!.id));
    } finally {
      store.close();
    }
  }, 60_000);

  describe.skipIf(!hasSocat())('over a pty pair', () => {
    let pair: PtyPair;
    beforeEach(async () => {
      pair = await openPtyPair();
    });
    afterEach(async () => {
      for (const c of children.splice(0)) c.kill('SIGTERM');
      await pair.close();
    });

    it('reads the real Iskra MT174 readout from a replay meter: ≥ 100 data sets with exact values and units', async () => {
      children.push((await simulate(['--port', pair.b, '--meter', 'replay', '--readout', MT174, '--identification', '/ISk5MT174-0001'], tmp)).child);
      const db = path.join(tmp, 'store.sqlite');
      const run = await pmu(['read', '--port', pair.a, '--db', db, '--out', path.join(tmp, 'out')], tmp).done;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^ {2}1-0:1\.8\.0\*255 +0008048\.375 {2}kWh/m);
      expect(run.stdout).toMatch(/^ {2}1-0:1\.6\.0\*255 +02\.468 {2}kW +2017-03-10T09:30:00/m);
      expect(run.stdout).toMatch(/Note \(warning\): The meter did not enter programming mode/);
      const store = openDatabase(db);
      try {
        const [summary] = listReadings(store);
        expect(summary?.registerCount).toBeGreaterThanOrEqual(100);
        const reading = getReading(store, summary!.id)!;
        const energy = reading.registers.find((r) => r.address === '1-0:1.8.0*255');
        expect([energy?.value, energy?.unit]).toEqual([8048.375, 'kWh']);
        const md = reading.registers.find((r) => r.address === '1-0:1.6.0*255');
        expect([md?.value, md?.unit, md?.timestampLocal]).toEqual([2.468, 'kW', '2017-03-10T09:30:00']);
        // Raw bytes kept: the stored readout is the capture from STX on, byte for byte.
        const capture = readFileSync(MT174);
        expect(Buffer.from(reading.raw.readout).equals(capture.subarray(capture.indexOf(2)))).toBe(true);
        expect(reading.meter.identification).toBe('/ISk5MT174-0001');
      } finally {
        store.close();
      }
    }, 60_000);

    it('a readout with a wrong BCC: one plain error line, exit 1, nothing stored', async () => {
      const bad = Buffer.from(readFileSync(MT174));
      bad[bad.length - 1]! ^= 0x01;
      const file = path.join(tmp, 'bad-bcc.bin');
      writeFileSync(file, bad);
      children.push((await simulate(['--port', pair.b, '--meter', 'replay', '--readout', file, '--identification', '/ISk5MT174-0001'], tmp)).child);
      const db = path.join(tmp, 'store.sqlite');
      const run = await pmu(['read', '--port', pair.a, '--db', db], tmp).done;
      expect(run.code, run.stderr).toBe(1);
      expect(errorLines(run.stderr), run.stderr).toEqual([expect.stringMatching(/^pmu: The data readout from the meter failed its checksum \(BCC\)/)]);
      expect(run.stdout).toBe('');
      expect(readingCount(db)).toBe(0);
    }, 60_000);

    it('a meter that never answers: one plain error line, exit 1, nothing stored', async () => {
      const db = path.join(tmp, 'store.sqlite');
      const run = await pmu(['read', '--port', pair.a, '--db', db], tmp).done;
      expect(run.code).toBe(1);
      expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/^pmu: No answer from the meter \(waiting for the identification\)/)]);
      expect(readingCount(db)).toBe(0);
    }, 30_000);
  });

  it('a port that does not exist: one plain error line, exit 1, nothing stored', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const run = await pmu(['read', '--port', path.join(tmp, 'ttyUSB-missing'), '--db', db], tmp).done;
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/^pmu: Port .*ttyUSB-missing does not exist\./)]);
    expect(readingCount(db)).toBe(0);
  }, 30_000);
});
