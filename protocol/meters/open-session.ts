import { MeterErrorAnswer } from '../iec62056-21/errors';
import type { Identification } from '../iec62056-21/identification';
import { ProgrammingSession } from '../iec62056-21/programming';
import type { SessionOptions } from '../iec62056-21/session';
import type { Transport } from '../iec62056-21/transport';
import type { ClockSession } from './clock';
import type { LoadedDefinitionFile } from '../../meter-definitions';
import { decodeAsciiItem } from './elster/decoders';
import { ElsterMeterError } from './elster/errors';
import { decodeProgrammingLog } from './elster/events';
import { type ElsterModel, elsterModel } from './elster/model';
import type { ElsterSecurityLevel } from './elster/password';
import { ElsterSession } from './elster/session';
import { type MeterProfileChoice, chooseMeterProfile } from './index';
import { type MeterChoice, identifyMeter, requireElsterPassword } from './read-any';

/**
 * Open a programming session on any meter for a job such as reading or setting the clock, with the dialect
 * decided from the identification of the same session (protocol/meters/read-any.ts explains the hand-over):
 * - generic: ProgrammingSession (option select Y=1, P0, `P1(password)` when one is given);
 * - Elster: ElsterSession (Y=6, P0 seed, the password sequence of `passwordLevel`).
 * Sources: IEC 62056-21:2002 clauses 6.3.7, 6.4.5; ../shared/reference/elster-dialect.md "Session".
 */

/** Options of `openMeterSession`. */
export interface OpenMeterOptions extends Pick<SessionOptions, 'address' | 'maxBaud' | 'timings' | 'signal' | 'onBaud'> {
  /** Dialect: `auto` (default) = from the identification. */
  readonly meter?: MeterChoice;
  /** Generic: P1 password (none = no password command). Elster: the password of `passwordLevel` (required). */
  readonly password?: string;
  /** Elster security level to open; default 2. */
  readonly passwordLevel?: ElsterSecurityLevel;
  /** Called with the choice before the option select is sent; may throw to stop there (e.g. "needs Elster"). */
  readonly onChoice?: (choice: MeterProfileChoice, id: Identification) => void;
  /** Plain-language session events (re-sign-on, re-authentication). */
  readonly onEvent?: (message: string) => void;
  /** Pause between B0 and a new sign-on when the meter dropped the session, ms; default 1500. */
  readonly resignOnPauseMs?: number;
  /** New sign-ons per request after the meter dropped the session; default 1 (0: a drop ends the job). */
  readonly maxResignOns?: number;
  /** User meter definition files (Elster sizes and layouts); the built-in definitions otherwise. */
  readonly definitions?: readonly LoadedDefinitionFile[];
}

/** An open programming session and what the sign-on established. */
export interface OpenedMeter {
  readonly choice: MeterProfileChoice;
  readonly identification: Identification;
  /** The session for protocol/meters/clock.ts (readClock, setClock, adjustClock). */
  readonly session: ClockSession;
  /** Line speed, bit/s. */
  readonly baud: number;
  /** Elster: the meter's model facts (sizes and layouts from its definition); null for a generic meter. */
  readonly elsterModel: ElsterModel | null;
  /**
   * The meter's serial number: Elster ID 798; generic R5 `C.1.0()`. Null when the meter does not give it.
   * @throws ProtocolError for link failures (a refusal is null, not an error).
   */
  readSerial(): Promise<string | null>;
  /** Elster programming counter (680), or null (generic meter, or a model without it). @throws as readSerial. */
  readProgrammingCounter(): Promise<number | null>;
  /** End with B0 and stop listening. Never throws. */
  close(): Promise<void>;
}

/** Null for a well-formed refusal (ERRn); other errors are thrown. */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof ElsterMeterError || e instanceof MeterErrorAnswer) return null;
    throw e;
  }
}

/**
 * Identify the meter, choose the dialect and open its programming session (password given).
 * @throws ProtocolError: NO_ANSWER, GARBLED, METER_ERROR (mode A/B meter, no programming mode), REFUSED
 *   (password missing or refused), LINK_LOST, CANCELLED; whatever `onChoice` throws.
 */
export async function openMeterSession(transport: Transport, o: OpenMeterOptions): Promise<OpenedMeter> {
  const id = await identifyMeter(transport, o);
  const forced = o.meter === undefined || o.meter === 'auto' ? undefined : o.meter;
  const choice = chooseMeterProfile(id, forced);
  o.onChoice?.(choice, id);
  const common = { address: o.address, maxBaud: o.maxBaud, timings: o.timings, signal: o.signal, onBaud: o.onBaud, onEvent: o.onEvent, resignOnPauseMs: o.resignOnPauseMs, ...(o.maxResignOns !== undefined ? { maxResignOns: o.maxResignOns } : {}), identified: id };
  if (choice.profile === 'generic') {
    const p = new ProgrammingSession(transport, { ...common, password: o.password });
    try {
      const on = await p.open();
      return {
        choice, identification: id, session: p, baud: on.baud, elsterModel: null,
        readSerial: () => orNull(async () => /^[^(]*\(([^()*]*)/.exec((await p.read('R5', 'C.1.0()', 'serial number (C.1.0)')).data)?.[1] ?? null),
        readProgrammingCounter: async () => null,
        close: () => p.close(),
      };
    } catch (e) {
      await p.close();
      throw e;
    }
  }
  const es = new ElsterSession(transport, { ...common, password: requireElsterPassword(choice, o.password), level: o.passwordLevel ?? 2, force: forced !== undefined });
  try {
    const on = await es.open();
    const model = elsterModel(choice.family, { identification: id.raw, definitions: o.definitions });
    return {
      choice, identification: id, session: es, baud: on.baud, elsterModel: model,
      readSerial: () => orNull(async () => decodeAsciiItem(await es.readItem('798', model.bytes('798'), 'serial number (798)'), model.bytes('798'), 'serial number (798)').text),
      readProgrammingCounter: () =>
        orNull(async () => decodeProgrammingLog(await es.readItem('680', model.bytes('680'), 'programming log (680)'), model.programmingLog, { zone: 'UTC' }).count),
      close: () => es.close(),
    };
  } catch (e) {
    await es.close();
    throw e;
  }
}
