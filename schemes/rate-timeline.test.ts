import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DayProfile } from './model';
import { RateTimeline } from './rate-timeline';
import { simulateYear } from './simulate';
import { at, dayNight, everyDay, gapEu, gapUs } from './testing/test-schemes';

describe('RateTimeline', () => {
  it('agrees with simulateYear on every interval start of a year, for both policies and several zones', () => {
    for (const [zone, profile, repeatedHour] of [
      ['Europe/Berlin', gapEu, 'first-pass'],
      ['America/New_York', gapUs, 'both-passes'],
      ['America/New_York', gapUs, 'first-pass'],
      ['Australia/Sydney', gapEu, 'first-pass'],
    ] as const) {
      const scheme = everyDay(profile, { zone, repeatedHour });
      const sim = simulateYear(scheme, 2027, zone);
      const tl = new RateTimeline(scheme, zone);
      const start = at(sim.startUtc);
      const step = sim.intervalMinutes * 60_000;
      let mismatches = 0;
      for (let k = 0; k < sim.rates.length; k++) if (tl.rateAt(start + k * step) !== sim.rates[k]) mismatches++;
      expect(mismatches, `${zone} ${repeatedHour}`).toBe(0);
    }
  });

  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata'] as const;
  /** A random day profile: 1–6 switch times on any minute, rates 1–3, always one at 00:00 or not. */
  const profileArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 6 })
    .chain((minutes) => fc.tuple(fc.constant(minutes.sort((a, b) => a - b)), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: minutes.length, maxLength: minutes.length })))
    .map(([minutes, rates]): DayProfile => ({
      id: 'rnd',
      name: 'Random',
      switches: minutes.map((m, i) => ({ time: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, rate: rates[i]! })),
    }));
  const policyArb = fc.constantFrom('both-passes' as const, 'first-pass' as const);

  it('property: on random instants of 2027, rateAt equals the rate of the simulated 15-min interval (switches on quarter hours)', () => {
    const quarterProfile = profileArb.map((p) => ({ ...p, switches: p.switches.map((s) => ({ ...s, time: `${s.time.slice(0, 3)}${String(Math.floor(Number(s.time.slice(3)) / 15) * 15).padStart(2, '0')}` })) }));
    fc.assert(
      fc.property(quarterProfile, policyArb, fc.constantFrom(...zones), fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 20, maxLength: 20 }), (profile, repeatedHour, zone, enabled, fractions) => {
        const scheme = everyDay(profile, { zone, repeatedHour, enabled });
        const sim = simulateYear(scheme, 2027, zone);
        const tl = new RateTimeline(scheme, zone);
        const start = at(sim.startUtc);
        const span = at(sim.endUtc) - start;
        for (const f of fractions) {
          const t = start + Math.floor(f * span);
          expect(tl.rateAt(t)).toBe(sim.rates[Math.floor((t - start) / 900_000)]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('property: segments cover the window without gaps, change rate at every boundary and agree with rateAt (any minute, across years)', () => {
    const from2026 = Date.UTC(2026, 0, 1);
    const span = Date.UTC(2031, 0, 1) - from2026;
    fc.assert(
      fc.property(
        profileArb,
        policyArb,
        fc.constantFrom(...zones),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.integer({ min: 1, max: 60 * 24 * 20 }),
        (profile, repeatedHour, zone, enabled, f, lengthMinutes) => {
          const tl = new RateTimeline(everyDay(profile, { zone, repeatedHour, enabled }), zone);
          const from = from2026 + Math.floor(f * span);
          const to = from + lengthMinutes * 60_000;
          const runs = tl.segments(from, to);
          expect(runs[0]![0]).toBe(from);
          expect(runs[runs.length - 1]![1]).toBe(to);
          for (let i = 0; i < runs.length; i++) {
            const [a, b, rate] = runs[i]!;
            expect(b).toBeGreaterThan(a);
            if (i > 0) {
              expect(a).toBe(runs[i - 1]![1]);
              expect(rate).not.toBe(runs[i - 1]![2]);
            }
            expect(tl.rateAt(a)).toBe(rate);
            expect(tl.rateAt(b - 1)).toBe(rate);
            expect(tl.rateAt(Math.floor((a + b) / 2))).toBe(rate);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('crosses the new year: the run of a night rate goes on past midnight of 31 December', () => {
    const tl = new RateTimeline(everyDay(dayNight), 'Europe/Berlin');
    // 31 Dec 2027 23:00 CET (22:00 UTC) to 1 Jan 2028 07:00 CET (06:00 UTC) is one night run.
    expect(tl.segments(at('2027-12-31T20:00:00Z'), at('2028-01-01T08:00:00Z'))).toEqual([
      [at('2027-12-31T20:00:00Z'), at('2027-12-31T22:00:00Z'), 1],
      [at('2027-12-31T22:00:00Z'), at('2028-01-01T06:00:00Z'), 2],
      [at('2028-01-01T06:00:00Z'), at('2028-01-01T08:00:00Z'), 1],
    ]);
  });

  /**
   * Independent oracle: minute by minute with a luxon DateTime per minute (slow, only for a few days). The rate
   * follows the wall clock; with 'first-pass', from the moment the wall clock jumps back until it is past the
   * highest wall time already seen, the rate stays what it was just before the jump.
   */
  function oracle(profile: DayProfile, zone: string, policy: 'both-passes' | 'first-pass', fromIso: string, hours: number): number[] {
    const switches = profile.switches.map((s) => [Number(s.time.slice(0, 2)) * 60 + Number(s.time.slice(3)), s.rate] as const);
    const wallRate = (m: number) => switches.filter(([at]) => at <= m).pop()?.[1] ?? switches[switches.length - 1]![1];
    const out: number[] = [];
    let maxWall = -Infinity;
    let held: number | null = null;
    let last = 0;
    for (let i = 0; i < hours * 60; i++) {
      const dt = DateTime.fromMillis(at(fromIso) + i * 60_000, { zone });
      const wall = dt.toMillis() + dt.offset * 60_000;
      if (wall < maxWall && policy === 'first-pass') held ??= last;
      else held = null;
      maxWall = Math.max(maxWall, wall);
      last = held ?? wallRate(dt.hour * 60 + dt.minute);
      out.push(last);
    }
    return out;
  }

  it('matches a minute-by-minute luxon oracle on the change days, including a switch at the end of the repeated hour', () => {
    const endOfRepeat: DayProfile = { id: 'eor', name: 'End of repeat', switches: [{ time: '00:00', rate: 2 }, { time: '02:30', rate: 1 }, { time: '03:00', rate: 3 }, { time: '05:00', rate: 2 }] };
    const usEnd: DayProfile = { id: 'use', name: 'US end', switches: [{ time: '00:00', rate: 2 }, { time: '01:15', rate: 1 }, { time: '02:00', rate: 3 }, { time: '02:10', rate: 1 }] };
    for (const [zone, profile, days] of [
      ['Europe/Berlin', endOfRepeat, ['2027-03-27T22:00:00Z', '2027-10-30T22:00:00Z']],
      ['America/New_York', usEnd, ['2027-03-14T04:00:00Z', '2027-11-07T03:00:00Z']],
      ['Australia/Sydney', endOfRepeat, ['2027-04-03T12:00:00Z', '2027-10-02T13:00:00Z']],
    ] as const) {
      for (const policy of ['both-passes', 'first-pass'] as const) {
        const tl = new RateTimeline(everyDay(profile, { zone, repeatedHour: policy }), zone);
        for (const from of days) {
          const perMinute = Array.from({ length: 26 * 60 }, (_, i) => tl.rateAt(at(from) + i * 60_000));
          expect(perMinute, `${zone} ${policy} ${from}`).toEqual(oracle(profile, zone, policy, from, 26));
        }
      }
    }
    // Berlin 31 October, first pass: the second pass 02:00–03:00 keeps rate 1 (not the 03:00 rate 3).
    const tl = new RateTimeline(everyDay(endOfRepeat, { repeatedHour: 'first-pass' }), 'Europe/Berlin');
    expect(tl.rateAt(at('2027-10-31T01:59:00Z'))).toBe(1);
    expect(tl.rateAt(at('2027-10-31T02:00:00Z'))).toBe(3);
  });
});
