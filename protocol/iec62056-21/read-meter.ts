import type { LoadProfile, ReadingNote, Register } from '../reading';
import { parseReadout } from './datasets';
import { ProtocolError } from './errors';
import type { Identification } from './identification';
import { localStampFromUtc } from './load-profile';
import type { ReadProgress, ReadStep } from './progress';
import type { AbortLike } from './reader';
import { ProgrammingSession } from './programming';
import { Session, type SessionOptions } from './session';
import { TransferProgress, asTransfer } from './transfer';
import type { SessionTimings } from './timing';
import type { Transport } from './transport';

/**
 * One whole meter reading over a probe, the job `pmu read` and the UI's "Read meter" run:
 * 1. sign-on → identification → option select Y=0 → data readout (registers), then
 * 2. (when a load profile is wanted and the meter offers mode C/E) sign-on again → option select Y=1
 *    (programming mode) → P0 → [P1 password] → R5 `P.01(from;to)` → answer (partial blocks acknowledged) → B0,
 *    in a ProgrammingSession (re-sign-on when the meter drops the session; password again after `(ERRnn)`).
 * Sources: IEC 62056-21:2002 clause 6.4.5 (mode C), 6.3.7 (command messages); reference note "Load profile".
 * A data readout that arrives damaged, breaks off or does not come is asked for once more after a new sign-on.
 * Everything is returned together or an error is thrown: a caller never gets half a reading. A transfer that
 * breaks off names its progress ("stopped answering after 1 480 of about 2 304 bytes of the load profile").
 */

/**
 * Failures of the data readout after which the meter is signed on again and the readout asked for once more
 * (readout mode has no NAK repeat): a damaged readout, one that broke off or never came.
 */
const READOUT_REPEAT_CODES: ReadonlySet<string> = new Set(['BAD_BCC', 'GARBLED', 'STOPPED_ANSWERING', 'NO_ANSWER']);

/** Options of a meter reading. Times are UTC ISO instants unless named `…Local`. */
export interface MeterReadOptions {
  /** Device address for the sign-on ('' = any). */
  readonly address?: string;
  /** Highest baud rate to negotiate, bit/s. */
  readonly maxBaud?: number;
  readonly timings?: Partial<SessionTimings>;
  readonly signal?: AbortLike;
  /** IANA time zone of the meter's local clock (used for load-profile times and the request range). */
  readonly timeZone: string;
  /** Load profile to read through programming mode, or null to read registers only. */
  readonly loadProfile: { readonly fromUtc: string | null; readonly toUtc: string | null; readonly profile?: number } | null;
  /** Password for P1 when the meter needs one for R5 (8 characters on most meters); none by default. */
  readonly password?: string;
  /** Bytes the data readout is expected to have (from the previous reading of this meter), for percent. */
  readonly expectedReadoutBytes?: number | null;
  readonly onProgress?: (p: ReadProgress) => void;
  /** The identification already received on this link (auto-detection, see SessionOptions.identified). */
  readonly identified?: Identification;
  /** Plain-language session events (re-sign-on, password sent again) for the log; also shown as progress. */
  readonly onEvent?: (message: string) => void;
  /** Pause between B0 and a new sign-on when the meter dropped the programming session, ms; default 1500. */
  readonly resignOnPauseMs?: number;
  /**
   * Called with the data sets of the data readout (no password is sent for it) before anything else, in particular
   * before the programming-mode sign-on that sends `password` (P1): throw to stop there (e.g. the readout names
   * another serial number than the meter asked for — main/collect/meter-identity.ts). Nothing more is sent then.
   */
  readonly checkReadout?: (registers: readonly Register[]) => void;
}

/** What the probe session produced (the caller adds operator, port, times and stores it). */
export interface MeterReading {
  readonly identification: Identification;
  readonly mode: string;
  /** Baud rate of the data readout, bit/s. */
  readonly baud: number;
  /** The data readout message as received (STX … ETX BCC). */
  readonly readout: Uint8Array;
  readonly registers: Register[];
  readonly loadProfile: LoadProfile | null;
  /** Load-profile answer blocks as received, concatenated, or null. */
  readonly rawLoadProfile: Uint8Array | null;
  readonly notes: ReadingNote[];
}

