/**
 * The header every report carries (contract/report-views.ts `reportHeaderSchema`): who ran it and when, the period
 * in the report's zone, the parameters in words, the data sources, coverage, the gaps (listed up to
 * MAX_LISTED_GAPS, all counted) and the notes.
 */
import type { CoverageView, GapView, ReportHeader, ReportNote } from '../../contract/reports';
import { isoUtc, type ReportPeriod } from '../../reporting/periods';
import { round } from '../../reporting/series';
import { MAX_LISTED_GAPS } from './common';

/** Who runs a report, and the run's identity. */
export interface RunMeta {
  readonly runId: number;
  readonly by: string;
  readonly now: Date;
}

/**
 * Notes without repeats: the same sentence about several meters ("Meter C-1: no tariff scheme …", "Meter C-2: no
 * tariff scheme …") becomes one ("Meters C-1, C-2: no tariff scheme …").
 */
export function mergeMeterNotes(notes: readonly string[]): string[] {
  const out: string[] = [];
  const groups = new Map<string, string[]>();
  for (const n of new Set(notes)) {
    const m = /^Meter (\S+): (.*)$/s.exec(n);
    if (!m) {
      out.push(n);
      continue;
    }
    const rest = m[2]!;
    if (!groups.has(rest)) out.push(`\u0000${rest}`);
    groups.set(rest, [...(groups.get(rest) ?? []), m[1]!]);
  }
  return out.map((n) => {
    if (!n.startsWith('\u0000')) return n;
    const rest = n.slice(1);
    const serials = groups.get(rest)!;
    return `${serials.length === 1 ? 'Meter' : 'Meters'} ${serials.join(', ')}: ${rest}`;
  });
}

/** The header of a report over `p` (figuresSha256 is filled in last, over the finished report). */
export function reportHeader(
  meta: RunMeta,
  p: ReportPeriod,
  parts: {
    title: string;
    parameters: readonly { name: string; value: string }[];
    sources: readonly { label: string; detail: string }[];
    coverage: { present: number; expected: number };
    gaps: readonly GapView[];
    notes: readonly string[];
    warnings?: readonly string[];
  },
): Omit<ReportHeader, 'figuresSha256'> {
  const gaps = [...parts.gaps].sort((a, b) => a.fromUtc.localeCompare(b.fromUtc) || a.source.localeCompare(b.source));
  const coverage: CoverageView = {
    present: parts.coverage.present,
    expected: parts.coverage.expected,
    share: parts.coverage.expected === 0 ? 0 : round(parts.coverage.present / parts.coverage.expected, 6),
  };
  const notes: ReportNote[] = [
    ...(parts.warnings ?? []).map((message) => ({ level: 'warning' as const, message })),
    ...mergeMeterNotes(parts.notes).map((message) => ({ level: /gap|no load|unknown|uncertain|missing|not /i.test(message) ? ('warning' as const) : ('info' as const), message })),
  ];
  if (coverage.expected > 0 && coverage.present < coverage.expected) {
    notes.unshift({
      level: 'warning',
      message: `${coverage.expected - coverage.present} of ${coverage.expected} intervals have no data (${round(100 * (1 - coverage.share), 2)} %): they are gaps, not zeros; totals cover the data present.`,
    });
  }
  return {
    runId: meta.runId,
    title: parts.title,
    generatedUtc: meta.now.toISOString(),
    generatedBy: meta.by,
    timeZone: p.zone,
    fromDate: p.fromDate,
    toDate: p.toDate,
    fromUtc: isoUtc(p.fromMs),
    toUtc: isoUtc(p.toMs),
    parameters: [...parts.parameters],
    sources: [...parts.sources],
    coverage,
    gaps: gaps.slice(0, MAX_LISTED_GAPS),
    gapsTotal: gaps.length,
    notes,
  };
}
