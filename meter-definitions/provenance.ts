import { z } from 'zod';

/**
 * Where a meter fact comes from. Every data item, size, layout and limit of a meter definition carries one:
 * - `public:<repository path>:<line>` — read in public code (the EnergyICT/Honeywell drivers in GitHub
 *   `chandangeek/Connexo_Code`, docs/elster-sources.md lists each fact with its file and line);
 * - `manual:<document, page or clause>` — a maker's manual or a standard;
 * - `assumption` (optionally `assumption:<why>`) — nobody has shown it: this program's choice. Never written to a
 *   real meter unless a loaded definition file confirms it (programming/safety.ts).
 */

/** Kinds of provenance. */
export type ProvenanceKind = 'public' | 'manual' | 'assumption';

/** A provenance text, checked: `public:…:<line>`, `manual:<text>`, `assumption` or `assumption:<why>`. */
export const provenanceSchema = z
  .string()
  .regex(/^(public:.+:\d+(-\d+)?|manual:.+|assumption(:.+)?)$/, 'must be "public:<repository path>:<line>", "manual:<document, page>" or "assumption"');
/** See {@link provenanceSchema}. */
export type Provenance = z.infer<typeof provenanceSchema>;

/** The kind of a provenance text (`assumption` for anything unrecognised). */
export function provenanceKind(p: string): ProvenanceKind {
  if (p.startsWith('public:')) return 'public';
  if (p.startsWith('manual:')) return 'manual';
  return 'assumption';
}

/** Repository of the public drivers. */
export const DRIVER_REPO = 'chandangeek/Connexo_Code';
/** Folder of the A1140 driver in {@link DRIVER_REPO}. */
export const A1140_DIR = 'upl/com.energyict.mdc.upl.impl/protocolimpl/src/main/java/com/energyict/protocolimpl/iec1107/abba1140/';
/** Folder of the A1700 driver in {@link DRIVER_REPO}. */
export const A1700_DIR = 'upl/com.energyict.mdc.upl.impl/protocolimpl/src/main/java/com/energyict/protocolimpl/iec1107/abba1700/';
/** Folder of the shared IEC 1107 session (FlagIEC1107Connection) in {@link DRIVER_REPO}. */
export const IEC1107_DIR = 'upl/com.energyict.mdc.upl.impl/protocolcommon/src/main/java/com/energyict/protocolimpl/iec1107/';

/** `public:<A1140 driver file>:<line>`. */
export const a1140Src = (file: string, line: number | string): Provenance => `public:${A1140_DIR}${file}:${line}`;
/** `public:<A1700 driver file>:<line>`. */
export const a1700Src = (file: string, line: number | string): Provenance => `public:${A1700_DIR}${file}:${line}`;

/** A short form of a provenance for tables: `public:abba1140/ABBA1140DataIdentityFactory.java:110`. */
export function shortProvenance(p: string): string {
  return p.replace(/public:.*\/iec1107\//, 'public:');
}

/** A number, list or flag with where it comes from. */
export interface Fact<T> {
  readonly value: T;
  readonly provenance: Provenance;
}
/** Build a {@link Fact}. */
export const fact = <T>(value: T, provenance: Provenance): Fact<T> => ({ value, provenance });
