/**
 * The program plan: exactly what programming writes, in upload order — command (W1 Elster data ID / W5 data
 * set), address, the part of the scheme or meter data, a plain description, the value sent, and where the layout
 * of that write comes from (public driver source, manual, or this program's assumption, confirmed or not by a
 * meter definition file: programming/safety.ts). A real meter refuses unconfirmed assumptions; the panel says so.
 */
import { provenanceKind } from '../../../meter-definitions/provenance';
import type { ProgramPlan, ProgramWrite } from '../../../programming/plan';
import { provenanceText } from '../../../programming/safety';

/** True when a real meter would refuse this write: its layout is an assumption no definition file confirmed. */
export const unconfirmed = (w: ProgramWrite): boolean => provenanceKind(w.provenance) === 'assumption' && !w.confirmedBy;

/** Plain names of the plan's parts. */
export const PART_NAMES: Readonly<Record<ProgramWrite['part'], string>> = {
  'scheme-id': 'Scheme ID',
  'user-id': 'Programmer ID',
  rates: 'Rates',
  'day-profiles': 'Day profiles',
  'week-profiles': 'Week profiles',
  seasons: 'Seasons',
  'special-days': 'Special days',
  dst: 'DST',
  'maximum-demand': 'Maximum demand',
  'load-profile': 'Load profile',
  'pulse-outputs': 'Pulse outputs',
  'ct-vt': 'CT/VT ratios',
  activation: 'Activation',
};

/** A write list as a table (the plan, or a certificate's written / not written lists). */
export function WritesTable({ writes, label }: { writes: readonly ProgramWrite[]; label: string }) {
  return (
    <div className="table-scroll">
      <table aria-label={label} className="plan-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Command</th>
            <th scope="col">Address</th>
            <th scope="col">Part</th>
            <th scope="col">What it sets</th>
            <th scope="col">Value sent</th>
            <th scope="col">Layout from</th>
          </tr>
        </thead>
        <tbody>
          {writes.map((w, i) => (
            <tr key={i} data-testid="plan-write" data-command={w.command} data-address={w.address} data-part={w.part}>
              <td className="num">{i + 1}</td>
              <td className="mono">{w.command}</td>
              <td className="mono">{w.address}</td>
              <td>{PART_NAMES[w.part]}</td>
              <td className="wrap">
                {w.description}
                {!w.verify && <span className="muted"> (not read back)</span>}
              </td>
              <td className="mono value-cell" title={w.value}>
                {w.value}
              </td>
              <td className="wrap" data-testid="write-provenance" title={w.provenance}>
                {unconfirmed(w) ? <span className="badge badge-unsaved">{provenanceText(w)}</span> : provenanceText(w)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The program plan panel: the writes, their total bytes, the password level needed and the programmer ID. */
export function PlanTable({ plan, meterUserId }: { plan: ProgramPlan; meterUserId: string }) {
  return (
    <section className="panel" aria-label="Program plan">
      <div className="panel-head">
        <h2>What will be written</h2>
        <span className="muted">
          {plan.writes.length} writes · {plan.totalBytes} bytes · needs password level {plan.requiredLevel} · programmer ID written to the meter:{' '}
          <span className="mono">{meterUserId}</span>
        </span>
      </div>
      {(() => {
        const n = plan.writes.filter(unconfirmed).length;
        return n === 0 ? null : (
          <p className="warning-box note-warning" role="note" data-testid="unconfirmed-layouts">
            {n} of these writes use a layout that no public source, manual or meter definition file confirms (marked
            “assumption”). A built-in emulated meter takes them; a real meter is not programmed until a definition file
            from the maker’s documentation confirms them (put it in the data folder’s <span className="mono">meter-definitions</span> folder;
            see docs/meter-definitions.md).
          </p>
        );
      })()}
      <WritesTable writes={plan.writes} label="Program plan" />
    </section>
  );
}
