/**
 * The probe-connection wizard's plan (issue 16 item 2): which combinations it tries, in which order, how long each
 * may take, and the words for what a try saw. The tries themselves are ./tries.ts; the whole run ./wizard.ts.
 *
 * Order (most likely first): modem lines as the driver leaves them (both asserted: self-powered USB probes), DTR on and
 * RTS off, DTR off and RTS on, both off (probes powered from, or switched by, one line — the PMU's "DTR enabled /
 * disabled" probe types); for each, the empty device address (any meter on the probe) and then the addresses given.
 * The first try that gets an identification continues into a session at the meter's fastest speed; when the speed
 * change fails, the baud ceiling is found by climbing from 300 baud (so at most one try leaves the meter in a failed
 * session, see {@link RECOVERY_MAX_MS}). Echo is not tried: every try detects it (./../serial/echo.ts) and reports it.
 */
import { STANDARD_PROBE_PROFILE, type LineState, type ProbeProfile } from '../../../contract/probe';
import { BAUD_RATES } from '../../../contract/meter';

/** Modem-line combinations, in the order tried. */
export const LINE_TRIES: readonly { readonly dtr: LineState; readonly rts: LineState }[] = [
  { dtr: 'leave', rts: 'leave' },
  { dtr: 'on', rts: 'off' },
  { dtr: 'off', rts: 'on' },
  { dtr: 'off', rts: 'off' },
];

/**
 * Wait after changing the lines before the sign-on, ms. ASSUMPTION: long enough for a probe powered from DTR/RTS to
 * start (no public source gives a figure); the built-in "RS-232 line-powered" profile uses the same.
 */
export const WIZARD_POWER_UP_MS = 300;

/**
 * Longest time one try may take, ms: opening the port, power-up, the sign-on at 300 baud (5 characters, 167 ms), the
 * meter's reaction time (IEC 62056-21: at most 1500 ms), the identification (up to ~40 characters, 1.3 s), the option
 * select, the operand at the new speed and the break, with room for slow USB adapters.
 */
export const TRY_LIMIT_MS = 8000;

/**
 * Longest wait for a meter left in a failed session (the speed change did not get through) to take a new sign-on at
 * 300 baud, ms: meters drop an idle programming session after 60–120 s (reference iec62056-21.md "Timing") — 130 s
 * covers that. The wizard signs on every few seconds meanwhile and goes on as soon as the meter answers.
 */
export const RECOVERY_MAX_MS = 130_000;

/** One combination to try. */
export interface TryPlan {
  readonly dtr: LineState;
  readonly rts: LineState;
  readonly address: string;
  /** Highest speed to negotiate. */
  readonly maxBaud: number;
}

/** The first phase: every line combination × address, at the highest speed. */
export function lineTries(addresses: readonly string[]): TryPlan[] {
  const all = ['', ...addresses.filter((a) => a !== '')];
  return LINE_TRIES.flatMap((l) => all.map((address) => ({ ...l, address, maxBaud: 19200 })));
}

/** Speeds below `failed` to climb through, lowest first. */
export function ceilingTries(base: Omit<TryPlan, 'maxBaud'>, failed: number): TryPlan[] {
  return BAUD_RATES.filter((b) => b < failed).map((maxBaud) => ({ ...base, maxBaud }));
}

/** Upper bound of the whole wizard, seconds (shown before it starts). */
export function maxWizardSeconds(addresses: readonly string[]): number {
  const tries = lineTries(addresses).length + BAUD_RATES.length;
  return Math.ceil((tries * TRY_LIMIT_MS + RECOVERY_MAX_MS) / 1000);
}

/** The number of tries of the first phase (the progress total until a ceiling search starts). */
export function firstPhaseTries(addresses: readonly string[]): number {
  return lineTries(addresses).length;
}

/** The profile a try uses: the standard one with the try's lines, ceiling and echo detection. */
export function tryProfile(t: TryPlan, port: string): ProbeProfile {
  const lines = t.dtr !== 'leave' || t.rts !== 'leave';
  return { ...STANDARD_PROBE_PROFILE, name: `${port} (trying)`.slice(0, 40).replace(/[^A-Za-z0-9 ._()/+-]/g, '_'), dtr: t.dtr, rts: t.rts, echo: 'detect', maxBaud: t.maxBaud, powerUpMs: lines ? WIZARD_POWER_UP_MS : 0 };
}

const LINE_WORDS: Readonly<Record<LineState, string>> = { on: 'on', off: 'off', leave: 'as the driver sets it' };

/** "DTR on, RTS off" / "DTR and RTS as the driver sets them". */
export function linesWords(t: { readonly dtr: LineState; readonly rts: LineState }): string {
  if (t.dtr === 'leave' && t.rts === 'leave') return 'DTR and RTS as the driver sets them';
  return `DTR ${LINE_WORDS[t.dtr]}, RTS ${LINE_WORDS[t.rts]}`;
}

/** "any meter" / "address 12345678". */
export const addressWords = (a: string) => (a === '' ? 'any meter' : `address ${a}`);
