/**
 * Issue 11, reproduction 1 and its neighbours: an insider with write access to the SQLite file (triggers dropped,
 * records edited or cut, hashes recomputed, heads deleted) must not get a quiet "intact", and the next append must
 * not bless the forgery with a fresh signature. Anchors kept outside catch a tail cut with its heads, and a rewrite
 * re-signed by someone holding BOTH the database and the data key (docs/security.md "Who can do what").
 */
import { describe, expect, it } from 'vitest';
import { AccessControl } from '../auth/access-control';
import { setupActor } from '../auth/actor';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf, testContext } from '../auth/test-helpers';
import { memoryKeyProvider } from '../secrets/key-provider';
import { SecretError } from '../secrets/secret-box';
import type { AppContext } from '../core/context';
import { acknowledgeBreak } from './acknowledge';
import { readAlerts } from './alerts';
import { anchorText, currentAnchor, parseAnchor } from './anchor';
import { appendAudit } from './append';
import { buildBundle, bundleText, parseBundle, verifyBundle } from './bundle';
import { GENESIS_HASH, recordHash } from './chain';
import { AuditChainError } from './errors';
import { installationSigningKey, signHead } from './keys';
import { auditCsv } from './export';
import { countRecords, iterateRecords, listHeads, selectAudit } from './store';
import { verifyStore } from './verify-store';

function trail(n = 8): AppContext {
  const ctx = { ...testContext(), actor: setupActor('osuser') };
  for (let i = 1; i <= n; i += 1) appendAudit(ctx, { action: 'reading.stored', meterSerial: `SER${i}`, object: `reading:${i}`, summary: { after: { readingId: i } } });
  return ctx;
}

/** What an attacker with the database file does: lift the triggers and run SQL. */
function sql(ctx: AppContext, text: string): void {
  ctx.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  ctx.db.exec(text);
}

/** Edit record `seq`'s object and recompute every hash from there on (a consistent forged chain). */
function forge(ctx: AppContext, seq: number): void {
  sql(ctx, '');
  let prev = GENESIS_HASH;
  for (const r of [...iterateRecords(ctx.db)]) {
    const body = r.seq === seq ? { ...r, object: 'reading:999 (forged)' } : r;
    const hash = recordHash(prev, body);
    ctx.db.prepare('UPDATE audit_log SET object = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(body.object, prev, hash, r.seq);
    prev = hash;
  }
}

/** A context whose data key cannot be opened (the CLI on a desktop-protected installation). */
const keyless = (ctx: AppContext): AppContext => ({
  ...ctx,
  keys: { kind: 'safe-storage', location: 'test', dataKey: () => { throw new SecretError('KEY_UNAVAILABLE', 'the desktop key store is not available here'); } },
});

const refusal = (fn: () => unknown): AuditChainError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AuditChainError);
    return e as AuditChainError;
  }
  throw new Error('expected the append to be refused');
};

