/**
 * "Allowed locations" of the Watched folders screen (issue 11.6; main/services/watch-roots.ts): the folders an
 * administrator allowed for watching — other users may watch only these folders or folders inside them. Everyone
 * who sees watched folders sees the list; administrators edit it (one absolute path per line).
 */
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api/client';
import { useCan } from '../state/auth';

export function WatchRootsPanel() {
  const manage = useCan('settings.manage');
  const [roots, setRoots] = useState<readonly string[] | null>(null);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api['settings.watchRoots']({}).then((r) => setRoots(r.roots), (e: unknown) => setError(messageOf(e)));
  }, []);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api['settings.setWatchRoots']({ roots: text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) });
      setRoots(r.roots);
      setEditing(false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-label="Allowed locations">
      <div className="panel-head">
        <h2>Allowed locations</h2>
        <span className="muted">Folders an administrator allowed for watching; others may watch only inside them.</span>
        {manage && !editing && (
          <button type="button" className="button button-light push-right" onClick={() => (setText((roots ?? []).join('\n')), setEditing(true))}>
            Edit…
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {editing ? (
        <div className="user-form">
          <label>
            One full folder path per line
            <textarea aria-label="Allowed locations" rows={4} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} />
          </label>
          <div className="modal-actions">
            <button type="button" className="button button-light" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void save()}>
              Save locations
            </button>
          </div>
        </div>
      ) : roots !== null && roots.length === 0 ? (
        <p className="empty">None yet: only administrators can add watched folders.</p>
      ) : (
        <ul aria-label="Allowed locations list">
          {(roots ?? []).map((r) => (
            <li key={r} className="mono">
              {r}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
