/**
 * The id of a day or week profile. Other parts of the scheme refer to it, so a new id is applied when the field
 * is left (or Enter is pressed) and every reference follows it (lib/scheme-edit.ts renameDayProfile /
 * renameWeekProfile); Escape puts the old id back.
 */
import { useEffect, useState } from 'react';
import type { TariffScheme } from '../../../schemes/model';
import { type EditPath } from '../../lib/scheme-edit';
import { pathKey } from '../../lib/scheme-paths';
import { useSchemeEditor } from '../../state/scheme-editor';
import { Field } from '../Field';
import { useDraftValue, useFieldProblems } from './inputs';

/** The id field at `path`; `rename` applies a new id to the scheme with every reference. */
export function IdInput({ path, label, rename }: { path: EditPath; label: string; rename: (s: TariffScheme, from: string, to: string) => TariffScheme }) {
  const id = useDraftValue<string>(path);
  const update = useSchemeEditor((s) => s.update);
  const problems = useFieldProblems(path);
  const [text, setText] = useState(id);
  useEffect(() => {
    setText(id);
  }, [id]);
  const commit = () => {
    const next = text.trim();
    if (next !== id) update((d) => rename(d, id, next));
  };
  const error = problems[0]?.message ?? (/^[A-Za-z0-9_-]{1,32}$/.test(text.trim()) ? null : 'Use 1 to 32 letters, digits, "-" or "_".');
  return (
    <Field label={label} error={error}>
      {(c) => (
        <input
          {...c}
          type="text"
          className="mono"
          data-path={pathKey(path)}
          value={text}
          maxLength={32}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') {
              e.preventDefault();
              setText(id);
            }
          }}
        />
      )}
    </Field>
  );
}
