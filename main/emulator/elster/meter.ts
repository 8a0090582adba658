import { encodeReadout } from '../../../protocol/iec62056-21/frames';
import { parseIdentification } from '../../../protocol/iec62056-21/identification';
import { SYNTHETIC_IDENTIFICATIONS } from '../../../protocol/meters/elster/identification';
import { type ElsterModel, elsterModel } from '../../../protocol/meters/elster/model';
import { ELSTER_PASSWORD_LENGTH } from '../../../protocol/meters/elster/profile';
import { type TariffScheme, newScheme } from '../../../schemes/model';
import { ConsumptionModel, type ConsumptionProfile, type EmulatedSiteOptions, DAY_MS } from '../consumption';
import { ElsterLoadProfileStore } from './load-profile';
import { elsterDialect } from './session';
import { ElsterTariffImages } from './tariff';
import { TouRegisters } from './tou';
import { MeterClock } from '../meter-clock';
import { MeterEnergy, type Outage } from '../meter-energy';
import { MeterEvents } from '../meter-events';
import type { MeterEvent } from '../meter-events';
import type { MeterPersonality, ProgrammingDialect } from '../meter-personality';
import { dataBlockText, readoutDataSets } from '../meter-readout';
import { ZoneClock } from '../zone-clock';
import type { Creep } from '../meter-clock';
import type { ElsterMeterCore, ElsterModelName, ProgrammingAudit } from './state';

export type { ElsterModelName, ProgrammingAudit } from './state';

/**
 * The emulated Elster A1140 / A1700 ("Emulated meter", model a1140 / a1700): IEC 62056-21 mode C sign-on, a
 * data readout for Y=0, and the Elster programming dialect (elster-session.ts) for option select Y=6 (or Y=1
 * on a meter configured "IEC 1107 compatible"). Facts: ../shared/reference/elster-dialect.md; codec:
 * protocol/meters/elster/. Sizes per model from ELSTER_MODELS.
 *
 * Identification: A1700 = the reference's real example `/GEC5090100100400@000` (device no. 010: the 32-TOU variant,
 * public:abba1700/ABBA1700MeterType.java:19; `/GEC5090100140400@000`, the driver test's 16-TOU example, when 16
 * registers are asked for); A1140 = a SYNTHETIC line `/GEC510051000000` built to satisfy the documented rule
 * (characters 7..9 = `051`), since no real A1140 identification is public.
 * Sizes and layouts: the model's meter definition (protocol/meters/elster/model.ts, meter-definitions/).
 *
 * State: registers computed from the consumption model (cumulative 507, TOU 508 by the programmed calendar and 667
 * sources (tou.ts, tariff.ts), maximum demand 509/510), the load profile (load-profile.ts), events (544, event logs),
 * the programming log (680) with the user IDs written to 681 (this program's own ID) and times, the clock (861).
 * What programming and clock sets change is kept by {@link snapshot} / {@link restore} (registry.ts saves it per data
 * directory, so an emulated meter keeps its scheme ID and programming log across jobs and processes).
 */

/** Options of an emulated Elster meter. Every field has a default. */
export interface ElsterMeterOptions extends EmulatedSiteOptions {
  /** Model, default `a1140`. */
  readonly model?: ElsterModelName;
  /** Identification line; default per model (see the module comment). */
  readonly identification?: string;
  /** Serial number (ID 798, up to 16 characters), default `EMU-A1140-0001` / `EMU-A1700-0001`. */
  readonly serial?: string;
  /** Device address for sign-on; default = serial. '' answers every sign-on. */
  readonly deviceAddress?: string;
  /** Scheme ID (ID 795, up to 8 characters), default `SCHEME01`. */
  readonly schemeId?: string;
  /** Firmware version (ID 998, up to 8 characters), default `EMU1.00`. */
  readonly firmware?: string;
  /** Passwords per security level (8 characters); null disables the level. Default `00000000` for each. */
  readonly passwords?: { readonly 1?: string | null; readonly 2?: string | null; readonly 3?: string | null };
  /** Option select the meter takes: Y=6 (`manufacturer`, default) or Y=1 (`iec1107`, "IEC 1107 compatible"). */
  readonly optionSelect?: 'manufacturer' | 'iec1107';
  /** A1700 only: 16 or 32 TOU registers (default: as the identification says; the default identification has 32). */
  readonly touRegisters?: number;
  /**
   * Tariff scheme programmed at manufacture (tariff.ts); default schemes/model.ts `newScheme` for the model
   * in the meter's zone (T1 day 07:00–23:00 and T2 night on weekdays, T3 weekend; EU DST).
   */
  readonly scheme?: TariffScheme;
  /** Load-profile capture period = integration period, minutes; default 30. */
  readonly capturePeriodMinutes?: number;
  /** Load-profile depth in whole local days; default 100. */
  readonly loadProfileDays?: number;
  /** No command for this long → the session locks (ERR5 until a password again), ms; default 300 000. */
  readonly lockAfterMs?: number;
  /** No message for this long → back to 300 baud idle, ms; default 900 000. */
  readonly idleAfterMs?: number;
  /** Clock adjust (creep) per integration period, s; default 5; Infinity = at once. */
  readonly clockCreepSecondsPerPeriod?: number;
  /** Seed of the P0 seed generator (deterministic seeds for tests); default: random. */
  readonly seedRng?: number;
  /** Simulated power failure or null; default 10 days before start, 13:07 local, 95 minutes. */
  readonly powerFailure?: { readonly startUtcMs: number; readonly durationMinutes: number } | null;
}

