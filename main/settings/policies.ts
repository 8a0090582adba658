/**
 * THE typed read API of the workstation's policies (issue 16 item 5), for the services that obey them: separation of
 * duties for approvals (the approval code), password rules and session times (main/auth), the time-sync limits of
 * fleet collection (main/collect), and the default meter time zone (the app context). Values come from the settings in
 * force (./values.ts: the store, else the defaults of contract/settings.ts); units are converted here once, so callers
 * never see a setting key. Changing them is main/services/settings.ts (permission check, audit with before/after).
 */
import type { Database } from 'better-sqlite3';
import { readSettings } from './values';

/** What every policy reader needs (an AppContext fits). */
export interface PolicyContext {
  readonly db: Database;
}

/** The policies in force. Times in milliseconds. */
export interface Policies {
  readonly approval: {
    /** A program must be approved by another user than the one who staged it. */
    readonly separateDuties: boolean;
  };
  readonly password: PasswordRules;
  readonly session: {
    /** A session ends after this long without a call. */
    readonly idleMs: number;
    /** A session ends this long after sign-in. */
    readonly absoluteMs: number;
  };
  readonly timeSync: {
    /** The trusted time reference (`ntp:host[:port]`, `gps:port[@baud]`), or null when none is set up. */
    readonly reference: string | null;
    /** No meter clock is corrected while |reference − workstation clock| is above this. */
    readonly maxWorkstationOffsetMs: number;
    /** A meter clock within this of the true time is left alone. */
    readonly toleranceMs: number;
    /** A clock may be SET (level 3) beyond the ±7.5 min an adjust may correct. */
    readonly allowSet: boolean;
  };
  /** IANA zone of meter clocks that name none, or null = this computer's zone. */
  readonly meterTimeZone: string | null;
}

/** Rules for new workstation passwords. */
export interface PasswordRules {
  /** Fewest characters. */
  readonly minLength: number;
  /** Fewest kinds of character (lower case, upper case, digit, other) mixed; 1 = no rule. */
  readonly minClasses: number;
}

/** The policies in force on `ctx.db` (cheap: cached per connection, see ./values.ts). */
export function policies(ctx: PolicyContext): Policies {
  const s = readSettings(ctx.db);
  return {
    approval: { separateDuties: s['policy.approval.separateDuties'] },
    password: { minLength: s['policy.password.minLength'], minClasses: s['policy.password.minClasses'] },
    session: { idleMs: s['policy.session.idleMinutes'] * 60_000, absoluteMs: s['policy.session.maxHours'] * 3_600_000 },
    timeSync: {
      reference: s['timeSync.reference'] === '' ? null : s['timeSync.reference'],
      maxWorkstationOffsetMs: Math.round(s['timeSync.maxOffsetSeconds'] * 1000),
      toleranceMs: s['timeSync.toleranceSeconds'] * 1000,
      allowSet: s['timeSync.allowSet'],
    },
    meterTimeZone: s['policy.meterTimeZone'],
  };
}

/**
 * Why `approver` may not approve a program that `author` staged, under the separation-of-duties policy, or null when
 * they may (policy off, or two different users; user names compare without regard to case, as sign-in does). For the
 * approval code (issue 13 item 3).
 */
export function approvalRefusal(ctx: PolicyContext, author: string, approver: string): string | null {
  if (!policies(ctx).approval.separateDuties) return null;
  if (author.trim().toLowerCase() !== approver.trim().toLowerCase()) return null;
  return `You staged this program, so another user must approve it (separation of duties; an administrator can relax this in Settings → Policies).`;
}
