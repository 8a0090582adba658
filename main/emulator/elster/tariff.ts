import { hexToBytes } from '../../../protocol/meters/elster/bcd';
import type { WriteRequest } from '../../../protocol/meters/elster/commands';
import { decodeRatio as decodeMeterRatio } from '../../../protocol/meters/elster/decoders';
import { ElsterDataError, type ElsterErrorCode } from '../../../protocol/meters/elster/errors';
import type { ElsterModel } from '../../../protocol/meters/elster/model';
import { ELSTER_MAX_WRITE_BYTES } from '../../../protocol/meters/elster/profile';
import { TARIFF_IMAGE_IDS, ELSTER_TARIFF_IDS as T } from '../../../programming/elster/ids';
import {
  decodeDayProfiles, decodeDstRule, decodeLoadProfileSettings, decodeMaximumDemand, decodePulseOutputs, decodeRatio, decodeSeasons,
  decodeSpecialDays, decodeTouSources, decodeWeekProfiles, tariffImageLength,
} from '../../../programming/elster/tariff-codec';
import { compileElsterPlan } from '../../../programming/elster/tariff-plan';
import { SCHEME_FORMAT, SCHEME_FORMAT_VERSION, type TariffScheme } from '../../../schemes/model';
import { RateTimeline } from '../../../schemes/rate-timeline';
import type { TouConfig } from './tou';

/**
 * The programmable items the emulated Elster A1140 / A1700 holds, and what it does with a W1 of one:
 * - public layouts (meter definition): 667 TOU register sources (1 source byte per register; a shorter write sets the
 *   first registers), 616 CT ratio (the model's layout), 614 VT ratio (A1700);
 * - this program's own layouts (programming/elster/tariff-codec.ts, assumptions): 617 VT ratio (A1140), 901…908 the
 *   calendar and settings. A value longer than 64 bytes arrives in W1 packets 001, 002… (each 64 bytes but the last);
 *   it is complete when its count bytes say so (tariffImageLength); then it is checked (decoders, references) —
 *   a bad value → ERR1, a packet out of order → ERR3, nothing stored.
 * Programmed at manufacture with a factory scheme (schemes/model.ts newScheme). The calendar (901…905) and the TOU
 * sources go into force from the meter time of the write when the images agree (ElsterMeter.reprogramTou).
 * ASSUMPTION (this emulator): 906/907 do not change the recording settings; pulse outputs and ratios are stored only.
 */

/** Items this class holds (readable at any level, writable at level 3). */
export const PROGRAMMABLE_IDS: ReadonlySet<string> = new Set([...TARIFF_IMAGE_IDS, T.touSources.id, T.ctRatio.id, T.vtRatioA1700.id]);

/** A value being received in several W1 packets (per session). */
export interface PendingImage {
  readonly dataId: string;
  readonly bytes: number[];
  /** Packet number expected next. */
  next: number;
}

/** Result of one W1 packet: more packets expected, stored, or the ERRn to answer. */
export type TariffWriteResult = 'more' | 'stored' | ElsterErrorCode;

/** The programmable items of one emulated meter. */
export class ElsterTariffImages {
  private readonly images = new Map<string, Uint8Array>();

  /**
   * Program the factory scheme (no user ID, no counter).
   * @throws RangeError when `factory` does not compile for the model.
   */
  constructor(
    readonly model: ElsterModel,
    readonly timeZone: string,
    factory: TariffScheme,
  ) {
    const plan = compileElsterPlan(factory, { serial: 'factory', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone }, model.definition, '');
    for (const w of plan.writes) if (PROGRAMMABLE_IDS.has(w.address) && w.address !== T.userId.id) this.images.set(w.address, this.sized(w.address, hexToBytes(w.value)));
  }

  /** 667 is as long as the meter has TOU registers; a shorter write sets the first ones (the rest count active import). */
  private sized(id: string, bytes: Uint8Array): Uint8Array {
    if (id !== T.touSources.id || bytes.length >= this.model.touRegisters) return bytes;
    const out = new Uint8Array(this.model.touRegisters);
    out.set(bytes);
    return out;
  }

  /** The bytes of item `id`, or null when it is not one of these. */
  read(id: string): Uint8Array | null {
    return this.images.get(id) ?? null;
  }

