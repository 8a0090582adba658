/**
 * Test helpers of sign-in, permissions and the audit trail (for *.test.ts only): a private in-memory store with a
 * memory data key, a cheap scrypt cost (the real one takes ~100 ms per hash), a settable clock, and one user of
 * each role.
 */
import type { Database } from 'better-sqlite3';
import { memoryKeyProvider } from '../secrets/key-provider';
import type { AppContext } from '../core/context';
import { openDatabase } from '../store/db';
import type { ScryptParams } from './passwords';
import { ROLES, type Role } from './permissions';
import { addUser } from './users';
import { createLinkRegistry } from '../links/registry';

/** scrypt cost for tests: same algorithm and format, 32× cheaper than the default. */
export const CHEAP_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/** The password every test user gets (`<role>-password-1`). */
export const passwordOf = (role: Role | string): string => `${role}-password-1`;

/** A context on a fresh in-memory store (OS user `osuser`). */
export function testContext(): AppContext {
  return {
    db: openDatabase(':memory:'),
    dbPath: ':memory:',
    resDir: '/tmp/pmu-auth-test/RES',
    operator: 'osuser',
    keys: memoryKeyProvider(),
    timeZone: 'Europe/London',
    software: 'pmu-workstation test',
    links: createLinkRegistry(),
  };
}

/** A clock the test moves: `now()` for the code under test, `advance(ms)` for the test. */
export function testClock(start = Date.parse('2026-03-01T08:00:00Z')): { now: () => Date; advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

/** Adds one user per role, named after it (`administrator` first, as the first user must be). */
export async function addRoleUsers(db: Database): Promise<void> {
  for (const role of ['administrator', ...ROLES.filter((r) => r !== 'administrator')] as Role[]) {
    await addUser(db, { username: role, role, password: passwordOf(role) }, { scrypt: CHEAP_SCRYPT });
  }
}
