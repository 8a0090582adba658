import { describe, expect, it } from 'vitest';
import { FrameError } from './errors';
import {
  type LoadProfileAnswerBlock,
  encodeLoadProfileAnswer,
  encodeLoadProfileRequest,
  localStampFromUtc,
  localStampToUtc,
  parseLoadProfileAnswer,
  parseLoadProfileRequest,
} from './load-profile';

const KW = [{ obis: '1.5.0', unit: 'kW' }];
const MIN = 60_000;

describe('load-profile request (R5 P.01)', () => {
  it('encodes from/to with season digits and open ends', () => {
    expect(encodeLoadProfileRequest(1, { local: '2025-03-30T00:00', season: 0 }, { local: '2025-03-31T00:00:59', season: 1 }))
      .toBe('P.01(02503300000;12503310000)');
    expect(encodeLoadProfileRequest(1, null, null)).toBe('P.01(;)');
    expect(encodeLoadProfileRequest(2, null, { local: '2025-01-01T00:00', season: 2 })).toBe('P.02(;22501010000)');
  });

  it('rejects impossible requests with RangeError', () => {
    expect(() => encodeLoadProfileRequest(0, null, null)).toThrow(RangeError);
    expect(() => encodeLoadProfileRequest(100, null, null)).toThrow(RangeError);
    expect(() => encodeLoadProfileRequest(1, { local: '2025-02-29T00:00', season: 0 }, null)).toThrow(RangeError);
    expect(() => encodeLoadProfileRequest(1, { local: '1999-12-31T00:00', season: 0 }, null)).toThrow(RangeError);
    expect(() => encodeLoadProfileRequest(1, { local: '2025-01-01 00:00', season: 0 }, null)).toThrow(RangeError);
    expect(() => encodeLoadProfileRequest(1, null, { local: '2025-01-01T00:00', season: 3 as 0 })).toThrow(RangeError);
  });

  it('parses what it encodes, and the open forms', () => {
    expect(parseLoadProfileRequest('P.01(02503300000;12503310000)')).toEqual({
      profile: 1, from: { local: '2025-03-30T00:00:00', season: 0 }, to: { local: '2025-03-31T00:00:00', season: 1 },
    });
    expect(parseLoadProfileRequest('P.02(;)')).toEqual({ profile: 2, from: null, to: null });
    expect(parseLoadProfileRequest('P.01()\r\n')).toEqual({ profile: 1, from: null, to: null });
    expect(parseLoadProfileRequest('P.01(0250330000030;)').from).toEqual({ local: '2025-03-30T00:00:30', season: 0 });
    for (const bad of ['P.1(;)', 'P.00(;)', 'P.01(x;)', 'P.01(32503300000;)', 'P.01(;;)', 'R.01(;)', 'P.01(;', '']) {
      expect(() => parseLoadProfileRequest(bad), bad).toThrow(FrameError);
    }
  });
});

