/**
 * A report as a file: CSV (sections one after another, UTF-8 with BOM, every cell through the shared CSV writer
 * main/formats/csv-text.ts), XLSX (exceljs: a "Report" sheet with the header and notes, one sheet per table, numbers
 * as numbers) or PDF (./render-pdf.ts). All three draw the same document model (./document.ts).
 */
import ExcelJS from 'exceljs';
import type { Report } from '../../contract/reports';
import { BOM, csvLines, plainNumber } from '../formats/csv-text';
import { reportDocument, type Cell, type ReportDocument } from './document';
import { renderPdf } from './render-pdf';

/** Output formats of a report. */
export type ReportFormat = 'pdf' | 'xlsx' | 'csv';

const text = (c: Cell): string => (c === null ? '' : typeof c === 'number' ? plainNumber(c) : c);

/** The document as CSV text: header pairs, notes, then each table under a `# title` row, a blank row between. */
export function documentCsv(doc: ReportDocument): string {
  const rows: string[][] = [[doc.title], ...doc.header.map(([k, v]) => [k, v]), ...doc.notes.map((n) => ['Note', n])];
  for (const t of doc.tables) {
    rows.push([], [`# ${t.title}`], [...t.columns], ...t.rows.map((r) => r.map(text)));
  }
  return BOM + csvLines(rows);
}

/** A sheet name Excel accepts: ≤ 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28) || 'Table';
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 26)} ${k}`;
  used.add(name.toLowerCase());
  return name;
}

/** The document as an XLSX workbook. */
export async function documentXlsx(doc: ReportDocument): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PMU Workstation';
  const used = new Set<string>();
  const first = wb.addWorksheet(sheetName('Report', used));
  first.columns = [{ width: 28 }, { width: 110 }];
  first.addRow([doc.title]).font = { bold: true, size: 14 };
  for (const [k, v] of doc.header) first.addRow([k, v]);
  for (const n of doc.notes) first.addRow(['Note', n]);
  for (const t of doc.tables) {
    const ws = wb.addWorksheet(sheetName(t.title, used), { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([t.title]).font = { bold: true };
    ws.addRow([...t.columns]).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c) => (c === null ? null : c)));
    ws.columns.forEach((col, i) => {
      col.width = Math.min(60, Math.max(10, t.columns[i]!.length + 2, ...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)));
      if (t.numeric[i]) col.numFmt = '0.###';
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** `report` as the bytes of a `format` file. */
export async function renderReport(report: Report, format: ReportFormat): Promise<Uint8Array> {
  const doc = reportDocument(report);
  if (format === 'csv') return new TextEncoder().encode(documentCsv(doc));
  if (format === 'xlsx') return documentXlsx(doc);
  return renderPdf(doc);
}
