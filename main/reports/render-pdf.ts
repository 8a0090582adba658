/**
 * A report as PDF through pdfmake (a maintained PDF library over pdfkit; docs/ARCHITECTURE.md "Dependencies"):
 * A4 landscape, a running header with the report title and run, every page numbered "Page n of m" with the
 * generation time, the report header (who, when, period, parameters, data sources, coverage, gaps) first, then the
 * notes and the tables. Per-interval tables longer than their print limit are left to the CSV/XLSX exports (a line
 * says so). Fonts: Roboto as shipped with pdfmake (Unicode: −, ×, Σ, ≥ print). Network and file access of pdfmake
 * are closed except the font folder.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ReportDocument, DocTable } from './document';

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (p: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

let pdfmake: PdfMake | null = null;

/** pdfmake, loaded on first use (the CLI's other commands never load it) with its fonts and access policies. */
function engine(): PdfMake {
  if (pdfmake !== null) return pdfmake;
  const m = require('pdfmake') as PdfMake;
  const fonts = path.dirname(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
  m.setFonts({
    Roboto: {
      normal: path.join(fonts, 'Roboto-Regular.ttf'), bold: path.join(fonts, 'Roboto-Medium.ttf'),
      italics: path.join(fonts, 'Roboto-Italic.ttf'), bolditalics: path.join(fonts, 'Roboto-MediumItalic.ttf'),
    },
  });
  m.setUrlAccessPolicy(() => false);
  m.setLocalAccessPolicy((p) => path.resolve(p).startsWith(fonts));
  pdfmake = m;
  return m;
}

const cellText = (c: string | number | null): string => (c === null ? '—' : typeof c === 'number' ? String(c) : c);

function tableBlock(t: DocTable): Record<string, unknown>[] {
  if (t.printLimit !== undefined && t.rows.length > t.printLimit) {
    return [
      { text: t.title, style: 'h2' },
      { text: `${t.rows.length} rows: too many to print; they are in the CSV and XLSX exports of this run.`, style: 'small' },
    ];
  }
  const body = [
    t.columns.map((c) => ({ text: c, style: 'th' })),
    ...t.rows.map((r) => r.map((c, i) => ({ text: cellText(c), alignment: t.numeric[i] ? 'right' : 'left' }))),
  ];
  const block = [
    { text: t.title, style: 'h2' },
    t.rows.length === 0
      ? { text: 'none', style: 'small' }
      : { table: { headerRows: 1, dontBreakRows: true, body }, layout: 'lightHorizontalLines', style: 'table' },
  ];
  // A short table stays on one page with its title; a long one keeps its header row on every page.
  return t.rows.length <= 25 ? [{ stack: block, unbreakable: true }] : block;
}

/** The document as PDF bytes. */
export async function renderPdf(doc: ReportDocument): Promise<Uint8Array> {
  const generated = doc.header.find(([k]) => k === 'Generated at')?.[1] ?? '';
  const run = doc.header.find(([k]) => k === 'Run')?.[1] ?? '';
  const definition = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 48, 36, 44],
    info: { title: doc.title, creator: 'PMU Workstation', producer: 'PMU Workstation (pdfmake)' },
    header: () => ({ text: `${doc.title} — run ${run}`, margin: [36, 20, 36, 0], style: 'small' }),
    footer: (page: number, pages: number) => ({ columns: [{ text: `Generated ${generated}`, style: 'small' }, { text: `Page ${page} of ${pages}`, alignment: 'right', style: 'small' }], margin: [36, 12, 36, 0] }),
    content: [
      { text: doc.title, style: 'h1' },
      { table: { widths: [150, '*'], body: doc.header.map(([k, v]) => [{ text: k, bold: true }, { text: v }]) }, layout: 'noBorders', style: 'table' },
      ...(doc.notes.length > 0 ? [{ text: 'Notes', style: 'h2' }, { ul: doc.notes.map((n) => ({ text: n })), style: 'notes' }] : []),
      ...doc.tables.flatMap(tableBlock),
    ],
    defaultStyle: { font: 'Roboto', fontSize: 8 },
    styles: {
      h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 8] },
      h2: { fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
      th: { bold: true },
      small: { fontSize: 7, color: '#555555' },
      table: { margin: [0, 0, 0, 4] },
      notes: { margin: [0, 0, 0, 4] },
    },
  };
  const buf = await engine().createPdf(definition).getBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
