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

/** How to read: a meter type to sign on to, or `listen` for a push meter (IEC 62056-21 mode D). */
export type ReadMethod = MeterType | 'listen';

/** Speeds a push meter sends at (Elster A1100: 2400 default, 4800/9600; eHZ class: 9600). */
export const LISTEN_BAUDS = [2400, 4800, 9600] as const;

/** The form's values. */
export interface ReadOptionsForm {
  readonly meter: ReadMethod;
  /** Listen (push meter): line speed, line format, telegrams to collect. */
  readonly listenBaud: (typeof LISTEN_BAUDS)[number];
  readonly listenLine: '7E1' | '8N1';
  readonly listenTelegrams: number;
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
  listenBaud: 2400,
  listenLine: '7E1',
  listenTelegrams: 1,
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
export function passwordShown(meter: ReadMethod, port: string): boolean {
  if (meter === 'a1140' || meter === 'a1700') return true;
  if (meter === 'generic' || meter === 'listen' || PUSH_EMULATORS.test(port)) return false;
  return port !== 'emulator' || ELSTER_EMULATORS.test(port);
}

/** Port paths of the built-in push meters (main/links/listen/provider.ts): always listened to. */
const PUSH_EMULATORS = /^(listen:)?emulator:(a1100|push)$/;

/** True when the next reading listens instead of signing on: the Listen choice, or a built-in push meter. */
export function listening(meter: ReadMethod, port: string): boolean {
  return meter === 'listen' || PUSH_EMULATORS.test(port);
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
      ...(form.meter !== 'auto' && form.meter !== 'listen' ? { meter: form.meter } : {}),
      ...(withPassword ? { password: form.password, passwordLevel: form.passwordLevel } : {}),
    },
  };
}

/** The whole form as readMeter arguments, or field errors. Days are in `zone` (IANA). */
export function readArgs(form: ReadOptionsForm, port: string, zone: string): { args: ReadOptionArgs } | { errors: ReadOptionsErrors } {
  if (listening(form.meter, port)) {
    // A push meter: only listen (its speed and line format), no password, no programming mode.
    // The built-in push meters send at their own speeds (A1100 2400, eHZ 9600) unless Listen says otherwise.
    const baud = form.meter === 'listen' ? form.listenBaud : /push$/.test(port) ? 9600 : 2400;
    return { args: { listen: { baud, line: form.listenLine, telegrams: form.listenTelegrams } } };
  }
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
