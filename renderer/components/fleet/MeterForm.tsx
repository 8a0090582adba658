/**
 * A fleet meter's form: serial number, maker and model, the link it is reached over (COM3, tcp://host:port,
 * bus:<port>#<address>, modem:<port>#<number>, an emulated line), sign-on device address, dialect, line format,
 * password level, clock time zone, enabled; its current installation with "Remove…", and its installation history.
 */
import { useEffect, useState } from 'react';
import type { FleetMeterView, InstallationView } from '../../../contract';
import { api } from '../../api/client';
import { dayToUtc, ratioText } from '../../lib/fleet-tree';
import { useCan } from '../../state/auth';
import { useFleet } from '../../state/fleet';
import { Field } from '../Field';

function History({ meterId }: { meterId: number }) {
  const tree = useFleet((s) => s.tree);
  const [rows, setRows] = useState<readonly InstallationView[]>([]);
  useEffect(() => void api['fleet.installations']({ meterId }).then(setRows, () => setRows([])), [meterId, tree]);
  if (rows.length === 0) return <p className="muted">Never installed.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Installation history">
        <thead>
          <tr>
            <th>Place</th><th>Customer</th><th>From</th><th>Until</th><th>CT</th><th>VT</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i.id}>
              <td>{i.placePath}</td>
              <td>{i.customerNumber ? `${i.customerNumber} ${i.customerName ?? ''}` : '—'}</td>
              <td className="mono">{i.installedUtc.slice(0, 10)}</td>
              <td className="mono">{i.removedUtc ? i.removedUtc.slice(0, 10) : 'still there'}</td>
              <td>{ratioText(i.ct)}</td>
              <td>{ratioText(i.vt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Editor({ meter }: { meter: FleetMeterView | null }) {
  const busy = useFleet((s) => s.busy);
  const manage = useCan('fleet.manage');
  const [f, setF] = useState({
    serial: meter?.serial ?? '', manufacturer: meter?.manufacturer ?? '', model: meter?.model ?? '', link: meter?.link ?? '',
    deviceAddress: meter?.deviceAddress ?? '', dialect: meter?.dialect ?? 'auto', line: meter?.line ?? '', passwordLevel: meter?.passwordLevel ? String(meter.passwordLevel) : '',
    timeZone: meter?.timeZone ?? '', enabled: meter?.enabled ?? true, notes: meter?.notes ?? '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const save = () =>
    void useFleet.getState().saveMeter({
      ...(meter ? { id: meter.id } : {}), serial: f.serial, manufacturer: f.manufacturer, model: f.model, link: f.link, deviceAddress: f.deviceAddress,
      dialect: f.dialect as FleetMeterView['dialect'], line: f.line === '' ? null : (f.line as '7E1' | '8N1'), passwordLevel: f.passwordLevel ? (Number(f.passwordLevel) as 1 | 2 | 3) : null,
      timeZone: f.timeZone.trim() || null, enabled: f.enabled, notes: f.notes,
    });
  return (
    <form className="form-grid" aria-label="Meter details" onSubmit={(e) => (e.preventDefault(), save())}>
      <Field label="Serial number">{(c) => <input {...c} className="mono" value={f.serial} maxLength={32} required disabled={!manage} onChange={set('serial')} />}</Field>
      <Field label="Link" className="wide-field">
        {(c) => <input {...c} className="mono" value={f.link} required disabled={!manage} placeholder="tcp://10.0.0.5:4001?baud=9600, bus:COM4#12345678, modem:COM5#0123456789, COM3" onChange={set('link')} />}
      </Field>
      <Field label="Device address (sign-on)">{(c) => <input {...c} className="mono" value={f.deviceAddress} maxLength={32} disabled={!manage} onChange={set('deviceAddress')} />}</Field>
      <Field label="Maker">{(c) => <input {...c} value={f.manufacturer} maxLength={40} disabled={!manage} onChange={set('manufacturer')} />}</Field>
      <Field label="Model">{(c) => <input {...c} value={f.model} maxLength={60} disabled={!manage} onChange={set('model')} />}</Field>
      <Field label="Dialect">
        {(c) => (
          <select {...c} value={f.dialect} disabled={!manage} onChange={set('dialect')}>
            <option value="auto">From the identification</option>
            <option value="generic">Generic IEC 62056-21</option>
            <option value="a1140">Elster A1140</option>
            <option value="a1700">Elster A1700</option>
          </select>
        )}
      </Field>
      <Field label="Line format">
        {(c) => (
          <select {...c} value={f.line} disabled={!manage} onChange={set('line')}>
            <option value="">The dialect's (7E1; Elster 8N1)</option>
            <option value="7E1">7E1</option>
            <option value="8N1">8N1</option>
          </select>
        )}
      </Field>
      <Field label="Password level for reads">
        {(c) => (
          <select {...c} value={f.passwordLevel} disabled={!manage} onChange={set('passwordLevel')}>
            <option value="">2 (default)</option>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        )}
      </Field>
      <Field label="Meter clock time zone (empty: the place's)">{(c) => <input {...c} value={f.timeZone} placeholder="Europe/London" disabled={!manage} onChange={set('timeZone')} />}</Field>
      <label className="check">
        <input type="checkbox" checked={f.enabled} disabled={!manage} onChange={(e) => setF({ ...f, enabled: e.target.checked })} /> Collected (enabled)
      </label>
      {manage && (
        <div className="section-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {meter ? 'Save meter' : 'Add meter'}
          </button>
        </div>
      )}
    </form>
  );
}

/** The form of meter `id` (0 = a new meter). */
export function MeterForm({ id }: { id: number }) {
  const tree = useFleet((s) => s.tree);
  const busy = useFleet((s) => s.busy);
  const manage = useCan('fleet.manage');
  const [removeDay, setRemoveDay] = useState(new Date().toISOString().slice(0, 10));
  const meter = tree.meters.find((m) => m.id === id) ?? null;
  const inst = meter?.installation ?? null;
  return (
    <section className="panel" aria-label={meter ? `Meter ${meter.serial}` : 'New meter'}>
      <div className="panel-head">
        <h2>{meter ? `Meter ${meter.serial}` : 'New meter'}</h2>
      </div>
      <Editor key={meter?.id ?? 'new'} meter={meter} />
      {meter && (
        <>
          <h3>Installation</h3>
          {inst ? (
            <p>
              At <strong>{inst.placePath}</strong> since {inst.installedUtc.slice(0, 10)}
              {inst.customerNumber ? `, customer ${inst.customerNumber} ${inst.customerName ?? ''}` : ''}; CT {ratioText(inst.ct)}, VT {ratioText(inst.vt)}.
            </p>
          ) : (
            <p className="muted">Not installed: choose a place in the tree and “Install a meter here”.</p>
          )}
          {inst && manage && (
            <form className="row-inline" aria-label="Remove the meter" onSubmit={(e) => (e.preventDefault(), void useFleet.getState().remove(inst.id, dayToUtc(removeDay)))}>
              <Field label="Removed on">{(c) => <input {...c} type="date" value={removeDay} onChange={(e) => setRemoveDay(e.target.value)} />}</Field>
              <button type="submit" className="button button-light" disabled={busy}>
                Remove from this place
              </button>
            </form>
          )}
          <h3>History</h3>
          <History meterId={meter.id} />
        </>
      )}
    </section>
  );
}
