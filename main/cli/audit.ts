/**
 * `pmu audit list|verify|export|public-key`: the audit trail from the command line (main/audit/).
 * - `list [--meter <serial>] [--by <user>] [--action <action>] [--from] [--to] [--limit] [--json]`: newest first.
 *   (`--by` filters by who acted; `--user` is, as everywhere, who runs the command.)
 * - `verify [--bundle <file>] [--public-key <pem>] [--anchor <file>] [--json]`: exit 0 when intact, exit 1 listing
 *   every finding. With `--bundle` it runs offline on an exported bundle: no store and no user needed. `--anchor`
 *   (an anchor file, a bundle or an audit CSV export kept elsewhere) proves nothing was cut or rewritten since.
 * - `export --out <file> [--format bundle|csv]`: the signed JSON bundle (default) or CSV (both carry the anchor).
 * - `anchor --out <file>`: the latest signed head with the public key, to keep away from this computer.
 * - `public-key [--out <file>]`: the installation's Ed25519 public key (PEM) and fingerprint, to hand to auditors.
 * - `acknowledge-break --reason <text>`: the administrator at this computer resumes work on a broken trail
 *   (main/audit/acknowledge.ts); no sign-in (signing in is itself recorded), but the data key must open here.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AUDIT_ACTIONS } from '../../contract/audit';
import { acknowledgeBreak } from '../audit/acknowledge';
import { parseAnchor, type AuditAnchor } from '../audit/anchor';
import { parseBundle, verifyBundle } from '../audit/bundle';
import type { VerifyResult } from '../audit/verify';
import { parseTimeBound } from '../export';
import { createAppContext } from '../services/app-context';
import { auditPublicKeyAs, exportAuditAnchorAs, exportAuditBundleAs, exportAuditCsvAs, listAuditAs, verifyAuditAs } from '../services/audit-trail';
import type { AppContext } from '../core/context';
import { actAs, addUserOption, type ActingOptions } from './acting-user';

interface Common extends ActingOptions {
  db?: string;
  tz?: string;
}

async function withStore<T>(o: Common, body: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = createAppContext({ ...(o.db !== undefined ? { dbPath: o.db } : {}), ...(o.tz !== undefined ? { timeZone: o.tz } : {}) });
  try {
    return await body(ctx);
  } finally {
    ctx.db.close();
  }
}

/** Options of `pmu audit list`. */
export interface AuditListOptions extends Common {
  meter?: string;
  by?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: string;
  json?: boolean;
}

