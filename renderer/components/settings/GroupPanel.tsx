/**
 * The settings of one group (Files and import, Policies) with Save and Undo: every changed value goes to main in one
 * call, which checks them all (and that each folder exists and can be written) and changes nothing unless all are
 * valid; its plain error is shown above the fields. Administrators edit; others see the values in force.
 */
import { SETTING_GROUPS, type SettingGroup } from '../../../contract';
import { useCan } from '../../state/auth';
import { changedKeys, useSettings } from '../../state/settings';
import { SettingField } from './SettingField';

export function GroupPanel({ group, intro }: { group: SettingGroup; intro: string }) {
  const all = useSettings((s) => s.settings);
  const drafts = useSettings((s) => s.drafts);
  const busy = useSettings((s) => s.busy);
  const settings = all.filter((x) => x.group === group);
  const changed = changedKeys(all, drafts, group);
  const manage = useCan('settings.manage');
  return (
    <section className="panel" aria-label={SETTING_GROUPS[group]}>
      <div className="panel-head">
        <h2>{SETTING_GROUPS[group]}</h2>
        <span className="muted">{manage ? intro : `${intro} Read-only: only administrators change settings.`}</span>
      </div>
      <form
        className="settings-form"
        aria-label={`${SETTING_GROUPS[group]} settings`}
        onSubmit={(e) => {
          e.preventDefault();
          void useSettings.getState().save(group);
        }}
      >
        {settings.map((s) => (
          <SettingField key={s.key} s={s} manage={manage} />
        ))}
        {manage && (
          <div className="section-actions">
            <button type="submit" className="button button-primary" disabled={busy || changed.length === 0}>
              {busy ? 'Saving…' : changed.length > 0 ? `Save ${changed.length} change${changed.length === 1 ? '' : 's'}` : 'Saved'}
            </button>
            <button type="button" className="button button-light" disabled={busy || changed.length === 0} onClick={() => useSettings.getState().reset(group)}>
              Undo changes
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
