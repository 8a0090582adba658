/**
 * `pmu schedule add|list|delete`, `pmu gaps` and `pmu timesync check`: collection schedules, the load-profile gaps
 * report, and this computer's clock against the fleet's time reference, from the command line (docs/fleet.md). Parse → main/services/collection.ts → print. The
 * reference and the clock policy are settings: `pmu settings set timeSync.reference=ntp:pool.ntp.org`.
 *   pmu schedule add "Nightly" --target "place:North/Riverside" --cron "0 2 * * *" --tz Europe/London --window 01:00-05:00
 */
import type { Command } from 'commander';
import { checkTimeAs, deleteScheduleAs, gapsAs, saveScheduleAs, schedulesAs } from '../services/collection';
import { fleetMeterBySerial } from '../store/fleet-meters';
import { findTarget, scheduleByName } from '../store/collection-schedules';
import { StoreError } from '../core/errors';
import { actAs, addUserOption, type ActingOptions, type CliCommand } from './acting-user';
import { parseWhat } from './collect';
import { withActingStore } from './meters';

interface Common extends ActingOptions {
  db?: string;
  tz?: string;
}

/** `pmu schedule add <name>` (replaces a schedule of that name). */
export async function runScheduleAdd(name: string, o: Common & { target: string; cron: string; window?: string; what?: string; firstDays?: string; retries?: string; backoff?: string; disabled?: boolean }): Promise<void> {
  await withActingStore(o, 'schedule add', async (ctx) => {
    const target = findTarget(ctx.db, o.target);
    const w = o.window === undefined ? null : /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(o.window);
    if (o.window !== undefined && !w) throw new StoreError('INVALID_DATA', '--window must be HH:MM-HH:MM, e.g. 22:00-06:00.');
    const existing = scheduleByName(ctx.db, name);
    const s = saveScheduleAs(ctx, {
      ...(existing ? { id: existing.id } : {}), name, targetKind: target.kind, targetId: target.id, cron: o.cron, timeZone: o.tz ?? ctx.timeZone,
      what: parseWhat(o.what, o.firstDays ? Number(o.firstDays) : undefined), windowStart: w?.[1] ?? null, windowEnd: w?.[2] ?? null,
      ...(o.retries ? { retries: Number(o.retries) } : {}), ...(o.backoff ? { backoffSeconds: Number(o.backoff) } : {}), enabled: !o.disabled,
    });
    process.stdout.write(`Schedule "${s.name}" (${s.targetLabel}, "${s.cron}" ${s.timeZone}) saved; next run ${s.nextRunUtc ?? 'never'}.\n`);
  });
}

/** `pmu schedule list`. */
export async function runScheduleList(o: Common & { json?: boolean }): Promise<void> {
  await withActingStore(o, 'schedule list', async (ctx) => {
    const all = schedulesAs(ctx);
    if (o.json) return void process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    for (const s of all) {
      const window = s.windowStart ? ` between ${s.windowStart} and ${s.windowEnd}` : '';
      process.stdout.write(`${s.name}: ${s.targetLabel}, "${s.cron}" (${s.timeZone})${window}${s.enabled ? '' : ' [disabled]'}; next ${s.nextRunUtc ?? '—'}\n`);
    }
    process.stdout.write(`${all.length} schedule${all.length === 1 ? '' : 's'}.\n`);
  });
}

/** `pmu schedule delete <name>`. */
export async function runScheduleDelete(name: string, o: Common): Promise<void> {
  await withActingStore(o, 'schedule delete', async (ctx) => {
    const s = scheduleByName(ctx.db, name);
    if (!s || !deleteScheduleAs(ctx, s.id)) throw new StoreError('NOT_FOUND', `There is no schedule called "${name}".`);
    process.stdout.write(`Schedule "${name}" deleted (its runs stay in the history).\n`);
  });
}

/**
 * `pmu gaps [--meter <serial>] [--status open|filled|unavailable|all] [--json]`: the gaps report (default the open
 * gaps: intervals a meter has not sent yet, asked of it again on its next run). Times UTC.
 */
