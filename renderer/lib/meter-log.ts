/**
 * The programming log and the events of a stored reading, picked from its registers and notes for the
 * "Programming log" and "Events" panels. Codes (protocol/meters/elster/registers.ts and IEC 62056-61):
 * C.2.x = parameterisation (C.2.0 programming counter with the newest programming time; C.2.1 "date of last
 * parameterisation" when a meter reports it); 128.2.k = the Elster meter's own programming log (680: user, time,
 * port); 128.99.n = Elster historical events (544, named groups: count and last times); 128.98.n = Elster event logs
 * 691…701; C.7.x = power-failure counters. Every Elster code has a description (protocol/meters/elster/describe.ts).
 */
import type { ReadingView, RegisterView } from '../../contract';
import { describeRegister } from '../../protocol/meters/describe';
import { elsterLogName } from '../../protocol/meters/elster/describe';

const COUNTER = 'C.2.0';
const PROGRAMMING = /^(C\.2\.\d+|128\.2\.\d+)$/;
const EVENT = /^128\.(99|98)\.\d+$/;
const POWER_FAILURES = /^C\.7\.\d+$/;
const PROGRAMMING_NOTE = /programming counter|\bprogrammed\b|\buser ID/i;
const EVENT_NOTE = /\bevents?\b|\blogbook\b/i;

/** One line of a panel: what, value as sent, when (meter local time `YYYY-MM-DDThh:mm:ss`) or null. */
export interface LogLine {
  readonly code: string;
  readonly label: string;
  readonly value: string;
  readonly atLocal: string | null;
}

/** The programming log of a reading. */
export interface ProgrammingLog {
  /** How often the meter was reprogrammed (C.2.0), or null when not reported. */
  readonly counter: number | null;
  /** Programming times known, newest first, meter local time. */
  readonly lastLocal: readonly string[];
  /** Every programming register (counter, dates, user IDs) as lines. */
  readonly lines: readonly LogLine[];
  readonly notes: readonly string[];
}

/** The events of a reading. */
export interface MeterEvents {
  readonly lines: readonly LogLine[];
  /** How many records report at least one occurrence. */
  readonly occurred: number;
  readonly notes: readonly string[];
}

function label(r: RegisterView): string {
  if (r.code === COUNTER) return 'Programming counter';
  const base = elsterLogName(r.code) ?? describeRegister(r.code, 'GEC')?.replace(/ \(ID \d+\)$/, '') ?? r.description ?? r.code;
  return r.billingPeriod === null ? base : `${base} (billing period ${r.billingPeriod})`;
}

function line(r: RegisterView): LogLine {
  return { code: r.code, label: label(r), value: r.unit ? `${r.text} ${r.unit}` : r.text, atLocal: r.timestampLocal };
}

/** The programming log of `reading`, or null when it reports none (no C.2.x register, no programming note). */
export function programmingLog(reading: Pick<ReadingView, 'registers' | 'notes'>): ProgrammingLog | null {
  const regs = reading.registers.filter((r) => PROGRAMMING.test(r.code));
  const notes = reading.notes.map((n) => n.message).filter((m) => PROGRAMMING_NOTE.test(m));
  if (regs.length === 0 && notes.length === 0) return null;
  const counter = regs.find((r) => r.code === COUNTER && r.billingPeriod === null);
  const lastLocal = regs
    .map((r) => r.timestampLocal)
    .filter((t): t is string => t !== null)
    .sort()
    .reverse();
  return { counter: counter?.value ?? null, lastLocal: [...new Set(lastLocal)], lines: regs.map(line), notes };
}

/** The events of `reading`, or null when it reports none (no event or power-failure register, no event note). */
export function meterEvents(reading: Pick<ReadingView, 'registers' | 'notes'>): MeterEvents | null {
  const regs = reading.registers.filter((r) => EVENT.test(r.code) || POWER_FAILURES.test(r.code));
  const notes = reading.notes.map((n) => n.message).filter((m) => EVENT_NOTE.test(m));
  if (regs.length === 0 && notes.length === 0) return null;
  return { lines: regs.map(line), occurred: regs.filter((r) => (r.value ?? 0) > 0).length, notes };
}
