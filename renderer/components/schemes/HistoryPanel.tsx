/**
 * Editor tab "History": every saved version (when, who, note) — open or export one, pick two and compare
 * them side by side (schemes.diff), or compare the open version with any version of another scheme.
 */
import { useState } from 'react';
import type { SchemeDiffEntryView } from '../../../contract';
import { api, messageOf } from '../../api/client';
import { formatInstantShort } from '../../lib/format';
import { useAppInfo } from '../../state/app-info';
import { openScheme } from '../../state/scheme-actions';
import { useSchemeEditor } from '../../state/scheme-editor';
import { useSchemeTree } from '../../state/scheme-tree';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { DiffTable } from './DiffTable';
import { ActionsHeader } from '../shared/ActionsHeader';

interface Ref {
  readonly schemeStoreId: number;
  readonly version: number;
}

function OtherScheme({ onCompare }: { onCompare: (right: Ref) => void }) {
  const storeId = useSchemeEditor((s) => s.storeId);
  const schemes = useSchemeTree((s) => s.schemes).filter((s) => s.id !== storeId);
  const [other, setOther] = useState('');
  const [version, setVersion] = useState('');
  const chosen = schemes.find((s) => String(s.id) === other);
  const v = version.trim() === '' ? chosen?.latestVersion : Number(version);
  const ok = chosen && v !== undefined && Number.isInteger(v) && v >= 1 && v <= chosen.latestVersion;
  return (
    <div className="filters compare-other">
      <Field label="Compare with another scheme">
        {(c) => (
          <select {...c} value={other} onChange={(e) => setOther(e.target.value)}>
            <option value="">— choose a scheme —</option>
            {schemes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.schemeId}, v{s.latestVersion})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Its version">
        {(c) => <input {...c} type="number" min={1} max={chosen?.latestVersion} placeholder={chosen ? `latest (${chosen.latestVersion})` : ''} value={version} onChange={(e) => setVersion(e.target.value)} />}
      </Field>
      <button type="button" className="button button-light" disabled={!ok} onClick={() => chosen && v !== undefined && onCompare({ schemeStoreId: chosen.id, version: v })}>
        Compare
      </button>
    </div>
  );
}

/** The history of the open scheme; starts afresh (latest two versions picked) when a version is added. */
export function HistoryPanel() {
  const storeId = useSchemeEditor((s) => s.storeId);
  const count = useSchemeEditor((s) => s.info?.versions.length ?? 0);
  return <History key={`${storeId}-${count}`} />;
}

function History() {
  const { storeId, version: shown, info } = useSchemeEditor();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const versions = info?.versions ?? [];
  const [left, setLeft] = useState<number | null>(versions[1]?.version ?? null);
  const [right, setRight] = useState<number | null>(versions[0]?.version ?? null);
  const [diff, setDiff] = useState<{ title: string; leftTitle: string; rightTitle: string; entries: SchemeDiffEntryView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (storeId === null) return null;
  const compare = async (l: Ref, r: Ref, rightName: string) => {
    setError(null);
    try {
      const entries = await api['schemes.diff']({ left: l, right: r });
      setDiff({ title: `Version ${l.version} → ${rightName}`, leftTitle: `Version ${l.version}`, rightTitle: rightName, entries });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="scheme-section history">
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      <div className="table-scroll short">
        <table aria-label="Saved versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved ({zone})</th>
              <th scope="col">By</th>
              <th scope="col">Note</th>
              <th scope="col">Left</th>
              <th scope="col">Right</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version} aria-current={v.version === shown ? 'true' : undefined}>
                <td>
                  {v.version}
                  {v.version === shown ? ' (open)' : ''}
                </td>
                <td className="mono">{formatInstantShort(v.savedUtc, zone)}</td>
                <td>{v.savedBy}</td>
                <td className="wrap">{v.note || <span className="muted">—</span>}</td>
                <td>
                  <input type="radio" name="diff-left" aria-label={`Compare version ${v.version} on the left`} checked={left === v.version} onChange={() => setLeft(v.version)} />
                </td>
                <td>
                  <input type="radio" name="diff-right" aria-label={`Compare version ${v.version} on the right`} checked={right === v.version} onChange={() => setRight(v.version)} />
                </td>
                <td className="actions">
                  <button type="button" className="link-button" disabled={v.version === shown} onClick={() => void openScheme(storeId, v.version)}>
                    Open
                  </button>
                  <button type="button" className="link-button" onClick={() => void useSchemeTree.getState().exportScheme(storeId, v.version)}>
                    Export
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="section-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={left === null || right === null || left === right}
          onClick={() => left !== null && right !== null && void compare({ schemeStoreId: storeId, version: left }, { schemeStoreId: storeId, version: right }, `Version ${right}`)}
        >
          Compare versions {left ?? '?'} and {right ?? '?'}
        </button>
      </div>
      <OtherScheme
        onCompare={(r) => {
          const other = useSchemeTree.getState().schemes.find((s) => s.id === r.schemeStoreId);
          void compare({ schemeStoreId: storeId, version: shown ?? 1 }, r, `${other?.name ?? 'Other scheme'} version ${r.version}`);
        }}
      />
      {diff && <DiffTable {...diff} />}
    </div>
  );
}
