import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadingResult } from '../../protocol/reading';
import { buildReading } from '../store/test-fixtures';
import { ImportFormatError } from './errors';
import { formatReadingsJson, parseReadingsJson } from './readings-json';
import { profileReading } from './test-readings';

describe('readings JSON', () => {
  it('round-trips readings losslessly: raw bytes as Uint8Array, -0, nulls, notes', () => {
    const readings = [buildReading(), buildReading({ intervals: 0, serial: null, address: '42' }), profileReading({ fromUtc: '2025-10-25T22:00:00.000Z', count: 100 })];
    const text = formatReadingsJson(readings, { exportedUtc: '2025-10-27T08:00:00.000Z' });
    expect(text.startsWith('{"format":"pmu-readings","version":1,"exported_utc":"2025-10-27T08:00:00.000Z","readings":[\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(6); // head, 3 readings, tail, final newline
    expect(text).toContain('"value":-0,');
    const back = parseReadingsJson(text);
    expect(back).toStrictEqual(readings);
    expect(back[0]?.raw.readout).toBeInstanceOf(Uint8Array);
    expect(Object.is(back[0]?.registers.find((g) => g.address === '3.7.0')?.value, -0)).toBe(true);
    expect(formatReadingsJson(back, { exportedUtc: '2025-10-27T08:00:00.000Z' })).toBe(text);
    expect(parseReadingsJson(formatReadingsJson([]))).toEqual([]);
  });

  it('round-trips arbitrary values, texts and bytes (property)', () => {
    const base = buildReading({ intervals: 3 });
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { minLength: 6, maxLength: 6 }),
        fc.string(),
        fc.uint8Array({ maxLength: 64 }),
        fc.option(fc.uint8Array({ maxLength: 16 }), { nil: null }),
        (vals, text, readout, lp) => {
          const r: ReadingResult = {
            ...base,
            meter: { ...base.meter, model: text },
            registers: base.registers.map((g, i) => ({ ...g, value: vals[i % 6] ?? null, text })),
            loadProfile: { ...base.loadProfile!, intervals: base.loadProfile!.intervals.map((iv, i) => ({ ...iv, status: text, values: [vals[i] ?? null, vals[i + 3] ?? null] })) },
            notes: [{ level: 'warning', message: text }],
            raw: { readout, loadProfile: lp },
          };
          expect(parseReadingsJson(formatReadingsJson([r]))).toStrictEqual([r]);
        },
      ),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
  });

  it('refuses what it cannot hold or read, with a reason', () => {
    const bad = { ...buildReading(), session: { ...buildReading().session, baud: Number.NaN } };
    expect(() => formatReadingsJson([bad])).toThrow(RangeError);
    const reason = (text: string) => {
      try {
        parseReadingsJson(text, { fileName: 'r.json' });
      } catch (e) {
        expect(e).toBeInstanceOf(ImportFormatError);
        const err = e as ImportFormatError;
        return [err.reason, err.line, err.message];
      }
      return null;
    };
    const good = formatReadingsJson([buildReading()]);
    expect(reason(good.slice(0, 200))).toEqual(['not-json', 2, expect.stringContaining('"r.json" cannot be imported: line 2: the file is not valid JSON')]);
    expect(reason('{"format":"other","version":1}')?.[0]).toBe('not-pmu-json');
    expect(reason(good.replace('"version":1', '"version":2'))?.slice(0, 2)).toEqual(['unsupported-version', 1]);
    expect(reason(good.replace('"baud":9600', '"baud":"9600"'))).toEqual(['bad-field', null, expect.stringContaining('readings[0].session.baud: ')]);
    expect(reason(good.replace('"values":[0,0.012]', '"values":[0]'))?.[2]).toContain('readings[0].loadProfile.intervals[0].values: 1 values for 2 channels');
    expect(reason(good.replace(/"readout":"[^"]*"/, '"readout":"not base64!"'))?.[2]).toContain('readings[0].raw.readout: expected base64 text');
  });
});
