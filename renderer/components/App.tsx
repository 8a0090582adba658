/** The workstation screen: toolbar, errors, progress, the open reading (header, chart, registers), readings list. */
import { useEffect } from 'react';
import { useAppInfo } from '../state/app-info';
import { usePorts } from '../state/ports';
import { useReadingJob } from '../state/reading-job';
import { currentSummary, useReadings } from '../state/readings';
import { ErrorBanner } from './ErrorBanner';
import { LoadProfileChart } from './LoadProfileChart';
import { MeterHeader } from './MeterHeader';
import { ProgressPanel } from './ProgressPanel';
import { ReadingsList } from './ReadingsList';
import { RegisterTable } from './RegisterTable';
import { Toolbar } from './Toolbar';

function StatusBar() {
  const info = useAppInfo((s) => s.info);
  if (!info) return null;
  return (
    <footer className="statusbar">
      <span>
        v{info.version} · {info.mode === 'browser' ? 'browser mode' : 'desktop'}
      </span>
      <span>Operator: {info.operator}</span>
      <span>Time zone: {info.timeZone}</span>
      <span className="path" title={info.dbPath}>
        Store: {info.dbPath}
      </span>
    </footer>
  );
}

export function App() {
  const portsError = usePorts((s) => s.error);
  const jobError = useReadingJob((s) => s.error);
  const readingsError = useReadings((s) => s.error);
  const infoError = useAppInfo((s) => s.error);
  const current = useReadings((s) => s.current);
  const summary = useReadings(currentSummary);
  const timeZone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');

  useEffect(() => {
    void useAppInfo.getState().load();
    void usePorts.getState().refresh();
    void useReadings.getState().refresh();
  }, []);

  return (
    <div className="app">
      <Toolbar />
      <div className="body">
        <ReadingsList timeZone={timeZone} />
        <main className="main">
          <ErrorBanner message={jobError} onDismiss={() => useReadingJob.getState().dismissError()} />
          <ErrorBanner message={portsError} onDismiss={() => usePorts.getState().dismissError()} />
          <ErrorBanner message={readingsError} onDismiss={() => useReadings.getState().dismissError()} />
          <ErrorBanner message={infoError} onDismiss={() => useAppInfo.getState().dismissError()} />
          <ProgressPanel />
          {current ? (
            <>
              <MeterHeader reading={current} summary={summary} />
              {current.loadProfile && current.loadProfile.intervals.length > 0 && (
                <LoadProfileChart profile={current.loadProfile} timeZone={current.session.timeZone} />
              )}
              <RegisterTable key={current.id} registers={current.registers} />
            </>
          ) : (
            <section className="panel welcome" aria-label="Getting started">
              <h2>No reading open</h2>
              <p>
                Put the optical probe on the meter, choose its port (or “Emulated meter (built-in)” to try the workstation),
                then press <strong>Read meter</strong>. Stored readings are listed on the left.
              </p>
            </section>
          )}
        </main>
      </div>
      <StatusBar />
    </div>
  );
}
