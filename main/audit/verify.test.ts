import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupActor } from '../auth/actor';
import { testContext } from '../auth/test-helpers';
import type { AppContext } from '../core/context';
import { appendAudit } from './append';
import { buildBundle, bundleText, parseBundle, verifyBundle } from './bundle';
import { GENESIS_HASH, recordHash, type StoredAuditRecord } from './chain';
import { fingerprintOf, signHead } from './keys';
import { iterateRecords, listHeads } from './store';
import { verifyStore } from './verify-store';

/** A store with `n` records of varied content. */
function trail(n = 8): AppContext {
  const ctx = { ...testContext(), actor: setupActor('osuser') };
  for (let i = 1; i <= n; i += 1) {
    appendAudit(ctx, {
      action: i % 2 ? 'reading.stored' : 'clock.set',
      meterSerial: `SER${i}`,
      object: `reading:${i}`,
      summary: { before: i % 2 ? undefined : { driftMs: 1000 * i }, after: { readingId: i, note: `record ${i}` } },
      traceRef: `reading:${i}`,
      timeUtc: `2026-03-01T08:${String(i).padStart(2, '0')}:00.000Z`,
    });
  }
  return ctx;
}

/** Lift the append-only triggers, as someone editing the database file with another tool would. */
function tamper(ctx: AppContext, sql: string, ...params: unknown[]): void {
  ctx.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  ctx.db.prepare(sql).run(...params);
}

const COLUMNS = ['time_utc', 'username', 'role', 'action', 'meter_serial', 'object', 'summary_json', 'trace_ref', 'prev_hash', 'hash'] as const;

/** The same text with one byte changed (a digit or letter bumped, JSON kept valid). */
function oneByte(text: string): string {
  const i = text.search(/[0-9a-zA-Z]/);
  const c = text[i]!;
  const next = c === '9' ? '8' : c === 'z' ? 'y' : c === 'Z' ? 'Y' : String.fromCharCode(c.charCodeAt(0) + 1);
  return text.slice(0, i) + next + text.slice(i + 1);
}

