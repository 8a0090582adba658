import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReading } from '../store/test-fixtures';
import { readingResult } from './arbitraries';
import { interpretDataSet } from '../../protocol/iec62056-21/datasets';
import { formatRes, parseRes, RES_MAGIC, resChecksum, sealRes } from './codec';
import { escapeText, formatNumber, isTimestamp, parseNumber, unescapeText } from './fields';

describe('.RES round trip', () => {
  it('parseRes(formatRes(r)) deep-equals the realistic fixture (DST load profile, -0, nulls, raw bytes)', () => {
    const r = buildReading();
    const back = parseRes(formatRes(r));
    expect(back).toStrictEqual(r);
    expect(isDeepStrictEqual(back, r)).toBe(true);
  });

  it('is lossless for random readings with odd strings and numbers (fast-check)', () => {
    fc.assert(
      fc.property(readingResult, (r) => {
        const text = formatRes(r);
        const back = parseRes(text);
        expect(isDeepStrictEqual(back, r)).toBe(true);
        expect(formatRes(back)).toBe(text); // deterministic, canonical
      }),
      { numRuns: 400 },
    );
  });

  it('reads LF-only files and a leading BOM (Notepad "UTF-8 with BOM")', () => {
    const r = buildReading({ intervals: 3 });
    const crlf = formatRes(r);
    expect(parseRes(crlf.replace(/\r\n/g, '\n'))).toStrictEqual(r);
    expect(parseRes('\ufeff' + crlf)).toStrictEqual(r);
    expect(parseRes(crlf.replace(/\r\n$/, ''))).toStrictEqual(r); // no final line end
  });
});

describe('.RES layout', () => {
  const text = formatRes(buildReading({ intervals: 30 }));
  const lines = text.split('\r\n');

  it('starts with the magic line, uses CR LF only, ends with [end] lines= sha256=', () => {
    expect(lines[0]).toBe(RES_MAGIC);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('\r\n')).toBe(true);
    const end = lines.indexOf('[end]');
    expect(lines.slice(end)).toEqual(['[end]', `lines=${end}`, `sha256=${resChecksum(lines.slice(0, end))}`, '']);
  });

  it('has the sections in order', () => {
    const headers = lines.filter((l) => /^\[[a-z-]+\]$/.test(l));
    expect(headers).toEqual([
      '[reading]', '[meter]', '[session]', '[registers]', '[load-profile]', '[notes]', '[raw-readout]', '[raw-load-profile]', '[end]',
    ]);
  });

  it('writes base64 in lines of 76 characters', () => {
    const start = lines.indexOf('[raw-readout]') + 2;
    const end = lines.indexOf('[raw-load-profile]');
    const b64 = lines.slice(start, end);
    expect(b64.length).toBeGreaterThan(3);
    for (const l of b64.slice(0, -1)) expect(l).toHaveLength(76);
    expect((b64.at(-1) ?? '').length).toBeLessThanOrEqual(76);
  });

  it('writes a maximum-demand register with its local time stamp, and a null load profile as present=0', () => {
    expect(lines).toContain('1.6.0\t1.6.0\t1.6.0\t\t2.468\t02.468\tkW\t2026-03-10T19:30:00\t(02.468*kW)(2603101930)\tnull');
    const none = formatRes(buildReading({ intervals: 0 })).split('\r\n');
    const at = none.indexOf('[load-profile]');
    expect(none.slice(at, at + 3)).toEqual(['[load-profile]', 'present=0', '[notes]']);
    expect(none).toContain('bytes=');
  });

  it('refuses to write what it could not read back', () => {
    const r = buildReading({ intervals: 2 });
    expect(() => formatRes({ ...r, session: { ...r.session, baud: Number.POSITIVE_INFINITY } })).toThrow(RangeError);
    expect(() => formatRes({ ...r, session: { ...r.session, startedUtc: '2026-03-29 04:10' } })).toThrow(/not a valid UTC time stamp/);
    const lp = r.loadProfile;
    if (lp === null) throw new Error('fixture has a load profile');
    const bad = { ...lp, intervals: [{ ...lp.intervals[0]!, values: [1, 2, 3] }] };
    expect(() => formatRes({ ...r, loadProfile: bad })).toThrow(/3 values for 2 channels/);
  });
});

describe('.RES fields', () => {
  it('escapes tabs, line ends, backslashes and non-printables, and nothing else', () => {
    expect(escapeText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(escapeText('\u0000\u001f\u007f\u0085')).toBe('\\x00\\x1F\\x7F\\x85');
    expect(escapeText('\u2028\ufeff\ud800x\udc00')).toBe('\\u2028\\uFEFF\\uD800x\\uDC00');
    expect(escapeText('é中😀 =[]()')).toBe('é中😀 =[]()');
    expect(escapeText('(x)', true)).toBe('\\x28x\\x29');
    expect(unescapeText('\\x41\\u00e9\\ud83d\\ude00\\\\n', 1, 't')).toBe('Aé😀\\n');
  });

  it('writes numbers that re-parse to the identical number', () => {
    for (const n of [0, -0, 1.1, 0.1 + 0.2, 1e21, 1e-7, 5e-324, -1.7976931348623157e308, 8048.375, 9600]) {
      expect(Object.is(parseNumber(formatNumber(n, 'n'), 1, 'n'), n)).toBe(true);
    }
    expect(formatNumber(-0, 'n')).toBe('-0');
    expect(() => formatNumber(Number.NaN, 'n')).toThrow(RangeError);
  });

  it('checks time stamps against the calendar', () => {
    expect(isTimestamp('2024-02-29T23:59:59.999Z', true)).toBe(true);
    expect(isTimestamp('2025-02-29T00:00:00.000Z', true)).toBe(false);
    expect(isTimestamp('2026-03-29T01:00:00', true)).toBe(false);
    expect(isTimestamp('2026-03-29T01:00:00', false)).toBe(true);
    expect(isTimestamp('2026-03-29T01:00', false)).toBe(true);
    expect(isTimestamp('2026-03-29T24:00:00', false)).toBe(false);
    expect(isTimestamp('2026-03-29T01:00:00Z', false)).toBe(false);
  });
});

describe('.RES files written before the interpretation column', () => {
  it('are still read: 9 register columns, interpretation derived from code and text, zeros kept in the text', () => {
    const r = buildReading({ intervals: 1 });
    const reading = { ...r, registers: [interpretDataSet('0.9.1', ['031629']), interpretDataSet('F.F', ['00000000'])] };
    const lines = formatRes(reading).split('\r\n');
    const at = lines.indexOf('[registers]');
    const old = lines.slice(0, lines.indexOf('[end]')).map((l, i) => (i > at && i <= at + 3 ? l.split('\t').slice(0, 9).join('\t') : l));
    const back = parseRes(sealRes(old));
    expect(back.registers.map((g) => [g.text, g.value, g.interpretation])).toEqual([
      ['031629', null, { kind: 'time', time: '03:16:29' }],
      ['00000000', null, { kind: 'status', widthBits: 32, set: [] }],
    ]);
  });
});
