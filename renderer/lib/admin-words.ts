/**
 * Pure helpers of the Administration screen: labels of stored meter passwords (metadata only — scope, meter or
 * group, level), the check of the "Store a meter password" form, meter serial lists typed for a group, and the
 * words for a user's state and scopes. Meter password rules: contract/meter.ts (exactly 8 printable ASCII
 * characters, security levels 1–3).
 */
import { meterSerialSchema, type CallArgs, type CredentialInfoView, type CredentialScope, type Role, type UserView } from '../../contract';
import { ROLE_DUTIES, ROLE_LABELS } from './permissions';
import { passwordError } from '../state/read-options';
import { schemaProblem, sentence } from './user-form';

/** What a stored meter password is for: `Meter 60219548`, `Group “North”`, `Default (every other meter)`. */
export function credentialTarget(c: Pick<CredentialInfoView, 'scope' | 'meterSerial' | 'groupName' | 'groupId'>): string {
  if (c.scope === 'meter') return `Meter ${c.meterSerial ?? '?'}`;
  if (c.scope === 'group') return `Group “${c.groupName ?? `#${c.groupId ?? '?'}`}”`;
  return 'Default (every other meter)';
}

/** The "Store a meter password" form. */
export interface CredentialForm {
  readonly scope: CredentialScope;
  readonly meterSerial: string;
  /** Group id as text ('' = none chosen). */
  readonly groupId: string;
  readonly level: '1' | '2' | '3';
  readonly password: string;
}

export type CredentialErrors = Partial<Record<'meterSerial' | 'groupId' | 'password', string>>;

/** Field errors, or the `credentials.set` arguments. */
export function checkCredential(f: CredentialForm): { errors: CredentialErrors } | { args: CallArgs<'credentials.set'> } {
  const errors: CredentialErrors = {};
  if (f.scope === 'meter') {
    const bad = schemaProblem(meterSerialSchema, f.meterSerial);
    if (bad) errors.meterSerial = sentence('The serial number', bad);
  }
  if (f.scope === 'group' && !/^\d+$/.test(f.groupId)) errors.groupId = 'Choose the meter group.';
  const pw = f.password === '' ? 'Enter the meter password.' : passwordError(f.password);
  if (pw) errors.password = pw;
  if (Object.keys(errors).length > 0) return { errors };
  const level = Number(f.level) as 1 | 2 | 3;
  const target =
    f.scope === 'meter' ? { scope: 'meter' as const, meterSerial: f.meterSerial.trim() } : f.scope === 'group' ? { scope: 'group' as const, groupId: Number(f.groupId) } : { scope: 'default' as const };
  return { args: { ...target, level, password: f.password } };
}

/** Serial numbers typed one per line (or separated by commas/semicolons): trimmed, empty ones and repeats dropped. */
export function parseSerials(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const s = raw.trim();
    if (!s || seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out;
}

/** A user's state in words: `Active`, `Disabled`, `Locked until 14:05 (3 failed sign-ins)`. `when` formats a UTC time. */
export function userState(u: Pick<UserView, 'disabled' | 'locked' | 'lockedUntilUtc' | 'failedAttempts'>, when: (utc: string) => string): string {
  if (u.disabled) return 'Disabled';
  if (u.locked) return `Sign-in delayed${u.lockedUntilUtc ? ` until ${when(u.lockedUntilUtc)}` : ''}`;
  return u.failedAttempts > 0 ? `Active (${u.failedAttempts} failed sign-in${u.failedAttempts === 1 ? '' : 's'})` : 'Active';
}

/** A user's object scopes in words: `All` or `Folders: Domestic, Commercial · Meter groups: North`. Unknown ids as `#id`. */
export function scopeSummary(
  u: Pick<UserView, 'schemeFolderIds' | 'meterGroupIds'>,
  folders: readonly { id: number; name: string }[],
  groups: readonly { id: number; name: string }[],
): string {
  const names = (ids: readonly number[], list: readonly { id: number; name: string }[]) => ids.map((id) => list.find((x) => x.id === id)?.name ?? `#${id}`).join(', ');
  const parts = [
    u.schemeFolderIds.length ? `Folders: ${names(u.schemeFolderIds, folders)}` : null,
    u.meterGroupIds.length ? `Meter groups: ${names(u.meterGroupIds, groups)}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : 'All';
}

/** What a role may do that another may not, in words, for the role-change confirmation. */
const ADMIN_ONLY = 'manage users (including other administrators), stored meter passwords, meter groups and settings';

/**
 * The confirmation text of a role change (Administration → Users): what the user becomes, what they could do before,
 * and the warnings of a change to or from administrator. `self` when the administrator changes their own role.
 * Example: `roleChangeWords({ username: 'tom', displayName: 'Tom' }, 'technician', 'engineer', false)` →
 * `{ title: 'Make tom an engineer?', lines: ['Tom (tom) becomes an engineer: edits tariff schemes, …', 'Until now a technician: …', …] }`.
 */
export function roleChangeWords(
  u: Pick<UserView, 'username' | 'displayName'>,
  from: Role,
  to: Role,
  self: boolean,
): { title: string; confirm: string; lines: string[] } {
  const who = u.displayName ? `${u.displayName} (${u.username})` : u.username;
  const lines = [`${who} becomes ${withArticle(to)}: ${ROLE_DUTIES[to]}.`, `Until now ${withArticle(from)}: ${ROLE_DUTIES[from]}.`];
  if (to === 'administrator') lines.push(`As an administrator ${u.username} can ${ADMIN_ONLY}.`);
  if (from === 'administrator') {
    lines.push(
      self
        ? `This is your own account: you can no longer ${ADMIN_ONLY} once you confirm. Another administrator must give the role back.`
        : `${u.username} can no longer ${ADMIN_ONLY}.`,
    );
  }
  lines.push('The change applies from their next action and is recorded in the audit trail.');
  return { title: `Make ${u.username} ${withArticle(to)}?`, confirm: `Make ${u.username} ${withArticle(to)}`, lines };
}

/** `an administrator`, `an engineer`, `a technician`, `an auditor`. */
function withArticle(role: Role): string {
  const word = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
