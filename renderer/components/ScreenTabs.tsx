/**
 * The tab strip between the screens (Read meter, Readings browser, Import, Quarantine, Watched folders, Tariff
 * schemes, Staging, Certificates, Audit trail, Administration) and "Export…". A tab whose screen the signed-in
 * user's role may not use is not shown (SCREENS[].needs; the main process refuses the calls anyway).
 */
import { useAuth } from '../state/auth';
import { useExport } from '../state/export-job';
import { SCREENS, useNav } from '../state/nav';

export function ScreenTabs() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const permissions = useAuth((s) => s.status?.permissions);
  const visible = SCREENS.filter((s) => permissions?.includes(s.needs));
  return (
    <nav className="tabs" aria-label="Screens">
      {visible.map((s) => (
        <button key={s.id} type="button" className="tab" aria-current={screen === s.id ? 'page' : undefined} onClick={() => go(s.id)}>
          {s.label}
        </button>
      ))}
      {permissions?.includes('readings.export') && (
        <button type="button" className="tab tab-action" onClick={() => useExport.getState().openDialog()}>
          Export…
        </button>
      )}
    </nav>
  );
}
