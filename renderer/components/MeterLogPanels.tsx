/**
 * "Programming log" and "Events" panels of the open reading (data from renderer/lib/meter-log.ts): how often
 * and when the meter was reprogrammed (and by whom, when the meter reports user IDs), and its event records
 * with counts and the time of the last occurrence. Times are the meter's wall clock as stored.
 */
import type { ReadingView } from '../../contract';
import { formatMeterLocal } from '../lib/format';
import { meterEvents, programmingLog, type LogLine } from '../lib/meter-log';

function LogTable({ label, lines, what }: { label: string; lines: readonly LogLine[]; what: string }) {
  if (lines.length === 0) return null;
  return (
    <div className="table-scroll short">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{what}</th>
            <th scope="col" className="num">Value</th>
            <th scope="col">Last time (meter clock)</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={`${l.code}-${i}`} data-code={l.code}>
              <td title={l.code}>{l.label}</td>
              <td className="num mono">{l.value}</td>
              <td className="mono">{l.atLocal ? formatMeterLocal(l.atLocal) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Notes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="notes">
      {notes.map((n, i) => (
        <li key={i}>{n}</li>
      ))}
    </ul>
  );
}

export function ProgrammingLogPanel({ reading }: { reading: ReadingView }) {
  const log = programmingLog(reading);
  if (!log) return null;
  const newest = log.lastLocal[0];
  return (
    <section className="panel meter-log" aria-label="Programming log">
      <div className="panel-head">
        <h2>Programming log</h2>
      </div>
      <p className="log-summary">
        {log.counter === null
          ? 'The meter did not report its programming counter.'
          : `Reprogrammed ${log.counter} time${log.counter === 1 ? '' : 's'}${newest ? `; last on ${formatMeterLocal(newest)} (meter clock)` : ''}.`}
      </p>
      <LogTable label="Programming log" lines={log.lines} what="Item" />
      <Notes notes={log.notes} />
      <p className="muted hint">Clock sets and adjusts are not reprogrammings: they leave the counter unchanged.</p>
    </section>
  );
}

export function EventsPanel({ reading }: { reading: ReadingView }) {
  const ev = meterEvents(reading);
  if (!ev) return null;
  return (
    <section className="panel meter-log" aria-label="Events">
      <div className="panel-head">
        <h2>Events</h2>
        {ev.lines.length > 0 && (
          <span className="muted">
            {ev.occurred} of {ev.lines.length} record{ev.lines.length === 1 ? '' : 's'} with occurrences
          </span>
        )}
      </div>
      <LogTable label="Events" lines={ev.lines} what="Event" />
      <Notes notes={ev.notes} />
    </section>
  );
}
