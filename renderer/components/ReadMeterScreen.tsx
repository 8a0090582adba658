/**
 * The "Read meter" screen: stored readings on the left; read options, progress and the open reading (header,
 * meter clock, programming log, events, chart, registers).
 */
import { useAppInfo } from '../state/app-info';
import { usePorts } from '../state/ports';
import { useReadingJob } from '../state/reading-job';
import { currentSummary, useReadings } from '../state/readings';
import { ErrorBanner } from './ErrorBanner';
import { LoadProfileChart } from './LoadProfileChart';
import { MeterClockPanel } from './MeterClockPanel';
import { MeterHeader } from './MeterHeader';
import { EventsPanel, ProgrammingLogPanel } from './MeterLogPanels';
import { ProgressPanel } from './ProgressPanel';
import { ReadOptions } from './ReadOptions';
import { ReadingsList } from './ReadingsList';
import { RegisterTable } from './RegisterTable';

export function ReadMeterScreen() {
  const portsError = usePorts((s) => s.error);
  const jobError = useReadingJob((s) => s.error);
  const readingsError = useReadings((s) => s.error);
  const current = useReadings((s) => s.current);
  const summary = useReadings(currentSummary);
  const timeZone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  return (
    <>
      <ReadingsList timeZone={timeZone} />
      <main className="main">
        <ErrorBanner message={jobError} onDismiss={() => useReadingJob.getState().dismissError()} />
        <ErrorBanner message={portsError} onDismiss={() => usePorts.getState().dismissError()} />
        <ErrorBanner message={readingsError} onDismiss={() => useReadings.getState().dismissError()} />
        <ReadOptions />
        <ProgressPanel />
        {current ? (
          <>
            <MeterHeader reading={current} summary={summary} />
            <MeterClockPanel />
            <div className="log-panels">
              <ProgrammingLogPanel reading={current} />
              <EventsPanel reading={current} />
            </div>
            {current.loadProfile && current.loadProfile.intervals.length > 0 && (
              <LoadProfileChart profile={current.loadProfile} timeZone={current.session.timeZone} manufacturer={current.meter.manufacturer} />
            )}
            {current.registers.length > 0 ? (
              <RegisterTable key={current.id} registers={current.registers} />
            ) : (
              <p className="panel muted">This reading has no registers (it was imported from a load-profile file).</p>
            )}
          </>
        ) : (
          <section className="panel welcome" aria-label="Getting started">
            <h2>No reading open</h2>
            <p>
              Put the optical probe on the meter, choose its port (or “Emulated meter (built-in)” to try the workstation),
              then press <strong>Read meter</strong>. Stored readings are listed on the left; imported files appear there too.
            </p>
          </section>
        )}
      </main>
    </>
  );
}