/** What an emulated Elster meter keeps across processes (JSON-safe). */
export interface ElsterMeterSnapshot {
  readonly version: 1;
  readonly schemeId: string;
  readonly images: Record<string, string>;
  readonly audit: ProgrammingAudit;
  readonly timeChanges: number[];
  readonly clock: { offsetMs: number; creep: Creep | null };
  readonly events: MeterEvent[];
  /** TOU programmings: from when, and the images then (to rebuild the TOU registers' history). */
  readonly touEpochs: { fromUtcMs: number; images: Record<string, string>; schemeId: string }[];
}

/** Deterministic 32-bit generator (mulberry32) → [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An emulated Elster A1140 / A1700. Implements the meter-session personality. */
export class ElsterMeter implements MeterPersonality, ElsterMeterCore {
  readonly modelName: ElsterModelName;
  readonly model: ElsterModel;
  readonly identification: string;
  readonly deviceAddress: string;
  readonly serial: string;
  readonly firmware: string;
  schemeId: string;
  readonly zone: ZoneClock;
  readonly consumption: ConsumptionModel;
  readonly energy: MeterEnergy;
  readonly rtc: MeterClock;
  readonly events: MeterEvents;
  readonly tou: TouRegisters;
  /** The tariff images (calendar, TOU sources, settings, CT/VT ratios) as programmed. */
  readonly tariff: ElsterTariffImages;
  readonly loadProfile: ElsterLoadProfileStore;
  readonly audit: ProgrammingAudit = { count: 0, times: [], users: [], sources: [] };
  /** Called after every state change a write made (registry.ts saves the meter). */
  onChange: (() => void) | null = null;
  private readonly touEpochs: ElsterMeterSnapshot['touEpochs'] = [];
  /** Meter times (after the set) of clock sets, for the load profile's EA markers. */
  readonly timeChanges: number[] = [];
  readonly passwords: Readonly<Record<1 | 2 | 3, string | null>>;
  readonly optionSelect: 'manufacturer' | 'iec1107';
  readonly lockAfterMs: number;
  readonly idleAfterMs: number;
  readonly creepStepMs: number;
  /** Random numbers for the P0 seeds. */
  readonly random: () => number;
  readonly programming = null;
  readonly dialect: ProgrammingDialect;

  /** @throws RangeError for a bad option (model, password length, TOU count, capture period, time zone, outage). */
  constructor(opts: ElsterMeterOptions = {}) {
    this.modelName = opts.model ?? 'a1140';
    if (this.modelName !== 'a1140' && this.modelName !== 'a1700') throw new RangeError(`Elster model "${String(this.modelName)}" is not a1140 or a1700`);
    const family = this.modelName === 'a1140' ? 'A1140' : 'A1700';
    const ident = opts.identification ?? (family === 'A1700' && opts.touRegisters === 16 ? '/GEC5090100140400@000' : SYNTHETIC_IDENTIFICATIONS[family]);
    this.identification = parseIdentification(ident).raw;
    this.model = elsterModel(family, { identification: this.identification, touRegisters: opts.touRegisters });
    this.serial = opts.serial ?? `EMU-${this.model.family}-0001`;
    this.deviceAddress = opts.deviceAddress ?? this.serial;
    this.schemeId = opts.schemeId ?? 'SCHEME01';
    this.firmware = opts.firmware ?? 'EMU1.00';
    const pw = opts.passwords ?? {};
    this.passwords = { 1: pw[1] === undefined ? '00000000' : pw[1], 2: pw[2] === undefined ? '00000000' : pw[2], 3: pw[3] === undefined ? '00000000' : pw[3] };
    for (const p of Object.values(this.passwords)) {
      if (p !== null && p.length !== ELSTER_PASSWORD_LENGTH) throw new RangeError(`An Elster password has exactly ${ELSTER_PASSWORD_LENGTH} characters; "${p}" has ${p.length}.`);
    }
    this.optionSelect = opts.optionSelect ?? 'manufacturer';
    this.lockAfterMs = opts.lockAfterMs ?? 300_000;
    this.idleAfterMs = opts.idleAfterMs ?? 900_000;
    this.creepStepMs = (opts.clockCreepSecondsPerPeriod ?? 5) * 1000;
    this.random = opts.seedRng === undefined ? Math.random : seeded(opts.seedRng);

    this.zone = new ZoneClock(opts.timeZone ?? 'Europe/London');
    this.rtc = new MeterClock(opts.now ?? Date.now, opts.clockOffsetMs ?? 0);
    this.consumption = new ConsumptionModel({ seed: opts.seed ?? 1, timeZone: this.zone.timeZone, profile: opts.profile ?? 'household', ...(opts.constantKw === undefined ? {} : { constantKw: opts.constantKw }) });
    const start = this.rtc.now();
    const dayAt = (daysBefore: number, hour: number, minute: number) => {
      const l = this.zone.local(start - daysBefore * DAY_MS);
      return this.zone.toUtc({ year: l.year, month: l.month, day: l.day, hour, minute });
    };
    let outage: Outage | null = null;
    const pf = opts.powerFailure === undefined ? { startUtcMs: dayAt(10, 13, 7), durationMinutes: 95 } : opts.powerFailure;
    if (pf) {
      if (!(pf.durationMinutes > 0)) throw new RangeError('power failure duration must be more than 0 minutes');
      outage = { startUtcMs: pf.startUtcMs, endUtcMs: pf.startUtcMs + pf.durationMinutes * 60_000 };
    }
    this.energy = new MeterEnergy(this.consumption, this.zone, opts.installedUtcMs ?? dayAt(400, 0, 0), outage);
    this.events = new MeterEvents(this.energy);

    const touCount = this.model.touRegisters;
    this.tariff = new ElsterTariffImages(this.model, this.zone.timeZone, opts.scheme ?? newScheme('FACTORY', 'Factory scheme', family, this.zone.timeZone));
    const initial = this.tariff.touConfig(this.schemeId);
    if (initial === null) throw new RangeError('the factory tariff scheme does not resolve (a week profile, season or special day names a missing profile)');
    this.tou = new TouRegisters(this.energy, touCount, initial);
    this.loadProfile = new ElsterLoadProfileStore(
      { energy: this.energy, zone: this.zone, model: this.model, timeChanges: () => this.timeChanges },
      opts.capturePeriodMinutes ?? 30,
      opts.loadProfileDays ?? 100,
    );
    this.dialect = elsterDialect(this);
  }

