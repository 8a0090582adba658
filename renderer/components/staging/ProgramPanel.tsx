/**
 * "Program meter": the port (the same list as the Read meter toolbar, emulated meters included), the meter
 * password of the staged level (kept only in this panel while it is open, never shown again or stored), a
 * confirmation, then live progress (writes done of total, step messages) and the certificate when it ends.
 */
import { useEffect, useState } from 'react';
import type { StagedDetailView } from '../../../contract';
import { useAuth, useDenied } from '../../state/auth';
import { useCertificates } from '../../state/certificates';
import { OTHER_PORT, usePorts } from '../../state/ports';
import { useProgramJob } from '../../state/program-job';
import { passwordError } from '../../state/read-options';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { ConfirmDialog } from '../schemes/TreeDialogs';
import { CertificateView } from './CertificateView';
import { ProgramProgress } from './ProgramProgress';
import { PortPicker } from '../shared/PortPicker';

/** The "Program meter" panel of an approved staged program. */
export function ProgramPanel({ detail }: { detail: StagedDetailView }) {
  const ports = usePorts((s) => s.ports);
  const job = useProgramJob();
  const cert = useCertificates((s) => s.current);
  const s = detail.staged;
  // The port starts as the one chosen in the toolbar (the probe the technician reads with).
  const [port, setPort] = useState(() => usePorts.getState().selected);
  const [other, setOther] = useState(() => usePorts.getState().otherPath);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uploadDenied = useDenied('programs.upload');
  // The role's highest meter password level (main/auth/permissions.ts MAX_METER_LEVEL) must reach the staged one.
  const maxLevel = useAuth((x) => x.status?.maxMeterPasswordLevel ?? 0);
  // Main says, before anything is pressed, whether this user can program it and with which password
  // (main/services/program-readiness.ts: the upload's own rule, in a dry run). Above the role's level only a stored
  // password delegated by the approval may be used; the main process refuses a typed one.
  const ready = detail.readiness;
  const storedOnly = ready ? !ready.mayType : maxLevel < s.meter.passwordLevel;
  const denied = uploadDenied ?? (ready && !ready.canProgram ? ready.message : undefined);
  useEffect(() => {
    if (ports.length === 0) void usePorts.getState().refresh();
  }, [ports.length]);
  useEffect(() => {
    if (!port && ports[0]) setPort(ports[0].path);
  }, [ports, port]);
  const mine = job.stagedId === s.id;
  const running = mine && (job.status === 'running' || job.status === 'cancelling');
  const path = port === OTHER_PORT ? other.trim() : port;
  const check = () => {
    const bad = password === '' ? null : passwordError(password);
    if (!path) setError('Choose the port of the meter.');
    else if (bad) setError(bad);
    else {
      setError(null);
      setConfirm(true);
    }
  };
  const start = () => {
    const pw = password;
    setPassword('');
    void useProgramJob.getState().start(s.id, path, pw);
  };
  return (
    <section className="panel program-panel" aria-label="Program meter" data-testid="program-panel">
      <div className="panel-head">
        <h2>Program meter {s.meter.serial}</h2>
        <span className="muted">The meter must answer with this serial number; its tariff is replaced and read back to check it.</span>
      </div>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      {/* Not a <form>: the browser must not offer to save the password. */}
      <div className="options-row">
        <PortPicker label="Meter port" ports={ports} value={port} otherPath={other} onChange={setPort} onOtherPathChange={setOther} disabled={running} />
        <Field label={`Level ${s.meter.passwordLevel} password`}>
          {(c) => (
            <input
              {...c}
              type="password"
              value={password}
              maxLength={32}
              placeholder="8 characters"
              autoComplete="off"
              spellCheck={false}
              disabled={running || storedOnly}
              onChange={(e) => setPassword(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && check()}
            />
          )}
        </Field>
        <button type="button" className="button button-primary" disabled={running || denied !== undefined} title={denied} onClick={check}>
          Program meter
        </button>
        {running && (
          <button type="button" className="button button-light" disabled={job.status !== 'running'} onClick={() => void job.cancel()}>
            Stop
          </button>
        )}
      </div>
      <p className={ready && !ready.canProgram ? 'note-warning program-readiness' : 'muted hint program-readiness'} data-testid="program-readiness" data-can-program={ready ? String(ready.canProgram) : ''}>
        {ready?.message ?? uploadDenied ?? ''}
        {ready?.mayType ? ' A typed password is used for this programming run only; it is never saved or shown again.' : ''}
      </p>
      {mine && job.status !== 'idle' && <ProgramProgress />}
      {mine && cert && cert.jobId === job.certificateJobId && <CertificateView certificate={cert} />}
      {confirm && (
        <ConfirmDialog
          title={`Program meter ${s.meter.serial}?`}
          confirm="Program now"
          danger={false}
          onConfirm={start}
          onClose={() => setConfirm(false)}
        >
          <p>
            The meter on <strong>{path}</strong> is programmed with <strong>{s.schemeName}</strong> (ID {s.schemeId}), saved version {s.schemeVersion}:{' '}
            {detail.plan?.writes.length ?? 0} writes. Its programming counter goes up and the old tariff is replaced.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
