import type { LoadedDefinitionFile } from '../../meter-definitions';
import { ProtocolError } from '../iec62056-21/errors';
import type { Identification } from '../iec62056-21/identification';
import type { Register } from '../reading';
import { type MeterReadOptions, type MeterReading, readMeter } from '../iec62056-21/read-meter';
import { Session, type SessionOptions } from '../iec62056-21/session';
import type { Transport } from '../iec62056-21/transport';
import { checkElsterPassword, type ElsterSecurityLevel } from './elster/password';
import { type ElsterMeterReading, readElsterMeter } from './elster/read-meter';
import { type ForcedMeter, type MeterProfileChoice, chooseMeterProfile } from './index';

/**
 * One reading of any meter, with the dialect decided from the identification of the SAME session (no wasted
 * sign-on): `/?!` → identification → chooseMeterProfile (or the user's forced choice) → the chosen reader
 * continues at the option select with the identification handed over (SessionOptions.identified):
 * - generic: protocol/iec62056-21/read-meter.ts (option select Y=0, data readout; load profile by Y=1, R5);
 * - Elster A1140 / A1120 / A1700: protocol/meters/elster/read-meter.ts (Y=6, P0, password, R1/RD, B0).
 * Sources: IEC 62056-21:2002 clause 6.4.5 (the meter waits for the option select after its identification);
 * ../shared/reference/elster-dialect.md "Identification", "Session".
 */

/** What `meter` may be: `auto` (default) = decide from the identification. */
export type MeterChoice = 'auto' | ForcedMeter;

/** Sign-on options shared by every job that identifies a meter first. */
export type IdentifyOptions = Pick<SessionOptions, 'address' | 'timings' | 'signal'>;

/**
 * Send the sign-on request and read the identification (nothing more: the meter then waits for the option
 * select). @throws ProtocolError NO_ANSWER, GARBLED, LINK_LOST, CANCELLED.
 */
export async function identifyMeter(transport: Transport, o: IdentifyOptions = {}): Promise<Identification> {
  const session = new Session(transport, { address: o.address, timings: o.timings, signal: o.signal });
  try {
    return await session.identify();
  } finally {
    session.dispose();
  }
}

/**
 * Check that an Elster dialect job has a usable password, before the option select is sent.
 * @throws ProtocolError REFUSED (plain message) when it is missing or not 8 printable characters.
 */
export function requireElsterPassword(choice: MeterProfileChoice, password: string | undefined): string {
  if (choice.profile !== 'elster') throw new TypeError('not an Elster meter');
  const what = `This is an Elster ${choice.family} meter`;
  if (password === undefined) {
    throw new ProtocolError('REFUSED', `${what}: its dialect needs the meter password (8 characters) for the security level. Give the password, or read it as a generic IEC 62056-21 meter.`);
  }
  try {
    checkElsterPassword(password);
  } catch (e) {
    throw new ProtocolError('REFUSED', `${what}: ${(e as Error).message}`);
  }
  return password;
}

/** Options of `readAnyMeter`: the generic reading's options plus the dialect choice and the Elster extras. */
export interface AnyMeterReadOptions extends MeterReadOptions {
  /** Dialect: `auto` (default, from the identification), `generic`, `a1140`, `a1700`. */
  readonly meter?: MeterChoice;
  /** Elster security level the password opens; default 2 (the reference's default level). */
  readonly passwordLevel?: ElsterSecurityLevel;
  /** Elster: read the events (544); default true. */
  readonly events?: boolean;
  /** Elster load profile by `stream` (RD, binary: needs an 8-bit line) or `packets` (R1, hex text). Default stream. */
  readonly loadProfileMethod?: 'stream' | 'packets';
  /** Plain-language session events (re-authentication, re-sign-on) for the log. */
  readonly onEvent?: (message: string) => void;
  /** Pause between B0 and a new sign-on after the meter dropped the session, ms (Elster; default 1500). */
  readonly resignOnPauseMs?: number;
  /** Workstation clock, UTC ms (Elster clock drift); default Date.now. */
  readonly now?: () => number;
  /** User meter definition files (sizes and layouts that correct the built-in ones); default none. */
  readonly definitions?: readonly LoadedDefinitionFile[];
  /** Prove the meter's serial number before `password` goes out (see {@link MeterIdentityCheck}). */
  readonly identity?: MeterIdentityCheck;
}