describe('reproduction 1: the chain rewritten without the key, heads deleted', () => {
  it('verify does not say intact, and the next append (a sign-in, a stored reading) refuses to sign the forgery', async () => {
    const ctx = trail();
    await addRoleUsers(ctx.db);
    const before = countRecords(ctx.db);
    forge(ctx, 3);
    sql(ctx, 'DELETE FROM audit_heads');
    const v = verifyStore(ctx);
    expect(v.intact).toBe(false);
    expect(v.firstBroken).toMatchObject({ kind: 'unsigned', seq: 1, message: expect.stringContaining('no signed head') });

    // The auditor's sign-in (the one that used to sign the forged chain) still works, but adds nothing to the trail…
    const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
    await access.signIn({ channel: 'browser:t1' }, 'auditor', passwordOf('auditor'));
    expect(countRecords(ctx.db)).toBe(before);
    expect(listHeads(ctx.db)).toEqual([]);
    // …and any state-changing action is refused, nothing written.
    const e = refusal(() => appendAudit(ctx, { action: 'reading.stored', object: 'reading:9' }));
    expect(e).toMatchObject({ code: 'AUDIT_BROKEN', reason: 'missing-head' });
    expect(e.message).toMatch(/^The audit trail is broken, so the workstation refused to record this action and changed nothing: the trail has \d+ records and a signing key, but no signed head at all/);
    expect(countRecords(ctx.db)).toBe(before);
    // The refusals are recorded outside the broken trail and shown by verify.
    expect(readAlerts(ctx).map((a) => a.action)).toEqual(['auth.signedIn', 'reading.stored']);
    expect(verifyStore(ctx).warnings.filter((w) => w.includes('refused to record'))).toHaveLength(2);
  });

  it('a record edited with recomputed hashes but heads kept: verify names it, appends are refused (rewritten)', () => {
    const ctx = trail();
    forge(ctx, 5);
    expect(verifyStore(ctx).firstBroken).toMatchObject({ seq: 5, kind: 'rewritten' });
    expect(refusal(() => appendAudit(ctx, { action: 'reading.stored' }))).toMatchObject({ reason: 'rewritten', seq: 8 });
  });

  it('the latest head replaced by one the forger signed with another key: refused (signature)', () => {
    const victim = trail();
    const other = trail(8); // another installation's key
    sql(victim, 'DELETE FROM audit_heads WHERE seq = 8');
    const h = listHeads(other.db).at(-1)!;
    const r8 = [...iterateRecords(victim.db)].at(-1)!;
    victim.db.prepare('INSERT INTO audit_heads VALUES (?, ?, ?, ?, ?, ?)').run(8, r8.hash, h.signedUtc, h.keyFingerprint, h.signature, 7);
    expect(refusal(() => appendAudit(victim, { action: 'reading.stored' }))).toMatchObject({ reason: 'signature', seq: 8 });
    expect(verifyStore(victim).findings).toMatchObject([{ kind: 'signature', seq: 8 }]);
  });

  it('deleted heads in the middle: verify reports the missing head and the records it no longer covers', () => {
    const ctx = trail();
    sql(ctx, 'DELETE FROM audit_heads WHERE seq BETWEEN 4 AND 6');
    const v = verifyStore(ctx);
    expect(v.findings.map((f) => [f.kind, f.seq, f.toSeq])).toEqual([['unsigned', 4, 6], ['missing-head', 6, 6]]);
    expect(v.findings[0]!.message).toBe('Records 4 to 6 are not covered by a signature: no signed head of their own (their signed heads were deleted, or they were added outside the workstation).');
  });

  it('records added after the latest head (no key): the next signed append extends them but verify reports them unsigned forever', () => {
    const ctx = trail(3);
    const k = keyless(ctx);
    expect(appendAudit(k, { action: 'clock.set' }).signed).toBe(false);
    expect(appendAudit(k, { action: 'clock.set' }).signed).toBe(false);
    expect(appendAudit(ctx, { action: 'clock.set' }).signed).toBe(true);
    expect(listHeads(ctx.db).at(-1)).toMatchObject({ seq: 6, prevSeq: 3 });
    const v = verifyStore(ctx);
    expect(v).toMatchObject({ intact: false, findings: [{ kind: 'unsigned', seq: 4, toSeq: 5 }] });
    expect(v.message).toContain('the next signed append, record 6, found them unsigned');
    // A keyless process that cannot sign still checks the chain with the stored public key.
    forge(ctx, 6);
    expect(refusal(() => appendAudit(k, { action: 'clock.set' })).reason).toBe('rewritten');
  });

  it('an unsigned record edited before the next signed append: refused (edited)', () => {
    const ctx = trail(3);
    appendAudit(keyless(ctx), { action: 'clock.set', object: 'x' });
    sql(ctx, "UPDATE audit_log SET object = 'y' WHERE seq = 4");
    expect(refusal(() => appendAudit(ctx, { action: 'clock.set' }))).toMatchObject({ reason: 'edited', seq: 4 });
  });

  it('the administrator at the computer acknowledges a break: work resumes, verify keeps reporting it', () => {
    const ctx = trail();
    forge(ctx, 2);
    expect(() => acknowledgeBreak(ctx, 'x')).toThrow(/reason/);
    const ack = acknowledgeBreak(ctx, 'restored from the 2026-03 backup was not possible; investigating');
    expect(ack.seq).toBe(9);
    expect(appendAudit(ctx, { action: 'reading.stored' }).record.seq).toBe(10);
    const v = verifyStore(ctx);
    expect(v.intact).toBe(false);
    expect(v.firstBroken).toMatchObject({ seq: 2, kind: 'rewritten' });
    expect(selectAudit(ctx.db, { action: 'audit.breakAcknowledged' })[0]!.summaryJson).toContain('"reason":"rewritten"');
    expect(() => acknowledgeBreak(ctx, 'nothing is broken now')).toThrow(/not broken/);
  });

  it('a signing key row replaced in the store (another public key, a sealed key that does not open) is a finding', () => {
    const ctx = trail(2);
    const other = trail(1);
    const row = other.db.prepare("SELECT public_key_pem, fingerprint, nonce, ciphertext, key_id FROM installation_keys").get() as Record<string, unknown>;
    ctx.db.prepare("UPDATE installation_keys SET public_key_pem = ?, fingerprint = ?, nonce = ?, ciphertext = ?, key_id = ?").run(row.public_key_pem, row.fingerprint, row.nonce, row.ciphertext, row.key_id);
    const fresh = { ...ctx, keys: memoryKeyProvider(ctx.keys!.dataKey()) }; // a new process with the same data key: nothing cached
    const v = verifyStore(fresh);
    expect(v.intact).toBe(false);
    expect(v.findings[0]!.message).toMatch(/signing key cannot be trusted/);
  });
});