/** `pmu audit list`. */
export async function runAuditList(o: AuditListOptions): Promise<void> {
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'audit list');
    const limit = Number(o.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a whole number of at least 1.');
    const page = listAuditAs(
      ctx,
      {
        ...(o.meter !== undefined ? { meterSerial: o.meter } : {}),
        ...(o.by !== undefined ? { username: o.by } : {}),
        ...(o.action !== undefined ? { action: o.action } : {}),
        ...(o.from !== undefined ? { fromUtc: parseTimeBound(o.from, ctx.timeZone, 'from') } : {}),
        ...(o.to !== undefined ? { toUtc: parseTimeBound(o.to, ctx.timeZone, 'to') } : {}),
      },
      { limit },
    );
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ total: page.total, records: page.records }, null, 2)}\n`);
      return;
    }
    for (const r of page.records) {
      const what = [r.meterSerial ? `meter ${r.meterSerial}` : '', r.object ?? '', r.summary.after !== undefined ? JSON.stringify(r.summary.after) : ''].filter(Boolean).join('  ');
      process.stdout.write(`${String(r.seq).padStart(6)}  ${r.timeUtc}  ${r.username} (${r.role})  ${r.action}  ${what}\n`);
    }
    process.stdout.write(`${page.records.length} of ${page.total} record${page.total === 1 ? '' : 's'} shown, newest first.\n`);
  });
}

function report(result: VerifyResult, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(`${result.message}\n`);
    if (result.findings.length > 1) for (const f of result.findings) process.stdout.write(`  - ${f.message}\n`);
    if (result.keyFingerprint) process.stdout.write(`Public key fingerprint: ${result.keyFingerprint}\n`);
    for (const w of result.warnings) process.stdout.write(`Note: ${w}\n`);
  }
  if (!result.intact) process.exitCode = 1;
}

/** The text of a file the user named, or a plain error naming what it was for. */
async function readNamed(file: string, what: string): Promise<string> {
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`The ${what} "${file}" cannot be read: ${err.code === 'ENOENT' ? 'there is no such file' : err.message}.`);
  });
}

/** `pmu audit verify`: exit 0 intact, 1 broken (the message names the first finding, the list every one). */
export async function runAuditVerify(o: Common & { bundle?: string; publicKey?: string; anchor?: string; json?: boolean }): Promise<void> {
  const publicKeyPem = o.publicKey !== undefined ? await readNamed(o.publicKey, 'public key') : undefined;
  const anchor: AuditAnchor | undefined = o.anchor !== undefined ? parseAnchor(await readNamed(o.anchor, 'anchor')) : undefined;
  const opts = { ...(publicKeyPem !== undefined ? { publicKeyPem } : {}), ...(anchor ? { anchor } : {}) };
  if (o.bundle !== undefined) {
    report(verifyBundle(parseBundle(await readNamed(o.bundle, 'bundle')), opts), o.json);
    return;
  }
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'audit verify');
    report(verifyAuditAs(ctx, opts), o.json);
  });
}

/** `pmu audit anchor --out <file>`. */
export async function runAuditAnchor(o: Common & { out: string }): Promise<void> {
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'audit anchor');
    const out = path.resolve(o.out);
    const a = (await exportAuditAnchorAs(ctx, out)).anchor;
    process.stdout.write(`Wrote the signed head of record ${a.head.seq} (${a.head.signedUtc}) to ${out}\nKeep it away from this computer; check the trail against it with: pmu audit verify --anchor ${out}\nPublic key fingerprint: ${a.fingerprint}\n`);
  });
}

/** `pmu audit acknowledge-break --reason <text>`: no sign-in; the OS account must open the data key. */
export async function runAuditAcknowledge(o: Pick<Common, 'db' | 'tz'> & { reason: string }): Promise<void> {
  await withStore(o, async (ctx) => {
    const ack = acknowledgeBreak(ctx, o.reason);
    process.stdout.write(`Acknowledged: ${ack.finding}\nRecorded as audit record ${ack.seq} under ${ctx.operator}. Work can resume; "pmu audit verify" keeps reporting the break.\n`);
  });
}

/** `pmu audit export --out <file>`. */
export async function runAuditExport(o: Common & { out: string; format?: 'bundle' | 'csv' }): Promise<void> {
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'audit export');
    const out = path.resolve(o.out);
    const format = o.format ?? (out.toLowerCase().endsWith('.csv') ? 'csv' : 'bundle');
    if (format === 'csv') {
      const r = await exportAuditCsvAs(ctx, {}, out);
      process.stdout.write(`Exported ${r.records} audit records to ${out}\n`);
    } else {
      const r = await exportAuditBundleAs(ctx, out);
      process.stdout.write(`Exported ${r.records} audit records with the signed head to ${out}\nPublic key fingerprint: ${r.keyFingerprint}\n`);
    }
  });
}

/** `pmu audit public-key`. */
export async function runAuditPublicKey(o: Common & { out?: string }): Promise<void> {
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'audit public-key');
    const key = auditPublicKeyAs(ctx);
    if (o.out !== undefined) await writeFile(o.out, key.publicKeyPem, { flag: 'w' });
    process.stdout.write(`${o.out !== undefined ? `Wrote ${o.out}\n` : key.publicKeyPem}Fingerprint: ${key.fingerprint}\n`);
  });
}

const dbOption = ['--db <file>', 'SQLite store (default: the app data directory)'] as const;

/** Adds `pmu audit …` to the program. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit trail: list, verify, export, public key.');
  addUserOption(
    audit
      .command('list')
      .description('Audit records, newest first.')
      .option('--meter <serial>', 'only records about this meter')
      .option('--by <user>', 'only records of actions by this user')
      .addOption(new Option('--action <action>', 'only this action').choices([...AUDIT_ACTIONS]))
      .option('--from <date-or-time>', 'from: YYYY-MM-DD (midnight in --tz) or an ISO 8601 time')
      .option('--to <date-or-time>', 'to (exclusive); a date YYYY-MM-DD includes that day')
      .option('--limit <n>', 'most records to show', '200')
      .option('--json', 'print JSON')
      .option('--tz <zone>', "IANA time zone of dates without offset (default: this computer's)")
      .option(...dbOption),
  ).action(runAuditList);
  addUserOption(
    audit
      .command('verify')
      .description('Check the chain and its signed head: exit 0 when intact, exit 1 naming the first broken record.')
      .option('--bundle <file>', 'verify an exported bundle offline (no store, no user needed)')
      .option('--public-key <pem>', 'check the signature with this public key (PEM) instead of the installation\'s / the bundle\'s')
      .option('--anchor <file>', 'a signed head kept elsewhere (anchor file, bundle or audit CSV export): prove nothing was cut or rewritten since')
      .option('--json', 'print the result as JSON')
      .option(...dbOption),
  ).action(runAuditVerify);
  addUserOption(
    audit
      .command('export')
      .description('Write the audit trail: a signed JSON bundle (default) or CSV.')
      .requiredOption('--out <file>', 'file to write (replaced if it exists; written atomically)')
      .addOption(new Option('--format <format>', 'bundle (signed JSON, default) or csv; default by the file extension').choices(['bundle', 'csv']))
      .option(...dbOption),
  ).action(runAuditExport);
  addUserOption(
    audit
      .command('anchor')
      .description('Write the latest signed head (an anchor) to keep away from this computer; verify --anchor checks the trail against it.')
      .requiredOption('--out <file>', 'file to write (replaced if it exists; written atomically)')
      .option(...dbOption),
  ).action(runAuditAnchor);
  audit
    .command('acknowledge-break')
    .description('Administrator at this computer: resume work on a broken audit trail (recorded; verify keeps reporting the break). Needs the data key, no sign-in.')
    .requiredOption('--reason <text>', 'why (recorded in the trail)')
    .option(...dbOption)
    .action(runAuditAcknowledge);
  addUserOption(
    audit
      .command('public-key')
      .description('Print (or write) the installation\'s audit-signing public key and its fingerprint.')
      .option('--out <file>', 'write the PEM to this file')
      .option(...dbOption),
  ).action(runAuditPublicKey);
}
