import type { LoadedDefinitionFile } from './file';
import { provenanceKind } from './provenance';
import { type DataItem, type ElsterFacts, type MeterDefinition, dataItemSchema } from './schema';

/**
 * Merging loaded definition files into a built-in definition. Files apply in the order given (later wins), only
 * to their model, and only to meters whose identification matches the file's `identification` expression.
 * - an item with `confirmed: true` keeps the built-in layout and gets `confirmedBy` = the file's name and the
 *   file's provenance;
 * - an item with other fields replaces those fields (a new item when the id is unknown), with the file's provenance
 *   (and `confirmedBy` = the file's name when that provenance is public or manual);
 * - `elster` facts replace the built-in facts.
 */

/** True when a file applies to a meter of `model` with identification `identification` (unknown = applies). */
export function fileApplies(f: LoadedDefinitionFile, model: MeterDefinition['model'], identification?: string | null): boolean {
  if (f.file.model !== model) return false;
  if (f.file.identification === undefined || identification == null) return true;
  return new RegExp(f.file.identification).test(identification);
}

/** `def` with the files that apply merged in (see the module comment). Pure; never throws for checked files. */
export function mergeDefinition(def: MeterDefinition, files: readonly LoadedDefinitionFile[], identification?: string | null): MeterDefinition {
  const applying = files.filter((f) => fileApplies(f, def.model, identification));
  if (applying.length === 0) return def;
  const items = new Map(def.items.map((i) => [i.id, i]));
  let elster: ElsterFacts | null = def.elster;
  for (const { name, file } of applying) {
    for (const entry of file.items) {
      const { confirmed, provenance, ...fields } = entry;
      const base = items.get(entry.id);
      const proven = provenance !== undefined && provenanceKind(provenance) !== 'assumption';
      const merged: DataItem = dataItemSchema.parse({
        ...(base ?? { name: `item ${entry.id}`, bytes: null, encoding: 'records', layout: 'as the definition file says', readLevel: 1, writeLevel: null, provenance: 'assumption' }),
        ...fields,
        provenance: provenance ?? base?.provenance ?? 'assumption',
        ...(proven || confirmed ? { confirmedBy: name } : {}),
      });
      items.set(entry.id, merged);
    }
    if (elster && file.elster) elster = { ...elster, ...file.elster };
  }
  return { ...def, items: [...items.values()], elster, sources: [...def.sources, ...applying.map((f) => f.name)] };
}

/**
 * True when a data item's layout may be written to a REAL meter: public or manual provenance, or confirmed by a
 * loaded definition file.
 */
export function isProven(item: DataItem): boolean {
  return provenanceKind(item.provenance) !== 'assumption' || item.confirmedBy !== undefined;
}
