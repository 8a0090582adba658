/**
 * The "Staging" screen: staged programs on the left (newest first, with their status), and on the right the
 * stage form or the open staged program (plan, problems, approve, program meter, certificate).
 */
import { useEffect } from 'react';
import { formatInstantShort } from '../../lib/format';
import { useAppInfo } from '../../state/app-info';
import { useDenied } from '../../state/auth';
import { useStaging } from '../../state/staging';
import { ErrorBanner } from '../ErrorBanner';
import { TimeZoneList } from '../shared/TimeZoneList';
import { StagedView, STAGED_STATUS_NAMES } from './StagedView';
import { StageForm } from './StageForm';

function StagedList() {
  const { list, current, open, startNew } = useStaging();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const denied = useDenied('programs.stage');
  return (
    <nav className="sidebar" aria-label="Staged programs">
      <div className="sidebar-head">
        <h2>Staged programs</h2>
        <button type="button" className="link-button" disabled={denied !== undefined} title={denied} onClick={() => startNew(null)}>
          Stage new…
        </button>
      </div>
      {list.length === 0 ? (
        <p className="empty">Nothing staged yet.</p>
      ) : (
        <ul className="reading-list">
          {list.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="reading-item"
                aria-current={current?.staged.id === s.id ? 'true' : undefined}
                data-testid="staged-item"
                data-status={s.status}
                onClick={() => void open(s.id)}
              >
                <span className="reading-title">
                  {s.meter.serial} · {s.schemeName}, saved version {s.schemeVersion}
                </span>
                <span className="reading-meta">
                  {STAGED_STATUS_NAMES[s.status]} · {formatInstantShort(s.createdUtc, zone)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

/** The Staging screen. */
export function StagingScreen() {
  const { current, preset, error, busy, dismissError } = useStaging();
  useEffect(() => {
    void useStaging.getState().refresh();
  }, []);
  return (
    <>
      <StagedList />
      <main className="main" aria-label="Staging" aria-busy={busy}>
        {current ? (
          <>
            <ErrorBanner message={error} onDismiss={dismissError} />
            <StagedView detail={current} />
          </>
        ) : (
          <StageForm key={preset ? `${preset.schemeStoreId}-${preset.version ?? ''}` : 'new'} />
        )}
      </main>
      <TimeZoneList />
    </>
  );
}
