/**
 * Create or change a probe profile: name (a built-in profile keeps its name), what it is for, DTR and RTS, echo, the
 * highest speed, reaction-time margin, pauses between characters and before a speed change, power-up wait, retries,
 * the USB models it is for, and where its values come from. Checked with the contract's schema as typed; main checks
 * again and records the change.
 */
import { useState } from 'react';
import { BAUD_RATES, probeProfileSchema, type EchoMode, type LineState, type ProbeProfile } from '../../../contract';
import { ECHO_LABELS, LINE_LABELS } from '../../lib/probe-words';
import { useProbes } from '../../state/probes';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';

type Draft = Omit<ProbeProfile, 'usbIds' | 'maxBaud' | 'reactionMarginMs' | 'interCharDelayMs' | 'baudChangeDelayMs' | 'powerUpMs' | 'retries'> & {
  usbIds: string;
  maxBaud: string;
  reactionMarginMs: string;
  interCharDelayMs: string;
  baudChangeDelayMs: string;
  powerUpMs: string;
  retries: string;
};

const NUMBERS = ['reactionMarginMs', 'interCharDelayMs', 'baudChangeDelayMs', 'powerUpMs', 'retries', 'maxBaud'] as const;

function toDraft(p: ProbeProfile): Draft {
  return { ...p, usbIds: p.usbIds.join(', '), ...Object.fromEntries(NUMBERS.map((k) => [k, String(p[k])])) } as unknown as Draft;
}

function parse(d: Draft) {
  return probeProfileSchema.safeParse({
    ...d,
    usbIds: d.usbIds.split(/[\s,;]+/).filter((x) => x !== ''),
    ...Object.fromEntries(NUMBERS.map((k) => [k, d[k].trim() === '' ? Number.NaN : Number(d[k])])),
  });
}

export function ProbeProfileDialog({ profile, previousName, builtIn }: { profile: ProbeProfile; previousName?: string; builtIn: boolean }) {
  const [d, setD] = useState<Draft>(() => toDraft(profile));
  const { busy, error } = useProbes();
  const parsed = parse(d);
  const issue = (k: string) => (parsed.success ? null : (parsed.error.issues.find((i) => i.path[0] === k)?.message ?? null));
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const close = () => useProbes.getState().edit(null);
  const lineSelect = (name: 'dtr' | 'rts', label: string) => (
    <Field label={label}>
      {(c) => (
        <select {...c} value={d[name]} onChange={(e) => set({ [name]: e.target.value as LineState })}>
          {(['leave', 'on', 'off'] as const).map((s) => (
            <option key={s} value={s}>
              {LINE_LABELS[s]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const number = (k: (typeof NUMBERS)[number], label: string) => (
    <Field label={label} error={issue(k)}>
      {(c) => <input {...c} type="number" min={0} step={1} value={d[k]} onChange={(e) => set({ [k]: e.target.value })} />}
    </Field>
  );
  return (
    <Modal title={previousName === undefined ? 'New probe profile' : `Probe profile ${previousName}`} onClose={close} wide>
      <ErrorBanner message={error} onDismiss={() => useProbes.getState().dismiss()} />
      <form
        aria-label="Probe profile"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.success) void useProbes.getState().saveProfile(parsed.data, previousName);
        }}
      >
        <div className="form-grid">
          <Field label="Name" error={issue('name')}>
            {(c) => <input {...c} value={d.name} disabled={builtIn} title={builtIn ? 'A built-in profile keeps its name' : undefined} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          {lineSelect('dtr', 'DTR')}
          {lineSelect('rts', 'RTS')}
          <Field label="Echo">
            {(c) => (
              <select {...c} value={d.echo} onChange={(e) => set({ echo: e.target.value as EchoMode })}>
                {(['detect', 'echoes', 'none'] as const).map((m) => (
                  <option key={m} value={m}>
                    {ECHO_LABELS[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Highest speed (baud)">
            {(c) => (
              <select {...c} value={d.maxBaud} onChange={(e) => set({ maxBaud: e.target.value })}>
                {BAUD_RATES.map((b) => (
                  <option key={b} value={String(b)}>
                    {b}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {number('reactionMarginMs', 'Extra reaction time (ms)')}
          {number('interCharDelayMs', 'Pause between characters (ms)')}
          {number('baudChangeDelayMs', 'Pause before a speed change (ms)')}
          {number('powerUpMs', 'Power-up wait (ms)')}
          {number('retries', 'Retries of a damaged message')}
          <Field label="USB models (vendor:product)" error={issue('usbIds')}>
            {(c) => <input {...c} value={d.usbIds} placeholder="0403:6001" spellCheck={false} onChange={(e) => set({ usbIds: e.target.value })} />}
          </Field>
        </div>
        <Field label="What it is for" error={issue('description')}>
          {(c) => <input {...c} value={d.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
        <Field label="Where the values come from" error={issue('source')}>
          {(c) => <input {...c} value={d.source} placeholder="The probe's manual, a test, or ASSUMPTION" onChange={(e) => set({ source: e.target.value })} />}
        </Field>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !parsed.success}>
            {busy ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
