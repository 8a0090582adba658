/**
 * IEC 62056-21 timing limits (clause 6.3.14 "Reaction and monitoring times", table 3 of the 2002 edition;
 * ../shared/reference/iec62056-21.md "Timing").
 */
export interface SessionTimings {
  /** tr max: longest wait for the first byte of an answer, ms. Standard 1500 ms. */
  readonly reactionTimeoutMs: number;
  /** ta max: longest pause between two characters of one message, ms. Standard 1500 ms. */
  readonly interCharTimeoutMs: number;
  /** tr min: the client waits at least this long after receiving before it sends, ms. Standard 200 ms. */
  readonly minReactionMs: number;
  /** tr min when the meter flags the short reaction time (lower-case third manufacturer letter), ms: 20. */
  readonly shortMinReactionMs: number;
  /** How many times a NAKed or damaged programming-mode block is asked for again (standard: up to 3 repeats). */
  readonly maxRepeats: number;
}

/** Limits straight from the standard. */
export const STANDARD_TIMINGS: SessionTimings = {
  reactionTimeoutMs: 1500,
  interCharTimeoutMs: 1500,
  minReactionMs: 200,
  shortMinReactionMs: 20,
  maxRepeats: 3,
};

/** Wire time of `chars` characters at `baud` on a 7E1 line (1 start + 7 data + 1 parity + 1 stop = 10 bits), ms. */
export function wireTimeMs(chars: number, baud: number): number {
  return (chars * 10 * 1000) / baud;
}