/** Run the whole reading. Throws ProtocolError (plain-language message) on any failure. */
export async function readMeter(transport: Transport, opts: MeterReadOptions): Promise<MeterReading> {
  let step: ReadStep = 'sign-on';
  let baud = 300;
  let bytes = 0;
  let expected: number | null = null;
  let identification: string | undefined;
  const span: Record<string, [number, number]> = { 'data-readout': [5, 55], 'load-profile': [60, 95] };
  const report = (message: string) => {
    const [lo, hi] = span[step] ?? [0, 0];
    const percent =
      step === 'sign-on' || step === 'identification' || step === 'option-select'
        ? 2
        : span[step] && expected
          ? Math.min(hi, lo + ((hi - lo) * bytes) / expected)
          : span[step]
            ? null
            : step === 'done'
              ? 100
              : null;
    opts.onProgress?.({ step, message, baud, bytes, expectedBytes: expected, percent: percent === null ? null : Math.round(percent), identification });
  };
  const onBytes = (n: number) => {
    bytes = n;
    report(step === 'data-readout' ? 'Receiving the data readout…' : 'Receiving the load profile…');
  };
  const session = new Session(transport, {
    address: opts.address,
    maxBaud: opts.maxBaud,
    timings: opts.timings,
    signal: opts.signal,
    onBytes,
    onBaud: (b) => (baud = b),
    identified: opts.identified,
  });
  try {
    if (!opts.identified) report(`Sign-on at 300 baud${opts.address ? ` to address ${opts.address}` : ''}…`);
    let signOn = await session.signOn('0');
    const id = signOn.identification;
    identification = id.raw;
    step = 'identification';
    // (When the identification was handed over, whoever received it has reported it.)
    if (!opts.identified) report(`Meter identified: ${id.manufacturerId} ${id.ident} (mode ${id.mode}, up to ${id.maxBaud} baud)`);
    step = 'data-readout';
    bytes = 0;
    expected = opts.expectedReadoutBytes ?? null;
    report(`Data readout at ${signOn.baud} baud…`);
    let readout: Uint8Array;
    for (let attempt = 1; ; attempt++) {
      const readoutProgress = new TransferProgress('data readout', () => session.bytesFromMeter, expected, 'estimate');
      try {
        readout = await asTransfer(readoutProgress, () => session.receiveReadout());
        break;
      } catch (e) {
        if (!(e instanceof ProtocolError) || !READOUT_REPEAT_CODES.has(e.code)) throw e;
        if (attempt > 1) {
          e.message += ' (The meter was signed on again and the data readout asked for twice.)';
          throw e;
        }
        // Readout mode has no NAK repeat: wait for a quiet line (the meter is back at 300 baud), then sign on again.
        const event = `The data readout failed (${e.message.replace(/\..*$/s, '')}); signing on again to read it once more.`;
        opts.onEvent?.(event);
        report(event);
        await session.drain(session.timings.interCharTimeoutMs, 4 * session.timings.reactionTimeoutMs);
        await new Promise<void>((r) => setTimeout(() => r(), session.timings.minReactionMs + 300));
        bytes = 0;
        try {
          signOn = await session.signOn('0');
        } catch (again) {
          if (!(again instanceof ProtocolError)) throw again;
          // Say what happened first (e.g. "stopped answering after 1 924 bytes"), then why it stays so.
          throw new ProtocolError(again.code, `${e.message.replace(/\.$/, '')}. Signing on again failed: ${again.message}`, again.detail);
        }
      }
    }
    const { registers } = parseReadout(readout);
    opts.checkReadout?.(registers);
    bytes = readout.length;
    report(`Data readout complete: ${registers.length} data sets, ${readout.length} bytes`);
    const notes: ReadingNote[] = [];
    let loadProfile: LoadProfile | null = null;
    let rawLoadProfile: Uint8Array | null = null;
    if (opts.loadProfile && (id.mode === 'C' || id.mode === 'E')) {
      step = 'programming-mode';
      bytes = 0;
      expected = null;
      // The meter returns to 300 baud after the readout; give it the reaction time before a new sign-on.
      await new Promise<void>((r) => setTimeout(() => r(), session.timings.minReactionMs + 300));
      report('Sign-on for programming mode (load profile)…');
      // The link passes to a programming session (with its re-sign-on policy); this one stops listening.
      session.dispose();
      const lp = await readLoadProfile(transport, opts, { onBytes, onBaud: (b) => (baud = b) }, (m) => report(m), (s, e) => {
        step = s;
        bytes = 0;
        expected = e;
      });
      if (lp.note) notes.push(lp.note);
      loadProfile = lp.loadProfile;
      rawLoadProfile = lp.raw;
    } else if (opts.loadProfile) {
      notes.push({ level: 'info', message: `Mode ${id.mode} meters offer only the data readout; no load profile was read.` });
    }
    return {
      identification: id,
      mode: id.mode,
      baud: signOn.baud,
      readout,
      registers,
      loadProfile,
      rawLoadProfile,
      notes,
    };
  } finally {
    session.dispose();
  }
}

