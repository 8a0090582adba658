/**
 * When schedules run (issue 14.3): cron expressions read in the schedule's time zone across a DST change, windows of
 * local times (also over midnight), bad expressions refused in plain words; and the collector's use of them — a due
 * schedule starts one run and moves on to its next start, a schedule whose previous run still goes is skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WHAT } from '../../contract/collection';
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { testContext } from '../auth/test-helpers';
import { createLinkRegistry } from '../links/registry';
import type { LinkProvider } from '../links/types';
import { runDetail } from '../store/collection-runs';
import { getSchedule, markStarted, saveSchedule } from '../store/collection-schedules';
import { saveFleetMeter } from '../store/fleet-meters';
import { Collector } from './collector';
import { CronError, inWindow, nextStart, parseCron, upcomingStarts } from './due';

const at = (iso: string) => new Date(iso);
const timing = (cron: string, timeZone: string, windowStart: string | null = null, windowEnd: string | null = null) => ({ cron, timeZone, windowStart, windowEnd });

describe('schedule times', () => {
  it('reads a daily time in the schedule\'s zone, the same local time on both sides of a DST change', () => {
    const t = timing('0 2 * * *', 'Europe/London');
    expect(nextStart(t, at('2026-01-10T12:00:00Z'))).toEqual(at('2026-01-11T02:00:00Z')); // GMT
    expect(nextStart(t, at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-29T01:00:00Z')); // first BST day: 02:00 BST
    expect(nextStart(t, at('2026-10-24T12:00:00Z'))).toEqual(at('2026-10-25T02:00:00Z')); // back to GMT that night
    expect(upcomingStarts(timing('*/15 * * * *', 'Asia/Kolkata'), at('2026-06-01T00:05:00Z'), 3)).toEqual([
      at('2026-06-01T00:15:00Z'), at('2026-06-01T00:30:00Z'), at('2026-06-01T00:45:00Z'), // +05:30: quarter hours fall on :00/:15/:30/:45 UTC too
    ]);
  });

  it('starts only inside the window of local times, also one over midnight (end excluded)', () => {
    const night = timing('0 * * * *', 'Europe/Berlin', '22:00', '06:00');
    expect(nextStart(night, at('2026-06-01T12:00:00Z'))).toEqual(at('2026-06-01T20:00:00Z')); // 22:00 CEST
    expect(nextStart(night, at('2026-06-01T23:30:00Z'))).toEqual(at('2026-06-02T00:00:00Z')); // 02:00 CEST, inside
    expect(nextStart(night, at('2026-06-02T03:30:00Z'))).toEqual(at('2026-06-02T20:00:00Z')); // 06:00 CEST is outside
    expect(inWindow(at('2026-06-01T21:59:00Z'), 'Europe/Berlin', '22:00', '06:00')).toBe(true); // 23:59 CEST
    expect(inWindow(at('2026-06-01T12:00:00Z'), 'Europe/Berlin', '08:00', '08:00')).toBe(true); // start = end: always
    expect(inWindow(at('2026-06-01T12:00:00Z'), 'UTC', '08:00', '12:00')).toBe(false);
    // A yearly time that never falls in the window has no next start (bounded search, no endless loop).
    expect(nextStart(timing('0 12 1 1 *', 'UTC', '22:00', '06:00'), at('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('refuses a bad expression in plain words naming it', () => {
    expect(() => parseCron('61 * * * *', 'UTC')).toThrow(new CronError('The schedule time "61 * * * *" is not a cron expression: the minute value "61" is out of range.'));
    expect(() => parseCron('every hour', 'UTC')).toThrow(/"every hour" is not a cron expression: write 5 fields \(minute hour day month weekday\)/);
    expect(() => parseCron('* * 32 * *', 'UTC')).toThrow(CronError);
    expect(() => nextStart(timing('0 0 * * 8', 'UTC'), at('2026-06-01T00:00:00Z'))).toThrow(CronError);
    expect(parseCron('30 0 2 * * *', 'UTC').nextRun(at('2026-06-01T00:00:00Z'))).toEqual(at('2026-06-01T02:00:30Z')); // 6 fields: seconds first
  });
});

describe('the collector and due schedules', () => {
  const release: (() => void)[] = [];
  afterEach(() => {
    for (const r of release.splice(0)) r();
  });

  /** A link that stays opening until released, then fails: a run that keeps going as long as the test wants. */
  const held: LinkProvider = {
    kind: 'held',
    matches: (port) => port.startsWith('held:'),
    open: () => new Promise((_, reject) => release.push(() => reject(new ProtocolError('LINK_LOST', 'The held line was let go.')))),
  };

  it('starts a due schedule once and moves it to its next start; skips it while its previous run still goes', async () => {
    const ctx = testContext();
    const meter = saveFleetMeter(ctx.db, { serial: 'HELD-0001', link: 'held:1' });
    const now = at('2026-06-01T10:07:00Z');
    const t = timing('*/15 * * * *', 'Europe/London');
    const s = saveSchedule(ctx.db, { name: 'Quarter hours', targetKind: 'meter', targetId: meter.id, what: { ...DEFAULT_WHAT, clockCheck: false }, ...t, retries: 0, backoffSeconds: 1, enabled: true }, at('2026-06-01T10:00:00Z'), now);
    const notes: string[] = [];
    const collector = new Collector({ db: ctx.db, links: createLinkRegistry([held]), timeZone: 'Europe/London', software: 'test', operator: 'collector (test)' }, {
      onScheduleStarted: (_id, _run, note) => notes.push(note),
    });

    const [runId, ...more] = collector.startDue(now, 'workstation');
    expect(more).toEqual([]);
    expect(runDetail(ctx.db, runId!)).toMatchObject({ trigger: 'schedule', tasks: [{ serial: 'HELD-0001' }] });
    expect(getSchedule(ctx.db, s.id)).toMatchObject({ nextRunUtc: '2026-06-01T10:15:00.000Z', lastRunId: runId });
    expect(collector.startDue(now, 'workstation')).toEqual([]); // not due again at the same time
    expect(notes).toEqual(['"Quarter hours" started: 1 meter.']);

    // Due again while the first run still waits on its meter: skipped, and moved on to the following start.
    markStarted(ctx.db, s.id, null, at('2026-06-01T10:15:00Z'));
    expect(collector.startDue(at('2026-06-01T10:15:00Z'), 'workstation')).toEqual([]);
    expect(notes[1]).toBe(`"Quarter hours" is due, but its previous run ${runId} is still going: skipped this time.`);
    expect(getSchedule(ctx.db, s.id)!.nextRunUtc).toBe('2026-06-01T10:30:00.000Z');
    expect(collector.active).toEqual([runId]);

    for (const r of release.splice(0)) r();
    await collector.start(runId!); // the run in progress: its end
    expect(runDetail(ctx.db, runId!)!.tasks[0]).toMatchObject({ status: 'failed', errorCode: 'LINK_LOST' });
  });
});