  /** Meter clock now, UTC ms. */
  meterTimeMs(): number {
    return this.rtc.now();
  }

  /** Integration (capture) period, ms. */
  get periodMs(): number {
    return this.loadProfile.periodMs;
  }

  /** Data readout (Y=0): the same OBIS data sets as the generic meter (meter-readout.ts), from this meter's registers. */
  dataReadout(): Uint8Array {
    const sets = readoutDataSets(
      { deviceAddress: this.deviceAddress, serial: this.serial, firmware: this.firmware },
      this.consumption,
      this.energy,
      this.zone,
      this.meterTimeMs(),
    );
    return encodeReadout(dataBlockText(sets));
  }

  /**
   * After a tariff image changed at meter time `t`: put the calendar and TOU sources in force from `t`, when the
   * images agree (else the previous calendar stays until they do).
   */
  reprogramTou(t: number): void {
    const config = this.tariff.touConfig(this.schemeId);
    if (config === null) return;
    this.tou.program(config, t);
    const epoch = { fromUtcMs: t, images: this.tariff.snapshot(), schemeId: this.schemeId };
    if (this.touEpochs.at(-1)?.fromUtcMs === t) this.touEpochs[this.touEpochs.length - 1] = epoch;
    else this.touEpochs.push(epoch);
  }

  /** Record a programming (first programming write of a session): counter + 1, time, user and port, newest first. */
  recordProgramming(userId: string, t: number): void {
    this.audit.count = (this.audit.count + 1) & 0xffff;
    this.audit.times = [t, ...this.audit.times].slice(0, 3);
    this.audit.users = [userId, ...this.audit.users].slice(0, 3);
    this.audit.sources = [0, ...this.audit.sources].slice(0, 3);
    this.events.add('programming', t, `programmed by user "${userId}"`);
  }

  /** A write changed the meter: tell the registry (it saves the state). */
  changed(): void {
    this.onChange?.();
  }

  /** What programming and clock sets changed, as JSON-safe data. */
  snapshot(): ElsterMeterSnapshot {
    return {
      version: 1, schemeId: this.schemeId, images: this.tariff.snapshot(), audit: structuredClone(this.audit), timeChanges: [...this.timeChanges],
      clock: this.rtc.snapshot(), events: [...this.events.sessionEvents], touEpochs: structuredClone(this.touEpochs),
    };
  }

  /** Put back a {@link snapshot} (the meter was built with the same options). */
  restore(s: ElsterMeterSnapshot): void {
    for (const e of s.touEpochs) {
      this.tariff.restore(e.images);
      this.schemeId = e.schemeId;
      this.reprogramTou(e.fromUtcMs);
    }
    this.schemeId = s.schemeId;
    this.tariff.restore(s.images);
    Object.assign(this.audit, structuredClone(s.audit));
    this.timeChanges.splice(0, this.timeChanges.length, ...s.timeChanges);
    this.rtc.restore(s.clock);
    this.events.restore(s.events);
  }
}
