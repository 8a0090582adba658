/**
 * A measurement place's form (any level: region, substation, feeder, place): name, code (the utility's metering
 * point ID), address, time zone, notes; "Add …" for the next level down; delete (refused by the main process while
 * it holds places or has installation history); and, for a place, its meters and "Install a meter here".
 */
import { useState } from 'react';
import { childKinds, type PlaceKind, type PlaceView } from '../../../contract';
import { useCan } from '../../state/auth';
import { useFleet } from '../../state/fleet';
import { Field } from '../Field';
import { InstallForm } from './InstallForm';

function Editor({ place, parent, kind }: { place: PlaceView | null; parent: PlaceView | null; kind: PlaceKind }) {
  const busy = useFleet((s) => s.busy);
  const manage = useCan('fleet.manage');
  const [name, setName] = useState(place?.name ?? '');
  const [code, setCode] = useState(place?.code ?? '');
  const [address, setAddress] = useState(place?.address ?? '');
  const [zone, setZone] = useState(place?.timeZone ?? '');
  const [notes, setNotes] = useState(place?.notes ?? '');
  const save = () =>
    void useFleet.getState().savePlace({
      ...(place ? { id: place.id } : {}), parentId: parent?.id ?? null, kind, name, code: code.trim() || null, address, timeZone: zone.trim() || null, notes,
    });
  return (
    <form className="form-grid" aria-label={`${kind} details`} onSubmit={(e) => (e.preventDefault(), save())}>
      <Field label="Name">{(c) => <input {...c} value={name} maxLength={80} required disabled={!manage} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label="Code (metering point ID)">{(c) => <input {...c} value={code} maxLength={64} disabled={!manage} onChange={(e) => setCode(e.target.value)} />}</Field>
      <Field label="Address">{(c) => <input {...c} value={address} maxLength={200} disabled={!manage} onChange={(e) => setAddress(e.target.value)} />}</Field>
      <Field label="Time zone (empty: the level above's)">{(c) => <input {...c} value={zone} placeholder="Europe/London" disabled={!manage} onChange={(e) => setZone(e.target.value)} />}</Field>
      <Field label="Notes" className="wide-field">{(c) => <textarea {...c} rows={2} value={notes} disabled={!manage} onChange={(e) => setNotes(e.target.value)} />}</Field>
      {manage && (
        <div className="section-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {place ? 'Save' : `Add ${kind}`}
          </button>
        </div>
      )}
    </form>
  );
}

/** The form of place `id` (0 = a new region). */
export function PlaceForm({ id }: { id: number }) {
  const tree = useFleet((s) => s.tree);
  const busy = useFleet((s) => s.busy);
  const manage = useCan('fleet.manage');
  const [adding, setAdding] = useState<PlaceKind | null>(null);
  const place = tree.places.find((p) => p.id === id) ?? null;
  if (!place) {
    return (
      <section className="panel" aria-label="New region">
        <div className="panel-head">
          <h2>New region</h2>
        </div>
        <Editor key="new" place={null} parent={null} kind="region" />
      </section>
    );
  }
  const meters = tree.meters.filter((m) => m.installation?.placeId === place.id);
  const kinds = childKinds(place.kind);
  return (
    <section className="panel" aria-label={`${place.kind} ${place.name}`}>
      <div className="panel-head">
        <h2>
          {place.kind.charAt(0).toUpperCase() + place.kind.slice(1)}: {place.name}
        </h2>
        {manage && (
          <div className="editor-buttons push-right">
            {kinds.map((k) => (
              <button key={k} type="button" className="button button-light" onClick={() => setAdding(k)}>
                Add {k}…
              </button>
            ))}
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void useFleet.getState().deletePlace(place.id, place.name)}>
              Delete
            </button>
          </div>
        )}
      </div>
      <Editor key={place.id} place={place} parent={tree.places.find((p) => p.id === place.parentId) ?? null} kind={place.kind} />
      {adding && (
        <div className="panel" aria-label={`New ${adding}`}>
          <h3>New {adding} under {place.name}</h3>
          <Editor key={`new-${adding}`} place={null} parent={place} kind={adding} />
        </div>
      )}
      <h3>Meters here</h3>
      {meters.length === 0 ? (
        <p className="muted">No meter is installed here.</p>
      ) : (
        <ul>
          {meters.map((m) => (
            <li key={m.id}>
              <button type="button" className="link-button mono" onClick={() => useFleet.getState().select({ kind: 'meter', id: m.id })}>
                {m.serial}
              </button>{' '}
              <span className="muted">since {m.installation!.installedUtc.slice(0, 10)} · {m.link}</span>
            </li>
          ))}
        </ul>
      )}
      {manage && <InstallForm placeId={place.id} />}
    </section>
  );
}
