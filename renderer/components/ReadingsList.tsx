/**
 * The "Readings" list: stored readings, newest first; click one to open it. Start times are shown in the
 * workstation's time zone (`timeZone`, from appInfo); the open reading's header uses the reading's own zone.
 */
import { formatInstant } from '../lib/format';
import { useReadings } from '../state/readings';

export function ReadingsList({ timeZone }: { timeZone: string }) {
  const { list, listLoading, current, openingId, refresh, open } = useReadings();
  return (
    <nav className="sidebar" aria-label="Readings">
      <div className="sidebar-head">
        <h2>Readings</h2>
        <button type="button" className="link-button" onClick={() => void refresh()} disabled={listLoading}>
          Refresh
        </button>
      </div>
      {list.length === 0 ? (
        <p className="empty">{listLoading ? 'Loading…' : 'No readings stored yet. Read a meter to start.'}</p>
      ) : (
        <ul className="reading-list">
          {list.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="reading-item"
                aria-current={current?.id === r.id ? 'true' : undefined}
                aria-busy={openingId === r.id}
                onClick={() => void open(r.id)}
              >
                <span className="reading-title">
                  {r.meterManufacturer} {r.meterModel} {r.meterSerial ? `· ${r.meterSerial}` : ''}
                </span>
                <span className="reading-meta">
                  {formatInstant(r.startedUtc, timeZone)} · {r.port}
                </span>
                <span className="reading-meta">
                  #{r.id} · {r.registerCount} registers · {r.intervalCount} intervals
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