describe('load-profile answer', () => {
  const block: LoadProfileAnswerBlock = {
    firstCapture: { local: '2025-01-15T00:15:00', season: 0 },
    status: '00',
    periodMinutes: 15,
    channels: [{ obis: '1.5.0', unit: 'kW' }, { obis: '2.5.0', unit: 'kW' }],
    rows: [['0.123', '0.000'], ['0.456', null]],
  };
  const text = 'P.01(0250115001500)(00)(15)(2)(1.5.0)(kW)(2.5.0)(kW)\r\n(0.123)(0.000)\r\n(0.456)()\r\n';

  it('encodes header and interval lines', () => {
    expect(encodeLoadProfileAnswer([block])).toBe(text);
    expect(encodeLoadProfileAnswer([block], 2).startsWith('P.02(')).toBe(true);
  });

  it('parses the header time stamp as the END of the first interval', () => {
    expect(parseLoadProfileAnswer(text, 'Europe/Berlin')).toEqual({
      profile: 1,
      periodMinutes: 15,
      channels: block.channels,
      intervals: [
        { startUtc: '2025-01-14T23:00:00.000Z', endUtc: '2025-01-14T23:15:00.000Z', startLocal: '2025-01-15T00:00:00', dst: false, status: '00', values: [0.123, 0] },
        { startUtc: '2025-01-14T23:15:00.000Z', endUtc: '2025-01-14T23:30:00.000Z', startLocal: '2025-01-15T00:15:00', dst: false, status: '00', values: [0.456, null] },
      ],
    });
  });

  it('places stamps by season digit: UTC, and normal time kept all summer', () => {
    const utc = parseLoadProfileAnswer('P.01(2250115001500)(00)(15)(1)(1.5.0)(kW)\r\n(1)\r\n', 'Europe/Berlin');
    expect(utc.intervals[0]).toMatchObject({ startUtc: '2025-01-15T00:00:00.000Z', startLocal: '2025-01-15T01:00:00' });
    const normal = parseLoadProfileAnswer('P.01(0250701001500)(00)(15)(1)(1.5.0)(kW)\r\n(1)\r\n', 'Europe/Berlin');
    expect(normal.intervals[0]).toMatchObject({ startUtc: '2025-06-30T23:00:00.000Z', startLocal: '2025-07-01T01:00:00', dst: true });
    const south = parseLoadProfileAnswer('P.01(1250115001500)(00)(15)(1)(1.5.0)(kW)\r\n(1)\r\n', 'Australia/Sydney');
    expect(south.intervals[0]!.startUtc).toBe('2025-01-14T13:00:00.000Z');
  });

  it('resolves the repeated autumn hour by the season digit', () => {
    const lp = parseLoadProfileAnswer(
      'P.01(1251026021500)(08)(15)(1)(1.5.0)(kW)\r\n(1)\r\nP.01(0251026021500)(00)(15)(1)(1.5.0)(kW)\r\n(2)\r\n',
      'Europe/Berlin',
    );
    expect(lp.intervals.map((i) => [i.startUtc, i.startLocal, i.dst, i.status, i.values[0]])).toEqual([
      ['2025-10-26T00:00:00.000Z', '2025-10-26T02:00:00', true, '08', 1],
      ['2025-10-26T01:00:00.000Z', '2025-10-26T02:00:00', false, '00', 2],
    ]);
  });

  it('unites channel sets, picks the most common period, sorts by start', () => {
    const lp = parseLoadProfileAnswer(
      'P.01(0250115013000)(00)(60)(2)(1.5.0)(kW)(3.5.0)(kvar)\r\n(9)(8)\r\n' +
        'P.01(0250115001500)(00)(15)(2)(1.5.0)(kW)(2.5.0)(kW)\r\n(1)(2)\r\n(3)()\r\n(5.5*kW)(6)\r\n',
      'Europe/Berlin',
    );
    expect(lp.channels.map((c) => c.obis)).toEqual(['1.5.0', '3.5.0', '2.5.0']);
    expect(lp.periodMinutes).toBe(15);
    // Stable sort: the 60-minute block came first in the answer, so it stays first among equal starts.
    expect(lp.intervals.map((i) => i.values)).toEqual([[1, null, 2], [3, null, null], [9, 8, null], [5.5, null, 6]]);
    expect(lp.intervals.map((i) => i.startLocal.slice(11, 16))).toEqual(['00:00', '00:15', '00:30', '00:30']);
    expect(lp.intervals[2]!.endUtc).toBe('2025-01-15T00:30:00.000Z');
  });

  it('gives an empty profile for an empty answer', () => {
    expect(parseLoadProfileAnswer('\r\n', 'UTC')).toEqual({ profile: 1, periodMinutes: 0, channels: [], intervals: [] });
    expect(parseLoadProfileAnswer('P.02(0250115001500)(00)(15)(0)\r\n', 'UTC')).toEqual({ profile: 2, periodMinutes: 15, channels: [], intervals: [] });
  });

  it('throws FrameError naming the line for malformed lines, RangeError for an unknown zone', () => {
    const cases: [string, number][] = [
      ['(1)\r\n', 1],
      ['P.01(0250115001500)(00)(15)(1)(1.5.0)(kW)\r\n(1)(2)\r\n', 2],
      ['P.01(0250115001500)(00)(15)(1)(1.5.0)(kW)\r\n\r\n(x)\r\n', 3],
      ['P.01(0250115001500)(00)(15)(2)(1.5.0)(kW)\r\n', 1],
      ['P.01(0250115001500)(00)(0)(1)(1.5.0)(kW)\r\n', 1],
      ['P.01(3250115001500)(00)(15)(1)(1.5.0)(kW)\r\n', 1],
      ['P.01(0251315001500)(00)(15)(1)(1.5.0)(kW)\r\n', 1],
      ['P.01(0250115001500)(00)(15)\r\n', 1],
      ['P.01(0250115001500)(00)(15)(1)(1.5.0)(kW)x\r\n', 1],
      ['P.01(0250115001500)(00)(15)(1)(1.5.0)(kW)\r\n(1)(\r\n', 2],
      ['P.01(0250115001500)(00)(15)(2)(1.5.0)(kW)(1.5.0)(kW)\r\n', 1],
      ['P.01(0250115001500)(00)(15)(1)(1.5.0)(kW)\r\n(1)\r\nP.00(0250115001500)(00)(15)(0)\r\n', 3],
    ];
    for (const [data, line] of cases) {
      let caught: unknown;
      try {
        parseLoadProfileAnswer(data, 'Europe/Berlin');
      } catch (e) {
        caught = e;
      }
      expect(caught, data).toBeInstanceOf(FrameError);
      expect((caught as FrameError).detail, data).toMatch(new RegExp(`^line ${line}:`));
      expect((caught as FrameError).message, data).toContain(`load profile (line ${line}) could not be understood`);
    }
    expect(() => parseLoadProfileAnswer(text, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('rejects unencodable blocks with RangeError', () => {
    expect(() => encodeLoadProfileAnswer([{ ...block, rows: [['1']] }])).toThrow(RangeError);
    expect(() => encodeLoadProfileAnswer([{ ...block, rows: [['1', '(2)']] }])).toThrow(RangeError);
    expect(() => encodeLoadProfileAnswer([{ ...block, periodMinutes: 0 }])).toThrow(RangeError);
    expect(() => encodeLoadProfileAnswer([{ ...block, status: 'a\r\nb' }])).toThrow(RangeError);
  });
});

/** Blocks for `count` intervals from `startUtc`, one block, or a new block at each season change. */
function dayBlocks(startUtc: string, count: number, zone: string, split: boolean): LoadProfileAnswerBlock[] {
  const start = Date.parse(startUtc);
  const blocks: { firstCapture: ReturnType<typeof localStampFromUtc>; status: string; periodMinutes: number; channels: typeof KW; rows: string[][] }[] = [];
  for (let i = 0; i < count; i++) {
    const capture = localStampFromUtc(new Date(start + (i + 1) * 15 * MIN).toISOString(), zone);
    const last = blocks[blocks.length - 1];
    if (last === undefined || (split && last.firstCapture.season !== capture.season)) {
      blocks.push({ firstCapture: capture, status: capture.season ? '08' : '00', periodMinutes: 15, channels: KW, rows: [] });
    }
    blocks[blocks.length - 1]!.rows.push([(i / 1000).toFixed(3)]);
  }
  return blocks;
}

describe('EU daylight-saving change days, Europe/Berlin, 15-minute periods', () => {
  const days = [
    { name: 'spring 2025-03-30', startUtc: '2025-03-29T23:00:00.000Z', count: 92, headers: ['02503300015', '12503300300'] },
    { name: 'autumn 2025-10-26', startUtc: '2025-10-25T22:00:00.000Z', count: 100, headers: ['12510260015', '02510260200'] },
  ];
  for (const day of days) {
    for (const split of [false, true]) {
      it(`${day.name}: ${day.count} intervals, ${split ? 'a new block at the change' : 'one block'}`, () => {
        const blocks = dayBlocks(day.startUtc, day.count, 'Europe/Berlin', split);
        const text = encodeLoadProfileAnswer(blocks);
        const headers = text.split('\r\n').filter((l) => l.startsWith('P.01')).map((l) => l.slice(5, 16));
        expect(headers).toEqual(split ? day.headers : day.headers.slice(0, 1));
        const lp = parseLoadProfileAnswer(text, 'Europe/Berlin');
        expect(lp.intervals).toHaveLength(day.count);
        const starts = lp.intervals.map((i) => Date.parse(i.startUtc));
        starts.forEach((s, i) => expect(s - Date.parse(day.startUtc), `interval ${i}`).toBe(i * 15 * MIN));
        expect(new Set(lp.intervals.map((i) => i.startUtc)).size).toBe(day.count);
        lp.intervals.forEach((iv, i) => {
          expect(Date.parse(iv.endUtc) - Date.parse(iv.startUtc)).toBe(15 * MIN);
          expect(iv.values).toEqual([i / 1000]);
        });
        expect(lp.intervals[0]!.startLocal.endsWith('T00:00:00')).toBe(true);
        expect(lp.intervals[day.count - 1]!.startLocal.endsWith('T23:45:00')).toBe(true);
        const twoOClock = lp.intervals.filter((i) => i.startLocal.slice(11, 13) === '02');
        if (day.count === 92) {
          expect(twoOClock).toHaveLength(0);
          expect(lp.intervals.findIndex((i) => i.dst)).toBe(8); // 03:00 CEST follows 01:45 CET
        } else {
          expect(twoOClock.map((i) => i.dst)).toEqual([true, true, true, true, false, false, false, false]);
          expect(lp.intervals.findIndex((i) => !i.dst)).toBe(12); // second 02:00, now CET
        }
      });
    }
  }

  it('localStampFromUtc / localStampToUtc are inverse across the changes', () => {
    for (let t = Date.parse('2025-10-25T22:00:00Z'); t < Date.parse('2025-10-26T04:00:00Z'); t += 15 * MIN) {
      const iso = new Date(t).toISOString();
      expect(localStampToUtc(localStampFromUtc(iso, 'Europe/Berlin'), 'Europe/Berlin')).toBe(iso);
    }
    expect(localStampFromUtc('2025-03-30T01:00:00Z', 'Europe/Berlin')).toEqual({ local: '2025-03-30T03:00:00', season: 1 });
    expect(() => localStampFromUtc('yesterday', 'Europe/Berlin')).toThrow(RangeError);
  });
});
