/**
 * `pmu user add|list|disable|enable`: workstation users from the command line, with the same rules and permission
 * checks as the UI (main/auth/users.ts, main/auth/permissions.ts) and an audit record for every change.
 * The first user (setup mode: no user yet) is created without --user and must be an administrator:
 *   pmu user add admin --role administrator
 * A new user's password comes from --password-stdin, else env PMU_NEW_PASSWORD, else a hidden prompt (asked twice);
 * the acting user's own password from PMU_PASSWORD or a prompt (./acting-user.ts).
 * `pmu user recover <name> [--new-password]` is the administrator's way back in at the computer: no sign-in, the
 * operating-system access to the data directory is what counts (main/auth/recovery.ts).
 */
import { Option, type Command } from 'commander';
import type { UserView } from '../../contract/auth';
import { setupActor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { ROLES, type Role } from '../auth/permissions';
import { recoverUser } from '../auth/recovery';
import { countUsers } from '../auth/users';
import { withActor, type AppContext } from '../core/context';
import { createAppContext } from '../services/app-context';
import { addUserAs, listUsersAs, updateUserAs } from '../services/users';
import { actAs, addUserOption, type ActingOptions } from './acting-user';
import { promptHidden, readStdinLine } from './prompt';

interface Common extends ActingOptions {
  db?: string;
}

/** Options of `pmu user add`. */
export interface UserAddOptions extends Common {
  role: Role;
  displayName?: string;
  meterUserId?: string;
  passwordStdin?: boolean;
}

/** The new user's password: stdin, PMU_NEW_PASSWORD, or asked twice on the terminal. */
async function newPassword(o: UserAddOptions, username: string): Promise<string> {
  if (o.passwordStdin) return readStdinLine();
  if (process.env.PMU_NEW_PASSWORD !== undefined) return process.env.PMU_NEW_PASSWORD;
  const what = { name: `The new workstation password of ${username}`, from: 'use --password-stdin or set PMU_NEW_PASSWORD' };
  const first = await promptHidden(`New workstation password of ${username}: `, {}, what);
  const again = await promptHidden('Type it again: ', {}, what);
  if (first !== again) throw new AuthError('BAD_ARGUMENTS', 'The two passwords differ. Nothing was changed; try again.');
  return first;
}

/** `pmu user recover <name>`: clear sign-in waits, enable, optionally a new password — no sign-in (see the file comment). */
export async function runUserRecover(name: string, o: Pick<Common, 'db'> & { newPassword?: boolean; passwordStdin?: boolean }): Promise<void> {
  await withStore(o, async (ctx) => {
    const password = o.newPassword || o.passwordStdin ? await newPassword({ ...o, role: 'administrator' }, name) : undefined;
    const r = await recoverUser(ctx, name, password !== undefined ? { newPassword: password } : {});
    const done = [r.waitsCleared ? 'sign-in waits cleared' : 'no sign-in wait to clear', r.enabled ? 'account enabled' : null, r.passwordReset ? 'new password set (their sessions ended)' : null].filter(Boolean).join('; ');
    process.stdout.write(`Recovered ${r.user.username} (${r.user.role}): ${done}. Recorded in the audit trail under ${ctx.operator}.\n`);
  });
}

async function withStore<T>(o: Common, body: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = createAppContext(o.db !== undefined ? { dbPath: o.db } : {});
  try {
    return await body(ctx);
  } finally {
    ctx.db.close();
  }
}

const status = (u: UserView) => (u.disabled ? 'disabled' : u.locked ? `sign-in delayed until ${u.lockedUntilUtc}` : 'enabled');

/** `pmu user add <name> --role <role>`. */
export async function runUserAdd(name: string, o: UserAddOptions): Promise<void> {
  await withStore(o, async (base) => {
    const setup = countUsers(base.db) === 0;
    const ctx = setup && !o.user ? withActor(base, setupActor(base.operator)) : await actAs(base, o, 'user add');
    const password = await newPassword(o, name);
    const u = await addUserAs(ctx, {
      username: name,
      role: o.role,
      password,
      ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
      ...(o.meterUserId !== undefined ? { meterUserId: o.meterUserId } : {}),
    });
    process.stdout.write(`Added ${u.role} "${u.username}"${setup ? ' (the first user: from now on every command needs --user)' : ''}.\n`);
  });
}

/** `pmu user list`. */
export async function runUserList(o: Common & { json?: boolean }): Promise<void> {
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'user list');
    const users = listUsersAs(ctx);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
      return;
    }
    if (users.length === 0) {
      process.stdout.write('No users yet (setup mode): create the first administrator with "pmu user add <name> --role administrator".\n');
      return;
    }
    const w = Math.max(8, ...users.map((u) => u.username.length));
    process.stdout.write(`${'user'.padEnd(w)}  ${'role'.padEnd(13)}  ${'status'.padEnd(10)}  meter ID  name\n`);
    for (const u of users) {
      process.stdout.write(`${u.username.padEnd(w)}  ${u.role.padEnd(13)}  ${status(u).padEnd(10)}  ${(u.meterUserId ?? '').padEnd(8)}  ${u.displayName}\n`);
    }
  });
}

/** `pmu user disable|enable <name>`. */
async function runUserEnabled(name: string, o: Common, disabled: boolean): Promise<void> {
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, disabled ? 'user disable' : 'user enable');
    updateUserAs(ctx, name, { disabled });
    process.stdout.write(`User "${name}" is now ${disabled ? 'disabled (their sessions ended)' : 'enabled'}.\n`);
  });
}

/** Adds `pmu user …` to the program. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Workstation users: add, list, disable, enable (administrators; the first user is created without --user).');
  addUserOption(
    user
      .command('add')
      .description('Add a user. The first user must be an administrator; password from --password-stdin, PMU_NEW_PASSWORD or a prompt.')
      .argument('<name>', 'user name (letters, digits, . _ - @)')
      .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
      .option('--display-name <text>', 'full name shown in the UI')
      .option('--meter-user-id <id>', 'programmer ID written to meters this user programs (up to 8 characters)')
      .option('--password-stdin', 'read the new user\'s password from standard input')
      .option('--db <file>', 'SQLite store (default: the app data directory)'),
  ).action(runUserAdd);
  addUserOption(
    user.command('list').description('List the users with role and status.').option('--json', 'print JSON').option('--db <file>', 'SQLite store (default: the app data directory)'),
  ).action(runUserList);
  addUserOption(
    user.command('disable').description('Disable a user (their sessions end at once).').argument('<name>', 'user name').option('--db <file>', 'SQLite store (default: the app data directory)'),
  ).action((name: string, o: Common) => runUserEnabled(name, o, true));
  addUserOption(
    user.command('enable').description('Enable a disabled user.').argument('<name>', 'user name').option('--db <file>', 'SQLite store (default: the app data directory)'),
  ).action((name: string, o: Common) => runUserEnabled(name, o, false));
  user
    .command('recover')
    .description('At this computer, without signing in: clear a user\'s sign-in waits, enable them, and with --new-password set a new password (recorded).')
    .argument('<name>', 'user name')
    .option('--new-password', 'also set a new password (PMU_NEW_PASSWORD, or asked twice)')
    .option('--password-stdin', 'read the new password from standard input')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .action(runUserRecover);
}
