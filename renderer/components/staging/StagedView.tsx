/**
 * One staged program: scheme version and meter data, its status, the scheme's problems for the meter model,
 * Approve / Delete, once approved programming the meter (above the plan), and the program plan (exactly what will be written).
 */
import { useState } from 'react';
import type { StagedDetailView } from '../../../contract';
import { formatInstantShort } from '../../lib/format';
import { useAppInfo } from '../../state/app-info';
import { useDenied } from '../../state/auth';
import { useStaging } from '../../state/staging';
import { ConfirmDialog } from '../schemes/TreeDialogs';
import { MeterStateLine } from './MeterStateLine';
import { PlanTable } from './PlanTable';
import { ProgramPanel } from './ProgramPanel';

/** Plain names of the staged program statuses. */
export const STAGED_STATUS_NAMES = {
  draft: 'Draft — review and approve',
  approved: 'Approved — ready to program',
  programmed: 'Programmed',
  'partially-programmed': 'Partially programmed',
  failed: 'Programming failed',
} as const;

function Facts({ detail }: { detail: StagedDetailView }) {
  const s = detail.staged;
  const zone = useAppInfo((x) => x.info?.timeZone ?? 'UTC');
  const m = s.meter;
  return (
    <dl className="facts staged-facts">
      <dt>Scheme</dt>
      <dd>
        {s.schemeName} (<span className="mono">{s.schemeId}</span>), saved version {s.schemeVersion}
      </dd>
      <dt>Meter model</dt>
      <dd>{s.meterModel}</dd>
      <dt>Serial number</dt>
      <dd className="mono">{m.serial}</dd>
      <dt>CT / VT ratio</dt>
      <dd>
        {m.ctRatio ?? 'direct'} / {m.vtRatio ?? 'direct'}
      </dd>
      <dt>Password level</dt>
      <dd>{m.passwordLevel}</dd>
      <dt>Time zone</dt>
      <dd>{m.timeZone}</dd>
      <dt>Site</dt>
      <dd>{m.site || '—'}</dd>
      <dt>Customer</dt>
      <dd>{m.customer || '—'}</dd>
      <dt>Staged</dt>
      <dd>
        {formatInstantShort(s.createdUtc, zone)} by {s.createdBy}
      </dd>
      <dt>Approved</dt>
      <dd>{s.approvedUtc ? `${formatInstantShort(s.approvedUtc, zone)} by ${s.approvedBy ?? '?'}` : 'not yet'}</dd>
    </dl>
  );
}

/** The open staged program (`detail` from staging.get). */
export function StagedView({ detail }: { detail: StagedDetailView }) {
  const { busy, approve, remove } = useStaging();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmApprove, setConfirmApprove] = useState(false);
  const approveDenied = useDenied('programs.approve');
  const deleteDenied = useDenied('programs.stage');
  const s = detail.staged;
  const errors = detail.problems.filter((p) => p.severity === 'error');
  const canDelete = s.status === 'draft' || s.status === 'approved';
  return (
    <>
      <section className="panel" aria-label="Staged program" data-testid="staged-program" data-status={s.status}>
        <div className="panel-head">
          <h2>
            Staged program {s.id}: {s.schemeName} for meter {s.meter.serial}
          </h2>
          <span className={`badge staged-${s.status}`} data-testid="staged-status">
            {STAGED_STATUS_NAMES[s.status]}
          </span>
          <span className="push-right" />
          {s.status === 'draft' && (
            <button
              type="button"
              className="button button-primary"
              disabled={busy || errors.length > 0 || detail.plan === null || approveDenied !== undefined || detail.approvalRefusal !== null}
              title={approveDenied ?? detail.approvalRefusal ?? (errors.length ? 'The scheme has errors for this meter model: fix them in the editor and stage again.' : undefined)}
              onClick={() => setConfirmApprove(true)}
            >
              Approve…
            </button>
          )}
          {canDelete && (
            <button type="button" className="button button-light" disabled={busy || deleteDenied !== undefined} title={deleteDenied} onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          )}
        </div>
        <Facts detail={detail} />
        {s.status === 'draft' && detail.approvalRefusal && (
          <p className="note-warning" data-testid="approval-refusal">
            {detail.approvalRefusal}
          </p>
        )}
        <MeterStateLine serial={s.meter.serial} zone={s.meter.timeZone} refreshKey={s.status} />
        {detail.problems.length > 0 && (
          <div className="staged-problems" aria-label="Scheme problems for this meter" role="group">
            <h3>
              {errors.length} error{errors.length === 1 ? '' : 's'}, {detail.problems.length - errors.length} warning
              {detail.problems.length - errors.length === 1 ? '' : 's'} for the {s.meterModel}
            </h3>
            <ul className="problem-list">
              {detail.problems.map((p, i) => (
                <li key={i} className={`problem problem-${p.severity}`} data-testid="staged-problem" data-severity={p.severity}>
                  <span className={`badge severity-${p.severity}`}>{p.severity === 'error' ? 'Error' : 'Warning'}</span> {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {detail.planError && (
          <p className="banner banner-error" role="alert">
            {detail.planError}
          </p>
        )}
      </section>
      {/* Once approved, programming (whether this user can, with which password, or what to ask for) comes before the plan. */}
      {s.status !== 'draft' && detail.plan && <ProgramPanel detail={detail} />}
      {detail.plan && <PlanTable plan={detail.plan} meterUserId={detail.meterUserId} />}
      {confirmApprove && (
        <ConfirmDialog title={`Approve staged program ${s.id}?`} confirm="Approve" danger={false} onConfirm={() => approve(s.id)} onClose={() => setConfirmApprove(false)}>
          <p>
            You approve that meter <strong>{s.meter.serial}</strong> ({s.meterModel}) gets <strong>{s.schemeName}</strong> (ID {s.schemeId}), saved version{' '}
            {s.schemeVersion}: {detail.plan?.writes.length ?? 0} writes at password level {s.meter.passwordLevel}, as listed in the program plan. Staged by{' '}
            {s.createdBy}.
          </p>
          <p>Once approved, a technician may program it with the meter&apos;s stored level {s.meter.passwordLevel} password without knowing it. Your name goes on the certificate as the approver.</p>
        </ConfirmDialog>
      )}
      {confirmDelete && (
        <ConfirmDialog title={`Delete staged program ${s.id}?`} confirm={`Delete staged program ${s.id}`} onConfirm={() => remove(s.id)} onClose={() => setConfirmDelete(false)}>
          <p>
            The staged program of <strong>{s.schemeName}</strong>, saved version {s.schemeVersion}, for meter <strong>{s.meter.serial}</strong> is deleted. The
            scheme itself stays in the library.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
