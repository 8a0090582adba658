import { encodeReadout } from '../../../protocol/iec62056-21/frames';
import { modeCBaudChar } from '../../../protocol/iec62056-21/identification';
import { encodeLoadProfileAnswer, parseLoadProfileRequest } from '../../../protocol/iec62056-21/load-profile';
import { stampToUtcMillis } from '../../../protocol/iec62056-21/local-stamp';
import { parseObisAddress } from '../../../protocol/iec62056-21/obis';
import type { TariffScheme } from '../../../schemes/model';
import { RateTimeline } from '../../../schemes/rate-timeline';
import { ConsumptionModel, type ConsumptionProfile, type EmulatedSiteOptions, DAY_MS, SLOT_MS } from '../consumption';
import { GenericTariffSettings } from './tariff';
import { logbookAnswer, writeClock } from './writes';
import { MeterClock } from '../meter-clock';
import { MeterEnergy, type Outage } from '../meter-energy';
import { MeterEvents } from '../meter-events';
import { profileBlocks, profileEntries } from './load-profile';
import { type DataSet, dataBlockText, readoutDataSets } from '../meter-readout';
import type { MeterPersonality, ProgrammingAccess, WriteOutcome } from '../meter-session';
import { ZoneClock } from '../zone-clock';

/**
 * The emulator's generic mode C meter ("Emulated meter"): identity, clock, registers, billing periods and
 * load profile computed from the deterministic consumption model (consumption.ts), so every value is
 * reproducible and consistent (load-profile entries sum to register deltas).
 * Readout content: see meter-readout.ts. Load profile P.01: see meter-load-profile.ts. Tariff schedule: see
 * meter-energy.ts `tariffRate`. Protocol behaviour: meter-session.ts and generic-programming.ts.
 * Programming mode: R1/R2/R5/R6 reads of readout data sets, `P.01` load profile and `P.98` logbook; W1/W2/W5
 * clock set of `0.9.1` / `0.9.2` (generic-writes.ts); W5 tariff settings and their R5 read back (generic-tariff.ts);
 * all behind the P1 password when one is configured.
 */

/** Options of the generic meter. Every field has a default. */
export interface GenericMeterOptions extends EmulatedSiteOptions {
  /** Manufacturer flag, 3 letters, default `PMU` (our own; not a registered FLAG id). */
  readonly manufacturer?: string;
  /** Flag the 20 ms short reaction time: the third flag letter is sent in lower case (`PMu`). Default false. */
  readonly shortReactionTime?: boolean;
  /** Model selector of `createEmulatedMeter` / `openEmbeddedEmulator`: always `generic` here. */
  readonly model?: 'generic';
  /** Identification text after the baud character, default `EMU-GEN-1.0`. */
  readonly identText?: string;
  /** Highest mode C baud rate offered, default 9600 (identification `/PMU5…`). */
  readonly maxBaud?: number;
  /** Serial number (C.1.0, P0 operand), default `12345678`. */
  readonly serial?: string;
  /** Device address for sign-on (0.0.0), default = serial. '' answers every sign-on. */
  readonly deviceAddress?: string;
  /** Firmware version (0.2.0), default `1.0.0`. */
  readonly firmware?: string;
  /**
   * Tariff scheme whose calendar drives the rate registers 1.8.1…4 (RateTimeline in the meter's zone; rates above 4
   * count in T4). Default: the fixed schedule of meter-energy.ts `tariffRate`. Added for the report tests (issue 15).
   */
  readonly scheme?: TariffScheme;
  /** Load-profile depth, days, default 60 (older entries are overwritten, as in a ring buffer). */
  readonly loadProfileDays?: number;
  /**
   * Simulated power failure (no supply, no counting, gap in the load profile), or null for none.
   * Default: 10 days before start, 13:07 local, for 95 minutes.
   */
  readonly powerFailure?: { readonly startUtcMs: number; readonly durationMinutes: number } | null;
  /** Programming-mode password (P1); default null = none needed. */
  readonly password?: string | null;
}

/** The generic emulated meter. Implements the meter-session personality. */
/** What an emulated generic meter keeps across processes (JSON-safe). */
export interface GenericMeterSnapshot {
  readonly version: 1;
  readonly tariff: Record<string, string>;
  readonly clock: ReturnType<MeterClock['snapshot']>;
  readonly events: ReturnType<MeterEvents['list']>;
}

