import { SCHEME_FORMAT, SCHEME_FORMAT_VERSION, type TariffScheme } from '../../schemes/model';
import { RateTimeline } from '../../schemes/rate-timeline';
import { hexToBytes } from '../../protocol/meters/elster/bcd';
import type { WriteRequest } from '../../protocol/meters/elster/commands';
import { ElsterDataError, type ElsterErrorCode } from '../../protocol/meters/elster/errors';
import { ELSTER_MAX_WRITE_BYTES, ELSTER_TARIFF_IDS as T } from '../../protocol/meters/elster/profile';
import {
  UNUSED_TOU, decodeDayProfiles, decodeDstRule, decodeLoadProfileSettings, decodeMaximumDemand, decodePulseOutputs, decodeRatio, decodeSeasons,
  decodeSpecialDays, decodeTouSources, decodeWeekProfiles, encodeTouSources, tariffImageLength,
} from '../../protocol/meters/elster/tariff-codec';
import { compileElsterPlan, elsterTouSources } from '../../protocol/meters/elster/tariff-plan';
import type { TouConfig } from './elster-tou';

/**
 * The tariff images the emulated Elster A1140 / A1700 holds (data IDs 667, 616, 617, 901…908; layouts:
 * protocol/meters/elster/tariff-codec.ts, all ASSUMPTIONS), what it does with a W1 of one, and the calendar they
 * make. Programmed at manufacture with a factory scheme (default schemes/model.ts newScheme: day/night weekdays,
 * weekend rate, EU DST in the meter's zone).
 *
 * W1 of a tariff image (security level 3; checked by elster-access.ts):
 * - packet 001 starts the value; packet p > 1 must follow packet p − 1 of the same data ID in the same session
 *   (else ERR3); every packet but the last carries 64 bytes;
 * - the value is complete when its layout's count bytes say so (tariffImageLength; 667 = one packet): it is then
 *   checked (decoders) and against the images it refers to (a week profile naming day profile 5 when the meter
 *   holds 4 → ERR1); a bad value → ERR1, a value longer than its layout → ERR1; nothing is stored then;
 * - a shorter 667 leaves the remaining TOU registers unused (it is stored padded, so R1 gives every register).
 * The calendar (day/week profiles, seasons, special days, DST) and the TOU sources go into force from the meter
 * time of the write when the images agree (every reference resolves); until then the previous calendar stays.
 * ASSUMPTION (this emulator): the load profile and maximum demand keep their recording settings (ID 777/878)
 * whatever 906/907 hold; pulse outputs and CT/VT ratios are stored only.
 */

/** The data IDs of the tariff images (readable at any level, writable at level 3). */
export const TARIFF_IMAGE_IDS: ReadonlySet<string> = new Set([
  T.touSources.id, T.ctRatio.id, T.vtRatio.id, T.dayProfiles.id, T.weekProfiles.id, T.seasons.id, T.specialDays.id, T.dstRule.id,
  T.maximumDemand.id, T.loadProfile.id, T.pulseOutputs.id,
]);

/** A value being received in several W1 packets (per session). */
export interface PendingImage {
  readonly dataId: string;
  readonly bytes: number[];
  /** Packet number expected next. */
  next: number;
}

/** Result of one W1 packet of a tariff image: more packets expected, stored, or the ERRn to answer. */
export type TariffWriteResult = 'more' | 'stored' | ElsterErrorCode;

/** The tariff images of one emulated meter. */
export class ElsterTariffImages {
  private readonly images = new Map<string, Uint8Array>();

  /**
   * Program the factory scheme (no user ID, no counter).
   * @throws RangeError when `factory` does not compile for the model (e.g. more rates than TOU registers).
   */
  constructor(
    readonly family: 'A1140' | 'A1700',
    readonly touRegisters: number,
    readonly timeZone: string,
    factory: TariffScheme,
  ) {
    const plan = compileElsterPlan(factory, { serial: 'factory', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone }, family, '');
    for (const w of plan.writes) if (TARIFF_IMAGE_IDS.has(w.address)) this.images.set(w.address, hexToBytes(w.value));
    this.images.set(T.touSources.id, encodeTouSources(elsterTouSources(factory, touRegisters, family)));
  }

  /** The bytes of image `id`, or null when `id` is not a tariff image. */
  read(id: string): Uint8Array | null {
    return this.images.get(id) ?? null;
  }

