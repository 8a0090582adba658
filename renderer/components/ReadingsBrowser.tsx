/**
 * The readings browser: every stored reading (read with the probe or imported), filtered by meter, by the days
 * the sessions started (workstation time zone) and by source; "Open" shows one in the reading view, "Export
 * these…" opens the export dialog with the same meter and days.
 */
import { useEffect } from 'react';
import type { ReadingSummaryView } from '../../contract';
import { formatInstant } from '../lib/format';
import { openReading } from '../state/actions';
import { useAppInfo } from '../state/app-info';
import { BROWSER_LIMIT, SOURCE_NAMES, useBrowser } from '../state/browser';
import { useExport } from '../state/export-job';
import { meterLabel, useMeters } from '../state/meters';
import { ErrorBanner } from './ErrorBanner';
import { Field } from './Field';
import { RowsTable } from './shared/RowsTable';

const SOURCES = Object.keys(SOURCE_NAMES) as ReadingSummaryView['source'][];

function fileName(p: string | null): string {
  return p === null ? '—' : (p.split(/[\\/]/).pop() ?? p);
}

export function ReadingsBrowser() {
  const { filters, rows, loading, error, setFilters, refresh } = useBrowser();
  const meters = useMeters((s) => s.list);
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');

  useEffect(() => {
    void refresh();
    void useMeters.getState().refresh();
  }, [refresh]);

  const exportThese = () => {
    const serial = meters.find((m) => m.id === filters.meterId)?.serial ?? '';
    useExport.getState().openDialog({ meterSerial: serial, from: filters.from, to: filters.to });
  };

  return (
    <main className="main">
      <ErrorBanner message={error} onDismiss={() => useBrowser.getState().dismissError()} />
      <section className="panel" aria-label="Readings browser">
        <div className="panel-head">
          <h2>Readings browser</h2>
          <span className="muted" aria-live="polite">
            {loading ? 'Loading…' : `${rows.length}${rows.length === BROWSER_LIMIT ? '+' : ''} reading${rows.length === 1 ? '' : 's'}`}
          </span>
          <button type="button" className="button button-light push-right" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </button>
          <button type="button" className="button button-light" onClick={exportThese}>
            Export these…
          </button>
        </div>
        <form className="filters" aria-label="Reading filters" onSubmit={(e) => e.preventDefault()}>
          <Field label="Meter">
            {(c) => (
            <select {...c} value={filters.meterId ?? ''} onChange={(e) => setFilters({ meterId: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">All meters</option>
              {meters.map((m) => (
                <option key={m.id} value={m.id}>
                  {meterLabel(m)}
                </option>
              ))}
            </select>
            )}
          </Field>
          <Field label="From day">{(c) => <input {...c} type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />}</Field>
          <Field label="To day">{(c) => <input {...c} type="date" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />}</Field>
          <Field label="Source">
            {(c) => (
            <select {...c} value={filters.source} onChange={(e) => setFilters({ source: e.target.value as ReadingSummaryView['source'] | '' })}>
              <option value="">All sources</option>
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {SOURCE_NAMES[s]}
                </option>
              ))}
            </select>
            )}
          </Field>
          <button type="button" className="link-button" onClick={() => setFilters({ meterId: null, from: '', to: '', source: '' })}>
            Clear filters
          </button>
          <span className="muted">Days are in {zone}.</span>
        </form>
        <RowsTable
          kind="list"
          scroll="tall"
          label="Stored readings"
          rows={rows}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ 'data-reading-id': r.id, 'data-source': r.source })}
          columns={[
            { header: `Started (${zone})`, className: 'mono', cell: (r) => formatInstant(r.startedUtc, zone) },
            { header: 'Meter', cell: (r) => `${r.meterManufacturer} ${r.meterModel}` },
            { header: 'Serial number', className: 'mono', cell: (r) => r.meterSerial ?? '—' },
            { header: 'Source', cell: (r) => SOURCE_NAMES[r.source] },
            { header: 'Registers', className: 'num', cell: (r) => r.registerCount },
            { header: 'Intervals', className: 'num', cell: (r) => r.intervalCount },
            {
              header: 'Port / file',
              className: 'mono path cell-path',
              cellProps: (r) => ({ title: r.resPath ?? r.port }),
              cell: (r) => (r.source === 'probe' ? r.port : fileName(r.resPath ?? r.port)),
            },
          ]}
          rowActions={(r) => (
            <button type="button" className="link-button" aria-label={`Open reading ${r.id}`} onClick={() => void openReading(r.id)}>
              Open
            </button>
          )}
          empty={loading ? undefined : 'No stored reading matches these filters.'}
        />
      </section>
    </main>
  );
}
