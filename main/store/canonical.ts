/**
 * The canonical form of a ReadingResult, its content hash (the store's duplicate key), and the shape checks
 * the store applies before saving. Pure functions over `protocol/reading.ts` data.
 */
import { checkFieldLengths } from './field-limits';
import { createHash } from 'node:crypto';
import type { ReadingResult, RegisterInterpretation } from '../../protocol/reading';
import { StoreError } from '../core/errors';

/**
 * The reading as one canonical JSON text: a fixed-order array of every field (independent of object key
 * order), raw bytes as base64, `-0` kept apart from `0`. Two readings have the same canonical text exactly
 * when they are deep-equal. Where the reading came from (probe / .RES import, file path) is not part of it.
 */
export function canonicalReading(r: ReadingResult): string {
  const m = r.meter;
  const s = r.session;
  const lp = r.loadProfile;
  // Every number goes through z()/zs(): -0 becomes the text "-0" (JSON.stringify alone writes 0). Mapping the
  // numeric fields here, instead of a JSON.stringify replacer called for every value, gives the same text at a
  // fraction of the cost, so hashing stays cheap next to storing (bench/import.ts).
  const shape = [
    'pmu-reading',
    z(r.version),
    [m.identification, m.manufacturer, m.model, m.serial, m.address],
    [s.port, s.operator, s.startedUtc, s.finishedUtc, s.mode, z(s.baud), s.timeZone, s.software],
    r.registers.map((g) => [
      g.address,
      g.obis,
      g.code,
      z(g.billingPeriod),
      z(g.value),
      g.text,
      g.unit,
      g.timestampLocal,
      g.values.map((v) => v.raw),
      canonicalInterpretation(g.interpretation),
    ]),
    lp === null
      ? null
      : [
          z(lp.profile),
          z(lp.periodMinutes),
          lp.channels.map((c) => [c.obis, c.unit]),
          lp.intervals.map((i) => [i.startUtc, i.endUtc, i.startLocal, i.dst, i.status, zs(i.values)]),
        ],
    r.notes.map((n) => [n.level, n.message]),
    [base64(r.raw.readout), r.raw.loadProfile === null ? null : base64(r.raw.loadProfile)],
  ];
  return JSON.stringify(shape);
}

/** An interpretation as a fixed-order array (independent of the object's key order), null for none. */
function canonicalInterpretation(i: RegisterInterpretation | null): unknown {
  if (i === null) return null;
  switch (i.kind) {
    case 'date':
      return [i.kind, i.date, i.season];
    case 'time':
      return [i.kind, i.time];
    case 'date-time':
      return [i.kind, i.local, i.season];
    case 'status':
      return [i.kind, i.widthBits, i.set.map((b) => [b.bit, b.name])];
    case 'identifier':
      return [i.kind];
  }
}

/** A number as it goes into the canonical text: -0 as the string "-0", anything else unchanged. */
function z<T>(v: T): T | '-0' {
  return Object.is(v, -0) ? '-0' : v;
}

/** {@link z} over an array of values; the same array when it holds no -0. */
function zs(values: readonly (number | null)[]): readonly (number | null | '-0')[] {
  for (let k = 0; k < values.length; k++) if (Object.is(values[k], -0)) return values.map(z);
  return values;
}

/** SHA-256 (lower-case hex, 64 chars) of the UTF-8 canonical text: the reading's content hash. */
export function readingContentHash(r: ReadingResult): string {
  return createHash('sha256').update(canonicalReading(r), 'utf8').digest('hex');
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Checks what SQLite cannot: every number finite, and every load-profile interval holding exactly one value
 * per channel (the store keeps one row per channel and interval). Throws {@link StoreError} `INVALID_DATA`.
 */
export function checkStorable(r: ReadingResult): void {
  checkFieldLengths(r);
  const bad = (what: string): never => {
    throw new StoreError(
      'INVALID_DATA',
      `Could not save the reading: ${what}. Nothing was saved. This is a fault in the app; please report it.`,
    );
  };
  const finite = (n: number | null, what: string) => {
    if (n !== null && (typeof n !== 'number' || !Number.isFinite(n))) bad(`${what} is not a finite number (${String(n)})`);
  };
  finite(r.session.baud, 'the baud rate');
  r.registers.forEach((g, i) => {
    finite(g.value, `the value of register ${i + 1} (${g.address})`);
    finite(g.billingPeriod, `the billing period of register ${i + 1} (${g.address})`);
  });
  const lp = r.loadProfile;
  if (lp === null) return;
  finite(lp.profile, 'the load profile number');
  finite(lp.periodMinutes, 'the capture period');
  lp.intervals.forEach((iv, i) => {
    if (iv.values.length !== lp.channels.length) {
      bad(`load-profile interval ${i + 1} (${iv.startUtc}) has ${iv.values.length} values for ${lp.channels.length} channels`);
    }
    // The message is built only for a bad value: this loop runs once per stored interval value.
    iv.values.forEach((v, c) => {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) finite(v, `load-profile interval ${i + 1} channel ${c + 1}`);
    });
  });
}