  /** Every stored item (hex), for the saved state. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.images].map(([k, v]) => [k, Buffer.from(v).toString('hex')]));
  }

  /** Put back a {@link snapshot}. */
  restore(s: Readonly<Record<string, string>>): void {
    this.images.clear();
    for (const [k, v] of Object.entries(s)) this.images.set(k, Uint8Array.from(Buffer.from(v, 'hex')));
  }

  /**
   * Take one W1 packet (see the module comment). `session.pending` carries a multi-packet value.
   * @returns 'more' (ACK, wait for the next packet), 'stored' (ACK, the item changed) or the ERRn to answer.
   */
  write(session: { pending: PendingImage | null }, w: WriteRequest): TariffWriteResult {
    if (!TARIFF_IMAGE_IDS.has(w.dataId)) return this.writeSingle(w);
    if (w.packet === 1) session.pending = { dataId: w.dataId, bytes: [], next: 1 };
    const p = session.pending;
    if (p === null || p.dataId !== w.dataId || p.next !== w.packet) {
      session.pending = null;
      return 'ERR3';
    }
    p.bytes.push(...w.data);
    p.next++;
    const bytes = Uint8Array.from(p.bytes);
    const length = tariffImageLength(w.dataId, bytes);
    if (length !== null && bytes.length > length) return this.drop(session, 'ERR1');
    if (length === null || bytes.length < length) return w.data.length === ELSTER_MAX_WRITE_BYTES ? 'more' : this.drop(session, 'ERR1');
    session.pending = null;
    return this.store(w.dataId, bytes);
  }

  /** 667 / 616 / 614: one packet of the item's size (667 may be shorter). */
  private writeSingle(w: WriteRequest): TariffWriteResult {
    const size = this.model.bytes(w.dataId);
    if (w.packet !== 1 || w.data.length > size || (w.dataId !== T.touSources.id && w.data.length !== size)) return 'ERR3';
    return this.store(w.dataId, this.sized(w.dataId, w.data));
  }

  private store(id: string, bytes: Uint8Array): TariffWriteResult {
    try {
      this.check(id, bytes);
    } catch (e) {
      if (e instanceof ElsterDataError) return e.meterAnswer ?? 'ERR1';
      throw e;
    }
    this.images.set(id, bytes);
    return 'stored';
  }

  private drop(session: { pending: PendingImage | null }, code: ElsterErrorCode): ElsterErrorCode {
    session.pending = null;
    return code;
  }

  /** Validate a complete value against its layout and the images it refers to. @throws ElsterDataError. */
  private check(id: string, bytes: Uint8Array): void {
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
      case T.vtRatioA1140.id: decodeRatio(bytes); break;
      case T.ctRatio.id: decodeMeterRatio(bytes, this.model.ctRatioLayout, 'CT ratio (616)'); break;
      case T.vtRatioA1700.id: decodeMeterRatio(bytes, 'bcd-le-4-3', 'VT ratio (614)'); break;
      case T.touSources.id: decodeTouSources(bytes); break;
    }
  }

  /** The scheme the images make (ids `day1`…, rates `T1`…), or null when they do not agree. `schemeId` = 795. */
  scheme(schemeId: string): TariffScheme | null {
    try {
      const img = (id: string) => this.images.get(id)!;
      const dayProfiles = decodeDayProfiles(img(T.dayProfiles.id));
      const used = new Set(dayProfiles.flatMap((p) => p.switches.map((s) => s.rate)));
      return {
        format: SCHEME_FORMAT, formatVersion: SCHEME_FORMAT_VERSION, id: schemeId, name: 'Programmed in the meter', version: 1, description: '',
        meterModel: this.model.family === 'A1700' ? 'A1700' : 'A1140',
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

  /** The TOU configuration the images make (calendar + sources: register i = rate i + 1), or null. */
  touConfig(schemeId: string): TouConfig | null {
    const scheme = this.scheme(schemeId);
    if (scheme === null) return null;
    try {
      const sources = decodeTouSources(this.images.get(T.touSources.id)!);
      return { timeline: new RateTimeline(scheme, this.timeZone), sources: sources.map((s, i) => ({ quantity: s.quantity ?? 'active-import', rate: i + 1 })) };
    } catch (e) {
      if (e instanceof RangeError || e instanceof ElsterDataError) return null;
      throw e;
    }
  }
}
