/**
 * Where a scheme problem lives in the editor: problem paths (schemes/validate.ts `SchemeProblem.path`, the
 * scheme's JSON path such as `dayProfiles.0.switches.3.time`) → the editor section that shows it, and helpers to
 * mark the fields and sections that have problems. Pure (no DOM), unit-tested.
 */

/** The editor's sections, in tab order; `roots` are the top-level scheme keys each one edits. */
export const SCHEME_SECTIONS = [
  { id: 'general', label: 'General', roots: ['format', 'formatVersion', 'id', 'name', 'version', 'description', 'meterModel'] },
  { id: 'rates', label: 'Rates', roots: ['rates'] },
  { id: 'day-profiles', label: 'Day profiles', roots: ['dayProfiles'] },
  { id: 'week-profiles', label: 'Week profiles', roots: ['weekProfiles'] },
  { id: 'seasons', label: 'Seasons', roots: ['seasons'] },
  { id: 'special-days', label: 'Special days', roots: ['specialDays'] },
  { id: 'dst', label: 'DST', roots: ['dst'] },
  { id: 'maximum-demand', label: 'Maximum demand', roots: ['maximumDemand'] },
  { id: 'load-profile', label: 'Load profile', roots: ['loadProfile'] },
  { id: 'pulse-outputs', label: 'Pulse outputs', roots: ['pulseOutputs'] },
] as const;

/** One of the editor's scheme sections. */
export type SchemeSectionId = (typeof SCHEME_SECTIONS)[number]['id'];

/** A path as a validator or zod may give it: dotted text, or a list of keys and indexes. */
export type ProblemPath = string | readonly (string | number | symbol)[];

/** One path segment list → the dotted key used in `data-path` attributes (`dayProfiles.0.switches.3.time`). */
export function pathKey(path: ProblemPath): string {
  if (typeof path === 'string') return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
  return path.map((p) => String(p)).join('.');
}

/** The section that edits `path` (a path outside every section — e.g. the whole scheme — goes to General). */
export function sectionOfPath(path: ProblemPath): SchemeSectionId {
  const root = pathKey(path).split('.')[0] ?? '';
  for (const s of SCHEME_SECTIONS) if ((s.roots as readonly string[]).includes(root)) return s.id;
  return 'general';
}

/** True when `path` is `prefix` itself or lies inside it (`dayProfiles.0` contains `dayProfiles.0.switches.1`). */
export function isUnder(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}.`);
}

/** Anything with a path and a severity (a SchemeProblem). */
export interface PathProblem {
  readonly path: ProblemPath;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** The problems of exactly the field at `key`. */
export function problemsAt<P extends PathProblem>(problems: readonly P[], key: string): P[] {
  return problems.filter((p) => pathKey(p.path) === key);
}

/** The problems at `key` or anywhere inside it. */
export function problemsUnder<P extends PathProblem>(problems: readonly P[], key: string): P[] {
  return problems.filter((p) => isUnder(pathKey(p.path), key));
}

/** Errors and warnings per section, for the badges on the section tabs. */
export function countsBySection(problems: readonly PathProblem[]): Record<SchemeSectionId, { errors: number; warnings: number }> {
  const out = Object.fromEntries(SCHEME_SECTIONS.map((s) => [s.id, { errors: 0, warnings: 0 }])) as Record<SchemeSectionId, { errors: number; warnings: number }>;
  for (const p of problems) {
    const c = out[sectionOfPath(p.path)];
    if (p.severity === 'error') c.errors++;
    else c.warnings++;
  }
  return out;
}

/**
 * The keys to try, most precise first, when jumping to a problem: the path itself, then each parent
 * (`dayProfiles.0.switches.3.time` → `…switches.3` → `…switches` → `dayProfiles.0` → `dayProfiles`).
 */
export function focusCandidates(path: ProblemPath): string[] {
  const parts = pathKey(path).split('.').filter((p) => p !== '');
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(parts.slice(0, n).join('.'));
  return out;
}
