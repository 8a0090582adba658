/**
 * The register table: OBIS code, description, value exactly as the meter sent it (leading zeros kept), its
 * meaning (clock time and date, status bits), unit, time stamp, billing period. Current values first in
 * the meter's order, then historic values (billing periods), optionally grouped per billing period. A filter
 * box matches code, description, value and unit.
 */
import { useMemo, useState } from 'react';
import type { RegisterView } from '../../contract';
import { formatMeterLocal } from '../lib/format';

function matches(r: RegisterView, needle: string): boolean {
  if (!needle) return true;
  return [r.address, r.obis, r.code, r.description ?? '', r.text, r.unit ?? '', r.meaning ?? ''].some((f) => f.toLowerCase().includes(needle));
}

function Row({ r }: { r: RegisterView }) {
  return (
    <tr data-code={r.code}>
      <td className="mono" title={r.address}>
        {r.obis}
      </td>
      <td>{r.description ?? ''}</td>
      <td className="num mono">{r.text}</td>
      <td>{r.unit ?? ''}</td>
      <td className="meaning">{r.meaning ?? ''}</td>
      <td className="mono">{r.timestampLocal ? formatMeterLocal(r.timestampLocal) : ''}</td>
      <td className="num">{r.billingPeriod ?? ''}</td>
    </tr>
  );
}

export function RegisterTable({ registers }: { registers: readonly RegisterView[] }) {
  const [filter, setFilter] = useState('');
  const [grouped, setGrouped] = useState(true);
  const needle = filter.trim().toLowerCase();

  const { current, historic, periods } = useMemo(() => {
    const shown = registers.filter((r) => matches(r, needle));
    const hist = shown.filter((r) => r.billingPeriod !== null);
    const byPeriod = new Map<number, RegisterView[]>();
    for (const r of hist) byPeriod.set(r.billingPeriod ?? 0, [...(byPeriod.get(r.billingPeriod ?? 0) ?? []), r]);
    return {
      current: shown.filter((r) => r.billingPeriod === null),
      historic: hist,
      periods: [...byPeriod.entries()].sort((a, b) => a[0] - b[0]),
    };
  }, [registers, needle]);

  return (
    <section className="panel registers" aria-label="Registers">
      <div className="panel-head">
        <h2>Registers</h2>
        <span className="muted">
          {current.length + historic.length} of {registers.length} shown · {current.length} current, {historic.length} historic
        </span>
        <input
          type="search"
          className="filter"
          aria-label="Filter registers"
          placeholder="Filter: 1.8, energy, kWh…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} />
          Group historic values by billing period
        </label>
      </div>
      <div className="table-scroll">
        <table aria-label="Registers">
          <thead>
            <tr>
              <th scope="col">OBIS code</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">Value (as sent)</th>
              <th scope="col">Unit</th>
              <th scope="col">Meaning</th>
              <th scope="col">Time stamp</th>
              <th scope="col" className="num">Billing period</th>
            </tr>
          </thead>
          <tbody>
            {current.map((r, i) => (
              <Row key={`c${i}`} r={r} />
            ))}
          </tbody>
          {grouped
            ? periods.map(([period, rows]) => (
                <tbody key={period} aria-label={`Billing period ${period}`}>
                  <tr className="group-row">
                    <th scope="rowgroup" colSpan={7}>
                      Billing period {period} · {rows.length} value{rows.length === 1 ? '' : 's'}
                    </th>
                  </tr>
                  {rows.map((r, i) => (
                    <Row key={`h${period}-${i}`} r={r} />
                  ))}
                </tbody>
              ))
            : historic.length > 0 && (
                <tbody aria-label="Historic values">
                  <tr className="group-row">
                    <th scope="rowgroup" colSpan={7}>
                      Historic values · {historic.length}
                    </th>
                  </tr>
                  {historic.map((r, i) => (
                    <Row key={`h${i}`} r={r} />
                  ))}
                </tbody>
              )}
        </table>
        {current.length + historic.length === 0 && <p className="empty">No register matches “{filter}”.</p>}
      </div>
    </section>
  );
}
