/**
 * "Add holiday pack…" (public holidays of a country and region, from the workstation's built-in packs) and
 * "Import iCal…" (an .ics calendar read in this window and turned into special days by the workstation).
 * Both: choose the years and the day profile → preview (what will be added, what the scheme already has,
 * what was left out and why) → add. Nothing changes in the scheme before "Add".
 */
import { useEffect, useMemo, useState } from 'react';
import type { HolidayPlaceView, HolidaySpecialDaysView } from '../../../contract';
import type { TariffScheme } from '../../../schemes/model';
import { api, messageOf } from '../../api/client';
import { mergeSpecialDays, specialDayDate, specialDayKey } from '../../lib/special-days';
import { useSchemeEditor } from '../../state/scheme-editor';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';
import { MONTHS } from './inputs';

/** The day profile holidays most likely use: one called weekend/holiday/Sunday, else the first. */
function holidayProfile(s: TariffScheme): string {
  const hit = s.dayProfiles.find((p) => /holiday|weekend|sunday/i.test(`${p.id} ${p.name}`));
  return hit?.id ?? s.dayProfiles[0]?.id ?? '';
}

/** Years from–to as a list, or a plain error. */
function yearList(from: string, to: string): { years: number[] } | { error: string } {
  const a = Number(from);
  const b = Number(to);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1970 || b > 2100) return { error: 'Enter whole years between 1970 and 2100.' };
  if (a > b) return { error: 'The last year is before the first year.' };
  if (b - a >= 30) return { error: 'Choose at most 30 years at once.' };
  return { years: Array.from({ length: b - a + 1 }, (_, i) => a + i) };
}

