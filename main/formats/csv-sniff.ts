/**
 * A first look at a CSV file for the column-mapping dialog: which delimiter it uses, its header cells, a few
 * sample rows, and guesses of the decimal mark and the number of header rows.
 */
import { csvRecords, type CsvDelimiter, type CsvRecord } from './csv-text';
import { PROFILE_CSV_COLUMNS } from './profile-columns';

/** What {@link sniffCsv} found. */
export interface CsvSniff {
  /** The delimiter the lines split into the most consistent number (> 1) of columns with; `,` when none does. */
  readonly delimiter: CsvDelimiter;
  /** Cells of the first non-blank row (0-based index = the column number of a CsvMapping). */
  readonly headers: string[];
  /** Up to `sampleRows` rows after the first one. */
  readonly sample: string[][];
  /** `,` when the delimiter is not a comma and sample cells look like `12,5`; else `.`. */
  readonly decimal: '.' | ',';
  /** False when the file is a PMU load-profile CSV (imported without a mapping). */
  readonly needsMapping: boolean;
  /** 1 when the first row looks like a header (text above number columns, or no number at all while the rows have some), else 0. */
  readonly headerRows: number;
}

const CANDIDATES: readonly CsvDelimiter[] = [';', ',', '\t'];

/** The first `n` non-blank lines of `text` (cut at line ends; a quoted line end may split a record). */
function firstLines(text: string, n: number): string {
  return text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, n).join('\n');
}

function tryRecords(text: string, d: CsvDelimiter): CsvRecord[] {
  try {
    return csvRecords(text, d);
  } catch {
    return [];
  }
}

/**
 * The delimiter of a CSV, judged on its first 50 non-blank lines: for each of `;`, `,`, tab, the share of
 * lines having the most common column count; the best share with a count above 1 wins (ties: more columns,
 * then the order `;` `,` tab). `,` when no candidate splits the lines.
 */
export function guessDelimiter(text: string): CsvDelimiter {
  const head = firstLines(text, 50);
  let best: { d: CsvDelimiter; share: number; cols: number } = { d: ',', share: 0, cols: 1 };
  for (const d of CANDIDATES) {
    const recs = tryRecords(head, d);
    const counts = new Map<number, number>();
    for (const r of recs) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    for (const [cols, n] of counts) {
      const share = n / recs.length;
      if (cols > 1 && (share > best.share || (share === best.share && cols > best.cols))) best = { d, share, cols };
    }
  }
  return best.d;
}

const NUMBERISH = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * Looks at the start of a CSV for the mapping dialog (never throws: unreadable quoting gives fewer rows).
 * @param sampleRows how many rows after the first to return (default 10).
 */
export function sniffCsv(text: string, sampleRows = 10): CsvSniff {
  const delimiter = guessDelimiter(text);
  const recs = tryRecords(firstLines(text, sampleRows + 1), delimiter);
  const headers = [...(recs[0]?.fields ?? [])];
  const sample = recs.slice(1, sampleRows + 1).map((r) => [...r.fields]);
  const cells = sample.flat().map((c) => c.trim());
  const decimal = delimiter !== ',' && cells.some((c) => /^[+-]?\d+,\d+$/.test(c)) ? ',' : '.';
  const numericCols = headers.map((_h, i) => sample.length > 0 && sample.every((r) => NUMBERISH.test((r[i] ?? '').trim())));
  const textOverNumbers = headers.some((h, i) => numericCols[i] === true && !NUMBERISH.test(h.trim()));
  const noNumbersAtTop = !headers.some((h) => NUMBERISH.test(h.trim())) && cells.some((c) => NUMBERISH.test(c));
  const headerRows = sample.length === 0 || textOverNumbers || noNumbersAtTop ? 1 : 0;
  const own = delimiter === ',' && PROFILE_CSV_COLUMNS.every((c, i) => headers[i] === c);
  return { delimiter, headers, sample, decimal, headerRows, needsMapping: !own };
}