export class GenericMeter implements MeterPersonality {
  readonly identification: string;
  readonly deviceAddress: string;
  readonly serial: string;
  readonly firmware: string;
  readonly timeZone: string;
  readonly clock: ZoneClock;
  readonly consumption: ConsumptionModel;
  readonly energy: MeterEnergy;
  readonly programming: ProgrammingAccess;
  /** The meter's real-time clock (host time + drift; clock sets change it). */
  readonly rtc: MeterClock;
  /** Power failure, billing resets and what sessions did (clock sets): the logbook P.98. */
  readonly events: MeterEvents;
  /** Tariff settings written with W5 (generic-tariff.ts). */
  readonly tariff: GenericTariffSettings;
  private readonly loadProfileDays: number;

  /** @throws RangeError for a bad manufacturer flag, baud rate, time zone or power failure. */
  constructor(opts: GenericMeterOptions = {}) {
    const flag = opts.manufacturer ?? 'PMU';
    if (!/^[A-Za-z]{3}$/.test(flag)) throw new RangeError(`manufacturer flag must be 3 letters, got "${flag}"`);
    const shownFlag = flag.slice(0, 2).toUpperCase() + (opts.shortReactionTime ? flag[2]!.toLowerCase() : flag[2]!.toUpperCase());
    this.identification = `/${shownFlag}${modeCBaudChar(opts.maxBaud ?? 9600)}${opts.identText ?? 'EMU-GEN-1.0'}`;
    this.serial = opts.serial ?? '12345678';
    this.deviceAddress = opts.deviceAddress ?? this.serial;
    this.firmware = opts.firmware ?? '1.0.0';
    this.timeZone = opts.timeZone ?? 'Europe/London';
    this.clock = new ZoneClock(this.timeZone);
    this.rtc = new MeterClock(opts.now ?? Date.now, opts.clockOffsetMs ?? 0);
    this.loadProfileDays = opts.loadProfileDays ?? 60;
    this.consumption = new ConsumptionModel({
      seed: opts.seed ?? 1, timeZone: this.timeZone, profile: opts.profile ?? 'household', ...(opts.constantKw === undefined ? {} : { constantKw: opts.constantKw }),
    });

    const start = this.meterTimeMs();
    const dayAt = (daysBefore: number, hour: number, minute: number) => {
      const l = this.clock.local(start - daysBefore * DAY_MS);
      return this.clock.toUtc({ year: l.year, month: l.month, day: l.day, hour, minute });
    };
    const installed = opts.installedUtcMs ?? dayAt(400, 0, 0);
    let outage: Outage | null = null;
    const pf = opts.powerFailure === undefined ? { startUtcMs: dayAt(10, 13, 7), durationMinutes: 95 } : opts.powerFailure;
    if (pf) {
      if (!(pf.durationMinutes > 0)) throw new RangeError('power failure duration must be more than 0 minutes');
      outage = { startUtcMs: pf.startUtcMs, endUtcMs: pf.startUtcMs + pf.durationMinutes * 60_000 };
    }
    const timeline = opts.scheme ? new RateTimeline(opts.scheme, this.timeZone) : null;
    this.energy = new MeterEnergy(this.consumption, this.clock, installed, outage, timeline ? (t) => timeline.rateAt(t) : null);
    this.events = new MeterEvents(this.energy);

    this.tariff = new GenericTariffSettings(this.timeZone);
    const password = opts.password ?? null;
    this.programming = {
      operand: this.serial,
      passwordRequired: password !== null,
      checkPassword: (pw) => password === null || pw === password,
      read: (dataSet) => this.read(dataSet),
      write: (_command, dataSet) => this.write(dataSet),
    };
  }

