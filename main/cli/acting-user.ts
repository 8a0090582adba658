/**
 * Who a `pmu` command acts as, with the same permission matrix as the UI (main/auth/permissions.ts):
 * - setup mode (no user exists): the OS user, with every permission (the first-run demo keeps working);
 * - otherwise `--user <name>` (or env PMU_USER) and the password from env PMU_PASSWORD or a hidden prompt; the
 *   sign-in follows the lock-out rules and is recorded in the audit trail; then the command's permission
 *   (CLI_PERMISSIONS) is checked before anything happens.
 * ADDING A COMMAND that touches the store: add a line to CLI_PERMISSIONS and call `actAs(ctx, options, '<command>')`.
 */
import { Option, type Command } from 'commander';
import { AccessControl, actorOfUser } from '../auth/access-control';
import { hasPermission, setupActor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { forbiddenMessage, type Permission } from '../auth/permissions';
import { withActor, type AppContext } from '../core/context';
import { promptHidden } from './prompt';

/** The permission each `pmu` command needs (commands without a store — ports, simulate, serve — need none). */
export const CLI_PERMISSIONS = {
  read: 'meter.read',
  time: 'meter.read',
  'time --adjust': 'meter.clock.adjust',
  'time --set': 'meter.clock.set',
  import: 'readings.import',
  watch: 'readings.import',
  export: 'readings.export',
  /** A scheme file: stage it, approve it (as the acting user) and upload it. */
  program: 'programs.approve',
  /** Upload a staged program an engineer approved. */
  'program --staged': 'programs.upload',
  'user add': 'users.manage',
  'user list': 'users.view',
  'user disable': 'users.manage',
  'user enable': 'users.manage',
  'audit list': 'audit.view',
  'audit verify': 'audit.view',
  'audit export': 'audit.export',
  'audit anchor': 'audit.export',
  'audit public-key': 'audit.view',
  'meters import': 'fleet.manage',
  'meters export': 'fleet.view',
  'meters list': 'fleet.view',
  'meters demo': 'collection.manage',
  collect: 'collection.run',
  'schedule add': 'collection.manage',
  'schedule list': 'collection.view',
  'schedule delete': 'collection.manage',
  'timesync check': 'collection.view',
  gaps: 'collection.view',
  'settings list': 'settings.view',
  'settings set': 'settings.manage',
  'probe list': 'signedIn',
  /** The wizard talks to the meter; saving its profile also needs probes.manage (checked by the service). */
  'probe detect': 'meter.read',
  'probe assign': 'probes.manage',
  'scheme export': 'schemes.view',
  'scheme import': 'schemes.edit',
  'report billing': 'reports.view',
  'report balance': 'reports.view',
  'report virtual': 'reports.view',
  'report rerun': 'reports.view',
  'report runs': 'reports.view',
  'report virtual-meter': 'reports.manage',
  'report tariff': 'reports.manage',
} as const satisfies Record<string, Permission>;

/** A command of {@link CLI_PERMISSIONS}. */
export type CliCommand = keyof typeof CLI_PERMISSIONS;

/** The acting-user option as commander parses it. */
export interface ActingOptions {
  user?: string;
}

/** Add `--user <name>` (default env PMU_USER) to `cmd`. */
export function addUserOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--user <name>', 'act as this workstation user (password from PMU_PASSWORD, or asked for); not needed before the first user exists').env('PMU_USER'),
  );
}

/** Where the acting user's password comes from (tests inject). */
export interface PasswordSource {
  (username: string): Promise<string>;
}

/** PMU_PASSWORD, else a hidden prompt on the terminal. */
export const defaultPasswordSource: PasswordSource = async (username) => process.env.PMU_PASSWORD ?? promptHidden(`Workstation password of ${username}: `);

/**
 * The context `command` runs with: `ctx` with the acting user (see the file comment).
 * @throws AuthError SIGN_IN_REQUIRED (users exist, no --user), SIGN_IN_FAILED / LOCKED / DISABLED, FORBIDDEN (the
 *   role lacks the command's permission), BAD_ARGUMENTS (--user given in setup mode).
 */
export async function actAs(ctx: AppContext, o: ActingOptions, command: CliCommand, password: PasswordSource = defaultPasswordSource): Promise<AppContext> {
  const access = new AccessControl(ctx);
  if (access.isSetupMode()) {
    if (o.user !== undefined && o.user !== '') {
      throw new AuthError('BAD_ARGUMENTS', 'No workstation user exists yet, so --user is not needed. Create the first administrator with "pmu user add <name> --role administrator".');
    }
    return withActor(ctx, setupActor(ctx.operator));
  }
  if (o.user === undefined || o.user === '') {
    throw new AuthError('SIGN_IN_REQUIRED', 'This workstation has users: say who you are with --user <name> (or PMU_USER); the password comes from PMU_PASSWORD or is asked for.');
  }
  const user = await access.authenticate(o.user, await password(o.user), 'cli');
  const actor = actorOfUser(user);
  const permission = CLI_PERMISSIONS[command];
  if (!hasPermission(actor, permission)) throw new AuthError('FORBIDDEN', forbiddenMessage(user.role, permission));
  return withActor(ctx, actor);
}
