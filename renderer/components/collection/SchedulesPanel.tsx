/**
 * Collection schedules and their editor: what (registers, load profile, events, clock check / adjust / set), from
 * whom (a place, a meter group or a meter), when (a cron expression in a time zone, an optional time window),
 * retries and backoff. The main process checks the cron expression and answers a bad one in plain words.
 */
import { useState } from 'react';
import type { ScheduleView } from '../../../contract';
import { shortTime } from '../../lib/collection-words';
import { useCan } from '../../state/auth';
import { useCollection } from '../../state/collection';
import { Field } from '../Field';
import { TargetOptions, parseTarget } from './TargetOptions';

const CLOCK = [
  { value: 'off', label: 'Check only' },
  { value: 'adjust', label: 'Adjust (creep, ±7.5 min)' },
  { value: 'adjust-or-set', label: 'Adjust, or set beyond 7.5 min where the policy allows' },
] as const;

function Editor({ schedule, zone, onDone }: { schedule: ScheduleView | null; zone: string | undefined; onDone: () => void }) {
  const busy = useCollection((s) => s.busy);
  const w = schedule?.what;
  const [f, setF] = useState({
    name: schedule?.name ?? '', target: schedule ? `${schedule.targetKind}:${schedule.targetId}` : '', cron: schedule?.cron ?? '*/15 * * * *',
    timeZone: schedule?.timeZone ?? zone ?? 'UTC', windowStart: schedule?.windowStart ?? '', windowEnd: schedule?.windowEnd ?? '',
    retries: String(schedule?.retries ?? 2), backoff: String(schedule?.backoffSeconds ?? 60), enabled: schedule?.enabled ?? true,
    registers: w?.registers ?? true, loadProfile: w?.loadProfile ?? true, events: w?.events ?? false, clockCheck: w?.clockCheck ?? true,
    clockSync: w?.clockSync ?? 'off', firstDays: String(w?.firstDays ?? 1),
  });
  const text = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const check = (k: 'registers' | 'loadProfile' | 'events' | 'clockCheck' | 'enabled') => (
    <label className="check">
      <input type="checkbox" checked={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.checked })} />{' '}
      {{ registers: 'Registers', loadProfile: 'Load profile since the last stored interval', events: 'Events', clockCheck: 'Clock check', enabled: 'Enabled' }[k]}
    </label>
  );
  const save = async () => {
    const target = parseTarget(f.target) ?? { targetKind: 'place' as const, targetId: 0 };
    const ok = await useCollection.getState().saveSchedule({
      ...(schedule ? { id: schedule.id } : {}), name: f.name, ...target, cron: f.cron, timeZone: f.timeZone,
      windowStart: f.windowStart || null, windowEnd: f.windowEnd || null, retries: Number(f.retries), backoffSeconds: Number(f.backoff), enabled: f.enabled,
      what: { registers: f.registers, loadProfile: f.loadProfile, events: f.events, clockCheck: f.clockCheck, clockSync: f.clockSync as 'off', firstDays: Number(f.firstDays) },
    });
    if (ok) onDone();
  };
  return (
    <form className="form-grid" aria-label="Schedule editor" onSubmit={(e) => (e.preventDefault(), void save())}>
      <Field label="Name">{(c) => <input {...c} value={f.name} maxLength={80} required onChange={text('name')} />}</Field>
      <Field label="Meters">
        {(c) => (
          <select {...c} value={f.target} required onChange={text('target')}>
            <option value="">Choose a place, meter group or meter…</option>
            <TargetOptions />
          </select>
        )}
      </Field>
      <Field label="When (cron: minute hour day month weekday)">{(c) => <input {...c} className="mono" value={f.cron} onChange={text('cron')} />}</Field>
      <Field label="Time zone of the schedule">{(c) => <input {...c} value={f.timeZone} onChange={text('timeZone')} />}</Field>
      <Field label="Window from (empty: any time)">{(c) => <input {...c} type="time" value={f.windowStart} onChange={text('windowStart')} />}</Field>
      <Field label="Window until">{(c) => <input {...c} type="time" value={f.windowEnd} onChange={text('windowEnd')} />}</Field>
      <Field label="Retries per meter">{(c) => <input {...c} type="number" min={0} max={10} value={f.retries} onChange={text('retries')} />}</Field>
      <Field label="First retry after (s, doubled each time)">{(c) => <input {...c} type="number" min={1} max={86400} value={f.backoff} onChange={text('backoff')} />}</Field>
      <Field label="New meters: days of load profile">{(c) => <input {...c} type="number" min={1} max={400} value={f.firstDays} onChange={text('firstDays')} />}</Field>
      <Field label="Clock">
        {(c) => (
          <select {...c} value={f.clockSync} onChange={text('clockSync')}>
            {CLOCK.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="check-grid wide-field">
        {check('registers')}
        {check('loadProfile')}
        {check('events')}
        {check('clockCheck')}
        {check('enabled')}
      </div>
      <div className="section-actions">
        <button type="button" className="button button-light" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          Save schedule
        </button>
      </div>
    </form>
  );
}

export function SchedulesPanel({ zone }: { zone: string | undefined }) {
  const schedules = useCollection((s) => s.schedules);
  const manage = useCan('collection.manage');
  const [editing, setEditing] = useState<ScheduleView | 'new' | null>(null);
  return (
    <section className="panel" aria-label="Schedules">
      <div className="panel-head">
        <h2>Schedules</h2>
        {manage && (
          <button type="button" className="button button-primary push-right" onClick={() => setEditing('new')}>
            New schedule…
          </button>
        )}
      </div>
      {editing && <Editor key={editing === 'new' ? 'new' : editing.id} schedule={editing === 'new' ? null : editing} zone={zone} onDone={() => setEditing(null)} />}
      <table aria-label="Collection schedules">
        <thead>
          <tr>
            <th>Name</th><th>Meters</th><th>When</th><th>Window</th><th>Next run</th><th />
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => (
            <tr key={s.id} data-schedule={s.name}>
              <td>{s.name}</td>
              <td>{s.targetLabel}</td>
              <td className="mono">
                {s.cron} <span className="muted">{s.timeZone}</span>
              </td>
              <td>{s.windowStart ? `${s.windowStart}–${s.windowEnd}` : 'any time'}</td>
              <td className="mono">{s.enabled ? shortTime(s.nextRunUtc, zone) : 'disabled'}</td>
              <td>
                {manage && (
                  <>
                    <button type="button" className="link-button" onClick={() => setEditing(s)}>
                      Edit
                    </button>{' '}
                    <button type="button" className="link-button" onClick={() => void useCollection.getState().deleteSchedule(s.id, s.name)}>
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
