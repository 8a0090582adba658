/**
 * "Install a meter here": a meter not installed anywhere, the customer billed at the place (an existing one, or a
 * new one by number and name), the installation day and the CT/VT ratios (200/5, 11000/110; empty = direct).
 */
import { useState } from 'react';
import { dayToUtc, parseRatioInput } from '../../lib/fleet-tree';
import { useFleet } from '../../state/fleet';
import { Field } from '../Field';

export function InstallForm({ placeId }: { placeId: number }) {
  const tree = useFleet((s) => s.tree);
  const busy = useFleet((s) => s.busy);
  const free = tree.meters.filter((m) => !m.installation);
  const [meterId, setMeterId] = useState('');
  const [customer, setCustomer] = useState('');
  const [newNumber, setNewNumber] = useState('');
  const [newName, setNewName] = useState('');
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [ct, setCt] = useState('');
  const [vt, setVt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const install = async () => {
    const ctRatio = ct.trim() ? parseRatioInput(ct) : { primary: 1, secondary: 1 };
    const vtRatio = vt.trim() ? parseRatioInput(vt) : { primary: 1, secondary: 1 };
    if (!meterId) return setProblem('Choose the meter to install.');
    if (!ctRatio || !vtRatio) return setProblem('Write the CT and VT ratios as primary/secondary, e.g. 200/5 and 11000/110.');
    setProblem(null);
    let customerId: number | null = customer && customer !== 'new' ? Number(customer) : null;
    if (customer === 'new') {
      customerId = await useFleet.getState().saveCustomer({ number: newNumber, name: newName });
      if (customerId === null) return;
    }
    await useFleet.getState().install({ meterId: Number(meterId), placeId, customerId, installedUtc: dayToUtc(day), ct: ctRatio, vt: vtRatio });
  };
  return (
    <form className="form-grid" aria-label="Install a meter here" onSubmit={(e) => (e.preventDefault(), void install())}>
      <h3 className="wide-field">Install a meter here</h3>
      <Field label="Meter" error={problem}>
        {(c) => (
          <select {...c} value={meterId} onChange={(e) => setMeterId(e.target.value)}>
            <option value="">{free.length ? 'Choose a meter not installed…' : 'Every meter is installed: add a meter first'}</option>
            {free.map((m) => (
              <option key={m.id} value={m.id}>
                {m.serial} ({m.link})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Customer">
        {(c) => (
          <select {...c} value={customer} onChange={(e) => setCustomer(e.target.value)}>
            <option value="">None</option>
            {tree.customers.map((x) => (
              <option key={x.id} value={x.id}>
                {x.number} {x.name}
              </option>
            ))}
            <option value="new">New customer…</option>
          </select>
        )}
      </Field>
      {customer === 'new' && (
        <>
          <Field label="Customer number">{(c) => <input {...c} value={newNumber} maxLength={40} onChange={(e) => setNewNumber(e.target.value)} />}</Field>
          <Field label="Customer name">{(c) => <input {...c} value={newName} maxLength={120} onChange={(e) => setNewName(e.target.value)} />}</Field>
        </>
      )}
      <Field label="Installed on">{(c) => <input {...c} type="date" value={day} onChange={(e) => setDay(e.target.value)} />}</Field>
      <Field label="CT ratio (empty: direct)">{(c) => <input {...c} value={ct} placeholder="200/5" onChange={(e) => setCt(e.target.value)} />}</Field>
      <Field label="VT ratio (empty: direct)">{(c) => <input {...c} value={vt} placeholder="11000/110" onChange={(e) => setVt(e.target.value)} />}</Field>
      <div className="section-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Install
        </button>
      </div>
    </form>
  );
}
