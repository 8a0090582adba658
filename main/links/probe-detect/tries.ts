/**
 * One try of the probe-connection wizard (./plan.ts): open the port with the try's profile (through the link registry,
 * so the serial provider applies it exactly as for a reading), sign on, and — when the meter identifies itself in mode
 * C/E — select programming mode at the try's speed, receive the password operand P0 at that speed (proof that the speed
 * change and the echo handling work both ways) and end with B0. Elster meters get option select Y=6 (their
 * manufacturer mode, reference elster-dialect.md "Session"), others Y=1. Bounded by TRY_LIMIT_MS; never throws for what
 * the meter or probe does: the outcome says it in words. Throws when the port itself cannot be opened (LINK_LOST on a
 * try that sets no line) and when the wizard is cancelled.
 */
import type { DetectTry } from '../../../contract/probe';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { Identification } from '../../../protocol/iec62056-21/identification';
import { Session } from '../../../protocol/iec62056-21/session';
import { chooseMeterProfile } from '../../../protocol/meters';
import type { LineFormat, LinkRegistry } from '../types';
import { addressWords, linesWords, TRY_LIMIT_MS, tryProfile, type TryPlan } from './plan';

/** What a try needs besides its plan. */
export interface TryContext {
  readonly links: LinkRegistry;
  readonly port: string;
  readonly timeZone: string;
  readonly line?: LineFormat;
  readonly signal?: AbortSignal;
}

/** A try's result: the contract's record plus the speed reached (null when no session was made). */
export interface TryResult {
  readonly record: DetectTry;
  readonly sessionBaud: number | null;
  /** The meter's identification (for the ceiling search), or null. */
  readonly identification: Identification | null;
}

/** Garbled when bytes came that were no identification; nothing otherwise. */
function failureWords(e: unknown, bytesFromMeter: number): { outcome: 'nothing' | 'garbled'; words: string } {
  if (e instanceof ProtocolError && e.code === 'CANCELLED') throw e;
  if (e instanceof ProtocolError && (e.code === 'GARBLED' || e.code === 'STOPPED_ANSWERING' || e.code === 'BAD_BCC' || bytesFromMeter > 0)) {
    const detail = e.detail ? ` (${e.detail.slice(0, 60)})` : '';
    return { outcome: 'garbled', words: `garbled bytes${detail}` };
  }
  if (e instanceof ProtocolError && e.code === 'NO_ANSWER') return { outcome: 'nothing', words: 'nothing came back' };
  return { outcome: 'nothing', words: (e as Error).message };
}

/** Run try `n` of plan `t` (see the file comment). @throws ProtocolError CANCELLED when the wizard is cancelled. */
export async function runTry(c: TryContext, n: number, t: TryPlan): Promise<TryResult> {
  const t0 = Date.now();
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), TRY_LIMIT_MS);
  const stop = () => limit.abort();
  c.signal?.addEventListener('abort', stop);
  const base = { n, dtr: t.dtr, rts: t.rts, address: t.address, maxBaud: t.maxBaud };
  const lead = `${linesWords(t)}, ${addressWords(t.address)}, up to ${t.maxBaud} baud: `;
  let echoSeen: boolean | null = null;
  let identification: Identification | null = null;
  let sessionBaud: number | null = null;
  let outcome: DetectTry['outcome'] = 'nothing';
  let words = '';
  try {
    const link = await c.links.open({ port: c.port, timeZone: c.timeZone, line: c.line ?? '7E1', probe: tryProfile(t, c.port), signal: limit.signal });
    try {
      const seen = () => (link.transport as { echoSeen?: () => boolean | null }).echoSeen?.() ?? null;
      const options = { ...(t.address ? { address: t.address } : {}), maxBaud: t.maxBaud, ...(link.timings ? { timings: link.timings } : {}), signal: limit.signal };
      const first = new Session(link.transport, options);
      try {
        identification = await first.identify();
        outcome = 'identification';
        words = `identification ${identification.raw}`;
      } catch (e) {
        ({ outcome, words } = failureWords(e, first.bytesFromMeter));
      } finally {
        first.dispose();
      }
      if (identification && (identification.mode === 'C' || identification.mode === 'E')) {
        const id = identification;
        const second = new Session(link.transport, { ...options, identified: id });
        try {
          const elster = chooseMeterProfile(id).profile === 'elster';
          const { baud } = await second.signOn(elster ? '6' : '1');
          await second.receiveOperand();
          await second.sendBreak();
          sessionBaud = baud;
          outcome = 'session';
          words += `; the meter answered at ${baud} baud`;
        } catch (e) {
          if (e instanceof ProtocolError && e.code === 'CANCELLED') throw e;
          const f = failureWords(e, 0);
          words += `, but after the option select at ${second.currentBaud} baud: ${f.outcome === 'nothing' ? 'no answer' : f.words}`;
        } finally {
          second.dispose();
        }
      } else if (identification) {
        words += ` (mode ${identification.mode}: no speed change to check)`;
      }
      echoSeen = seen();
      if (link.probe?.notes.length) words += ` (${link.probe.notes.join(' ')})`;
    } finally {
      await link.close();
    }
  } catch (e) {
    if (c.signal?.aborted) throw new ProtocolError('CANCELLED', 'The connection wizard was cancelled.');
    // A port that cannot be opened at all stops the wizard; one that refuses a line state fails only this try.
    const setsLines = t.dtr !== 'leave' || t.rts !== 'leave';
    if (e instanceof ProtocolError && e.code === 'LINK_LOST' && !setsLines) throw e;
    if (e instanceof ProtocolError && e.code === 'LINK_LOST') return { record: { ...base, outcome: 'nothing', echoSeen: null, words: lead + e.message, identification: null, ms: Date.now() - t0 }, sessionBaud: null, identification: null };
    if (!(e instanceof ProtocolError && e.code === 'CANCELLED')) throw e;
    words = words || `no result within ${TRY_LIMIT_MS / 1000} s`;
  } finally {
    clearTimeout(timer);
    c.signal?.removeEventListener('abort', stop);
  }
  if (c.signal?.aborted) throw new ProtocolError('CANCELLED', 'The connection wizard was cancelled.');
  if (echoSeen) words += '; the probe echoes what is sent';
  return {
    record: { ...base, outcome, echoSeen, words: `${lead}${words}.`, identification: identification?.raw ?? null, ms: Date.now() - t0 },
    sessionBaud,
    identification,
  };
}