/**
 * The meter must prove it is the one asked for before the job's password goes out (fleet collection over remote
 * links, main/collect/meter-identity.ts; the same order as a delegated upload, main/services/delegation.ts):
 * - generic: `check` gets the serial number of the data readout ({@link readoutSerial}; no password is sent for
 *   the readout, IEC 62056-21:2002 clause 6.4.5 mode C, Y=0) before the programming-mode sign-on that sends P1;
 * - Elster: the session opens at security level 1 with `openPassword(choice)` (`P1(password)` in clear: reference
 *   elster-dialect.md "Session" step 4, public:iec1107/FlagIEC1107Connection.java:453-460), reads the serial number
 *   (ID 798, a level-1 read: meter-definitions/a1140.ts:42, a1700.ts:42), `check`s it, and only then sends the
 *   password of `passwordLevel`; the session does not sign on again by itself (a swapped device would get the
 *   password): a dropped session fails the job.
 * `check` and `openPassword` throw (a plain ProtocolError) to stop; nothing more is sent then.
 */
export interface MeterIdentityCheck {
  /** Throw unless `serial` (null: the meter did not give it) is the meter asked for. */
  check(serial: string | null): void;
  /** The level-1 password that may be sent before the check (Elster), or throw when there is none. */
  openPassword(choice: MeterProfileChoice): string;
}

/**
 * The serial number in a data readout: data set `C.1.0` ("Meter serial number", ../iec62056-21/obis.ts), else
 * `0.0.0` (device address 1, which many meters set to the serial number), of the current period, trimmed; null
 * when neither is given (as main/services/read-meter.ts names the meter of a reading).
 */
export function readoutSerial(registers: readonly Register[]): string | null {
  const current = (code: string) => registers.find((r) => r.code === code && r.billingPeriod === null)?.text.trim() || null;
  return current('C.1.0') ?? current('0.0.0');
}

/** A reading and the dialect it was read with. */
export interface AnyMeterReading {
  readonly choice: MeterProfileChoice;
  /** The generic reading, or the Elster one (`'elster' in reading`). */
  readonly reading: MeterReading | ElsterMeterReading;
}

/**
 * Identify the meter, choose the dialect and read it in the same session. `loadProfile` with both bounds null
 * means the whole profile (generic `P.01(;)`, Elster 551 = FFFF).
 * @throws ProtocolError (plain-language message) from the sign-on, the dialect's reader, or REFUSED when an
 *   Elster meter is to be read without a valid password.
 */
export async function readAnyMeter(transport: Transport, o: AnyMeterReadOptions): Promise<AnyMeterReading> {
  o.onProgress?.({ step: 'sign-on', message: `Sign-on at 300 baud${o.address ? ` to address ${o.address}` : ''}…`, baud: 300, bytes: 0, expectedBytes: null, percent: 1 });
  const id = await identifyMeter(transport, o);
  const forced = o.meter === undefined || o.meter === 'auto' ? undefined : o.meter;
  const choice = chooseMeterProfile(id, forced);
  o.onProgress?.({
    step: 'identification',
    message: `Meter identified: ${id.manufacturerId} ${id.ident} (mode ${id.mode}, up to ${id.maxBaud} baud); ${choice.reason}.`,
    baud: 300, bytes: 0, expectedBytes: null, percent: 2, identification: id.raw,
  });
  const check = o.identity;
  if (choice.profile === 'generic') {
    return { choice, reading: await readMeter(transport, { ...o, identified: id, ...(check ? { checkReadout: (registers) => check.check(readoutSerial(registers)) } : {}) }) };
  }
  const password = requireElsterPassword(choice, o.password);
  const level = o.passwordLevel ?? 2;
  const open = check ? requireElsterPassword(choice, check.openPassword(choice)) : password;
  const lp = o.loadProfile;
  const reading = await readElsterMeter(transport, {
    address: o.address,
    maxBaud: o.maxBaud,
    timings: o.timings,
    signal: o.signal,
    identified: id,
    password: open,
    level: check ? 1 : level,
    ...(check ? { maxResignOns: 0, identity: { check: (serial: string | null) => check.check(serial), ...(level > 1 || open !== password ? { escalate: { level, password } } : {}) } } : {}),
    force: forced !== undefined,
    family: choice.family,
    timeZone: o.timeZone,
    loadProfile: lp === null ? null : lp.fromUtc === null && lp.toUtc === null ? 'all' : { fromUtc: lp.fromUtc, toUtc: lp.toUtc },
    loadProfileMethod: o.loadProfileMethod,
    events: o.events,
    onEvent: o.onEvent,
    resignOnPauseMs: o.resignOnPauseMs,
    now: o.now,
    definitions: o.definitions,
    onProgress: o.onProgress,
  });
  return { choice, reading };
}
