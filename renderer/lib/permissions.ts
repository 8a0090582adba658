/**
 * Words for roles and permissions in the window: role names, what a permission lets one do, and the plain reason
 * shown on a disabled button ("Technicians cannot approve programs."). The main process decides what is allowed
 * (main/auth/permissions.ts, docs/security.md); the window only hides or disables what the signed-in user's
 * permission list (`auth.status`) lacks. Pure: no DOM, no API.
 */
import { PERMISSION_WORDS, type PermissionName, type Role } from '../../contract';

/** A role as shown to people: `Technician`, `Engineer`, `Auditor`, `Administrator`. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  technician: 'Technician',
  engineer: 'Engineer',
  auditor: 'Auditor',
  administrator: 'Administrator',
};

/** One line on what each role is for (user dialogs). Source: docs/security.md "Roles and the permission matrix". */
export const ROLE_DUTIES: Readonly<Record<Role, string>> = {
  technician: 'reads meters, adjusts clocks, uploads approved programs',
  engineer: 'edits tariff schemes, stages and approves programs, sets clocks',
  auditor: 'sees everything read-only, verifies and exports the audit trail',
  administrator: 'manages users, meter passwords, meter groups and settings (and can do everything)',
};

/** What a permission lets one do, completing "… cannot …": one table shared with main (contract/auth.ts). */
export { PERMISSION_WORDS };

/** A role in the plural, for sentences ("Auditors cannot …"). */
function plural(role: Role | null): string {
  return role ? `${ROLE_LABELS[role]}s` : 'Signed-out users';
}

/**
 * The reason a control is disabled, or undefined when `granted` holds `permission`:
 * `deniedReason('technician', ['meter.read'], 'programs.approve')` → "Technicians cannot approve programs."
 * (`role` null = nobody signed in: "Sign in to …").
 */
export function deniedReason(role: Role | null, granted: readonly PermissionName[], permission: PermissionName): string | undefined {
  if (permission === 'public' || granted.includes(permission)) return undefined;
  if (role === null) return `Sign in to ${PERMISSION_WORDS[permission]}.`;
  return `${plural(role)} cannot ${PERMISSION_WORDS[permission]}.`;
}

/** Role from any text (audit records carry `system` or old names too): the label when known, else the text. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}
