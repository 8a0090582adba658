import { A1140_DEFINITION } from './a1140';
import { A1700_DEFINITION } from './a1700';
import type { LoadedDefinitionFile } from './file';
import { GENERIC_DEFINITION } from './generic';
import { mergeDefinition } from './merge';
import type { MeterModel } from './models';
import type { DataItem, MeterDefinition } from './schema';

/**
 * Meter definitions as data (issue 10 item 2): one built-in definition per model (a1140.ts, a1700.ts, generic.ts),
 * each data item with size, layout, unit and scale, access level and provenance; user definition files (file.ts)
 * merged in (merge.ts). Pure: no node:, no DOM.
 */

export * from './file';
export * from './merge';
export * from './models';
export * from './provenance';
export * from './schema';

/** The built-in definitions by model. */
export const BUILTIN_DEFINITIONS: Readonly<Record<MeterModel, MeterDefinition>> = {
  generic: GENERIC_DEFINITION,
  A1140: A1140_DEFINITION,
  A1700: A1700_DEFINITION,
};

/**
 * The definition of `model` with the loaded files that apply merged in.
 * @param identification the meter's identification line when known (files may be limited to some firmware).
 */
export function definitionFor(model: MeterModel, files: readonly LoadedDefinitionFile[] = [], identification?: string | null): MeterDefinition {
  return mergeDefinition(BUILTIN_DEFINITIONS[model], files, identification);
}

/**
 * The data item `id` of `def`, or null. Generic list entries (`0-0:13.3.4`) match their `.n` item (`0-0:13.3.n`).
 */
export function findItem(def: MeterDefinition, id: string): DataItem | null {
  const exact = def.items.find((i) => i.id === id);
  if (exact) return exact;
  const list = /^(.*\.)\d+$/.exec(id);
  return list ? def.items.find((i) => i.id === `${list[1]}n`) ?? null : null;
}

/**
 * Size in bytes of an item of `def`.
 * @throws RangeError when the definition has no such item or its size varies (a programming error: readers ask only for
 *   fixed-size items).
 */
export function itemBytes(def: MeterDefinition, id: string): number {
  const item = findItem(def, id);
  if (!item || item.bytes === null) throw new RangeError(`the ${def.name} definition has no fixed size for data item ${id}`);
  return item.bytes;
}
export * from './capabilities';
