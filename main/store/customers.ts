/**
 * Customers (table `customers`, migration-fleet.ts): who is billed at a measurement place. Functions of a db handle;
 * the service layer (main/services/meter-manager.ts) checks permissions and records the audit entry.
 */
import type { Database } from 'better-sqlite3';
import type { CustomerInput, CustomerView } from '../../contract/fleet';
import { StoreError } from '../core/errors';

interface CustomerRow {
  id: number;
  number: string;
  name: string;
  address: string;
  contact: string;
  notes: string;
}

const view = (r: CustomerRow): CustomerView => ({ id: r.id, number: r.number, name: r.name, address: r.address, contact: r.contact, notes: r.notes });

/** Every customer, by number. */
export function listCustomers(db: Database): CustomerView[] {
  return (db.prepare('SELECT * FROM customers ORDER BY number COLLATE NOCASE').all() as CustomerRow[]).map(view);
}

/** One customer by id, or null. */
export function getCustomer(db: Database, id: number): CustomerView | null {
  const r = db.prepare('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
  return r ? view(r) : null;
}

/** One customer by number (without regard to case), or null. */
export function customerByNumber(db: Database, number: string): CustomerView | null {
  const r = db.prepare('SELECT * FROM customers WHERE number = ?').get(number.trim()) as CustomerRow | undefined;
  return r ? view(r) : null;
}

/**
 * Create (no id) or change a customer; returns it as stored.
 * @throws StoreError NOT_FOUND (unknown id), CONFLICT (number used by another customer).
 */
export function saveCustomer(db: Database, c: CustomerInput, now: Date = new Date()): CustomerView {
  const number = c.number.trim();
  return db.transaction(() => {
    const owner = customerByNumber(db, number);
    if (owner && owner.id !== c.id) throw new StoreError('CONFLICT', `Customer number "${number}" belongs to ${owner.name}.`);
    const at = now.toISOString();
    const values = [number, c.name.trim(), c.address?.trim() ?? '', c.contact?.trim() ?? '', c.notes?.trim() ?? ''];
    let id = c.id;
    if (id === undefined) {
      id = Number(
        db.prepare('INSERT INTO customers (number, name, address, contact, notes, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values, at, at).lastInsertRowid,
      );
    } else if (db.prepare('UPDATE customers SET number = ?, name = ?, address = ?, contact = ?, notes = ?, updated_utc = ? WHERE id = ?').run(...values, at, id).changes === 0) {
      throw new StoreError('NOT_FOUND', 'This customer no longer exists. Refresh the list.');
    }
    return getCustomer(db, id)!;
  })();
}

/** Delete customer `id`; false when none. @throws StoreError CONFLICT when an installation names the customer. */
export function deleteCustomer(db: Database, id: number): boolean {
  return db.transaction(() => {
    const c = getCustomer(db, id);
    if (!c) return false;
    const n = (db.prepare('SELECT count(*) AS n FROM installations WHERE customer_id = ?').get(id) as { n: number }).n;
    if (n > 0) throw new StoreError('CONFLICT', `${c.name} is named on ${n} installation${n === 1 ? '' : 's'}; the billing history keeps ${n === 1 ? 'it' : 'them'}, so the customer cannot be deleted.`);
    return db.prepare('DELETE FROM customers WHERE id = ?').run(id).changes > 0;
  })();
}
