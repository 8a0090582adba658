/**
 * Checks of the user forms (create administrator, add user, reset or change a password) with the contract's own
 * rules (contract/auth.ts: user name 1…64 of letters, digits and . _ - @; password at most 256 characters; meter
 * user ID 1…8 printable ASCII) and the password policy in force (settings `policy.password.*`, sent in appInfo
 * `passwordRules`; main/auth/passwords.ts passwordProblem applies the same), so a mistake is named at its field
 * before anything is sent. Pure.
 */
import type { z } from 'zod';
import { DEFAULT_SETTINGS, meterUserIdSchema, newPasswordSchema, usernameSchema } from '../../contract';

/** The rules for new workstation passwords: fewest characters, fewest kinds of character mixed (1 = no rule). */
export interface PasswordRules {
  readonly minLength: number;
  readonly minClasses: number;
}

/** The policy's defaults (contract/settings.ts), for a form shown before the workstation said which are in force. */
export const DEFAULT_PASSWORD_RULES: PasswordRules = {
  minLength: DEFAULT_SETTINGS['policy.password.minLength'],
  minClasses: DEFAULT_SETTINGS['policy.password.minClasses'],
};

/** How many of lower case, upper case, digits and other characters `password` mixes (0…4), as main counts them. */
function characterKinds(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
}

/** The first message of `schema` for `value` ("needs at least 10 characters"), or null when it passes. */
export function schemaProblem(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'is not valid');
}

/**
 * One sentence from a field name and a contract message: `('The user name', 'must be at most 64 characters')` →
 * "The user name must be at most 64 characters."; an instruction stays one: `'enter a user name'` → "Enter a user name."
 */
export function sentence(subject: string, problem: string): string {
  if (/^(enter|choose|give)\b/.test(problem)) return `${problem[0]!.toUpperCase()}${problem.slice(1)}.`;
  return `${subject} ${problem}.`;
}

/** A new password typed twice. */
export interface NewPasswordForm {
  readonly password: string;
  readonly repeat: string;
}

/**
 * Field errors of a new password and its repetition under `rules` (`username` too: the password may not be the user
 * name). Example: `'short'` with the default rules → `{ password: 'The password needs at least 10 characters.' }`.
 */
export function newPasswordErrors(f: NewPasswordForm, username?: string, rules: PasswordRules = DEFAULT_PASSWORD_RULES): { password?: string; repeat?: string } {
  if (f.password.length < rules.minLength) return { password: `The password needs at least ${rules.minLength} characters.` };
  const bad = schemaProblem(newPasswordSchema, f.password);
  if (bad) return { password: sentence('The password', bad) };
  if (f.password.trim() === '') return { password: 'The password cannot be only spaces.' };
  if (characterKinds(f.password) < rules.minClasses) {
    return { password: `The password must mix at least ${rules.minClasses} of: lower-case letters, capitals, digits, other characters (your administrator's rule).` };
  }
  if (username && f.password.trim().toLowerCase() === username.trim().toLowerCase()) return { password: 'The password must not be the user name.' };
  if (f.password !== f.repeat) return { repeat: 'The two passwords are not the same.' };
  return {};
}

/** The fields of a new user (the first administrator has no role field: it is always administrator). */
export interface NewUserForm extends NewPasswordForm {
  readonly username: string;
  readonly displayName: string;
  /** '' = none. */
  readonly meterUserId: string;
}

export type NewUserErrors = Partial<Record<'username' | 'displayName' | 'meterUserId' | 'password' | 'repeat', string>>;

/**
 * Field errors of a new user, or the call arguments (trimmed; empty optional fields left out).
 * Example: `{ username: 'al ice', … }` → `{ errors: { username: 'The user name may contain only letters, digits and . _ - @' } }`.
 */
export function checkNewUser(f: NewUserForm, rules: PasswordRules = DEFAULT_PASSWORD_RULES): { errors: NewUserErrors } | { args: { username: string; password: string; displayName?: string; meterUserId?: string } } {
  const errors: NewUserErrors = {};
  const nameProblem = schemaProblem(usernameSchema, f.username);
  if (nameProblem) errors.username = sentence('The user name', nameProblem);
  if (f.displayName.trim().length > 100) errors.displayName = 'The display name must be at most 100 characters.';
  const idProblem = f.meterUserId === '' ? null : schemaProblem(meterUserIdSchema, f.meterUserId);
  if (idProblem) errors.meterUserId = sentence('The meter user ID', idProblem);
  Object.assign(errors, newPasswordErrors(f, f.username, rules));
  if (Object.keys(errors).length > 0) return { errors };
  return {
    args: {
      username: f.username.trim(),
      password: f.password,
      ...(f.displayName.trim() ? { displayName: f.displayName.trim() } : {}),
      ...(f.meterUserId ? { meterUserId: f.meterUserId } : {}),
    },
  };
}