export async function runGaps(o: Common & { meter?: string; status?: string; json?: boolean }): Promise<void> {
  await withActingStore(o, 'gaps', async (ctx) => {
    const status = o.status ?? 'open';
    if (!['open', 'filled', 'unavailable', 'all'].includes(status)) throw new StoreError('INVALID_DATA', `--status must be open, filled, unavailable or all, not "${status}".`);
    const meter = o.meter === undefined ? null : fleetMeterBySerial(ctx.db, o.meter);
    if (o.meter !== undefined && !meter) throw new StoreError('NOT_FOUND', `Meter ${o.meter} is not in the meter list.`);
    const gaps = gapsAs(ctx, { ...(meter ? { meterId: meter.id } : {}), ...(status === 'all' ? {} : { status: status as 'open' }) });
    if (o.json) return void process.stdout.write(`${JSON.stringify(gaps, null, 2)}\n`);
    for (const g of gaps) {
      const tries = g.attempts ? `, asked ${g.attempts} time${g.attempts === 1 ? '' : 's'}` : '';
      process.stdout.write(`${g.serial} ${g.obis}: ${g.fromUtc} … ${g.toUtc}, ${g.intervals} interval${g.intervals === 1 ? '' : 's'} ${g.status}${tries}\n`);
    }
    process.stdout.write(`${gaps.length} ${status === 'all' ? '' : `${status} `}gap${gaps.length === 1 ? '' : 's'}.\n`);
  });
}

/** `pmu timesync check`: exit 1 when meter clocks would not be corrected. */
export async function runTimeSyncCheck(o: Common): Promise<void> {
  await withActingStore(o, 'timesync check', async (ctx) => {
    const c = await checkTimeAs(ctx);
    if (c.offsetMs !== null) process.stdout.write(`${c.source}: this computer's clock is ${Math.abs(c.offsetMs / 1000).toFixed(3)} s ${c.offsetMs > 0 ? 'slow' : 'fast'} (round trip ${((c.delayMs ?? 0) / 1000).toFixed(3)} s).\n`);
    process.stdout.write(c.refused ? `Meter clocks would NOT be corrected: ${c.refused}.\n` : 'Meter clocks may be corrected against it.\n');
    if (c.refused) process.exitCode = 1;
  });
}

/** Add `pmu schedule …`, `pmu gaps` and `pmu timesync check`. */
export function registerScheduleCommands(program: Command): void {
  const common = (c: Command) => addUserOption(c.option('--db <file>', 'SQLite store (default: the app data directory)'));
  const schedule = program.command('schedule').description('Collection schedules: what to collect from whom and when.');
  common(schedule.command('add <name>').description('Add (or replace) a schedule.'))
    .requiredOption('--target <target>', 'meter group, place (name or Region/Substation path) or meter; or group:…, place:…, meter:…')
    .requiredOption('--cron <expression>', 'when: cron with 5 fields, e.g. "*/15 * * * *" or "0 2 * * *"')
    .option('--tz <zone>', 'time zone of the cron expression and window (default: this computer\'s)')
    .option('--window <HH:MM-HH:MM>', 'runs start only within this local time window (may span midnight)')
    .option('--what <items>', 'registers,lp,events,clock,adjust,set (default registers,lp,clock)')
    .option('--first-days <n>', 'days of load profile for meters with nothing stored yet (default 1)')
    .option('--retries <n>', 'further attempts per meter (default 2)')
    .option('--backoff <s>', 'first wait before a retry, seconds, doubled each time (default 60)')
    .option('--disabled', 'save it switched off')
    .action(runScheduleAdd);
  common(schedule.command('list').description('List the schedules with their next run.')).option('--json', 'print JSON').action(runScheduleList);
  common(schedule.command('delete <name>').description('Delete a schedule (its runs stay in the history).')).action(runScheduleDelete);
  common(program.command('gaps').description('The load-profile gaps report: intervals missing per meter and channel (default: the open ones).'))
    .option('--meter <serial>', 'only this meter')
    .option('--status <status>', 'open (default), filled, unavailable or all')
    .option('--json', 'print JSON')
    .action(runGaps);
  const ts = program.command('timesync').description('Fleet time sync (the reference and policy are settings: pmu settings list).');
  common(ts.command('check').description('Check this computer\'s clock against the reference now.')).action(runTimeSyncCheck);
}

