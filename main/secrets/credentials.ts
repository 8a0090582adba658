/**
 * Meter passwords kept by the workstation (table `meter_credentials`, migration 4): one per security level 1–3 for
 * one meter (by serial number), for a meter group, or as the default for every meter; encrypted at rest with the
 * installation's secret box (./secret-box.ts, AAD = the row's scope, target and level). Listing gives metadata
 * only. The meter jobs ask {@link resolveMeterPassword} when the user gives no password: the most specific stored
 * password wins (meter → group → default), and a level above the role's maximum is refused
 * (main/auth/permissions.ts MAX_METER_LEVEL: technician 1, engineer 3, auditor none, administrator 3).
 * Plaintext passwords never leave main: no contract result or event carries them (main/api/credentials-scan.test.ts).
 */
import type { Database } from 'better-sqlite3';
import type { CredentialInfoView, CredentialScope } from '../../contract/auth';
import { maxMeterLevel, type Actor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { secretBoxOf, type KeyContext } from './context-keys';

/** A meter password's security level (Elster; generic meters use the level-agnostic P1 password, store it as level 1). */
export type MeterLevel = 1 | 2 | 3;

/** Which meters a stored password is for. */
export interface CredentialTarget {
  readonly scope: CredentialScope;
  readonly meterSerial?: string;
  readonly groupId?: number;
  readonly level: MeterLevel;
}

/** A password found for a job: the secret, where it came from (for messages and audit), and the row. */
export interface ResolvedPassword {
  readonly password: string;
  readonly source: CredentialScope;
  readonly credentialId: number;
  /** True when the level is above the actor's role and an approval delegated it (only a meter's own password). */
  readonly delegated: boolean;
}

interface Row {
  id: number; scope: CredentialScope; meter_serial: string | null; group_id: number | null; group_name: string | null;
  level: MeterLevel; nonce: Buffer; ciphertext: Buffer; key_id: string; updated_utc: string; updated_by: string;
}

const SELECT = `SELECT c.id, c.scope, c.meter_serial, c.group_id, g.name AS group_name, c.level, c.nonce, c.ciphertext, c.key_id, c.updated_utc, c.updated_by
  FROM meter_credentials c LEFT JOIN meter_groups g ON g.id = c.group_id`;

const METER_PASSWORD = /^[\x20-\x7e]{8}$/;

/** The additional authenticated data binding a ciphertext to its row's meaning. */
function aadOf(scope: CredentialScope, target: string, level: number): string {
  return `meter-credential|${scope}|${target}|${level}`;
}

const targetOf = (r: { scope: CredentialScope; meter_serial: string | null; group_id: number | null }) =>
  r.scope === 'meter' ? r.meter_serial! : r.scope === 'group' ? String(r.group_id) : '';

function info(r: Row): CredentialInfoView {
  return { id: r.id, scope: r.scope, meterSerial: r.meter_serial, groupId: r.group_id, groupName: r.group_name, level: r.level, updatedUtc: r.updated_utc, updatedBy: r.updated_by };
}

/** Every stored meter password as metadata (scope, meter or group, level, when, by whom), default first. */
export function listCredentials(db: Database): CredentialInfoView[] {
  return (db.prepare(`${SELECT} ORDER BY CASE c.scope WHEN 'default' THEN 0 WHEN 'group' THEN 1 ELSE 2 END, g.name, c.meter_serial, c.level`).all() as Row[]).map(info);
}

/**
 * Store (or replace) the password of `t`; returns its metadata. `by` is the acting user's name.
 * @throws AuthError BAD_ARGUMENTS (not 8 printable ASCII characters, missing serial/group), NOT_FOUND (group);
 *   SecretError when the data key is unavailable.
 */
export function setCredential(ctx: KeyContext, t: CredentialTarget, password: string, by: string, now: Date = new Date()): CredentialInfoView {
  if (!METER_PASSWORD.test(password)) throw new AuthError('BAD_ARGUMENTS', 'A meter password has exactly 8 printable ASCII characters.');
  if (![1, 2, 3].includes(t.level)) throw new AuthError('BAD_ARGUMENTS', 'The security level must be 1, 2 or 3.');
  const serial = t.scope === 'meter' ? t.meterSerial?.trim() : undefined;
  if (t.scope === 'meter' && !serial) throw new AuthError('BAD_ARGUMENTS', 'Give the meter serial number for a meter password.');
  if (t.scope === 'group' && (t.groupId === undefined || ctx.db.prepare('SELECT 1 FROM meter_groups WHERE id = ?').get(t.groupId) === undefined)) {
    throw new AuthError('NOT_FOUND', 'This meter group does not exist. Refresh the group list.');
  }
  const row = { scope: t.scope, meter_serial: serial ?? null, group_id: t.scope === 'group' ? t.groupId! : null };
  const sealed = secretBoxOf(ctx).seal(password, aadOf(t.scope, targetOf(row), t.level));
  return ctx.db.transaction(() => {
    ctx.db
      .prepare("DELETE FROM meter_credentials WHERE scope = ? AND coalesce(meter_serial, '') = ? AND coalesce(group_id, 0) = ? AND level = ?")
      .run(row.scope, row.meter_serial ?? '', row.group_id ?? 0, t.level);
    const id = Number(
      ctx.db
        .prepare('INSERT INTO meter_credentials (scope, meter_serial, group_id, level, nonce, ciphertext, key_id, updated_utc, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.scope, row.meter_serial, row.group_id, t.level, sealed.nonce, sealed.ciphertext, sealed.keyId, now.toISOString(), by).lastInsertRowid,
    );
    return info(ctx.db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Row);
  })();
}

/** Forget a stored password; its metadata, or null when there was none. */
export function deleteCredential(db: Database, id: number): CredentialInfoView | null {
  const row = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Row | undefined;
  if (!row) return null;
  db.prepare('DELETE FROM meter_credentials WHERE id = ?').run(id);
  return info(row);
}

/**
 * The stored password for the meter `serial` (null = unknown meter: only the default applies) at `level`, opened:
 * the meter's own, else its groups' (the lowest group id when several have one), else the default; null when none.
 * DELEGATION (issue 11.2, docs/security.md "Delegated meter passwords"): a level above the role's maximum, allowed
 * by `approvedLevel`, is served ONLY from a password stored for that one meter — never a group's or the default,
 * which would open many meters for whoever captures it on the probe.
 * @throws AuthError FORBIDDEN when `level` is above what `actor`'s role may use; SecretError when it cannot be opened.
 */
export function resolveMeterPassword(
  ctx: KeyContext,
  actor: Actor,
  req: { serial: string | null; level: MeterLevel; approvedLevel?: MeterLevel },
): ResolvedPassword | null {
  const max = Math.max(maxMeterLevel(actor), req.approvedLevel ?? 0);
  if (req.level > max) throw new AuthError('FORBIDDEN', meterLevelMessage(actor, req.level));
  const delegated = req.level > maxMeterLevel(actor);
  const serial = req.serial?.trim() ?? null;
  const candidates = ctx.db
    .prepare(
      `${SELECT} WHERE c.level = ? AND (
        (c.scope = 'meter' AND c.meter_serial = ? COLLATE NOCASE) OR
        (c.scope = 'group' AND c.group_id IN (SELECT group_id FROM meter_group_members WHERE meter_serial = ? COLLATE NOCASE)) OR
        c.scope = 'default')
        AND (? = 0 OR c.scope = 'meter')
      ORDER BY CASE c.scope WHEN 'meter' THEN 0 WHEN 'group' THEN 1 ELSE 2 END, c.group_id LIMIT 1`,
    )
    .all(req.level, serial ?? '', serial ?? '', delegated ? 1 : 0) as Row[];
  const row = candidates[0];
  if (!row) return null;
  const plain = secretBoxOf(ctx).open({ nonce: row.nonce, ciphertext: row.ciphertext, keyId: row.key_id }, aadOf(row.scope, targetOf(row), row.level));
  return { password: plain.toString('utf8'), source: row.scope, credentialId: row.id, delegated };
}

/** "Technicians may use meter passwords up to security level 1; this job needs level 3. Ask an engineer." */
export function meterLevelMessage(actor: Actor, level: number): string {
  const max = maxMeterLevel(actor);
  const who = actor.role === 'system' ? 'The workstation' : `Your role (${actor.role})`;
  if (max === 0) return `${who} may not use meter passwords. Ask an engineer or technician.`;
  return `${who} may use meter passwords up to security level ${max}; this job needs level ${level}. Ask an engineer.`;
}
