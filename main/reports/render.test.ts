import { describe, expect, it } from 'vitest';
import { csvRecords } from '../formats/csv-text';
import type { ReportDocument } from './document';
import { documentCsv } from './render';
import { documentHtml } from './render-html';

const doc: ReportDocument = {
  title: '=HYPERLINK("http://x","click")',
  header: [['Data source: Meter @SUM(A1)', '+cmd|\' /C calc\'!A0']],
  notes: ['-2+3 looks like a formula'],
  tables: [{ title: 'Per day', columns: ['Date', 'Energy kWh'], numeric: [false, true], rows: [['2025-03-01', -12.5], ['2025-03-02', null]] }],
};

describe('report files are safe to open', () => {
  it('CSV: text cells that a spreadsheet would run as a formula are neutralised; numbers stay numbers; our reader restores them', () => {
    const csv = documentCsv(doc);
    expect(csv.startsWith('\ufeff"\'=HYPERLINK')).toBe(true);
    expect(csv).toContain('Data source: Meter @SUM(A1)'); // not at the start of the cell: harmless
    expect(csv).toContain(`"'+cmd|' /C calc'!A0"`);
    expect(csv).toContain('2025-03-01,-12.5\r\n');
    expect(csv).toContain('2025-03-02,\r\n');
    const back = csvRecords(csv, ',').map((r) => r.fields);
    expect(back[0]).toEqual([doc.title]);
    expect(back[1]).toEqual([...doc.header[0]!]);
  });

  it('HTML print page: every text escaped, no script', () => {
    const html = documentHtml({ ...doc, title: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
  });
});
