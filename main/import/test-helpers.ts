/**
 * Test helpers of the import module (for *.test.ts and the benchmark only): an AppContext on a private store,
 * temporary folders, readings and their .RES text, and the public Iskra MT174 readout capture
 * (fixtures/vectors/iskra-mt174-readout.bin: Apollon77/smartmeter-obis test data, MIT licence; see
 * fixtures/vectors/README.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadingResult } from '../../protocol/reading';
import { formatRes, sealRes } from '../res/codec';
import type { AppContext } from '../core/context';
import { openDatabase } from '../store/db';
import { buildReading, type FixtureOptions } from '../store/test-fixtures';
import { createLinkRegistry } from '../links/registry';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The MT174 capture: echoed option select ACK 0 5 0, then the data readout (9 511 bytes, BCC valid). */
export const MT174_PATH = join(ROOT, 'fixtures/vectors/iskra-mt174-readout.bin');
/** The MT174 capture's bytes. */
export const mt174Bytes = (): Uint8Array => new Uint8Array(readFileSync(MT174_PATH));

/** A context on a fresh store (`':memory:'` unless a file is given); meter zone Europe/Ljubljana. */
export function testContext(dbPath = ':memory:'): AppContext {
  return { db: openDatabase(dbPath), dbPath, resDir: join(tmpdir(), 'pmu-test-res'), operator: 'tester', timeZone: 'Europe/Ljubljana', software: 'pmu-workstation test', links: createLinkRegistry() };
}

/** Creates temporary folders and removes them all with `cleanup()`. */
export function tempDirs(prefix = 'pmu-import-'): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make: () => {
      const d = mkdtempSync(join(tmpdir(), prefix));
      made.push(d);
      return d;
    },
    cleanup: () => {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A realistic reading (main/store/test-fixtures.ts) and its .RES text. */
export function resOf(opts: FixtureOptions = {}): { reading: ReadingResult; text: string } {
  const reading = buildReading(opts);
  return { reading, text: formatRes(reading) };
}

/** The .RES text of `text` with line `lineNo` (1-based) replaced by `edit(line)` and the [end] section resealed. */
export function editResLine(text: string, lineNo: number, edit: (line: string) => string): string {
  const lines = text.split('\r\n');
  const end = lines.indexOf('[end]');
  const body = lines.slice(0, end);
  body[lineNo - 1] = edit(body[lineNo - 1]!);
  return sealRes(body);
}

/** 1-based number of the first line of `text` that starts with `prefix` (throws when none). */
export function lineStarting(text: string, prefix: string): number {
  const i = text.split('\r\n').findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starts with ${prefix}`);
  return i + 1;
}
