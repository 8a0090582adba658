import { describe, expect, it } from 'vitest';
import { bytesToAscii } from '../../../protocol/iec62056-21/control';
import { parseDataBlock } from '../../../protocol/iec62056-21/datasets';
import { decodeBlock } from '../../../protocol/iec62056-21/frames';
import { parseLoadProfileAnswer } from '../../../protocol/iec62056-21/load-profile';
import { ConsumptionModel, SLOT_MS } from '../consumption';
import { GenericMeter } from './meter';

const HOST_NOW = Date.UTC(2025, 2, 31, 10, 7, 30); // Monday 31 March 2025, 11:07:30 BST
const DRIFT = 95_000; // meter clock 1 min 35 s fast
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0); // 25 Feb 2024 00:00 GMT
const OUTAGE = { startUtcMs: Date.UTC(2025, 2, 21, 13, 7), durationMinutes: 95 };

function meter(extra: Partial<ConstructorParameters<typeof GenericMeter>[0]> = {}) {
  return new GenericMeter({ now: () => HOST_NOW, clockOffsetMs: DRIFT, installedUtcMs: INSTALLED, powerFailure: OUTAGE, seed: 3, ...extra });
}

/** What the meter should count between two instants, computed from the model independently of the meter code. */
function expectedImport(model: ConsumptionModel, t0: number, t1: number): number {
  const a = Math.max(t0, INSTALLED);
  const os = OUTAGE.startUtcMs;
  const oe = os + OUTAGE.durationMinutes * 60_000;
  let e = model.energyBetween(a, t1).importKwh;
  if (Math.min(t1, oe) > Math.max(a, os)) e -= model.energyBetween(Math.max(a, os), Math.min(t1, oe)).importKwh;
  return e;
}

function registers(m: GenericMeter) {
  const block = decodeBlock(m.dataReadout(), 'data readout');
  const regs = parseDataBlock(block.data.replace(/!\r\n$/, ''));
  const get = (address: string) => {
    const r = regs.find((x) => x.address === address);
    if (!r) throw new Error(`register ${address} missing`);
    return r;
  };
  return { regs, get };
}

describe('GenericMeter identity', () => {
  it('identifies as PMU, lower-case third letter only with the short reaction time', () => {
    expect(meter().identification).toBe('/PMU5EMU-GEN-1.0');
    expect(meter({ shortReactionTime: true, maxBaud: 19200 }).identification).toBe('/PMu6EMU-GEN-1.0');
    expect(meter().deviceAddress).toBe('12345678');
  });
});

describe('GenericMeter data readout', () => {
  const m = meter();
  const { regs, get } = registers(m);
  const t = HOST_NOW + DRIFT;
  const model = new ConsumptionModel({ seed: 3, timeZone: 'Europe/London' });

  it('has a valid BCC and the identity and clock data sets', () => {
    expect(regs.length).toBeGreaterThanOrEqual(20);
    expect(get('0-0:C.1.0*255').text).toBe('12345678');
    expect(get('0-0:0.9.1*255').text).toBe('110905'); // 10:09:05 UTC = 11:09:05 BST (host + drift)
    expect(get('0-0:0.9.2*255').text).toBe('250331');
    expect(get('0-0:0.1.0*255').value).toBe(13); // 1 Mar 2024 … 1 Mar 2025
  });

  it('registers match the consumption model (minus the power failure) and the rates sum to the total', () => {
    expect(get('1-0:1.8.0*255').value).toBeCloseTo(expectedImport(model, INSTALLED, t), 3);
    expect(get('1-0:1.8.0*255').unit).toBe('kWh');
    const rates = [1, 2, 3, 4].map((k) => get(`1-0:1.8.${k}*255`).value!);
    expect(rates.reduce((a, b) => a + b)).toBeCloseTo(get('1-0:1.8.0*255').value!, 2);
    expect(rates.every((r) => r > 0)).toBe(true);
    expect(get('1-0:3.8.0*255').unit).toBe('kvarh');
    expect(get('1-0:1.7.0*255').value).toBeCloseTo(model.powerAt(t).importKw, 3);
  });

  it('billing period values are the registers at 00:00 local on the 1st', () => {
    const march1 = Date.UTC(2025, 2, 1, 0, 0); // GMT
    expect(get('0-0:0.1.2*01').timestampLocal).toBe('2025-03-01T00:00:00');
    expect(get('1-0:1.8.0*01').value).toBeCloseTo(expectedImport(model, INSTALLED, march1), 3);
    const sept1 = Date.UTC(2024, 7, 31, 23, 0); // 1 Sep 2024 00:00 BST
    expect(get('0-0:0.1.2*07').timestampLocal).toBe('2024-09-01T00:00:00');
    expect(get('1-0:1.8.0*07').value).toBeCloseTo(expectedImport(model, INSTALLED, sept1), 3);
    expect(regs.filter((r) => r.code === '0.1.2')).toHaveLength(12);
  });

  it('maximum demand is the largest 15-minute average of the billing period, with its end time', () => {
    const march1 = Date.UTC(2025, 2, 1, 0, 0);
    let best = 0;
    let at = 0;
    for (let s = march1; s + SLOT_MS <= t; s += SLOT_MS) {
      const kw = expectedImport(model, s, s + SLOT_MS) * 4;
      if (kw > best) [best, at] = [kw, s + SLOT_MS];
    }
    const md = get('1-0:1.6.0*255');
    expect(md.value).toBeCloseTo(best, 3);
    expect(md.unit).toBe('kW');
    expect(md.timestampLocal).toBe(new Date(at + (at >= Date.UTC(2025, 2, 30, 1) ? 3_600_000 : 0)).toISOString().slice(0, 16) + ':00');
  });

  it('answers single register reads with the readout value groups', () => {
    expect(m.read('1.8.0()')).toBe(`(${get('1-0:1.8.0*255').values[0]!.raw})`);
    expect(m.read('1-0:1.6.0*02()')).toBe(get('1-0:1.6.0*02').values.map((v) => `(${v.raw})`).join(''));
    expect(m.read('C.1.0()')).toBe('(12345678)');
    expect(m.read('99.99.9()')).toBeNull();
    expect(m.read('P.02(;)')).toBeNull();
  });
});

