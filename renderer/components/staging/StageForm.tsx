/**
 * "Stage a program": pick a saved scheme version and enter the meter's data (serial number, CT and VT ratios,
 * the password level used to program, site, customer, the meter's time zone). Checked here with the same
 * model the workstation uses (programming/plan.ts meterDataSchema); staging makes a draft to review and approve.
 * The meters already read are offered (newest first): choosing one fills its serial number, so it is not typed.
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { checkMeterForm, type MeterForm, type MeterFormField } from '../../lib/meter-form';
import { formatInstantShort } from '../../lib/format';
import { useAppInfo } from '../../state/app-info';
import { meterLabel, useMeters } from '../../state/meters';
import { useDenied } from '../../state/auth';
import { useSchemeTree } from '../../state/scheme-tree';
import { useStaging } from '../../state/staging';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { TIME_ZONE_LIST_ID } from '../shared/TimeZoneList';

/** The stage form (its scheme comes from the staging slice's preset when there is one). */
export function StageForm() {
  const { preset, busy, error, create, dismissError } = useStaging();
  const { schemes, loaded } = useSchemeTree();
  const appZone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const [schemeId, setSchemeId] = useState(preset ? String(preset.schemeStoreId) : '');
  const [version, setVersion] = useState(preset?.version ? String(preset.version) : '');
  const [f, setF] = useState<MeterForm>({ serial: '', ctRatio: '', vtRatio: '', passwordLevel: '3', site: '', customer: '', timeZone: appZone });
  const [tried, setTried] = useState(false);
  const denied = useDenied('programs.stage');
  const known = useMeters((s) => s.list);
  const readMeters = [...known].filter((m) => m.serial).sort((a, b) => b.lastSeenUtc.localeCompare(a.lastSeenUtc));
  useEffect(() => {
    if (!loaded) void useSchemeTree.getState().refresh();
    void useMeters.getState().refresh();
  }, [loaded]);
  const scheme = schemes.find((s) => String(s.id) === schemeId);
  useEffect(() => {
    // The meter's time zone starts as the zone of the scheme's DST rule.
    if (!scheme) return;
    let live = true;
    api['schemes.get']({ schemeStoreId: scheme.id }).then((s) => live && setF((old) => ({ ...old, timeZone: s.content.dst.zone })), () => undefined);
    return () => {
      live = false;
    };
  }, [scheme]);
  const checked = checkMeterForm(f);
  const errors: Partial<Record<MeterFormField, string>> = tried ? { ...('errors' in checked ? checked.errors : {}), ...(scheme ? {} : { scheme: 'Choose the scheme to program.' }) } : {};
  const submit = () => {
    setTried(true);
    if (!scheme || 'errors' in checked) return;
    void create({ schemeStoreId: scheme.id, schemeVersion: version ? Number(version) : scheme.latestVersion, meter: checked.meter });
  };
  const text = (name: keyof MeterForm, label: string, extra: { placeholder?: string; list?: string; mono?: boolean } = {}) => (
    <Field label={label} error={errors[name] ?? null}>
      {(c) => <input {...c} type="text" className={extra.mono ? 'mono' : undefined} placeholder={extra.placeholder} list={extra.list} value={f[name]} spellCheck={false} autoComplete="off" onChange={(e) => setF({ ...f, [name]: e.target.value })} />}
    </Field>
  );
  return (
    <section className="panel" aria-label="Stage a program">
      <div className="panel-head">
        <h2>Stage a program</h2>
        <span className="muted">A saved scheme version and one meter’s data. Review what will be written, approve it, then program the meter.</span>
      </div>
      <ErrorBanner message={error} onDismiss={dismissError} />
      <form
        className="stage-form"
        aria-label="Stage a program"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="form-grid">
          <Field label="Scheme" error={errors.scheme ?? null}>
            {(c) => (
              <select {...c} value={schemeId} onChange={(e) => { setSchemeId(e.target.value); setVersion(''); }}>
                <option value="">— choose a scheme —</option>
                {schemes.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.schemeId}, {s.meterModel})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Saved version">
            {(c) => (
              <select {...c} value={version} disabled={!scheme} onChange={(e) => setVersion(e.target.value)}>
                <option value="">{scheme ? `Latest (${scheme.latestVersion})` : '—'}</option>
                {scheme && Array.from({ length: scheme.latestVersion }, (_, i) => scheme.latestVersion - i).map((v) => (
                  <option key={v} value={v}>
                    Version {v}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Meter already read">
            {(c) => (
              <select {...c} value={readMeters.some((m) => m.serial === f.serial) ? f.serial : ''} onChange={(e) => e.target.value && setF({ ...f, serial: e.target.value })}>
                <option value="">{readMeters.length ? '— choose, or type the serial number —' : 'No meter read yet: type the serial number'}</option>
                {readMeters.map((m) => (
                  <option key={m.id} value={m.serial!}>
                    {meterLabel(m)} · last read {formatInstantShort(m.lastSeenUtc, appZone)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('serial', 'Meter serial number', { mono: true, list: 'staging-meter-serials' })}
          <datalist id="staging-meter-serials">
            {readMeters.map((m) => (
              <option key={m.id} value={m.serial!}>
                {meterLabel(m)}
              </option>
            ))}
          </datalist>
          {text('ctRatio', 'CT ratio (empty = direct connected)', { placeholder: '200/5' })}
          {text('vtRatio', 'VT ratio (empty = direct connected)', { placeholder: '11000/110' })}
          <Field label="Password level to program with" error={errors.passwordLevel ?? null}>
            {(c) => (
              <select {...c} value={f.passwordLevel} onChange={(e) => setF({ ...f, passwordLevel: e.target.value })}>
                <option value="1">1</option>
                <option value="2">2</option>
                <option value="3">3 — needed to program a tariff</option>
              </select>
            )}
          </Field>
          {text('site', 'Site')}
          {text('customer', 'Customer')}
          {text('timeZone', "Meter's time zone", { list: TIME_ZONE_LIST_ID })}
        </div>
        <div className="modal-actions">
          <button type="submit" className="button button-primary" disabled={busy || denied !== undefined} title={denied}>
            Stage
          </button>
        </div>
      </form>
    </section>
  );
}
