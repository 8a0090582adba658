/**
 * The fields of a new user shared by "Create administrator" and "Add user": user name, display name, meter user ID
 * (≤ 8 characters, written to the meter as the programmer's ID), password and its repetition. Field errors come
 * from ../../lib/user-form.ts.
 */
import type { NewUserErrors, NewUserForm } from '../../lib/user-form';
import { Field } from '../Field';
import { usePasswordRules } from '../../state/app-info';

/** A new password and its repetition (also used by reset / change password). */
export function PasswordFields({
  password,
  repeat,
  errors,
  onChange,
  label = 'Password',
}: {
  password: string;
  repeat: string;
  errors: { password?: string; repeat?: string };
  onChange: (patch: { password?: string; repeat?: string }) => void;
  label?: string;
}) {
  const minLength = usePasswordRules().minLength;
  return (
    <>
      <Field label={label} error={errors.password}>
        {(c) => <input {...c} type="password" value={password} autoComplete="new-password" placeholder={`at least ${minLength} characters`} onChange={(e) => onChange({ password: e.target.value })} />}
      </Field>
      <Field label={`Repeat ${label.toLowerCase()}`} error={errors.repeat}>
        {(c) => <input {...c} type="password" value={repeat} autoComplete="new-password" onChange={(e) => onChange({ repeat: e.target.value })} />}
      </Field>
    </>
  );
}

export function UserFields({ form, errors, onChange }: { form: NewUserForm; errors: NewUserErrors; onChange: (patch: Partial<NewUserForm>) => void }) {
  return (
    <div className="form-grid two">
      <Field label="User name" error={errors.username}>
        {(c) => <input {...c} type="text" value={form.username} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ username: e.target.value })} />}
      </Field>
      <Field label="Display name" error={errors.displayName}>
        {(c) => <input {...c} type="text" value={form.displayName} autoComplete="off" onChange={(e) => onChange({ displayName: e.target.value })} />}
      </Field>
      <Field label="Meter user ID (optional)" error={errors.meterUserId}>
        {(c) => <input {...c} type="text" value={form.meterUserId} maxLength={8} autoComplete="off" spellCheck={false} placeholder="up to 8 characters" onChange={(e) => onChange({ meterUserId: e.target.value })} />}
      </Field>
      <span />
      <PasswordFields password={form.password} repeat={form.repeat} errors={errors} onChange={onChange} />
    </div>
  );
}
