/**
 * Read-options slice: how the next reading and clock jobs talk to the meter — meter type (dialect), password
 * and its security level, load-profile range, events. The password is held in memory only, for this window's
 * session: never persisted (no storage, no cookies), never logged, cleared by "Forget" or a reload.
 * `readArgs` / `accessArgs` turn the form into contract arguments (contract/meter.ts) or field errors.
 */
import { create } from 'zustand';
import { METER_PASSWORD_LENGTH, type CallArgs, type MeterType, type PasswordLevel } from '../../contract';
import { dayRange } from '../lib/dates';

/** Load profile to read: the last 48 h (service default), a day range, everything the meter holds, or none. */
export type ProfileRange = 'recent' | 'range' | 'all' | 'none';

/** The form's values. */
export interface ReadOptionsForm {
  readonly meter: MeterType;
  /** Secret; '' = none. */
  readonly password: string;
  readonly passwordLevel: PasswordLevel;
  readonly profileRange: ProfileRange;
  /** Days `yyyy-MM-dd` in the workstation time zone (used with profileRange 'range'). */
  readonly profileFrom: string;
  readonly profileTo: string;
  readonly events: boolean;
}

/** Field errors of the form, by field. */
export interface ReadOptionsErrors {
  readonly password?: string;
  readonly profile?: string;
}

/** Arguments of the meter calls the form decides (everything but jobId and port). */
export type MeterAccessArgs = Pick<CallArgs<'readClock'>, 'meter' | 'password' | 'passwordLevel'>;
export type ReadOptionArgs = Omit<CallArgs<'readMeter'>, 'jobId' | 'port'>;

export const DEFAULT_READ_OPTIONS: ReadOptionsForm = {
  meter: 'auto',
  password: '',
  passwordLevel: 1,
  profileRange: 'recent',
  profileFrom: '',
  profileTo: '',
  events: true,
};

/** Port paths of the built-in emulated Elster meters (main/serial/ports.ts). */
const ELSTER_EMULATORS = /^emulator:a1(140|700)$/;

/**
 * Are the password and level fields needed? Elster meter types always; `auto` unless the port is the built-in
 * generic emulated meter (a real meter on a probe may be an Elster one); `generic` never.
 */
export function passwordShown(meter: MeterType, port: string): boolean {
  if (meter === 'a1140' || meter === 'a1700') return true;
  if (meter === 'generic') return false;
  return port !== 'emulator' || ELSTER_EMULATORS.test(port);
}

/** Plain error for a typed password, or null when it is acceptable (empty = none). */
export function passwordError(password: string): string | null {
  if (password === '') return null;
  if (password.length !== METER_PASSWORD_LENGTH) {
    return `The password must be exactly ${METER_PASSWORD_LENGTH} characters (this one has ${password.length}).`;
  }
  if (!/^[\x20-\x7e]*$/.test(password)) return 'The password may only contain letters, digits, spaces and symbols on a plain keyboard.';
  return null;
}

/** Meter type, password and level as call arguments (password left out when empty or not shown). */
export function accessArgs(form: ReadOptionsForm, port: string): { args: MeterAccessArgs } | { errors: ReadOptionsErrors } {
  const withPassword = passwordShown(form.meter, port) && form.password !== '';
  const bad = withPassword ? passwordError(form.password) : null;
  if (bad) return { errors: { password: bad } };
  return {
    args: {
      ...(form.meter !== 'auto' ? { meter: form.meter } : {}),
      ...(withPassword ? { password: form.password, passwordLevel: form.passwordLevel } : {}),
    },
  };
}

/** The whole form as readMeter arguments, or field errors. Days are in `zone` (IANA). */
export function readArgs(form: ReadOptionsForm, port: string, zone: string): { args: ReadOptionArgs } | { errors: ReadOptionsErrors } {
  const access = accessArgs(form, port);
  const errors: { password?: string; profile?: string } = 'errors' in access ? { ...access.errors } : {};
  let profile: Partial<ReadOptionArgs> = {};
  if (form.profileRange === 'none') profile = { loadProfile: false };
  else if (form.profileRange === 'all') profile = { profileAll: true };
  else if (form.profileRange === 'range') {
    const r = dayRange(form.profileFrom, form.profileTo, zone);
    if (!form.profileFrom || !form.profileTo) errors.profile = 'Enter both days of the load-profile range.';
    else if (r.error) errors.profile = r.error;
    else profile = { profileFromUtc: r.fromUtc, profileToUtc: r.toUtc };
  }
  if ('errors' in access || errors.profile) return { errors };
  return { args: { ...access.args, ...profile, events: form.events } };
}

export interface ReadOptionsState extends ReadOptionsForm {
  readonly errors: ReadOptionsErrors;
  /** Change some fields (clears their errors). */
  set(patch: Partial<ReadOptionsForm>): void;
  setErrors(errors: ReadOptionsErrors): void;
  /** Drop the password from memory. */
  forgetPassword(): void;
}

export const useReadOptions = create<ReadOptionsState>()((set, get) => ({
  ...DEFAULT_READ_OPTIONS,
  errors: {},
  set(patch) {
    const errors = { ...get().errors };
    if ('password' in patch) delete errors.password;
    if ('profileRange' in patch || 'profileFrom' in patch || 'profileTo' in patch) delete errors.profile;
    set({ ...patch, errors });
  },
  setErrors: (errors) => set({ errors }),
  forgetPassword() {
    const { password: _dropped, ...errors } = get().errors;
    set({ password: '', errors });
  },
}));