describe('GenericMeter load profile P.01', () => {
  const m = meter();
  const model = new ConsumptionModel({ seed: 3, timeZone: 'Europe/London' });
  const all = parseLoadProfileAnswer(m.loadProfileAnswer('P.01(;)')!, 'Europe/London');

  it('holds 60 days of 15-minute entries up to the last completed period, minus the power-failure gap', () => {
    expect(all.periodMinutes).toBe(15);
    expect(all.channels).toEqual([{ obis: '1.29.0', unit: 'kWh' }, { obis: '2.29.0', unit: 'kWh' }]);
    const last = all.intervals[all.intervals.length - 1]!;
    expect(last.endUtc).toBe('2025-03-31T10:00:00.000Z');
    const gap = 6; // captures 13:15 … 14:30 fall in the outage 13:07–14:42
    expect(all.intervals).toHaveLength(60 * 96 - gap);
  });

  it('flags the first entry after the power failure with status bit 0x01', () => {
    const flagged = all.intervals.filter((i) => (parseInt(i.status, 16) & 0x01) !== 0);
    expect(flagged.map((i) => i.endUtc)).toEqual(['2025-03-21T14:45:00.000Z']);
    const before = all.intervals.findIndex((i) => i.endUtc === '2025-03-21T13:00:00.000Z');
    expect(all.intervals[before + 1]!.endUtc).toBe('2025-03-21T14:45:00.000Z');
  });

  it('switches season digit and summer-time bit at the DST change', () => {
    const answer = m.loadProfileAnswer('P.01(02503300000;12503300300)')!;
    const headers = answer.split('\r\n').filter((l) => l.startsWith('P.01'));
    expect(headers).toEqual([
      'P.01(0250330000000)(00)(15)(2)(1.29.0)(kWh)(2.29.0)(kWh)',
      'P.01(1250330020000)(08)(15)(2)(1.29.0)(kWh)(2.29.0)(kWh)',
    ]);
    const p = parseLoadProfileAnswer(answer, 'Europe/London');
    expect(p.intervals.map((i) => i.endUtc)).toEqual(
      [0, 15, 30, 45, 60, 75, 90, 105, 120].map((min) => new Date(Date.UTC(2025, 2, 30, 0, 0) + min * 60_000).toISOString()),
    );
  });

  it('entries sum to the register delta over their span and respect the requested range', () => {
    const answer = m.loadProfileAnswer('P.01(02503250600;02503271800)')!;
    const p = parseLoadProfileAnswer(answer, 'Europe/London');
    expect(p.intervals[0]!.endUtc).toBe('2025-03-25T06:00:00.000Z');
    expect(p.intervals[p.intervals.length - 1]!.endUtc).toBe('2025-03-27T18:00:00.000Z');
    const sum = p.intervals.reduce((a, i) => a + i.values[0]!, 0);
    const delta = expectedImport(model, Date.UTC(2025, 2, 25, 5, 45), Date.UTC(2025, 2, 27, 18, 0));
    expect(Math.abs(sum - delta)).toBeLessThan(p.intervals.length * 0.0005 + 1e-9);
    expect(m.loadProfileAnswer('P.01(02401010000;02401020000)')).toBe('');
  });
});