describe('audit chain', () => {
  it('is intact after appends, each head signed, records chained from the genesis hash', () => {
    const ctx = trail();
    const result = verifyStore(ctx);
    expect(result).toMatchObject({ intact: true, records: 8, signedThroughSeq: 8, firstBroken: null, findings: [], anchoredSeq: null });
    expect(result.warnings).toEqual([expect.stringContaining('No anchor was given')]);
    expect(result.message).toMatch(/^The audit trail is intact: 8 records, signed through record 8/);
    const recs = [...iterateRecords(ctx.db)];
    expect(recs[0]!.prevHash).toBe(GENESIS_HASH);
    expect(recs[1]!.prevHash).toBe(recs[0]!.hash);
    expect(listHeads(ctx.db).map((h) => h.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses changes through SQL while the append-only triggers are in place', () => {
    const ctx = trail(2);
    expect(() => ctx.db.prepare("UPDATE audit_log SET username = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => ctx.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it.each(COLUMNS)('detects a one-byte edit of %s and names that record', (column) => {
    const ctx = trail();
    const row = ctx.db.prepare(`SELECT ${column} AS v FROM audit_log WHERE seq = 5`).get() as { v: string };
    tamper(ctx, `UPDATE audit_log SET ${column} = ? WHERE seq = 5`, oneByte(row.v));
    const r = verifyStore(ctx);
    expect(r.intact).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: 5, kind: 'edited' });
    expect(r.message).toBe('The audit trail is NOT intact. Record 5 was changed after it was written: its content no longer matches its hash.');
  });

  it('detects a one-byte edit of the seq number itself', () => {
    const ctx = trail();
    tamper(ctx, 'UPDATE audit_log SET seq = 50 WHERE seq = 5');
    // Record 5 now sits after record 8: out of its place.
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 5, kind: 'reordered' });
  });

  it('detects a deleted record (in the middle, and the first)', () => {
    const ctx = trail();
    tamper(ctx, 'DELETE FROM audit_log WHERE seq = 4');
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 4, kind: 'deleted', message: 'Record 4 is missing: deleted from the audit trail (record 5 follows record 3).' });
    const first = trail();
    tamper(first, 'DELETE FROM audit_log WHERE seq = 1');
    expect(verifyStore(first).firstBroken).toMatchObject({ seq: 1, kind: 'deleted' });
    const two = trail();
    tamper(two, 'DELETE FROM audit_log WHERE seq IN (6, 7)');
    expect(verifyStore(two).firstBroken).toMatchObject({ seq: 6, kind: 'deleted', message: expect.stringContaining('Records 6 to 7 are missing') });
  });

  it('detects reordered records (two swapped)', () => {
    const ctx = trail();
    tamper(ctx, 'UPDATE audit_log SET seq = 1000 WHERE seq = 3');
    tamper(ctx, 'UPDATE audit_log SET seq = 3 WHERE seq = 4');
    tamper(ctx, 'UPDATE audit_log SET seq = 4 WHERE seq = 1000');
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 3, kind: 'reordered', message: 'The records were reordered: record 4 was moved to position 3.' });
  });

  it('detects records removed from the end (the signed head covers more)', () => {
    const ctx = trail();
    tamper(ctx, 'DELETE FROM audit_log WHERE seq >= 7');
    ctx.db.prepare('DELETE FROM audit_heads WHERE seq = 7').run();
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 7, kind: 'truncated', message: expect.stringContaining('Records 7 to 8 are missing from the end') });
  });

  it('detects a whole chain rewritten with consistent hashes: the signed heads no longer match', () => {
    const ctx = trail();
    rewriteFrom(ctx, 3);
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 3, kind: 'rewritten' });
  });

  it('detects a rewritten chain whose heads were replaced by a head signed with another key', () => {
    const ctx = trail();
    rewriteFrom(ctx, 1);
    const last = [...iterateRecords(ctx.db)].at(-1)!;
    const forger = generateKeyPairSync('ed25519');
    const forged = signHead(
      { privateKey: forger.privateKey, publicKeyPem: '', fingerprint: fingerprintOf(forger.publicKey.export({ type: 'spki', format: 'pem' }).toString()) },
      last.seq, last.hash, '2026-03-02T00:00:00.000Z', last.seq - 1,
    );
    ctx.db.prepare('DELETE FROM audit_heads').run();
    ctx.db.prepare('INSERT INTO audit_heads VALUES (?, ?, ?, ?, ?, ?)').run(forged.seq, forged.hash, forged.signedUtc, forged.keyFingerprint, forged.signature, forged.prevSeq);
    const r = verifyStore(ctx);
    expect(r.intact).toBe(false);
    expect(r.findings.map((f) => [f.kind, f.seq, f.toSeq])).toEqual([['unsigned', 1, 7], ['missing-head', 7, 7], ['signature', 8, 8]]);
    expect(r.findings[2]!.message).toMatch(/The signed head of record 8 is not valid for the public key/);
    // And without any head at all.
    ctx.db.prepare('DELETE FROM audit_heads').run();
    expect(verifyStore(ctx).firstBroken).toMatchObject({ kind: 'unsigned', message: expect.stringContaining('no signed head') });
  });

  it('reports records appended without a signature (key unavailable) as not covered', () => {
    const ctx = trail(3);
    tamper(ctx, 'DELETE FROM audit_heads WHERE seq = 3');
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 3, kind: 'unsigned', message: expect.stringContaining('Record 3 is not covered by a signature') });
  });

  it('redacts secret-looking members of summaries', () => {
    const ctx = trail(0);
    const { record } = appendAudit({ ...ctx, actor: setupActor('osuser') }, { action: 'credential.set', summary: { after: { password: 'SECRET01', level: 3, passwordLevel: 3, nested: { token: 'abc' } } } });
    expect(record.summaryJson).toBe('{"after":{"level":3,"nested":{"token":"[redacted]"},"password":"[redacted]","passwordLevel":3}}');
    expect(() => appendAudit(ctx, { action: 'not.an.action' as never })).toThrow(/unknown audit action/);
  });
});

