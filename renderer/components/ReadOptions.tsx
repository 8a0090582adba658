/**
 * "Read options" on the Read meter screen: meter type (dialect), password and security level (shown when the
 * meter may need one; kept in memory for this session only, never stored), load-profile range, and events.
 * Used by "Read meter" in the toolbar and by the meter clock panel. Not a <form>: the browser must not offer to
 * save the password on submit.
 */
import type { PasswordLevel } from '../../contract';
import { useAppInfo } from '../state/app-info';
import { chosenPort, usePorts } from '../state/ports';
import { LISTEN_BAUDS, listening, passwordShown, useReadOptions, type ProfileRange, type ReadMethod } from '../state/read-options';
import { useReadingJob } from '../state/reading-job';
import { Field } from './Field';

const METER_TYPES: readonly { value: ReadMethod; label: string }[] = [
  { value: 'auto', label: 'Auto (from the identification)' },
  { value: 'generic', label: 'Generic IEC 62056-21' },
  { value: 'a1140', label: 'Elster A1140' },
  { value: 'a1700', label: 'Elster A1700' },
  { value: 'listen', label: 'Listen (push meter)' },
];

const LEVELS: readonly { value: PasswordLevel; label: string }[] = [
  { value: 1, label: '1 — read, adjust the clock' },
  { value: 2, label: '2' },
  { value: 3, label: '3 — set the clock, program' },
];

const RANGES: readonly { value: ProfileRange; label: string }[] = [
  { value: 'recent', label: 'Last 48 hours' },
  { value: 'range', label: 'From – to' },
  { value: 'all', label: 'Everything' },
  { value: 'none', label: 'No load profile' },
];

export function ReadOptions() {
  const o = useReadOptions();
  const port = usePorts((s) => chosenPort(s));
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const status = useReadingJob((s) => s.status);
  const busy = status === 'running' || status === 'cancelling';
  const showPassword = passwordShown(o.meter, port);
  const listen = listening(o.meter, port);

  return (
    <section className="panel read-options" aria-label="Read options">
      <div className="options-row">
        <Field label="Meter type">
          {(c) => (
            <select {...c} value={o.meter} disabled={busy} onChange={(e) => o.set({ meter: e.target.value as ReadMethod })}>
              {METER_TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {showPassword && (
          <>
            <Field label="Password" error={o.errors.password ?? null}>
              {(c) => (
                <div className="row">
                  <input
                    {...c}
                    type="password"
                    value={o.password}
                    maxLength={32}
                    placeholder="8 characters"
                    autoComplete="off"
                    spellCheck={false}
                    disabled={busy}
                    onChange={(e) => o.set({ password: e.target.value })}
                  />
                  {o.password !== '' && (
                    <button type="button" className="link-button" onClick={() => o.forgetPassword()} disabled={busy}>
                      Forget
                    </button>
                  )}
                </div>
              )}
            </Field>
            <Field label="Security level">
              {(c) => (
                <select {...c} value={o.passwordLevel} disabled={busy} onChange={(e) => o.set({ passwordLevel: Number(e.target.value) as PasswordLevel })}>
                  {LEVELS.map((l) => (
                    <option key={l.value} value={l.value}>
                      {l.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        {o.meter === 'listen' && (
          <>
            <Field label="Speed">
              {(c) => (
                <select {...c} value={o.listenBaud} disabled={busy} onChange={(e) => o.set({ listenBaud: Number(e.target.value) as (typeof LISTEN_BAUDS)[number] })}>
                  {LISTEN_BAUDS.map((b) => (
                    <option key={b} value={b}>
                      {b} baud{b === 2400 ? ' (Elster A1100)' : b === 9600 ? ' (eHZ)' : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Line format">
              {(c) => (
                <select {...c} value={o.listenLine} disabled={busy} onChange={(e) => o.set({ listenLine: e.target.value as '7E1' | '8N1' })}>
                  <option value="7E1">7E1 (IEC 62056-21)</option>
                  <option value="8N1">8N1</option>
                </select>
              )}
            </Field>
            <Field label="Telegrams">
              {(c) => (
                <input
                  {...c}
                  type="number"
                  min={1}
                  max={100}
                  value={o.listenTelegrams}
                  disabled={busy}
                  onChange={(e) => o.set({ listenTelegrams: Math.min(100, Math.max(1, Math.round(Number(e.target.value) || 1))) })}
                />
              )}
            </Field>
          </>
        )}
        {!listen && (
          <label className="check events-check">
            <input type="checkbox" checked={o.events} disabled={busy} onChange={(e) => o.set({ events: e.target.checked })} />
            Read events
          </label>
        )}
      </div>
      {listen && (
        <p className="muted hint">
          A push meter sends by itself every few seconds; the workstation only listens (nothing is sent) and stores the next
          complete telegram. Several telegrams also give a short load profile of the power values, averaged per minute.
        </p>
      )}
      {!listen && (
      <fieldset className="radio-row profile-range" disabled={busy}>
        <legend>Load profile</legend>
        {RANGES.map((r) => (
          <label key={r.value} className="check">
            <input type="radio" name="profile-range" value={r.value} checked={o.profileRange === r.value} onChange={() => o.set({ profileRange: r.value })} />
            {r.label}
          </label>
        ))}
        {o.profileRange === 'range' && (
          <>
            <Field label="From day" className="inline">
              {(c) => <input {...c} type="date" value={o.profileFrom} onChange={(e) => o.set({ profileFrom: e.target.value })} />}
            </Field>
            <Field label="To day" className="inline">
              {(c) => <input {...c} type="date" value={o.profileTo} onChange={(e) => o.set({ profileTo: e.target.value })} />}
            </Field>
            <span className="muted">Days in {zone}; the “to” day is included.</span>
          </>
        )}
        {o.errors.profile && (
          <span className="field-error" role="alert">
            {o.errors.profile}
          </span>
        )}
      </fieldset>
      )}
      {showPassword && (
        <p className="muted hint">
          The password is kept in this window only while it is open; it is never saved or shown again.
        </p>
      )}
    </section>
  );
}
