/**
 * Customers of the meter manager (issue 14.1): who is billed at a place — number (unique), name, address, contact,
 * notes. A list with the places each one is billed at now, a form to add or change one, and delete (refused in the
 * main process's words while an installation names the customer: installations are history, never rewritten).
 */
import { useState } from 'react';
import type { CustomerView } from '../../../contract';
import { useCan } from '../../state/auth';
import { useFleet } from '../../state/fleet';
import { Field } from '../Field';

function CustomerForm({ customer }: { customer: CustomerView | null }) {
  const busy = useFleet((s) => s.busy);
  const manage = useCan('fleet.manage');
  const [f, setF] = useState({ number: customer?.number ?? '', name: customer?.name ?? '', address: customer?.address ?? '', contact: customer?.contact ?? '', notes: customer?.notes ?? '' });
  const text = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const save = async () => {
    const id = await useFleet.getState().saveCustomer({ ...(customer ? { id: customer.id } : {}), ...f });
    if (id !== null) useFleet.setState({ selected: { kind: 'customers', id } }); // keeps the "saved" notice
  };
  return (
    <form className="form-grid" aria-label={customer ? `Customer ${customer.number}` : 'New customer'} onSubmit={(e) => (e.preventDefault(), void save())}>
      <h3 className="wide-field">{customer ? `Customer ${customer.number}` : 'New customer'}</h3>
      <Field label="Customer number">{(c) => <input {...c} value={f.number} maxLength={40} required disabled={!manage} onChange={text('number')} />}</Field>
      <Field label="Name">{(c) => <input {...c} value={f.name} maxLength={120} required disabled={!manage} onChange={text('name')} />}</Field>
      <Field label="Address">{(c) => <input {...c} value={f.address} maxLength={200} disabled={!manage} onChange={text('address')} />}</Field>
      <Field label="Contact">{(c) => <input {...c} value={f.contact} maxLength={200} disabled={!manage} onChange={text('contact')} />}</Field>
      <Field label="Notes">{(c) => <input {...c} value={f.notes} maxLength={1000} disabled={!manage} onChange={text('notes')} />}</Field>
      {manage && (
        <div className="section-actions">
          {customer && (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void useFleet.getState().deleteCustomer(customer.id, customer.number).then((ok) => ok && useFleet.setState({ selected: { kind: 'customers', id: 0 } }))}>
              Delete customer
            </button>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            Save customer
          </button>
        </div>
      )}
    </form>
  );
}

export function CustomersPanel({ id }: { id: number }) {
  const tree = useFleet((s) => s.tree);
  const customer = tree.customers.find((c) => c.id === id) ?? null;
  const placesOf = (c: CustomerView) => tree.meters.filter((m) => m.installation?.customerId === c.id).map((m) => m.installation!.placePath);
  return (
    <section className="panel" aria-label="Customers">
      <div className="panel-head">
        <h2>Customers</h2>
        <span className="muted">
          {tree.customers.length} customer{tree.customers.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="table-scroll">
        <table aria-label="Customer list">
          <thead>
            <tr>
              <th>Number</th><th>Name</th><th>Address</th><th>Contact</th><th>Billed at now</th>
            </tr>
          </thead>
          <tbody>
            {tree.customers.map((c) => (
              <tr key={c.id} data-customer={c.number} className={c.id === id ? 'selected' : undefined}>
                <td className="mono">
                  <button type="button" className="link-button" onClick={() => useFleet.getState().select({ kind: 'customers', id: c.id })}>
                    {c.number}
                  </button>
                </td>
                <td>{c.name}</td>
                <td>{c.address || '—'}</td>
                <td>{c.contact || '—'}</td>
                <td>{placesOf(c).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CustomerForm key={customer?.id ?? 'new'} customer={customer} />
    </section>
  );
}
