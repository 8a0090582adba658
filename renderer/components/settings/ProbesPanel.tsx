/**
 * Optical probes (issue 16 items 1–2): for a port, the profile it uses and why (assigned, its USB model, the default),
 * a choice of profile, and the connection wizard; the profiles with what each does, where its values come from, the
 * ports using it, and New / Edit / Copy / Delete (a built-in profile is reset instead). Technicians, engineers and
 * administrators set up probes; everyone signed in sees them.
 */
import { useEffect, useState } from 'react';
import type { ProbeProfileView } from '../../../contract';
import { profileSummary } from '../../lib/probe-words';
import { useCan, useDenied } from '../../state/auth';
import { chosenPort, usePorts } from '../../state/ports';
import { NEW_PROFILE, useProbes } from '../../state/probes';
import { ConfirmDialog } from '../schemes/TreeDialogs';
import { RowsTable } from '../shared/RowsTable';
import { ProbeProfileDialog } from './ProbeProfileDialog';
import { ProbeWizardDialog } from './ProbeWizardDialog';

const ORIGIN: Readonly<Record<ProbeProfileView['origin'], string>> = { 'built-in': 'Built-in', edited: 'Built-in, edited', own: 'Own' };
const REASON = { port: 'assigned to this port', usb: 'chosen by the probe\'s USB model', default: 'the default profile' } as const;

function PortSection({ onWizard }: { onWizard: (port: string) => void }) {
  const ports = usePorts((s) => s.ports);
  const toolbarPort = usePorts((s) => chosenPort(s));
  const { profiles, ports: assigned, defaultProfile, busy } = useProbes();
  const [port, setPort] = useState('');
  const manage = useCan('probes.manage');
  const wizardDenied = useDenied('meter.read');
  useEffect(() => {
    if (port === '' && toolbarPort !== '') setPort(toolbarPort);
  }, [toolbarPort, port]);
  const names = [...new Set([...ports.map((p) => p.path), ...assigned.map((a) => a.port)])];
  const a = assigned.find((x) => x.port === port);
  const uses = a ?? { profile: defaultProfile, reason: 'default' as const };
  return (
    <section className="panel" aria-label="Probe on a port">
      <div className="panel-head">
        <h2>Probe on a port</h2>
        <span className="muted">&quot;It does not answer&quot;? Run the connection wizard with the probe on the meter.</span>
      </div>
      <div className="form-grid">
        <label className="form-field">
          <span>Port</span>
          <select aria-label="Port" value={port} onChange={(e) => setPort(e.target.value)}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span>Profile used</span>
          <select
            aria-label="Profile of this port"
            value={a ? a.profile : ''}
            disabled={!manage || busy || port === ''}
            onChange={(e) => void useProbes.getState().assign(port, e.target.value === '' ? null : e.target.value)}
          >
            <option value="">{a ? 'None of its own' : `${uses.profile} (${REASON[uses.reason]})`}</option>
            {profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div className="form-field">
          <span>&nbsp;</span>
          <button type="button" className="button button-primary" disabled={port === '' || wizardDenied !== undefined} title={wizardDenied} onClick={() => onWizard(port)}>
            Connection wizard…
          </button>
        </div>
      </div>
      {port && (
        <p className="hint" role="status" aria-label="Profile in use">
          {port} uses <strong>{uses.profile}</strong> ({REASON[uses.reason]}).
        </p>
      )}
    </section>
  );
}

function ProfilesTable() {
  const { profiles, defaultProfile, busy } = useProbes();
  const manage = useCan('probes.manage');
  const [confirm, setConfirm] = useState<ProbeProfileView | null>(null);
  const edit = (p: ProbeProfileView, copy = false) => {
    const { origin: _o, ports: _p, ...profile } = p;
    useProbes.getState().edit(copy ? { profile: { ...profile, name: `${p.name} copy`.slice(0, 40), source: `Copied from "${p.name}". ${p.source}`.slice(0, 300) } } : { profile, previousName: p.name });
  };
  return (
    <section className="panel" aria-label="Probe profiles">
      <div className="panel-head">
        <h2>Probe profiles</h2>
        <span className="muted">How the link drives each kind of probe. Built-in profiles can be edited and reset.</span>
        {manage && (
          <button type="button" className="button push-right" onClick={() => useProbes.getState().edit({ profile: NEW_PROFILE })}>
            New profile…
          </button>
        )}
      </div>
      <RowsTable
        kind="list"
        scroll="box"
        label="Probe profiles"
        rows={profiles}
        rowKey={(p) => p.name}
        rowProps={(p) => ({ 'data-profile': p.name })}
        columns={[
          {
            header: 'Profile',
            cell: (p) => (
              <>
                {p.name}
                {p.name === defaultProfile && <span className="badge"> default</span>}
                {p.description && <div className="hint muted">{p.description}</div>}
              </>
            ),
          },
          { header: 'Kind', cell: (p) => ORIGIN[p.origin] },
          { header: 'What it does', className: 'wrap', cell: profileSummary },
          { header: 'Ports', cell: (p) => p.ports.join(', ') || '—' },
          { header: 'Source', className: 'wrap hint', cell: (p) => p.source || '—' },
        ]}
        rowActions={
          manage
            ? (p) => (
                <>
                  <button type="button" className="link-button" aria-label={`Edit ${p.name}`} onClick={() => edit(p)}>
                    Edit…
                  </button>
                  <button type="button" className="link-button" aria-label={`Copy ${p.name}`} onClick={() => edit(p, true)}>
                    Copy…
                  </button>
                  {p.origin !== 'built-in' && (
                    <button type="button" className="link-button danger" disabled={busy} aria-label={`${p.origin === 'edited' ? 'Reset' : 'Delete'} ${p.name}`} onClick={() => setConfirm(p)}>
                      {p.origin === 'edited' ? 'Reset…' : 'Delete…'}
                    </button>
                  )}
                </>
              )
            : undefined
        }
      />
      {confirm && (
        <ConfirmDialog
          title={confirm.origin === 'edited' ? `Reset ${confirm.name}?` : `Delete ${confirm.name}?`}
          confirm={confirm.origin === 'edited' ? 'Reset to the built-in values' : 'Delete profile'}
          onConfirm={() => useProbes.getState().deleteProfile(confirm.name)}
          onClose={() => setConfirm(null)}
        >
          <p>{confirm.origin === 'edited' ? 'The changes made here are dropped; the shipped values apply again.' : `Ports using it (${confirm.ports.join(', ') || 'none'}) go back to their USB model's or the default profile.`}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function ProbesPanel() {
  const editing = useProbes((s) => s.editing);
  const wizardPort = useProbes((s) => s.wizardPort);
  const builtIn = editing?.previousName !== undefined && useProbes.getState().profiles.some((p) => p.name === editing.previousName && p.origin !== 'own');
  return (
    <>
      <PortSection onWizard={(port) => useProbes.getState().openWizard(port)} />
      <ProfilesTable />
      {editing && <ProbeProfileDialog profile={editing.profile} builtIn={builtIn} {...(editing.previousName !== undefined ? { previousName: editing.previousName } : {})} />}
      {wizardPort && <ProbeWizardDialog port={wizardPort} key={wizardPort} />}
    </>
  );
}