describe('reproduction 1b: the tail cut together with its heads', () => {
  it('goes unnoticed inside the store alone (said so), and is caught by an anchor from any export', () => {
    const ctx = trail(8);
    const anchor = parseAnchor(anchorText(currentAnchor(ctx)));
    const fromBundle = parseAnchor(bundleText(buildBundle(ctx)));
    const fromCsv = parseAnchor(auditCsv(selectAudit(ctx.db, {}), currentAnchor(ctx)));
    expect(fromBundle.head).toEqual(anchor.head);
    expect(fromCsv.head).toEqual(anchor.head);
    sql(ctx, 'DELETE FROM audit_log WHERE seq >= 7; DELETE FROM audit_heads WHERE seq >= 7;');
    const alone = verifyStore(ctx);
    expect(alone.intact).toBe(true);
    expect(alone.warnings.join(' ')).toMatch(/cannot be detected without a signed head kept elsewhere/);
    // Appending works (nothing is inconsistent inside the store) — the anchor is what proves the cut.
    appendAudit(ctx, { action: 'reading.stored' });
    appendAudit(ctx, { action: 'reading.stored' });
    for (const a of [anchor, fromBundle, fromCsv]) {
      const v = verifyStore(ctx, { anchor: a });
      expect(v.intact).toBe(false);
      expect(v.findings.find((f) => f.kind === 'rewritten' || f.kind === 'truncated')?.message).toMatch(/rewritten since the anchor signed .*: record 8 is no longer the record it covers/);
    }
    sql(ctx, 'DELETE FROM audit_log WHERE seq >= 7; DELETE FROM audit_heads WHERE seq >= 7;');
    expect(verifyStore(ctx, { anchor }).firstBroken).toMatchObject({ kind: 'truncated', message: expect.stringMatching(/The audit trail was cut: the anchor signed .* covers record 8, but the trail now ends at record 6/) });
  });

  it('an anchor proves an intact trail extends it; an anchor of another installation fails', () => {
    const ctx = trail(4);
    const anchor = currentAnchor(ctx);
    appendAudit(ctx, { action: 'reading.stored' });
    const v = verifyStore(ctx, { anchor });
    expect(v).toMatchObject({ intact: true, anchoredSeq: 4 });
    expect(v.message).toMatch(/It extends the anchor of record 4 .*nothing was cut or rewritten since/);
    expect(verifyStore(ctx, { anchor: currentAnchor(trail(4)) }).intact).toBe(false);
    // Offline: a bundle exported later checked against the earlier anchor.
    const bundle = parseBundle(bundleText(buildBundle(ctx)));
    expect(verifyBundle(bundle, { anchor })).toMatchObject({ intact: true, anchoredSeq: 4 });
    expect(verifyBundle({ ...bundle, records: bundle.records.slice(0, 3), heads: bundle.heads.slice(0, 3) }, { anchor }).firstBroken).toMatchObject({ kind: 'truncated' });
    expect(() => parseAnchor('{"format":"x"}')).toThrow(/holds no audit anchor/);
  });
});

describe('the holder of the database AND the data key (docs/security.md: only an anchor kept elsewhere helps)', () => {
  it('a record rewritten and every head re-signed with the installation key passes inside the store, and fails the anchor', () => {
    const ctx = trail(6);
    const anchor = parseAnchor(anchorText(currentAnchor(ctx))); // kept elsewhere before the rewrite
    forge(ctx, 3);
    const key = installationSigningKey(ctx);
    ctx.db.exec('DELETE FROM audit_heads');
    let prevSeq = 0;
    for (const r of [...iterateRecords(ctx.db)]) {
      const h = signHead(key, r.seq, r.hash, new Date().toISOString(), prevSeq);
      ctx.db.prepare('INSERT INTO audit_heads (seq, hash, signed_utc, key_fingerprint, signature, prev_seq) VALUES (?, ?, ?, ?, ?, ?)').run(h.seq, h.hash, h.signedUtc, h.keyFingerprint, h.signature, h.prevSeq);
      prevSeq = r.seq;
    }
    // Nothing local can tell (said plainly in docs/security.md): verify finds the re-signed trail intact, appends work.
    expect(verifyStore(ctx).intact).toBe(true);
    appendAudit(ctx, { action: 'reading.stored' });
    // The anchor exported before the rewrite names record 6 with its old hash: the rewrite shows.
    const v = verifyStore(ctx, { anchor });
    expect(v.intact).toBe(false);
    expect(v.firstBroken?.message).toMatch(/rewritten since the anchor signed .*: record 6 is no longer the record it covers/);
  });
});

