/**
 * The "Tariff schemes" screen: the scheme library on the left, the editor of the open scheme on the right,
 * and the "discard unsaved changes?" question when another scheme is opened over unsaved edits.
 */
import { answerDiscard, useSchemeIo } from '../../state/scheme-actions';
import { useSchemeEditor } from '../../state/scheme-editor';
import { SchemeEditor } from './SchemeEditor';
import { SchemeTreePanel } from './SchemeTreePanel';
import { TimeZoneList } from '../shared/TimeZoneList';
import { ConfirmDialog } from './TreeDialogs';

function DiscardDialog() {
  const pending = useSchemeIo((s) => s.pending);
  const name = useSchemeEditor((s) => s.info?.name ?? s.draft?.name ?? 'this scheme');
  if (!pending) return null;
  return (
    <ConfirmDialog title="Discard unsaved changes?" confirm="Discard changes" onConfirm={() => answerDiscard(true)} onClose={() => void answerDiscard(false)}>
      <p>
        <strong>{name}</strong> has changes that are not saved. Opening another scheme throws them away. Choose Cancel, then “Save…” to keep them.
      </p>
    </ConfirmDialog>
  );
}

/** The Tariff schemes screen: library, editor, discard question and the time-zone list. */
export function SchemesScreen() {
  return (
    <>
      <SchemeTreePanel />
      <SchemeEditor />
      <DiscardDialog />
      <TimeZoneList />
    </>
  );
}
