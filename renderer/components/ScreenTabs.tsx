/** The tab strip between the screens (Read meter, Readings browser, Import, Quarantine, Watched folders) and "Export…". */
import { useExport } from '../state/export-job';
import { SCREENS, useNav } from '../state/nav';

export function ScreenTabs() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  return (
    <nav className="tabs" aria-label="Screens">
      {SCREENS.map((s) => (
        <button key={s.id} type="button" className="tab" aria-current={screen === s.id ? 'page' : undefined} onClick={() => go(s.id)}>
          {s.label}
        </button>
      ))}
      <button type="button" className="tab tab-action" onClick={() => useExport.getState().openDialog()}>
        Export…
      </button>
    </nav>
  );
}