/**
 * Programming-mode part, in a ProgrammingSession on the same link (protocol/iec62056-21/programming.ts): sign-on
 * Y=1, P0, optional P1, R5 P.01(from;to), B0 — so a meter that drops the session is signed on again and asked
 * again, and an `(ERRnn)` (e.g. a lock) gets the password again and one repeat. A meter without programming
 * mode, or one that still answers the request with `(ERRnn)`, gives a note instead of a load profile.
 */
async function readLoadProfile(
  transport: Transport,
  opts: MeterReadOptions,
  hooks: Pick<SessionOptions, 'onBytes' | 'onBaud'>,
  report: (message: string) => void,
  enter: (step: ReadStep, expectedBytes: number | null) => void,
): Promise<{ loadProfile: LoadProfile | null; raw: Uint8Array | null; note: ReadingNote | null }> {
  const lp = opts.loadProfile!;
  const p = new ProgrammingSession(transport, {
    address: opts.address,
    maxBaud: opts.maxBaud,
    timings: opts.timings,
    signal: opts.signal,
    ...hooks,
    password: opts.password,
    onEvent: (m) => {
      opts.onEvent?.(m);
      report(m);
    },
    resignOnPauseMs: opts.resignOnPauseMs,
  });
  try {
    try {
      await p.open();
    } catch (e) {
      if (e instanceof ProtocolError && (e.code === 'NO_ANSWER' || e.code === 'METER_ERROR')) {
        return { loadProfile: null, raw: null, note: { level: 'warning', message: 'The meter did not enter programming mode, so no load profile was read (the registers were read normally).' } };
      }
      throw e;
    }
    const from = lp.fromUtc ? localStampFromUtc(lp.fromUtc, opts.timeZone) : null;
    const to = lp.toUtc ? localStampFromUtc(lp.toUtc, opts.timeZone) : null;
    // Estimate: one line per 15-min interval, ~30 characters for two channels.
    const estimate = lp.fromUtc && lp.toUtc ? Math.max(1, ((Date.parse(lp.toUtc) - Date.parse(lp.fromUtc)) / 900_000) * 30) : null;
    enter('load-profile', estimate);
    const shown = (t: { local: string }) => t.local.slice(0, 16).replace('T', ' ');
    report(`Reading load profile P.0${lp.profile ?? 1} ${from ? `from ${shown(from)}` : 'from the start'} ${to ? `to ${shown(to)}` : 'to now'} (meter time)…`);
    let answer: { loadProfile: LoadProfile; raw: Uint8Array };
    try {
      answer = await p.readLoadProfile({ profile: lp.profile, from, to }, opts.timeZone, { expected: estimate === null ? undefined : { bytes: estimate, kind: 'estimate' } });
    } catch (e) {
      if (e instanceof ProtocolError && e.code === 'METER_ERROR') {
        return { loadProfile: null, raw: null, note: { level: 'warning', message: `The meter has no load profile to give: ${e.message}` } };
      }
      throw e;
    }
    const profile = answer.loadProfile;
    report(`Load profile complete: ${profile.intervals.length} intervals of ${profile.periodMinutes} min, ${answer.raw.length} bytes`);
    enter('break', null);
    report('Ending the session (B0).');
    return { loadProfile: profile, raw: answer.raw, note: null };
  } finally {
    await p.close(); // B0 (never throws)
  }
}
