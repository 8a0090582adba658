/**
 * The workstation clock against an NTP server, through @hapi/sntp (RFC 4330 SNTP v4: offset t = ((T2 − T1) +
 * (T3 − T4)) / 2, delay d = (T4 − T1) − (T3 − T2); reference "remote links" / "Time references"). Several requests;
 * the answer with the smallest round-trip delay is kept (its offset is the least disturbed by the network: the NTP
 * clock filter's rule, RFC 5905 clause 10).
 */
import { time } from '@hapi/sntp';

/** One measurement: reference − workstation, ms, and its round-trip delay. */
export interface ReferenceOffset {
  readonly offsetMs: number;
  readonly delayMs: number;
  /** "NTP 127.0.0.1:123 (stratum primary)". */
  readonly source: string;
}

/**
 * Ask `host:port` `samples` times (timeout `timeoutMs` each).
 * @throws Error with a plain message when no answer came ("… did not answer within 2 s").
 */
export async function ntpOffset(host: string, port = 123, opts: { samples?: number; timeoutMs?: number } = {}): Promise<ReferenceOffset> {
  const samples = opts.samples ?? 4;
  const timeout = opts.timeoutMs ?? 2000;
  const answers = [];
  let lastError: unknown = null;
  for (let i = 0; i < samples; i++) {
    try {
      const t = await time({ host, port, timeout });
      if (t.isValid) answers.push(t);
    } catch (e) {
      lastError = e;
    }
  }
  if (answers.length === 0) {
    const why = (lastError as Error | null)?.message ?? 'no valid answer';
    throw new Error(`The NTP server ${host}:${port} did not answer within ${timeout / 1000} s (${why}). Check the name and that UDP port ${port} is open.`);
  }
  const best = answers.reduce((a, b) => (b.d < a.d ? b : a));
  return { offsetMs: best.t, delayMs: best.d, source: `NTP ${host}:${port} (stratum ${best.stratum})` };
}
