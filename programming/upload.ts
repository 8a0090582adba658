import type { ProgramPlan, ProgramWrite } from './plan';
import { ProtocolError } from '../protocol/iec62056-21/errors';
import type { AbortLike } from '../protocol/iec62056-21/reader';

/**
 * Upload a program plan over an open programming session and read it back, for any meter profile: the profile
 * supplies how ONE write is sent and read ({@link PlanIo}: elster/program.ts over an ElsterSession, generic/program.ts
 * over a ProgrammingSession); this module keeps the books — which writes were done and which were not when the link
 * fails part way, progress per write, cancellation between writes. Pure (no I/O of its own).
 */

/** How one plan write is sent to, and read back from, the meter. */
export interface PlanIo {
  /** Send `w` (W1/W5); resolves when the meter acknowledged it. @throws ProtocolError. */
  write(w: ProgramWrite): Promise<void>;
  /** Read back the value at `w.address` in the plan's value form (hex for W1, text for W5). @throws ProtocolError. */
  read(w: ProgramWrite): Promise<string>;
  /** True when `e` is the meter's well-formed refusal of one request (ERRn): the next request may still work. */
  isRefusal(e: unknown): boolean;
}

/** Progress of an upload or read back: `done` of `total` writes, the one just finished. */
export interface PlanStep {
  readonly done: number;
  readonly total: number;
  readonly write: ProgramWrite;
}

/** What an upload achieved. `error` is why it stopped (null when every write was acknowledged). */
export interface UploadOutcome {
  readonly written: ProgramWrite[];
  readonly notWritten: ProgramWrite[];
  readonly error: Error | null;
}

/** What a read back got: address → value; `unread` = verified writes whose value could not be read. */
export interface ReadBackOutcome {
  readonly readBack: Map<string, string>;
  readonly unread: ProgramWrite[];
  /** The link failure that stopped the read back, or null (refusals of single reads are only `unread`). */
  readonly error: Error | null;
}

/** Options of upload and read back. */
export interface PlanRunOptions {
  /** Called after each write (or read) completes. */
  readonly onStep?: (step: PlanStep) => void;
  /** Stops before the next write/read (the current one finishes or fails on its own). */
  readonly signal?: AbortLike;
}

function cancelled(what: string): ProtocolError {
  return new ProtocolError('CANCELLED', `The ${what} was cancelled.`);
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Send the plan's writes in order. Stops at the first failure (the meter refused a write, the link failed, or the
 * job was cancelled): that write and every later one are `notWritten`. Never throws.
 */
export async function uploadPlan(plan: ProgramPlan, io: PlanIo, opts: PlanRunOptions = {}): Promise<UploadOutcome> {
  const written: ProgramWrite[] = [];
  const total = plan.writes.length;
  for (const [i, w] of plan.writes.entries()) {
    try {
      if (opts.signal?.aborted) throw cancelled('upload');
      await io.write(w);
    } catch (e) {
      return { written, notWritten: plan.writes.slice(i), error: asError(e) };
    }
    written.push(w);
    opts.onStep?.({ done: i + 1, total, write: w });
  }
  return { written, notWritten: [], error: null };
}

/**
 * Read back every verified write of `writes` (default: all of the plan's). A refusal of one read (ERRn) leaves that
 * address unread and goes on; a link failure or cancellation stops the read back (the rest are unread). Never throws.
 */
export async function readBackPlan(plan: ProgramPlan, io: PlanIo, opts: PlanRunOptions & { writes?: readonly ProgramWrite[] } = {}): Promise<ReadBackOutcome> {
  const todo = (opts.writes ?? plan.writes).filter((w) => w.verify);
  const readBack = new Map<string, string>();
  const unread: ProgramWrite[] = [];
  for (const [i, w] of todo.entries()) {
    try {
      if (opts.signal?.aborted) throw cancelled('read back');
      readBack.set(w.address, await io.read(w));
    } catch (e) {
      if (!io.isRefusal(e)) return { readBack, unread: [...unread, ...todo.slice(i)], error: asError(e) };
      unread.push(w);
    }
    opts.onStep?.({ done: i + 1, total: todo.length, write: w });
  }
  return { readBack, unread, error: null };
}
