import { csvLines } from '../formats/csv-text';
import type { ProgrammingCertificate, ProgramWrite } from '../../programming/plan';
import { provenanceText } from '../../programming/safety';

/**
 * The programming certificate (programming/plan.ts) as documents: plain text for the CLI, printing and filing
 * (`certificateText`), CSV of every planned write with what was read back (`certificateCsv`, RFC 4180 via
 * csv-stringify, one row per write) and JSON (`certificateJson`, lossless, re-readable with
 * programmingCertificateSchema). Times as stored: UTC ISO; the meter clock in its local time. Every write names where
 * its layout comes from (public driver source, manual, or this program's assumption confirmed by a definition file:
 * programming/safety.ts), and the certificate says whether the meter was a built-in emulated one.
 */

const STATUS_WORDS: Record<ProgrammingCertificate['status'], string> = {
  verified: 'VERIFIED — every item written and read back equal to the scheme',
  differences: 'DIFFERENCES — every item written, but the meter holds something else (listed below)',
  'partially-programmed': 'PARTIALLY PROGRAMMED — the upload stopped part way (what was and was not written is listed below)',
  failed: 'FAILED — nothing was written',
};

const counterText = (c: ProgrammingCertificate['counterBefore']) =>
  c === null ? 'not available' : `${c.count}${c.lastTimesUtc[0] ? ` (last programmed ${c.lastTimesUtc[0]})` : ''}`;

const ratio = (r: string | null) => r ?? '1/1 (direct connected)';

/** The certificate as a plain-text document (lines end with `\n`). */
export function certificateText(cert: ProgrammingCertificate): string {
  const m = cert.meter;
  const readBack = new Map(cert.readBack.map((r) => [r.address, r.value]));
  const lines: string[] = [
    `PROGRAMMING CERTIFICATE — job ${cert.jobId}`,
    `Result        ${STATUS_WORDS[cert.status]}`,
    '',
    `Meter         ${m.model} serial ${m.serial}${m.identification ? `   identification ${m.identification}` : ''}`,
    `Site          ${m.site || '—'}   customer ${m.customer || '—'}`,
    `CT ratio      ${ratio(m.ctRatio)}   VT ratio ${ratio(m.vtRatio)}   time zone ${m.timeZone}`,
    `Scheme        ${cert.scheme.id} "${cert.scheme.name}" (saved version ${cert.scheme.version} of library scheme #${cert.scheme.storeId}, SHA-256 ${cert.scheme.contentSha256.slice(0, 16)}…)`,
    `Staged by     ${cert.stagedBy ?? 'not recorded'}   approved by ${cert.approvedBy ?? 'not recorded'}${cert.approvedUtc ? ` at ${cert.approvedUtc}` : ''}`,
    `Programmed by ${cert.operator} (user ID in the meter: ${cert.meterUserId}) on port ${cert.port}${cert.emulated ? ' (a built-in emulated meter)' : ''}`,
    ...(cert.seenSerial !== null && cert.seenSerial !== m.serial ? [`Meter seen    serial ${cert.seenSerial} on the probe — NOT the staged meter ${m.serial}`] : []),
    `Definitions   built-in${cert.definitionFiles.length > 0 ? ` + ${cert.definitionFiles.join(', ')}` : ''}`,
    `Started       ${cert.startedUtc}   finished ${cert.finishedUtc}`,
    `Meter clock   ${cert.meterTimeLocal ? `${cert.meterTimeLocal.replace('T', ' ')} (meter local time, at the start)` : 'not read'}`,
    `Counter       before ${counterText(cert.counterBefore)}; after ${counterText(cert.counterAfter)}`,
  ];
  if (cert.error) lines.push(`Error         ${cert.error}`);
  lines.push('', `Written (${cert.written.length} of ${cert.written.length + cert.notWritten.length})`);
  for (const w of cert.written) {
    const rb = readBack.get(w.address);
    const check = !w.verify ? 'not verifiable' : rb === undefined ? 'not read back' : (w.command === 'W1' ? rb.toUpperCase() === w.value.toUpperCase() : rb === w.value) ? 'read back equal' : 'read back differs';
    lines.push(`  ${w.command} ${w.address.padEnd(12)} ${w.description} — ${check}`, `  ${''.padEnd(w.command.length + 13)} layout: ${provenanceText(w)}`);
  }
  if (cert.notWritten.length > 0) {
    lines.push('', `NOT written (${cert.notWritten.length})`);
    for (const w of cert.notWritten) lines.push(`  ${w.command} ${w.address.padEnd(12)} ${w.description}`, `  ${''.padEnd(w.command.length + 13)} layout: ${provenanceText(w)}`);
  }
  lines.push('', cert.differences.length === 0 ? 'Differences   none' : `Differences (${cert.differences.length})`);
  for (const d of cert.differences) lines.push(`  ${d.message}`);
  return `${lines.join('\n')}\n`;
}

/** Columns of {@link certificateCsv}. */
export const CERTIFICATE_CSV_COLUMNS = ['job', 'meter_serial', 'scheme_id', 'status', 'order', 'command', 'address', 'part', 'scheme_path', 'description', 'written', 'value', 'read_back', 'layout_provenance'] as const;

/** The certificate's writes as CSV (header + one row per planned write, in upload order; `written` yes/no; CR LF, cells neutralised: main/formats/csv-text.ts). */
export function certificateCsv(cert: ProgrammingCertificate): string {
  const readBack = new Map(cert.readBack.map((r) => [r.address, r.value]));
  const row = (w: ProgramWrite, i: number, written: boolean) => [
    String(cert.jobId), cert.meter.serial, cert.scheme.id, cert.status, String(i + 1), w.command, w.address, w.part, w.schemePath, w.description, written ? 'yes' : 'no', w.value, readBack.get(w.address) ?? '', provenanceText(w),
  ];
  const rows = [...cert.written.map((w, i) => row(w, i, true)), ...cert.notWritten.map((w, i) => row(w, cert.written.length + i, false))];
  return csvLines([[...CERTIFICATE_CSV_COLUMNS], ...rows]);
}

/** The certificate as pretty JSON (lossless). */
export function certificateJson(cert: ProgrammingCertificate): string {
  return `${JSON.stringify(cert, null, 2)}\n`;
}
