import { BUILTIN_DEFINITIONS, type DataItem, type MeterDefinition, findItem, isProven, provenanceKind, shortProvenance } from '../meter-definitions';
import type { ProgramPlan, ProgramWrite } from './plan';

/**
 * The safety rail for writes (issue 10 item 3): programming a REAL meter writes nothing unless every write's layout is
 * proven — public (read in public code), from a manual, or confirmed by a loaded meter definition file — and is the
 * layout this program actually writes (a definition file that describes a different layout does not make ours
 * right). Emulated meters take every write: they are built from the same layouts. The generic meter's W5 data sets
 * follow the same rule (meter-definitions/generic.ts says where each address comes from).
 */

/** One write refused on a real meter, and why. */
export interface UnprovenWrite {
  readonly address: string;
  /** The data item's name, e.g. `day profiles`. */
  readonly name: string;
  readonly provenance: string;
  /** Plain reason, e.g. `no public source, manual or definition file confirms this layout`. */
  readonly reason: string;
}

const UNCONFIRMED = 'no public source, manual or loaded definition file confirms this layout';

/** A provenance in a few words: `public:abba1140/…:107`, `manual:<doc>`, `assumption` (its reason left out). */
function provenanceWords(p: string): string {
  return provenanceKind(p) === 'assumption' ? 'assumption' : shortProvenance(p);
}

const sameLayout = (a: DataItem, b: DataItem) => a.bytes === b.bytes && a.encoding === b.encoding && a.layout === b.layout && a.scale === b.scale;

/**
 * The writes of `plan` that a real meter must not get, per `def` (the meter's definition with the loaded files merged
 * in). Empty when every write is proven.
 */
export function unprovenWrites(plan: ProgramPlan, def: MeterDefinition): UnprovenWrite[] {
  const builtin = BUILTIN_DEFINITIONS[def.model];
  const seen = new Set<string>();
  const out: UnprovenWrite[] = [];
  for (const w of plan.writes) {
    const item = findItem(def, w.address);
    const key = item?.id ?? w.address;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!item) {
      out.push({ address: w.address, name: w.description, provenance: 'assumption', reason: `no meter definition lists data item ${w.address}` });
      continue;
    }
    const ours = findItem(builtin, w.address);
    if (ours && !sameLayout(item, ours)) {
      out.push({ address: item.id, name: item.name, provenance: item.provenance, reason: `${item.confirmedBy ?? 'a definition file'} describes a different layout (${item.layout}) from the one this program writes (${ours.layout})` });
      continue;
    }
    if (!isProven(item)) out.push({ address: item.id, name: item.name, provenance: item.provenance, reason: UNCONFIRMED });
  }
  return out;
}

/**
 * The plain refusal message: what was not written, each data ID with its provenance, and how to supply a definition.
 * @param where where definition files go (e.g. `C:\Users\…\meter-definitions`), named in the advice.
 */
export function unprovenMessage(def: MeterDefinition, refused: readonly UnprovenWrite[], where: string): string {
  const list = refused.map((r) => `${r.address} ${r.name} (${provenanceWords(r.provenance)}${r.reason === UNCONFIRMED ? '' : `; ${r.reason}`})`).join('; ');
  return (
    `Nothing was written. This real ${def.name} would get ${refused.length} layout${refused.length === 1 ? '' : 's'} that no public source, ` +
    `manual or loaded definition file confirms, and a wrong layout may change something else in a revenue meter: ${list}. ` +
    `To program it, put a meter definition file from the maker's documentation that confirms ${refused.length === 1 ? 'this layout' : 'these layouts'} ` +
    `(each item with "confirmed": true and a "manual:<document, page>" provenance; docs/meter-definitions.md) into ${where} and try again.`
  );
}

/** A write's provenance in words for the staging view and the certificate: `public:abba1140/…:107`, `assumption (confirmed by x.meter.json)`. */
export function provenanceText(w: Pick<ProgramWrite, 'provenance' | 'confirmedBy'>): string {
  const p = provenanceWords(w.provenance);
  return w.confirmedBy ? `${p} (confirmed by ${w.confirmedBy})` : p;
}

/** `plan` with each write's provenance taken from `def` (the definition that applies to the meter on the probe). */
export function withProvenance(plan: ProgramPlan, def: MeterDefinition): ProgramPlan {
  return {
    ...plan,
    writes: plan.writes.map((w) => {
      const item = findItem(def, w.address);
      const { confirmedBy: _old, ...rest } = w;
      return { ...rest, provenance: item?.provenance ?? 'assumption', ...(item?.confirmedBy ? { confirmedBy: item.confirmedBy } : {}) };
    }),
  };
}
