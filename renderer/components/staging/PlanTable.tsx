/**
 * The program plan: exactly what programming writes, in upload order — command (W1 Elster data ID / W5 data
 * set), address, the part of the scheme or meter data, a plain description, and the value sent.
 */
import type { ProgramPlan, ProgramWrite } from '../../../programming/plan';

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
      <WritesTable writes={plan.writes} label="Program plan" />
    </section>
  );
}
