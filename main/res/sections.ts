/**
 * Reading the sections of a .RES body (docs/res-format.md): a cursor over the lines between the magic line
 * and `[end]`, key=value sections and tab-separated tables. Every error carries the 1-based file line.
 */
import { ResFormatError } from './errors';

/** Section names of format version 1, in the order they must appear. */
export const SECTIONS = [
  'reading',
  'meter',
  'session',
  'registers',
  'load-profile',
  'notes',
  'raw-readout',
  'raw-load-profile',
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** Column header rows of the tables. */
export const REGISTER_COLUMNS = ['address', 'obis', 'code', 'billing_period', 'value', 'text', 'unit', 'timestamp_local', 'values', 'interpretation'] as const;
/**
 * The register header of files written before the `interpretation` column existed: still read (the
 * interpretation is then derived from the code and text, protocol/iec62056-21/interpret.ts).
 */
export const REGISTER_COLUMNS_WITHOUT_INTERPRETATION = REGISTER_COLUMNS.slice(0, 9);
export const NOTE_COLUMNS = ['level', 'message'] as const;
/** Interval table columns before the per-channel value columns `v1`…`vN`. */
export const INTERVAL_COLUMNS = ['start_utc', 'end_utc', 'start_local', 'dst', 'status'] as const;

const HEADER = /^\[([a-z0-9-]+)\]$/;

/** A key=value map of one section, each value with its line number. */
export type KeyValues = Map<string, { value: string; line: number }>;

/** Cursor over body lines; `lines[0]` is file line `firstLine`. */
export class LineReader {
  private i = 0;
  constructor(
    private readonly lines: readonly string[],
    private readonly firstLine: number,
  ) {}

  /** File line number of the current line. */
  get lineNo(): number {
    return this.firstLine + this.i;
  }

  /** True when the current line is a section header or the body has ended. */
  atSectionEnd(): boolean {
    const l = this.lines[this.i];
    return l === undefined || (l.charCodeAt(0) === 0x5b /* [ */ && HEADER.test(l));
  }

  /** The current line (undefined at the end of the body), without consuming it. */
  peek(): string | undefined {
    return this.lines[this.i];
  }

  /** Consumes and returns the current line. */
  next(): { text: string; line: number } {
    const text = this.lines[this.i] ?? '';
    const line = this.lineNo;
    this.i++;
    return { text, line };
  }

  /** True when every line of the body has been consumed. */
  done(): boolean {
    return this.i >= this.lines.length;
  }

  /**
   * Consumes the header `[name]`. Throws `missing-section` when another known section (or `[end]`) comes
   * first, `bad-section` for an unknown or repeated one. Returns the header's line number.
   */
  section(name: SectionName): number {
    const l = this.lines[this.i];
    const m = l === undefined ? null : HEADER.exec(l);
    if (m !== null && m[1] === name) return this.next().line;
    const found = l === undefined ? '[end]' : m !== null ? `[${m[1]}]` : `"${l}"`;
    const known = l === undefined || (m !== null && SECTIONS.includes(m[1] as SectionName) && SECTIONS.indexOf(m[1] as SectionName) > SECTIONS.indexOf(name));
    throw new ResFormatError(
      known ? 'missing-section' : 'bad-section',
      this.lineNo,
      known
        ? `the [${name}] section is missing (found ${found} where it should start).`
        : `expected the [${name}] section here but found ${found}.`,
    );
  }

  /**
   * Consumes key=value lines until the next section header, or until `stop(line)` is true. Throws
   * `bad-line` for a line without `=`, a key not in `allowed`, or a repeated key.
   */
  keyValues(section: string, allowed: (key: string) => boolean, stop: (line: string) => boolean = () => false): KeyValues {
    const out: KeyValues = new Map();
    while (!this.atSectionEnd() && !stop(this.peek() ?? '')) {
      const { text, line } = this.next();
      const eq = text.indexOf('=');
      const key = eq < 0 ? '' : text.slice(0, eq);
      if (eq < 0 || !allowed(key)) {
        throw new ResFormatError('bad-line', line, `in [${section}], "${text}" is not one of the expected key=value lines.`);
      }
      if (out.has(key)) throw new ResFormatError('bad-line', line, `in [${section}], the key "${key}" appears twice.`);
      out.set(key, { value: text.slice(eq + 1), line });
    }
    return out;
  }

  /**
   * Consumes a table: the exact header row `columns` joined by TAB (or one of the `older` header rows of earlier
   * files, whose rows then have that many cells), then rows up to the next section header.
   * Throws `bad-line` for a missing/different header row, `bad-row` for a row with another column count.
   */
  table(section: string, columns: readonly string[], older: readonly (readonly string[])[] = []): { cells: string[]; line: number }[] {
    const header = columns.join('\t');
    const old = older.find((c) => c.join('\t') === this.peek());
    if (old !== undefined) columns = old;
    else if (this.peek() !== header) {
      throw new ResFormatError('bad-line', this.lineNo, `the column header row of [${section}] should be "${columns.join(' | ')}".`);
    }
    this.next();
    const rows: { cells: string[]; line: number }[] = [];
    while (!this.atSectionEnd()) {
      const { text, line } = this.next();
      const cells = text.split('\t');
      if (cells.length !== columns.length) {
        throw new ResFormatError('bad-row', line, `this row of [${section}] has ${cells.length} columns; ${columns.length} were expected.`);
      }
      rows.push({ cells, line });
    }
    return rows;
  }
}

/** The value of a required key, or `bad-line` at the section header line when it is missing. */
export function required(kv: KeyValues, key: string, section: string, headerLine: number): { value: string; line: number } {
  const v = kv.get(key);
  if (v === undefined) throw new ResFormatError('bad-line', headerLine, `the [${section}] section has no "${key}=" line.`);
  return v;
}
