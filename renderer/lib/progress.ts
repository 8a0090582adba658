/**
 * Progress in words for the long jobs (reading, clock, programming): elapsed time, the time left estimated from the
 * percent done (a straight-line estimate: elapsed × (100 − p) / p, given only once the job is under way, so the
 * first seconds of sign-on do not produce wild numbers), and the port a job runs on as people say it ("the emulated
 * Elster A1140", "COM7"). Times in milliseconds. Pure: no DOM, no API.
 */
import type { PortInfoView } from '../../contract';

/** Shortest elapsed time and percent before an estimate is given (ms, %). */
const MIN_ELAPSED_MS = 3_000;
const MIN_PERCENT = 3;

/** Milliseconds as `45 s`, `1 min 05 s`, `1 h 02 min` (rounded to whole seconds). */
export function durationShort(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/**
 * Time left, ms, from the time elapsed and the percent done (0–100), or null when it cannot be estimated yet
 * (percent unknown, under 3 %, done, or under 3 s elapsed).
 */
export function timeLeftMs(elapsedMs: number, percent: number | null): number | null {
  if (percent === null || !Number.isFinite(percent) || percent < MIN_PERCENT || percent >= 100 || elapsedMs < MIN_ELAPSED_MS) return null;
  return (elapsedMs * (100 - percent)) / percent;
}

/**
 * `12 s elapsed · about 40 s left` (or just the elapsed part when no estimate can be given, e.g. while the size of a
 * load profile is not known yet).
 */
export function progressTiming(elapsedMs: number, percent: number | null): string {
  const left = timeLeftMs(elapsedMs, percent);
  const elapsed = `${durationShort(elapsedMs)} elapsed`;
  return left === null ? elapsed : `${elapsed} · about ${durationShort(Math.max(1000, left))} left`;
}

/**
 * A port as people say it: the built-in emulated meters by their label in the port list ("Emulated Elster A1140
 * (built-in)" → "the emulated Elster A1140"), `emulator` → "the emulated meter", anything else as its path.
 */
export function portWords(path: string, ports: readonly Pick<PortInfoView, 'path' | 'label'>[] = []): string {
  if (path === 'emulator') return 'the emulated meter';
  const label = ports.find((p) => p.path === path)?.label;
  if (label && /^emulated /i.test(label)) return `the ${label.replace(/\s*\(built-in\)\s*$/i, '').replace(/^Emulated/, 'emulated')}`;
  const m = /^emulator:([a-z0-9-]+)$/i.exec(path);
  if (m) return /^a1[17]\d\d$/i.test(m[1]!) ? `the emulated Elster ${m[1]!.toUpperCase()}` : `the emulated ${m[1]} meter`;
  return path;
}
