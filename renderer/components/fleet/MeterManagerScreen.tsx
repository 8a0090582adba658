/**
 * The Meter manager screen (issue 14 item 1): the place tree on the left; on the right the form of what is selected
 * (a place of any level, a meter, the customers list), or the result of the last meter-list import with a plain error per refused line.
 */
import { useEffect } from 'react';
import { importSummary } from '../../lib/collection-words';
import { useFleet } from '../../state/fleet';
import { ErrorBanner } from '../ErrorBanner';
import { CustomersPanel } from './CustomersPanel';
import { FleetTreePanel } from './FleetTreePanel';
import { MeterForm } from './MeterForm';
import { PlaceForm } from './PlaceForm';

function ImportResult() {
  const r = useFleet((s) => s.lastImport);
  if (!r) return null;
  return (
    <section className="panel" aria-label="Meter list import">
      <div className="panel-head">
        <h2>{r.dryRun ? 'Meter list checked' : 'Meter list imported'}</h2>
        <span className="muted">
          {importSummary({ ...r, refused: r.errors.length })}
        </span>
      </div>
      {r.errors.length > 0 && (
        <ul className="problem-list" aria-label="Refused lines">
          {r.errors.map((e) => (
            <li key={e.line} className="problem problem-error">
              {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MeterManagerScreen() {
  const selected = useFleet((s) => s.selected);
  const error = useFleet((s) => s.error);
  const notice = useFleet((s) => s.notice);
  const empty = useFleet((s) => s.tree.meters.length === 0 && s.tree.places.length === 0);
  useEffect(() => void useFleet.getState().refresh(), []);
  return (
    <>
      <FleetTreePanel />
      <main className="main" aria-label="Meter manager">
        <ErrorBanner message={error} onDismiss={() => useFleet.getState().dismiss()} />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <ImportResult />
        {selected?.kind === 'place' && <PlaceForm id={selected.id} />}
        {selected?.kind === 'meter' && <MeterForm id={selected.id} />}
        {selected?.kind === 'customers' && <CustomersPanel id={selected.id} />}
        {!selected && (
          <section className="panel welcome" aria-label="About the meter manager">
            <h2>Meter manager</h2>
            <p>
              Measurement places in a hierarchy — region, substation, feeder, place — with the meters installed at each place, their customers, CT/VT ratios
              and the link each meter is collected over. Choose a place or meter on the left, or import a meter list (CSV with the columns serial, link,
              region, substation, feeder, place, customer_number, customer_name, installed, ct_ratio, vt_ratio…).
            </p>
            {empty && <p>New here? “Add the emulated substation” puts 20 emulated meters behind a bus, TCP and a modem in the list, ready to collect.</p>}
          </section>
        )}
      </main>
    </>
  );
}
