/**
 * Who may receive an event (issue 11.4, docs/security.md "Events"): every event main sends to a window or tab carries
 * an AUDIENCE, and each receiver (a desktop window `desktop:<id>`, a browser tab `browser:<id>`) gets it only when the
 * user signed in THERE may see it — checked at delivery, so signing out or another user signing in on that channel
 * stops the events at once, and a channel where nobody is signed in receives nothing (setup mode: the OS user).
 * - `caller`: progress of a job (reading, clock, import, programming) goes to the channel that started it, while the
 *   same user is signed in there — not to other tabs, not to other users;
 * - `permission`: background events (the folder watcher) go to every signed-in user holding the permission; when
 *   they concern meters (`meterSerials`), a user limited to meter groups gets them only when every meter is theirs
 *   and there is at least one.
 * Looking up the receiver does not count as activity (sessions still end after 30 idle minutes during long jobs).
 */
import type { Database } from 'better-sqlite3';
import type { CollectionProgress } from '../../contract/collection';
import type { Caller } from './access-control';
import { allowedMeters, hasPermission, type Actor } from './actor';
import type { Permission } from './permissions';

/** Who may receive one event (see the file comment). */
export type EventAudience =
  | {
      readonly kind: 'caller';
      /** The channel of the call that started the job. */
      readonly channel: string;
      /** The user who started it (user name; setup mode: the OS user). */
      readonly username: string;
    }
  | {
      readonly kind: 'permission';
      readonly permission: Permission;
      /** Serial numbers of the meters the event is about; absent = not about meters (e.g. a folder scan ended). */
      readonly meterSerials?: readonly string[];
    };

/** The audience of a job started by a call from `caller` as `actor` (its progress and end events). */
export function callerAudience(caller: Caller, actor: Actor | null): EventAudience {
  return { kind: 'caller', channel: caller.channel, username: actor?.username ?? '' };
}

/** The audience of an event about stored readings `readingIds`: holders of `permission` whose meter scope holds their meters. */
export function readingsAudience(db: Database, permission: Permission, readingIds: readonly number[]): EventAudience {
  // More readings than one query takes: name an unknown meter, so only users without a meter scope get it.
  if (readingIds.length > 500) return { kind: 'permission', permission, meterSerials: [''] };
  const rows = readingIds.length === 0 ? [] : (db.prepare(`SELECT DISTINCT coalesce(meter_serial, '') AS s FROM readings WHERE id IN (${readingIds.map(() => '?').join(',')})`).all(...readingIds) as { s: string }[]);
  return { kind: 'permission', permission, meterSerials: rows.map((r) => r.s) };
}

/**
 * The audience of a collection run's progress (issue 14 × 11.4): holders of `collection.view`; a line about one
 * meter only to those whose meter scope holds it (counts alone go to every holder).
 */
export function collectionProgressAudience(p: CollectionProgress): EventAudience {
  return p.meter ? { kind: 'permission', permission: 'collection.view', meterSerials: [p.meter.serial] } : { kind: 'permission', permission: 'collection.view' };
}

/** What {@link mayReceive} needs to know who is signed in on a channel. */
export interface ReceiverLookup {
  /** The actor signed in on `caller`'s channel (null: nobody), without counting as activity. */
  identify(caller: Caller, opts: { touch: false }): { actor: Actor | null };
}

/** True when the user signed in on `channel` may receive an event for `audience`. Never throws. */
export function mayReceive(access: ReceiverLookup, db: Database, channel: string, audience: EventAudience): boolean {
  let actor: Actor | null;
  try {
    actor = access.identify({ channel }, { touch: false }).actor;
  } catch {
    return false;
  }
  if (actor === null || actor.role === 'system') return false;
  if (audience.kind === 'caller') return audience.channel === channel && audience.username !== '' && audience.username.toLowerCase() === actor.username.toLowerCase();
  if (!hasPermission(actor, audience.permission)) return false;
  if (audience.meterSerials === undefined) return true;
  const allowed = allowedMeters(db, actor);
  if (allowed === null) return true;
  return audience.meterSerials.length > 0 && audience.meterSerials.every((s) => allowed.has(s.trim().toUpperCase()));
}
