import {
  type ElsterFacts, type LoadedDefinitionFile, type LpValueEncoding, type MeterDefinition, definitionFor, findItem,
} from '../../../meter-definitions';

/**
 * One Elster meter's model facts, resolved from its meter definition (meter-definitions/: the built-in A1140 or A1700
 * definition with the user definition files that apply to this meter's identification merged in) and its
 * identification (the A1700's TOU register count by device number, public:abba1700/ABBA1700MeterType.java:19-20,65-83).
 * Readers, the emulator and the programming compiler ask this object for sizes and layouts, never a hard-coded number.
 */

/** Meter families of the dialect (A1100 only streams one-way OBIS data and does not speak it). */
export type ElsterFamily = 'A1140' | 'A1120' | 'A1700';

/** The facts of one Elster meter. */
export interface ElsterModel {
  readonly family: ElsterFamily;
  /** The definition used (A1120 meters use the A1140's: same manual M181 001, same driver). */
  readonly definition: MeterDefinition;
  /** This meter's TOU register count. */
  readonly touRegisters: number;
  /** What each 507 register holds ('' = reserved). */
  readonly cumulativeRegisters: readonly string[];
  readonly maxDemandRegisters: number;
  readonly cumulativeMaxDemandRegisters: number;
  readonly lpValueEncoding: LpValueEncoding;
  readonly lpChannelMask: ElsterFacts['lpChannelMask']['value'];
  readonly lpMaxChannels: number;
  readonly lpSelection: ElsterFacts['lpSelection']['value'];
  readonly lpExtendedStatus: boolean;
  readonly ctRatioLayout: ElsterFacts['ctRatioLayout']['value'];
  readonly vtRatioId: string | null;
  readonly programmingLog: ElsterFacts['programmingLog']['value'];
  readonly historicalEvents: ElsterFacts['historicalEvents']['value'];
  /** True when the definition lists data item `id`. */
  has(id: string): boolean;
  /**
   * Size of item `id` on this meter (508 and 667 scaled to the TOU register count).
   * @throws RangeError when the definition has no fixed size for it.
   */
  bytes(id: string): number;
}

/** Device number (characters 10–12) of an identification line, or null (public:abba1700/ABBA1700MeterType.java:77). */
export function deviceNumber(identification: string | null | undefined): string | null {
  return identification && identification.length >= 13 ? identification.slice(10, 13) : null;
}

/** Options of {@link elsterModel}. */
export interface ElsterModelOptions {
  /** The meter's identification line (A1700 variant; definition files limited to a firmware). */
  readonly identification?: string | null;
  /** User definition files loaded from the data directory. */
  readonly definitions?: readonly LoadedDefinitionFile[];
  /** Force the TOU register count (e.g. an emulated meter of a given variant). */
  readonly touRegisters?: number;
}

/**
 * The model facts of an Elster meter of `family`.
 * @throws RangeError for a TOU count the model does not have.
 */
export function elsterModel(family: ElsterFamily, o: ElsterModelOptions = {}): ElsterModel {
  const definition = definitionFor(family === 'A1700' ? 'A1700' : 'A1140', o.definitions ?? [], o.identification);
  const f = definition.elster!;
  const variants = f.touRegisters.value;
  let touRegisters = variants[0]!;
  if (o.touRegisters !== undefined) {
    if (!variants.includes(o.touRegisters)) throw new RangeError(`The ${family} has ${variants.join(' or ')} TOU registers, not ${o.touRegisters}.`);
    touRegisters = o.touRegisters;
  } else if (variants.length > 1) {
    const dn = deviceNumber(o.identification);
    touRegisters = dn !== null && f.touRegisters32DeviceNumbers.value.includes(dn) ? Math.max(...variants) : Math.min(...variants);
  }
  const base = variants[0]!;
  return {
    family,
    definition,
    touRegisters,
    cumulativeRegisters: f.cumulativeRegisters.value,
    maxDemandRegisters: f.maxDemandRegisters.value,
    cumulativeMaxDemandRegisters: f.cumulativeMaxDemandRegisters.value,
    lpValueEncoding: f.lpValueEncoding.value,
    lpChannelMask: f.lpChannelMask.value,
    lpMaxChannels: f.lpMaxChannels.value,
    lpSelection: f.lpSelection.value,
    lpExtendedStatus: f.lpExtendedStatus.value,
    ctRatioLayout: f.ctRatioLayout.value,
    vtRatioId: f.vtRatioId.value,
    programmingLog: f.programmingLog.value,
    historicalEvents: f.historicalEvents.value,
    has: (id) => findItem(definition, id) !== null,
    bytes(id) {
      const item = findItem(definition, id);
      if (!item || item.bytes === null) throw new RangeError(`the ${definition.name} definition has no fixed size for data item ${id}`);
      return id === '508' || id === '667' ? (item.bytes / base) * touRegisters : item.bytes;
    },
  };
}
