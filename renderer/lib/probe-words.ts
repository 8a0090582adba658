/**
 * Words for optical-probe profiles and the connection wizard in the window (pure): line states, echo, what a profile
 * does in one line, the outcome of a wizard try. Main's own words (contract/probe.ts views) are shown as they come.
 */
import type { DetectTry, EchoMode, LineState, ProbeProfile } from '../../contract';

export const LINE_LABELS: Readonly<Record<LineState, string>> = { leave: 'As the driver sets it', on: 'On (asserted)', off: 'Off' };
export const ECHO_LABELS: Readonly<Record<EchoMode, string>> = { detect: 'Detect', echoes: 'The probe echoes', none: 'No echo' };

/** "DTR on, RTS off, echo removed, up to 4800 baud, +500 ms reaction" — what the profile does, briefly. */
export function profileSummary(p: ProbeProfile): string {
  const line = (name: string, s: LineState) => (s === 'leave' ? null : `${name} ${s}`);
  const parts = [
    line('DTR', p.dtr),
    line('RTS', p.rts),
    p.echo === 'echoes' ? 'echo removed' : p.echo === 'detect' ? 'echo detected' : 'no echo',
    `up to ${p.maxBaud} baud`,
    p.reactionMarginMs > 0 ? `+${p.reactionMarginMs} ms reaction` : null,
    p.interCharDelayMs > 0 ? `${p.interCharDelayMs} ms between characters` : null,
    p.baudChangeDelayMs > 0 ? `${p.baudChangeDelayMs} ms before a speed change` : null,
    p.powerUpMs > 0 ? `${p.powerUpMs} ms power-up` : null,
    p.retries !== 3 ? `${p.retries} retries` : null,
  ];
  return parts.filter((x): x is string => x !== null).join(', ');
}

/** A try's outcome in one or two words, for the badge. */
export const OUTCOME_LABELS: Readonly<Record<DetectTry['outcome'], string>> = {
  nothing: 'Nothing',
  garbled: 'Garbled',
  identification: 'Identification only',
  session: 'Works',
};

/** "about 1 min 30 s" for a bound in seconds. */
export function secondsWords(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s % 60);
  return r === 0 ? `${m} min` : `${m} min ${r} s`;
}
