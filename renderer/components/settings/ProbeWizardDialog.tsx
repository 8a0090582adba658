/**
 * The probe-connection wizard (issue 16 item 2) in a dialog: before it starts, what it will do and how long it may
 * take; while it runs, each try as a line — the combination and, in plain words, what it saw (nothing / garbled /
 * identification / works) — with the try in progress; at the end, what works (saved as the port's profile when the user
 * may set up probes) or what to check. Cancel stops it after the try in progress.
 */
import { useState } from 'react';
import { OUTCOME_LABELS, secondsWords } from '../../lib/probe-words';
import { useCan } from '../../state/auth';
import { useProbes } from '../../state/probes';
import { Field } from '../Field';
import { Modal } from '../Modal';

const BADGE: Readonly<Record<string, string>> = { nothing: 'badge-failed', garbled: 'badge-failed', identification: 'badge-unsaved', session: 'badge-imported' };

function Setup({ port }: { port: string }) {
  const [address, setAddress] = useState('');
  const canSave = useCan('probes.manage');
  const bad = address !== '' && !/^[0-9A-Za-z ]{1,32}$/.test(address);
  return (
    <form
      aria-label="Start the connection wizard"
      onSubmit={(e) => {
        e.preventDefault();
        if (!bad) void useProbes.getState().startWizard(port, address.trim() ? [address.trim()] : [], canSave);
      }}
    >
      <p>
        Put the probe on the meter&apos;s optical port (cable down) and keep it still. The wizard signs on with each combination of DTR and RTS,
        notices whether the probe echoes, and finds the highest speed that gets through. Each try takes a few seconds; if the meter stays in a failed
        session it waits up to 2 minutes for it.
      </p>
      <Field label="Also try the device address (optional)" error={bad ? 'Up to 32 letters, digits or spaces.' : null}>
        {(c) => <input {...c} value={address} placeholder="e.g. the meter serial number" onChange={(e) => setAddress(e.target.value)} />}
      </Field>
      <p className="hint muted">{canSave ? `The profile that works is saved as "${port} (detected)" and used for ${port}.` : 'You may run the wizard; an administrator, engineer or technician saves what it finds.'}</p>
      <div className="modal-actions">
        <button type="button" className="button button-light" onClick={() => useProbes.getState().closeWizard()}>
          Not now
        </button>
        <button type="submit" className="button button-primary" disabled={bad}>
          Start
        </button>
      </div>
    </form>
  );
}

export function ProbeWizardDialog({ port }: { port: string }) {
  const w = useProbes((s) => s.wizard);
  const close = () => useProbes.getState().closeWizard();
  return (
    <Modal title={`Connection wizard — ${port}`} onClose={() => (w?.status === 'running' ? void useProbes.getState().cancelWizard() : close())} wide>
      {!w || w.port !== port ? (
        <Setup port={port} />
      ) : (
        <div aria-label="Connection wizard progress">
          <p role="status" className="muted">
            {w.status === 'running' || w.status === 'cancelling'
              ? `${w.status === 'cancelling' ? 'Stopping after this try… ' : ''}Try ${Math.min(w.done + 1, w.total)} of ${w.total}: ${w.current}${w.maxSeconds ? ` (at most ${secondsWords(w.maxSeconds)} in all)` : ''}`
              : w.result
                ? `Finished: ${w.result.tries.length} tries in ${secondsWords(w.result.seconds)}.`
                : 'The wizard stopped.'}
          </p>
          <progress max={Math.max(w.total, 1)} value={w.done} aria-label="Tries done" />
          <ol className="wizard-tries" aria-label="Tries">
            {w.tries.map((t) => (
              <li key={t.n} data-outcome={t.outcome}>
                <span className={`badge ${BADGE[t.outcome] ?? ''}`}>{OUTCOME_LABELS[t.outcome]}</span> {t.words}
              </li>
            ))}
          </ol>
          {w.result && (
            <div className={w.result.found ? 'wizard-result' : 'wizard-result not-found'} role="region" aria-label="Wizard result">
              <p>{w.result.summary}</p>
            </div>
          )}
          {w.error && (
            <div className="alert" role="alert">
              <p>{w.error}</p>
            </div>
          )}
          <div className="modal-actions">
            {w.status === 'running' || w.status === 'cancelling' ? (
              <button type="button" className="button" disabled={w.status === 'cancelling'} onClick={() => void useProbes.getState().cancelWizard()}>
                Cancel
              </button>
            ) : (
              <button type="button" className="button button-primary" onClick={close}>
                Done
              </button>
            )}
          </div>
        </div>
      )}
    </Modal>
  );
}
