/**
 * A report as a self-contained HTML page for printing from the desktop app (main/electron prints it in a hidden,
 * script-less window through webContents.print). Every text is escaped; no script, no external resource.
 */
import type { Cell, ReportDocument } from './document';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const cell = (c: Cell) => (c === null ? '—' : esc(typeof c === 'number' ? String(c) : c));

/** The print page of a document. */
export function documentHtml(doc: ReportDocument): string {
  const tables = doc.tables
    .map((t) => {
      if (t.printLimit !== undefined && t.rows.length > t.printLimit) return `<h2>${esc(t.title)}</h2><p class="small">${t.rows.length} rows: in the CSV and XLSX exports.</p>`;
      const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
      const body = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${t.numeric[i] ? ' class="n"' : ''}>${cell(c)}</td>`).join('')}</tr>`).join('');
      return `<h2>${esc(t.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
    })
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>@page{size:A4 landscape;margin:12mm}body{font:9pt sans-serif}h1{font-size:14pt}h2{font-size:11pt;margin:10pt 0 3pt}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:1pt 4pt;text-align:left}td.n{text-align:right}
thead{display:table-header-group}tr{break-inside:avoid}.small{color:#555;font-size:8pt}</style></head><body>
<h1>${esc(doc.title)}</h1><table>${doc.header.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
${doc.notes.length > 0 ? `<h2>Notes</h2><ul>${doc.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}${tables}</body></html>`;
}
