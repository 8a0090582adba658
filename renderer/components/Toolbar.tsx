/**
 * The toolbar: port picker (listed ports, the built-in emulated meter, or a typed "Other port…"), refresh,
 * "Read meter" (disabled while a reading or clock job runs, no port is chosen or the role may not read meters; shows
 * the "Read meter" screen, whose read options it uses) and "Cancel"; on the right the signed-in user (auth/UserMenu).
 */
import { readAndShow } from '../state/actions';
import { useNav } from '../state/nav';
import { chosenPort, usePorts } from '../state/ports';
import { PortPicker } from './shared/PortPicker';
import { useClockJob } from '../state/clock-job';
import { useReadingJob } from '../state/reading-job';
import { useDenied } from '../state/auth';
import { UserMenu } from './auth/UserMenu';

export function Toolbar() {
  const { ports, loading, selected, otherPath, refresh, select, setOtherPath } = usePorts();
  const status = useReadingJob((s) => s.status);
  const cancel = useReadingJob((s) => s.cancel);
  const clockBusy = useClockJob((s) => s.status === 'running' || s.status === 'cancelling');
  const busy = status === 'running' || status === 'cancelling';
  const port = chosenPort({ selected, otherPath });
  const readDenied = useDenied('meter.read');

  return (
    <header className="toolbar">
      <h1 className="brand">PMU Workstation</h1>
      <form
        className="toolbar-form"
        aria-label="Read a meter"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || clockBusy || !port || readDenied) return;
          useNav.getState().go('read');
          void readAndShow(port);
        }}
      >
        <PortPicker ports={ports} value={selected} otherPath={otherPath} onChange={select} onOtherPathChange={setOtherPath} disabled={busy} loading={loading} />
        <button type="button" className="button" onClick={() => void refresh()} disabled={busy || loading}>
          Refresh ports
        </button>
        <button type="submit" className="button button-primary" disabled={busy || clockBusy || !port || readDenied !== undefined} title={readDenied}>
          Read meter
        </button>
        <button type="button" className="button" onClick={() => void cancel()} disabled={status !== 'running'}>
          Cancel
        </button>
      </form>
      <UserMenu />
    </header>
  );
}