  /**
   * Take one W1 packet of a tariff image (see the module comment). `session.pending` carries a multi-packet value.
   * @returns 'more' (ACK, wait for the next packet), 'stored' (ACK, the image changed) or the ERRn to answer.
   */
  write(session: { pending: PendingImage | null }, w: WriteRequest): TariffWriteResult {
    if (w.packet === 1) session.pending = { dataId: w.dataId, bytes: [], next: 1 };
    const p = session.pending;
    if (p === null || p.dataId !== w.dataId || p.next !== w.packet) {
      session.pending = null;
      return 'ERR3';
    }
    p.bytes.push(...w.data);
    p.next++;
    const bytes = Uint8Array.from(p.bytes);
    const length = w.dataId === T.touSources.id ? bytes.length : tariffImageLength(w.dataId, bytes);
    if (length !== null && bytes.length > length) return this.drop(session, 'ERR1');
    if (length === null || bytes.length < length) return w.data.length === ELSTER_MAX_WRITE_BYTES ? 'more' : this.drop(session, 'ERR1');
    session.pending = null;
    try {
      this.images.set(w.dataId, this.check(w.dataId, bytes));
    } catch (e) {
      if (e instanceof ElsterDataError) return e.meterAnswer ?? 'ERR1';
      throw e;
    }
    return 'stored';
  }

  private drop(session: { pending: PendingImage | null }, code: ElsterErrorCode): ElsterErrorCode {
    session.pending = null;
    return code;
  }

  /** Validate a complete image against its layout and the images it refers to; returns the bytes to store. */
  private check(id: string, bytes: Uint8Array): Uint8Array {
    const count = (img: string) => this.images.get(img)?.[0] ?? 0;
    const refs = (what: string, ids: readonly string[], max: number) => {
      for (const ref of ids) {
        if (Number(/\d+$/.exec(ref)![0]) > max) throw new ElsterDataError(what, `it refers to ${ref}, but the meter holds ${max}`, 'ERR1');
      }
    };
    switch (id) {
      case T.dayProfiles.id: decodeDayProfiles(bytes); break;
      case T.weekProfiles.id: refs('week profiles', decodeWeekProfiles(bytes).flatMap((x) => Object.values(x.days)), count(T.dayProfiles.id)); break;
      case T.seasons.id: refs('seasons', decodeSeasons(bytes).map((s) => s.weekProfile), count(T.weekProfiles.id)); break;
      case T.specialDays.id: refs('special days', decodeSpecialDays(bytes).map((d) => d.dayProfile), count(T.dayProfiles.id)); break;
      case T.dstRule.id: decodeDstRule(bytes, this.timeZone); break;
      case T.maximumDemand.id: decodeMaximumDemand(bytes); break;
      case T.loadProfile.id: decodeLoadProfileSettings(bytes); break;
      case T.pulseOutputs.id: decodePulseOutputs(bytes); break;
      case T.ctRatio.id:
      case T.vtRatio.id: decodeRatio(bytes); break;
      case T.touSources.id: {
        const sources = decodeTouSources(bytes, this.touRegisters);
        return encodeTouSources([...sources, ...new Array(this.touRegisters - sources.length).fill(UNUSED_TOU)]);
      }
    }
    return bytes;
  }

  /**
   * The scheme the images make (ids `day1`…, rates named `T1`…), or null when they do not agree (a reference that
   * does not resolve). `schemeId` is the meter's 795.
   */
  scheme(schemeId: string): TariffScheme | null {
    try {
      const img = (id: string) => this.images.get(id)!;
      const dayProfiles = decodeDayProfiles(img(T.dayProfiles.id));
      const sources = decodeTouSources(img(T.touSources.id));
      const used = new Set([...dayProfiles.flatMap((p) => p.switches.map((s) => s.rate)), ...sources.flatMap((s) => (s.rate === null ? [] : [s.rate]))]);
      return {
        format: SCHEME_FORMAT, formatVersion: SCHEME_FORMAT_VERSION, id: schemeId, name: 'Programmed in the meter', version: 1, description: '',
        meterModel: this.family,
        rates: [...used].sort((a, b) => a - b).map((n) => ({ number: n, name: `T${n}` })),
        dayProfiles,
        weekProfiles: decodeWeekProfiles(img(T.weekProfiles.id)),
        seasons: decodeSeasons(img(T.seasons.id)),
        specialDays: decodeSpecialDays(img(T.specialDays.id)),
        dst: decodeDstRule(img(T.dstRule.id), this.timeZone),
        maximumDemand: decodeMaximumDemand(img(T.maximumDemand.id)),
        loadProfile: decodeLoadProfileSettings(img(T.loadProfile.id)),
        pulseOutputs: decodePulseOutputs(img(T.pulseOutputs.id)),
      };
    } catch (e) {
      if (e instanceof ElsterDataError) return null;
      throw e;
    }
  }

  /** The TOU configuration the images make (calendar + sources), or null when the calendar does not resolve. */
  touConfig(schemeId: string): TouConfig | null {
    const scheme = this.scheme(schemeId);
    if (scheme === null) return null;
    try {
      return { timeline: new RateTimeline(scheme, this.timeZone), sources: decodeTouSources(this.images.get(T.touSources.id)!) };
    } catch (e) {
      if (e instanceof RangeError) return null;
      throw e;
    }
  }
}
