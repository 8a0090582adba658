import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { encodeCommand, encodeDataMessage } from './frames';
import { encodeLogbookAnswer, encodeLogbookRequest, parseLogbookAnswer } from './logbook';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('logbook P.98 request (byte table)', () => {
  it('encodes the R5 data set with season digits and empty bounds', () => {
    expect(encodeLogbookRequest({ local: '2025-03-30T01:00', season: 1 }, { local: '2025-03-31T00:00', season: 1 })).toBe('P.98(12503300100;12503310000)');
    expect(encodeLogbookRequest(null, null)).toBe('P.98(;)');
    expect(encodeLogbookRequest({ local: '2025-01-05T23:15:59', season: 2 }, null)).toBe('P.98(22501052315;)');
  });

  it('frames the whole R5 command message with its BCC (bytes computed by hand)', () => {
    const full = encodeCommand('R5', encodeLogbookRequest({ local: '2025-03-30T01:00', season: 1 }, { local: '2025-03-31T00:00', season: 1 }));
    expect(hex(full)).toBe('01 52 35 02 50 2e 39 38 28 31 32 35 30 33 33 30 30 31 30 30 3b 31 32 35 30 33 33 31 30 30 30 30 29 03 23');
    expect(hex(encodeCommand('R5', encodeLogbookRequest(null, null)))).toBe('01 52 35 02 50 2e 39 38 28 3b 29 03 23');
  });
});

describe('logbook P.98 answer', () => {
  const answer = encodeLogbookAnswer([
    { stamp: { local: '2025-03-30T00:59:58', season: 0 }, status: '0000', eventCode: '0021' },
    { stamp: { local: '2025-03-30T03:00:01', season: 1 }, status: '0002', eventCode: '0030' },
  ]);

  it('encodes one line per event', () => {
    expect(answer).toBe('P.98(0250330005958)(0000)(0021)\r\nP.98(1250330030001)(0002)(0030)\r\n');
    const frame = encodeDataMessage(answer);
    expect(frame[0]).toBe(0x02);
    expect(frame[frame.length - 2]).toBe(0x03);
  });

  it('parses the event-code layout, placing stamps in UTC by their season digit', () => {
    const entries = parseLogbookAnswer(answer, 'Europe/Berlin');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ utc: '2025-03-29T23:59:58.000Z', local: '2025-03-30T00:59:58', status: '0000', eventCode: '0021', values: [] });
    // 03:00:01 summer time (UTC+2) on the day the clocks went forward.
    expect(entries[1]).toMatchObject({ utc: '2025-03-30T01:00:01.000Z', local: '2025-03-30T03:00:01', eventCode: '0030' });
  });

  it('parses the status-word layout with captured values (EMH style)', () => {
    const e = parseLogbookAnswer('P.98(1240701120000)(00002000)()(0)\r\nP.98(1240701130000)(00000080)()(1)(1.8.0)(kWh)(0012345.6)\r\n', 'UTC');
    expect(e[0]).toMatchObject({ status: '00002000', eventCode: null, values: [] });
    expect(e[1]!.values).toEqual([{ obis: '1.8.0', unit: 'kWh', value: '0012345.6' }]);
    expect(e[1]!.utc).toBe('2024-07-01T12:00:00.000Z'); // season 1 in a zone without DST: UTC + 1 h assumed delta
  });

  it('an empty answer is an empty logbook; malformed lines are GARBLED with their line number', () => {
    expect(parseLogbookAnswer('', 'UTC')).toEqual([]);
    const bad = (text: string) => {
      try {
        parseLogbookAnswer(text, 'UTC');
      } catch (e) {
        expect(e).toBeInstanceOf(ProtocolError);
        expect((e as ProtocolError).code).toBe('GARBLED');
        return (e as ProtocolError).message;
      }
      return 'parsed';
    };
    expect(bad('P.98(0250330005958)(0000)(0021)\r\nP.01(0250330005958)(0000)(0021)')).toMatch(/line 2/);
    expect(bad('P.98(0251330005958)(0000)(0021)')).toMatch(/line 1/);
    expect(bad('P.98(0250330005958)(0000)()(2)(1.8.0)(kWh)(1)')).toMatch(/line 1/);
    expect(bad('P.98(0250330005958)(0000)')).toMatch(/line 1/);
    expect(() => parseLogbookAnswer('', 'Mars/Base')).toThrow(RangeError);
  });

  it('encoder refuses brackets in status or code', () => {
    expect(() => encodeLogbookAnswer([{ stamp: { local: '2025-01-01T00:00', season: 0 }, status: '(', eventCode: '1' }])).toThrow(RangeError);
  });
});
