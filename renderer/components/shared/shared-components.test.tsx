// @vitest-environment happy-dom
/**
 * The shared renderer components in a DOM (happy-dom) with @testing-library/react, as a user meets them: the rows
 * editor (names, Remove / Add, disabled reasons, empty state), the port picker ("Other port…" and its path) and the
 * time-zone list.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortInfoView } from '../../../contract';
import { OTHER_PORT } from '../../state/ports';
import { PortPicker } from './PortPicker';
import { RowsTable } from './RowsTable';
import { TIME_ZONE_LIST_ID, TimeZoneList } from './TimeZoneList';

afterEach(cleanup);

interface Rate {
  readonly number: number;
  readonly name: string;
}

function Rates({ initial, addDenied = null }: { initial: Rate[]; addDenied?: string | null }) {
  const [rows, setRows] = useState(initial);
  return (
    <RowsTable
      label="Rates"
      rows={rows}
      rowTestId="rate-row"
      columns={[
        { header: 'Rate number', cell: (r) => r.number },
        { header: 'Name on the bill', cell: (r) => r.name },
      ]}
      onRemove={(i) => setRows(rows.filter((_, k) => k !== i))}
      removeLabel={(r) => `Remove rate ${r.name}`}
      removeDenied={(r) => (r.number === 1 ? 'Rate 1 is the default rate.' : null)}
      empty="No rate yet."
      addLabel="Add rate"
      onAdd={() => setRows([...rows, { number: rows.length + 1, name: `Rate ${rows.length + 1}` }])}
      addDenied={addDenied}
    />
  );
}

describe('RowsTable', () => {
  it('shows one row per item with named Remove buttons; Add and Remove change the rows', () => {
    render(<Rates initial={[{ number: 1, name: 'Day' }, { number: 2, name: 'Night' }]} />);
    const table = screen.getByRole('table', { name: 'Rates' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Rate number', 'Name on the bill', 'Actions']);
    expect(screen.getAllByTestId('rate-row')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Add rate' }));
    expect(screen.getAllByTestId('rate-row').map((r) => r.textContent)).toEqual(['1DayRemove', '2NightRemove', '3Rate 3Remove']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove rate Night' }));
    expect(screen.getAllByTestId('rate-row').map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual(['Day', 'Rate 3']);
  });

  it('disables what may not be done, with the reason as the title; shows the empty state', () => {
    const { unmount } = render(<Rates initial={[{ number: 1, name: 'Day' }]} addDenied="Engineers edit schemes." />);
    const remove = screen.getByRole('button', { name: 'Remove rate Day' });
    expect(remove).toHaveProperty('disabled', true);
    expect(remove.getAttribute('title')).toBe('Rate 1 is the default rate.');
    expect(screen.getByRole('button', { name: 'Add rate' }).getAttribute('title')).toBe('Engineers edit schemes.');
    unmount();
    render(<Rates initial={[]} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No rate yet.')).toBeTruthy();
  });
});

describe('RowsTable kind list', () => {
  const users = [
    { name: 'ann', role: 'administrator', locked: false },
    { name: 'tom', role: 'technician', locked: true },
  ];
  const list = (rows: typeof users, actions: boolean) => (
    <RowsTable
      kind="list"
      scroll="tall"
      label="Users"
      rows={rows}
      rowKey={(u) => u.name}
      rowProps={(u) => ({ 'data-username': u.name, 'data-state': u.locked ? 'locked' : 'active' })}
      columns={[
        { header: 'User name', className: 'mono', cell: (u) => u.name },
        { header: 'Sign-ins', className: 'num', cellProps: (u) => ({ title: `${u.name} sign-ins`, 'data-col': 'sign-ins' }), cell: () => 3 },
      ]}
      rowActions={actions ? (u) => <button type="button">Edit {u.name}</button> : undefined}
      empty="No users yet."
    />
  );

  it('puts the row and cell attributes on the rows; numbers align under their header; no actions column without actions', () => {
    const { container, rerender } = render(list(users, true));
    const table = screen.getByRole('table', { name: 'Users' });
    expect(table.classList.contains('edit-table')).toBe(false);
    expect(container.querySelector('.table-scroll.tall')).not.toBeNull();
    const tom = container.querySelector('tr[data-username="tom"]')!;
    expect(tom.getAttribute('data-state')).toBe('locked');
    const cell = tom.querySelector('[data-col="sign-ins"]')!;
    expect([cell.getAttribute('title'), cell.className]).toEqual(['tom sign-ins', 'num']);
    expect(within(table).getAllByRole('columnheader').map((h) => [h.textContent, h.className])).toEqual([
      ['User name', ''],
      ['Sign-ins', 'num'],
      ['Actions', ''],
    ]);
    expect(within(tom as HTMLElement).getByRole('button', { name: 'Edit tom' })).toBeTruthy();
    rerender(list(users, false));
    expect(within(table).getAllByRole('columnheader')).toHaveLength(2);
  });

  it('keeps the column headers and says so under them when there is no row', () => {
    render(list([], true));
    expect(screen.getByRole('table', { name: 'Users' })).toBeTruthy();
    expect(screen.getByText('No users yet.')).toBeTruthy();
  });
});

const PORTS: PortInfoView[] = [
  { path: 'emulator', label: 'Emulated meter (built-in)', kind: 'emulated', emulated: true, detail: null },
  { path: '/dev/ttyUSB0', label: '/dev/ttyUSB0 — FTDI', kind: 'serial', emulated: false, detail: 'FTDI A1B2' },
];

describe('PortPicker', () => {
  it('offers every port and "Other port…", whose path field appears only when chosen', () => {
    const onChange = vi.fn();
    const onPath = vi.fn();
    const { rerender } = render(<PortPicker ports={PORTS} value="emulator" otherPath="" onChange={onChange} onOtherPathChange={onPath} />);
    const select = screen.getByRole('combobox', { name: 'Port' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Emulated meter (built-in)', '/dev/ttyUSB0 — FTDI', 'Other port…']);
    expect(screen.queryByRole('textbox', { name: 'Port path' })).toBeNull();
    fireEvent.change(select, { target: { value: '/dev/ttyUSB0' } });
    expect(onChange).toHaveBeenCalledWith('/dev/ttyUSB0');
    rerender(<PortPicker ports={PORTS} value={OTHER_PORT} otherPath="COM7" onChange={onChange} onOtherPathChange={onPath} label="Meter port" />);
    expect(screen.getByRole('combobox', { name: 'Meter port' })).toBeTruthy();
    const path = screen.getByRole('textbox', { name: 'Port path' });
    expect((path as HTMLInputElement).value).toBe('COM7');
    fireEvent.change(path, { target: { value: 'COM9' } });
    expect(onPath).toHaveBeenCalledWith('COM9');
  });

  it('says when no port was found, or that it is still looking', () => {
    const { rerender } = render(<PortPicker ports={[]} value="" otherPath="" onChange={() => undefined} onOtherPathChange={() => undefined} loading />);
    expect(screen.getByRole('option', { name: 'Looking for ports…' })).toBeTruthy();
    rerender(<PortPicker ports={[]} value="" otherPath="" onChange={() => undefined} onOtherPathChange={() => undefined} />);
    expect(screen.getByRole('option', { name: 'No ports found' })).toBeTruthy();
  });
});

describe('TimeZoneList', () => {
  it('lists the IANA zones (UTC included, sorted) under the one id inputs refer to', () => {
    const { container } = render(<TimeZoneList />);
    const list = container.querySelector(`datalist#${TIME_ZONE_LIST_ID}`)!;
    const zones = [...list.querySelectorAll('option')].map((o) => o.getAttribute('value'));
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/London');
    expect(zones).toEqual([...zones].sort());
  });
});