  /**
   * Programming-mode write: a tariff data set (generic-tariff.ts; the scheme ID 0-0:13.0.0, written last, logs a
   * `programming` event) or the clock (generic-writes.ts).
   */
  write(dataSet: string): WriteOutcome {
    let outcome = this.tariff.write(dataSet);
    if (outcome === 'unknown') outcome = writeClock(dataSet, this.rtc, this.clock, this.events);
    else if (outcome === 'done' && /^0-0:13\.0\.0\(/.test(dataSet)) this.events.add('programming', this.meterTimeMs(), `scheme ID ${dataSet.slice(11, -1)} written`);
    if (outcome === 'done') this.onChange?.();
    return outcome;
  }

  /** Called after every write that changed the meter (registry.ts saves it). */
  onChange: (() => void) | null = null;

  /** What writes changed (tariff settings, clock, session events), JSON-safe, for the registry. */
  snapshot(): GenericMeterSnapshot {
    return { version: 1, tariff: this.tariff.snapshot(), clock: this.rtc.snapshot(), events: [...this.events.sessionEvents] };
  }

  /** Put back a {@link snapshot}. */
  restore(s: GenericMeterSnapshot): void {
    this.tariff.restore(s.tariff);
    this.rtc.restore(s.clock);
    this.events.restore(s.events);
  }

  /** Meter clock now: host time + drift (as changed by clock sets), UTC ms. */
  meterTimeMs(): number {
    return this.rtc.now();
  }

  /** Data sets of the data readout at meter time `t` (default now). See meter-readout.ts. */
  dataSets(t = this.meterTimeMs()): DataSet[] {
    return readoutDataSets(
      { deviceAddress: this.deviceAddress, serial: this.serial, firmware: this.firmware },
      this.consumption,
      this.energy,
      this.clock,
      t,
    );
  }

  /** The data readout message `STX data-block ! CR LF ETX BCC` at the current meter time. */
  dataReadout(): Uint8Array {
    return encodeReadout(dataBlockText(this.dataSets()));
  }

  /** Capture instants (UTC ms) of the oldest and newest load-profile entries the meter holds at meter time `t`. */
  loadProfileHolds(t = this.meterTimeMs()): { firstEndUtcMs: number; lastEndUtcMs: number } {
    const lastEndUtcMs = Math.floor(t / SLOT_MS) * SLOT_MS;
    const firstEndUtcMs = Math.max(
      Math.ceil(this.energy.installedUtcMs / SLOT_MS) * SLOT_MS + SLOT_MS,
      lastEndUtcMs - this.loadProfileDays * DAY_MS + SLOT_MS,
    );
    return { firstEndUtcMs, lastEndUtcMs };
  }

  /**
   * Answer data of a load-profile request `P.01(zYYMMDDhhmm;zYYMMDDhhmm)`: the entries whose capture instant
   * (end of the 15 minutes) lies within [from, to] (inclusive; an empty bound is open), in the format of
   * `encodeLoadProfileAnswer`. '' when no entry matches. Null for a profile other than P.01.
   * @throws FrameError when the data set is not a load-profile request.
   */
  loadProfileAnswer(dataSet: string): string | null {
    const req = parseLoadProfileRequest(dataSet);
    if (req.profile !== 1) return null;
    const from = req.from ? stampToUtcMillis(req.from, this.timeZone) : null;
    const to = req.to ? stampToUtcMillis(req.to, this.timeZone) : null;
    const entries = profileEntries(this.energy, this.clock, this.loadProfileHolds(), from, to);
    return encodeLoadProfileAnswer(profileBlocks(entries, this.clock), 1);
  }

  /**
   * Programming-mode read (R1/R2/R5/R6): `P.98(…)` → logbook (generic-writes.ts); `P.nn(…)` → load profile;
   * `<address>()` or `<address>(extra)` (any OBIS form, e.g. `1.8.0()`, `1.8.0(1)`,
   * `1-0:1.8.0*255()`, `1.8.0*01()`) → the value groups of that readout data set, e.g. `(0004123.456*kWh)`;
   * null when unknown.
   */
  read(dataSet: string): string | null {
    const text = dataSet.replace(/\r\n$/, '');
    if (/^P\.98\(/.test(text)) return logbookAnswer(text, this.meterTimeMs(), this.clock, this.events);
    if (/^P\.\d\d\(/.test(text)) return this.loadProfileAnswer(text);
    // `1.8.0()`, or with extra data in the brackets as some clients send it (`1.8.0(1)`, a count or format the
    // meter ignores for a single register: issue 10 item 6), or no brackets at all.
    const m = /^([^()]+)\([^()]*\)$/.exec(text) ?? /^([^()]+)$/.exec(text);
    if (!m) return null;
    const tariff = this.tariff.read(m[1]!);
    if (tariff !== null) return tariff;
    const want = parseObisAddress(m[1]!);
    const hit = this.dataSets().find((s) => {
      const a = parseObisAddress(s.address);
      return a.code === want.code && a.billingPeriod === want.billingPeriod;
    });
    return hit ? hit.groups.map((g) => `(${g})`).join('') : null;
  }
}
