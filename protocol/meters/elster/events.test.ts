import { describe, expect, it } from 'vitest';
import { hexToBytes } from './bcd';
import { encodeAscii } from './decoders';
import { decodeEventLog, decodeHistoricalEvents, decodeProgrammingLog, encodeLogRecord, encodeProgrammingLog } from './events';

const brussels = { zone: 'Europe/Brussels' };

describe('680 programming log', () => {
  it('A1700: the driver test vector 0B006C70C44D0D75A84DF3A74D4C in Europe/Brussels (local seconds)', () => {
    // public:…/test/…/abba1700/counters/ProgrammingCounterTest.java:22-30
    const log = decodeProgrammingLog(hexToBytes('0B006C70C44D0D75A84DF3A74D4C'), 'a1700-14', brussels);
    expect(log.count).toBe(11);
    expect(log.entries.map((e) => e.at.utc)).toEqual(['2011-05-06T20:04:28.000Z', '2011-04-15T14:40:45.000Z', '2010-07-26T13:21:23.000Z']);
    expect(log.entries.map((e) => e.at.local)).toEqual(['2011-05-06T22:04:28', '2011-04-15T16:40:45', '2010-07-26T15:21:23']);
    expect(log.entries.every((e) => e.user === null)).toBe(true);
  });

  it('A1140: 53 bytes — count, 3 times, 3 source bytes at 14, 3 × 12-byte user names at 17', () => {
    const bytes = new Uint8Array(53);
    bytes.set(hexToBytes('02006C70C44D0D75A84D00000000'));
    bytes.set([0, 1, 0], 14);
    bytes.set(encodeAscii('TECH0042', 12, 'u'), 17);
    bytes.set(encodeAscii('ENGINEER', 12, 'u'), 29);
    bytes.fill(0x20, 41, 53);
    const log = decodeProgrammingLog(bytes, 'a1140-53', brussels);
    expect(log.count).toBe(2);
    expect(log.entries).toHaveLength(2);
    expect(log.entries[0]).toMatchObject({ user: 'TECH0042', port: 'optical port' });
    expect(log.entries[1]).toMatchObject({ user: 'ENGINEER', port: 'remote communications' });
    expect(encodeProgrammingLog({ count: 2, times: [0x4dc4706c, 0x4da8750d], info: [0, 1], users: ['TECH0042', 'ENGINEER'] }, 'a1140-53')).toEqual(bytes);
  });

  it('refuses another length', () => {
    expect(() => decodeProgrammingLog(new Uint8Array(14), 'a1140-53', brussels)).toThrow(/53 expected/);
  });
});

describe('544 historical events', () => {
  it('A1140 groups at 0, 14, 31, 45, 98, 151, 168, 182, 196, 210, 224, 238 with names', () => {
    const b = new Uint8Array(280);
    b.set(encodeLogRecord({ count: 3, times: [0x4dc4706c] }), 31); // power failures
    b.set(encodeLogRecord({ count: 5, times: [0x4dc4706c, 0x4da8750d] }), 45); // programmings
    b.set([1, 0, 0], 59);
    b.set(encodeAscii('TECH0042', 12, 'u'), 62);
    b.set(encodeLogRecord({ count: 1, times: [0x4dc4706c] }), 14);
    b[28] = 0x05;
    b.set(encodeLogRecord({ count: 7, times: [] }), 210);
    const g = decodeHistoricalEvents(b, 'a1140-groups', brussels);
    expect(g.map((x) => x.name)).toEqual([
      'Reverse running', 'Phase failures', 'Power failures', 'Programmings', 'CT ratio changes', 'Billing resets', 'Transient resets',
      'Meter errors', 'Terminal cover openings', 'Main cover openings', 'Internal battery events', 'External battery events',
    ]);
    const by = (k: string) => g.find((x) => x.key === k)!;
    expect(by('power-failures')).toMatchObject({ count: 3, entries: [{ at: { local: '2011-05-06T22:04:28' } }] });
    expect(by('programming').entries[0]!.details).toBe('user "TECH0042", remote communications');
    expect(by('phase-failures').entries[0]!.details).toBe('phases A, C');
    expect(by('main-cover').count).toBe(7);
  });

  it('A1700 set: phase failures, power failures, reverse run, over-current', () => {
    const b = new Uint8Array(66);
    b.set(encodeLogRecord({ count: 2, times: [0x4dc4706c] }), 17);
    const g = decodeHistoricalEvents(b, 'a1700-sets', brussels);
    expect(g.map((x) => x.key)).toEqual(['phase-failures', 'power-failures', 'reverse-running', 'phase-overcurrent']);
    expect(g[1]).toMatchObject({ count: 2 });
  });
});

describe('event logs 691…701', () => {
  it('693 phase failure (17 bytes) and 699 end of billing (17 bytes) carry one info byte per time', () => {
    const pf = decodeEventLog('693', encodeLogRecord({ count: 1, times: [0x4dc4706c], info: [0x03] }, 3), brussels);
    expect(pf).toMatchObject({ name: 'Phase failures', count: 1, entries: [{ details: 'phases A, B' }] });
    const eob = decodeEventLog('699', encodeLogRecord({ count: 1, times: [0x4dc4706c], info: [0x30] }, 3), brussels);
    expect(eob.entries[0]!.details).toBe('optical port, billing button');
    expect(decodeEventLog('692', encodeLogRecord({ count: 4, times: [] }), brussels)).toMatchObject({ name: 'Main cover openings', count: 4, entries: [] });
  });
});
