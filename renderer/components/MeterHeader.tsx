/** Header of the open reading: which meter, when (in the reading's time zone), where from, by whom, .RES file. */
import type { ReadingSummaryView, ReadingView } from '../../contract';
import { formatInstant } from '../lib/format';

export function MeterHeader({ reading, summary }: { reading: ReadingView; summary: ReadingSummaryView | null }) {
  const { meter, session } = reading;
  return (
    <section className="panel meter-header" aria-label="Meter">
      <div className="meter-title">
        <h2>
          {meter.manufacturer} {meter.model}
        </h2>
        <span className="muted">Reading {reading.id}</span>
      </div>
      <dl className="facts">
        <dt>Identification</dt>
        <dd className="mono">{meter.identification || '—'}</dd>
        <dt>Serial number</dt>
        <dd className="mono">{meter.serial ?? '—'}</dd>
        <dt>Time of reading</dt>
        <dd>{formatInstant(session.startedUtc, session.timeZone)}</dd>
        <dt>Time zone</dt>
        <dd>{session.timeZone}</dd>
        <dt>Port</dt>
        <dd className="mono">{session.port}</dd>
        <dt>Mode / baud</dt>
        <dd>{session.mode ? `${session.mode} / ${session.baud}` : '—'}</dd>
        <dt>Operator</dt>
        <dd>{session.operator}</dd>
        <dt>.RES file</dt>
        <dd className="mono path" title={summary?.resPath ?? undefined}>
          {summary?.resPath ?? '—'}
        </dd>
      </dl>
      {reading.notes.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {reading.notes.map((n, i) => (
            <li key={i} className={`note note-${n.level}`}>
              {n.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