/** The common part: years and day profile inputs, preview table, Add. */
function YearsAndProfile({ from, to, profile, onChange }: { from: string; to: string; profile: string; onChange: (p: { from?: string; to?: string; profile?: string }) => void }) {
  const profiles = useSchemeEditor((s) => s.draft?.dayProfiles ?? []);
  return (
    <>
      <Field label="First year">{(c) => <input {...c} type="number" value={from} onChange={(e) => onChange({ from: e.target.value })} />}</Field>
      <Field label="Last year">{(c) => <input {...c} type="number" value={to} onChange={(e) => onChange({ to: e.target.value })} />}</Field>
      <Field label="Day profile on these days">
        {(c) => (
          <select {...c} value={profile} onChange={(e) => onChange({ profile: e.target.value })}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

function Preview({ result, onClose }: { result: HolidaySpecialDaysView; onClose: () => void }) {
  const existing = useSchemeEditor((s) => s.draft?.specialDays ?? []);
  const update = useSchemeEditor((s) => s.update);
  const merge = useMemo(() => mergeSpecialDays(existing, result.specialDays), [existing, result]);
  const [done, setDone] = useState<string | null>(null);
  const dup = new Set(merge.duplicates);
  const add = () => {
    update((s) => ({ ...s, specialDays: mergeSpecialDays(s.specialDays, result.specialDays).merged }));
    const left = merge.duplicates.length;
    setDone(`Added ${merge.added.length} special day${merge.added.length === 1 ? '' : 's'}.${left > 0 ? ` ${left} ${left === 1 ? 'date was' : 'dates were'} already in the scheme and left out.` : ''}`);
  };
  return (
    <>
      <p role="status" aria-label="Holiday preview" data-testid="holiday-preview-summary">
        {done ?? `${merge.added.length} to add, ${merge.duplicates.length} already in the scheme${result.skipped.length ? `, ${result.skipped.length} left out` : ''}.`}
      </p>
      <div className="table-scroll sample">
        <table aria-label="Holidays found">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Name</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {result.specialDays.map((d, i) => (
              <tr key={i} data-testid="holiday-row" data-duplicate={dup.has(d)}>
                <td className="mono">{specialDayDate(d, MONTHS)}</td>
                <td>{d.name}</td>
                <td>{dup.has(d) ? <span className="badge badge-duplicate">Already in the scheme ({specialDayKey(d)})</span> : <span className="badge badge-imported">Will be added</span>}</td>
              </tr>
            ))}
            {result.skipped.map((d, i) => (
              <tr key={`s${i}`}>
                <td className="mono">{d.date ?? '—'}</td>
                <td>{d.name}</td>
                <td>
                  <span className="badge badge-skipped">Left out: {d.reason}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="modal-actions">
        {done ? (
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <button type="button" className="button button-primary" disabled={merge.added.length === 0} onClick={add}>
            Add {merge.added.length} special day{merge.added.length === 1 ? '' : 's'}
          </button>
        )}
      </div>
    </>
  );
}

function useYearsForm() {
  const draft = useSchemeEditor((s) => s.draft);
  const y = new Date().getFullYear();
  const [f, setF] = useState({ from: String(y), to: String(y + 4), profile: draft ? holidayProfile(draft) : '' });
  return [f, (p: Partial<typeof f>) => setF((old) => ({ ...old, ...p }))] as const;
}

const TYPES = [
  ['public', 'Public holidays'],
  ['bank', 'Bank holidays'],
  ['optional', 'Optional holidays'],
  ['observance', 'Observances'],
] as const;

/** The "Add holiday pack" dialog (holidays.countries / regions / fromPack). */
export function HolidayPackDialog({ onClose }: { onClose: () => void }) {
  const [f, setF] = useYearsForm();
  const [countries, setCountries] = useState<readonly HolidayPlaceView[]>([]);
  const [regions, setRegions] = useState<readonly HolidayPlaceView[]>([]);
  const [country, setCountry] = useState('');
  const [region, setRegion] = useState('');
  const [types, setTypes] = useState<readonly string[]>(['public']);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<HolidaySpecialDaysView | null>(null);
  useEffect(() => {
    api['holidays.countries']({}).then(setCountries, (e: unknown) => setError(messageOf(e)));
  }, []);
  useEffect(() => {
    setRegions([]);
    setRegion('');
    if (country) api['holidays.regions']({ country }).then(setRegions, (e: unknown) => setError(messageOf(e)));
  }, [country]);
  const years = yearList(f.from, f.to);
  const preview = async () => {
    if ('error' in years || !country) return;
    setError(null);
    try {
      const chosen = types as ('public' | 'bank' | 'school' | 'optional' | 'observance')[];
      setResult(await api['holidays.fromPack']({ country, ...(region ? { region } : {}), years: years.years, types: chosen, dayProfile: f.profile }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Modal title="Add holiday pack" onClose={onClose} wide>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      <div className="form-grid" onChange={() => setResult(null)}>
        <Field label="Country">
          {(c) => (
            <select {...c} value={country} onChange={(e) => setCountry(e.target.value)}>
              <option value="">— choose —</option>
              {countries.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name} ({x.code})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Region">
          {(c) => (
            <select {...c} value={region} disabled={regions.length === 0} onChange={(e) => setRegion(e.target.value)}>
              <option value="">{regions.length === 0 ? 'Whole country (no regions)' : 'Whole country'}</option>
              {regions.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <YearsAndProfile {...f} onChange={setF} />
      </div>
      <fieldset className="radio-row" onChange={() => setResult(null)}>
        <legend>Holiday types</legend>
        {TYPES.map(([value, label]) => (
          <label key={value} className="check">
            <input type="checkbox" checked={types.includes(value)} onChange={(e) => setTypes(e.target.checked ? [...types, value] : types.filter((t) => t !== value))} />
            {label}
          </label>
        ))}
      </fieldset>
      {'error' in years && <p className="field-error">{years.error}</p>}
      <div className="modal-actions">
        <button type="button" className="button button-light" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={!country || 'error' in years || types.length === 0} onClick={() => void preview()}>
          Preview
        </button>
      </div>
      {result && <Preview result={result} onClose={onClose} />}
    </Modal>
  );
}

/** The "Import iCal calendar" dialog: the .ics file is read in the window and sent to holidays.fromICal. */
export function ICalDialog({ onClose }: { onClose: () => void }) {
  const [f, setF] = useYearsForm();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<HolidaySpecialDaysView | null>(null);
  const years = yearList(f.from, f.to);
  const preview = async () => {
    if ('error' in years || !file) return;
    setError(null);
    try {
      setResult(await api['holidays.fromICal']({ content: file.text, years: years.years, dayProfile: f.profile }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Modal title="Import iCal calendar" onClose={onClose} wide>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      <div className="form-grid" onChange={() => setResult(null)}>
        <Field label="Calendar file (.ics)">
          {(c) => (
            <input
              {...c}
              type="file"
              accept=".ics,text/calendar"
              onChange={(e) => {
                const chosen = e.target.files?.[0];
                setFile(null);
                if (chosen) chosen.text().then((text) => setFile({ name: chosen.name, text }), () => setError(`The file ${chosen.name} could not be read.`));
              }}
            />
          )}
        </Field>
        <YearsAndProfile {...f} onChange={setF} />
      </div>
      {'error' in years && <p className="field-error">{years.error}</p>}
      <div className="modal-actions">
        <button type="button" className="button button-light" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={!file || 'error' in years} onClick={() => void preview()}>
          Preview
        </button>
      </div>
      {result && <Preview result={result} onClose={onClose} />}
    </Modal>
  );
}
