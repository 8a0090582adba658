import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpecialDay, TariffScheme } from '../schemes/model';
import { ProtocolError } from '../protocol/iec62056-21/errors';
import { ElsterDataError } from '../protocol/meters/elster/errors';
import {
  decodeDayProfiles, decodeDstRule, decodeLoadProfileSettings, decodeMaximumDemand, decodePulseOutputs, decodeSeasons, decodeSpecialDays,
  decodeTouSources, decodeUserIds, decodeWeekProfiles, encodeDayProfiles, encodeDstRule, encodeLoadProfileSettings, encodeMaximumDemand,
  encodePulseOutputs, encodeSeasons, encodeSpecialDays, encodeWeekProfiles, tariffImageLength,
} from './elster/tariff-codec';
import { decodeRatio } from './elster/tariff-codec-config';
import { TariffValueError, decodeGenericTariffValue } from './generic/tariff-writes';
import { compareReadBack, compileProgram, decodePlanValue } from './compile';
import { schemeArb } from './testing/tariff-arbitraries';

/**
 * Round-trip properties: for arbitrary valid schemes, decode(encode(part)) restores every part the meter stores
 * (ids and names are the PMU's: decoded as day1…, week1…), and a read back equal to the plan shows no difference.
 * Fuzz: the decoders never throw anything but their typed errors. Fixed seed (FUZZ_SEED to vary).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 4711);
const RUNS = 300;
const METER = { serial: '1', ctRatio: '200/5', vtRatio: '11000/110', passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/Berlin' };

/** The scheme's references as the meter numbers them (position + 1). */
const ref = (ids: readonly string[], prefix: string, id: string) => `${prefix}${ids.indexOf(id) + 1}`;

describe('Elster images: decode(encode(part)) = part (up to ids and names)', () => {
  it('every calendar and settings image, for arbitrary schemes', () => {
    fc.assert(
      fc.property(schemeArb('A1140'), (s: TariffScheme) => {
        const dayIds = s.dayProfiles.map((d) => d.id);
        const weekIds = s.weekProfiles.map((w) => w.id);
        expect(decodeDayProfiles(encodeDayProfiles(s.dayProfiles)).map((d) => d.switches)).toEqual(s.dayProfiles.map((d) => d.switches));
        expect(decodeWeekProfiles(encodeWeekProfiles(s.weekProfiles, dayIds)).map((w) => w.days)).toEqual(
          s.weekProfiles.map((w) => Object.fromEntries(Object.entries(w.days).map(([k, v]) => [k, ref(dayIds, 'day', v)]))),
        );
        expect(decodeSeasons(encodeSeasons(s.seasons, weekIds)).map((x) => [x.start, x.weekProfile])).toEqual(s.seasons.map((x) => [x.start, ref(weekIds, 'week', x.weekProfile)]));
        const strip = ({ name: _n, source: _s, ...rest }: SpecialDay) => rest;
        expect(decodeSpecialDays(encodeSpecialDays(s.specialDays, dayIds)).map(strip)).toEqual(s.specialDays.map((d) => ({ ...strip(d), dayProfile: ref(dayIds, 'day', d.dayProfile) })));
        expect(decodeDstRule(encodeDstRule(s.dst), s.dst.zone)).toEqual(s.dst);
        expect(decodeMaximumDemand(encodeMaximumDemand(s.maximumDemand))).toEqual(s.maximumDemand);
        expect(decodeLoadProfileSettings(encodeLoadProfileSettings(s.loadProfile))).toEqual(s.loadProfile);
        expect(decodePulseOutputs(encodePulseOutputs(s.pulseOutputs))).toEqual(s.pulseOutputs);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('plans: every write decodes back to the scheme, and an equal read back has no differences', () => {
  for (const model of ['A1140', 'A1700', 'generic'] as const) {
    it(model, () => {
      fc.assert(
        fc.property(schemeArb(model), (s) => {
          const plan = compileProgram(s, METER, model, { meterUserId: 'TECH01' });
          expect(plan.writes[0]!.part).toBe('user-id');
          expect(plan.writes[plan.writes.length - 1]!.part).toBe('scheme-id');
          const echo = new Map(plan.writes.map((w) => [w.address, w.value]));
          expect(compareReadBack(plan, echo, s)).toEqual([]);
          for (const w of plan.writes) decodePlanValue(model, w.address, w.value, s.dst.zone);
          const days = plan.writes.filter((w) => w.part === 'day-profiles' && w.address !== '0-0:13.3.0');
          const decoded = days.flatMap((w) => {
            const d = decodePlanValue(model, w.address, w.value, s.dst.zone);
            return d.kind === 'day-profiles' ? d.profiles.map((p) => p.switches) : [];
          });
          expect(decoded).toEqual(s.dayProfiles.map((p) => p.switches));
        }),
        { seed: SEED, numRuns: 100 },
      );
    });
  }
});

/** Run `f` on `input`; only `typed` errors may come out. */
function onlyTyped(f: () => unknown, typed: (e: unknown) => boolean): void {
  try {
    f();
  } catch (e) {
    if (!typed(e)) throw e;
  }
}

describe('fuzz: decoders throw only their typed errors', () => {
  const elster: [string, (b: Uint8Array) => unknown][] = [
    ['901', decodeDayProfiles], ['902', decodeWeekProfiles], ['903', decodeSeasons], ['904', decodeSpecialDays], ['905', (b) => decodeDstRule(b, 'UTC')],
    ['906', decodeMaximumDemand], ['907', decodeLoadProfileSettings], ['908', decodePulseOutputs], ['667', (b) => decodeTouSources(b, 8)],
    ['616', decodeRatio], ['681', decodeUserIds],
  ];
  it('Elster images: random bytes and mutated valid images → a result or ElsterDataError', () => {
    const mutated = fc.tuple(schemeArb('A1140'), fc.nat(), fc.nat(255)).map(([s, at, v]) => {
      const b = encodeDayProfiles(s.dayProfiles);
      b[at % b.length] = v;
      return b;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), mutated), (bytes) => {
        for (const [id, decode] of elster) {
          onlyTyped(() => decode(bytes), (e) => e instanceof ElsterDataError);
          onlyTyped(() => tariffImageLength(id, bytes), (e) => e instanceof ElsterDataError);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('generic values: random text at every tariff address → a result, null or TariffValueError', () => {
    const addresses = ['0-0:128.0.1', '0-0:128.0.2', '0-0:13.0.0', '0-0:13.1.0', '0-0:13.1.3', '0-0:13.2.1', '0-0:13.3.1', '0-0:11.0.2', '1-0:0.8.0', '0-0:128.1.0', '1-0:0.8.4', '0-0:128.1.1', '0-0:128.2.0', '0-0:128.2.5', '1-0:0.4.2', '1.8.0', 'junk'];
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[0-9:;,.-]{0,40}$/));
    fc.assert(
      fc.property(fc.constantFrom(...addresses), text, (a, v) => onlyTyped(() => decodeGenericTariffValue(a, v, 'UTC'), (e) => e instanceof TariffValueError)),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('the typed errors are ProtocolErrors with plain messages (GARBLED)', () => {
    for (const f of [() => decodeDayProfiles(Uint8Array.of(1, 1, 99, 0, 1)), () => decodeGenericTariffValue('0-0:13.3.1', '2500:1', 'UTC')]) {
      expect(f).toThrow(ProtocolError);
      try {
        f();
      } catch (e) {
        expect((e as ProtocolError).code).toBe('GARBLED');
      }
    }
  });
});