describe('audit bundle (offline)', () => {
  it('verifies offline, with the bundle\'s key (warning) or the auditor\'s own copy of the key', () => {
    const ctx = trail();
    const bundle = parseBundle(bundleText(buildBundle(ctx)));
    expect(bundle.records).toHaveLength(8);
    const own = verifyBundle(bundle);
    expect(own).toMatchObject({ intact: true, records: 8, signedThroughSeq: 8 });
    expect(own.warnings[0]).toMatch(/compare it with the fingerprint you hold/);
    expect(verifyBundle(bundle, { publicKeyPem: bundle.installation.publicKeyPem })).toMatchObject({ intact: true, warnings: [expect.stringContaining('No anchor')] });
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyBundle(bundle, { publicKeyPem: other })).toMatchObject({ intact: false, firstBroken: { kind: 'signature' } });
  });

  it('detects a one-byte edit, a deletion and a reordering in the bundle file with the right record number', () => {
    const text = bundleText(buildBundle(trail()));
    const edited = text.replace('"note\\":\\"record 6\\"', '"note\\":\\"record 7\\"');
    expect(edited).not.toBe(text);
    expect(verifyBundle(parseBundle(edited)).firstBroken).toMatchObject({ seq: 6, kind: 'edited' });
    const b = parseBundle(text);
    expect(verifyBundle({ ...b, records: b.records.filter((r) => r.seq !== 2) }).firstBroken).toMatchObject({ seq: 2, kind: 'deleted' });
    const swapped = [...b.records];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(verifyBundle({ ...b, records: swapped }).firstBroken).toMatchObject({ seq: 5, kind: 'reordered' });
    // A forger who recomputes the whole chain no longer matches the signed head, and cannot sign a new one.
    const rewritten = recompute(b.records.map((r) => (r.seq === 1 ? { ...r, username: 'mallory' } : r)));
    expect(verifyBundle({ ...b, records: rewritten }).firstBroken).toMatchObject({ seq: 1, kind: 'rewritten' });
    // Heads re-pointed at the forged hashes do not verify.
    const forged = b.heads.map((h) => ({ ...h, hash: rewritten[h.seq - 1]!.hash }));
    expect(verifyBundle({ ...b, records: rewritten, heads: forged }).firstBroken).toMatchObject({ kind: 'signature', message: expect.stringContaining('8 signed heads, the first of record 1') });
    // Only the latest head kept (as a version-1 bundle): the rest is reported as not covered.
    expect(verifyBundle({ ...b, heads: [b.head!] }).findings).toMatchObject([{ kind: 'unsigned', seq: 1, toSeq: 7 }, { kind: 'missing-head', seq: 7 }]);
    expect(() => parseBundle('{"format":"something-else"}')).toThrow(/not a PMU audit bundle/);
    expect(() => parseBundle(text.slice(0, 200))).toThrow(/not valid JSON/);
  });
});

/** Records with their hashes recomputed from the first one on (a forger's consistent chain). */
function recompute(records: StoredAuditRecord[]): StoredAuditRecord[] {
  let prev = GENESIS_HASH;
  return records.map((r) => {
    const hash = recordHash(prev, r);
    const out = { ...r, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

/** Change record `from` and recompute every hash from there (heads left as they were). */
function rewriteFrom(ctx: AppContext, from: number): void {
  const records = [...iterateRecords(ctx.db)];
  const changed = records.map((r) => (r.seq === from ? { ...r, object: `${r.object} (edited)` } : r));
  const fixed = recompute(changed);
  ctx.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update;');
  for (const r of fixed) ctx.db.prepare('UPDATE audit_log SET object = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(r.object, r.prevHash, r.hash, r.seq);
}
