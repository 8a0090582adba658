/**
 * The tab strip between the screens, in groups (SCREEN_GROUPS: Readings, Tariff schemes, Fleet, Oversight), and
 * "Export…". A tab whose screen the signed-in user's role may not use is not shown (SCREENS[].needs; the main process
 * refuses the calls anyway); a group with no tab left is not shown. The strip wraps group by group, so every tab stays
 * visible and clickable from 1024 px up (e2e/navigation.e2e.ts); the current screen's tab is marked (aria-current).
 * Keyboard: Tab moves through the tabs; ← → (and Home / End) move between them too.
 */
import type { KeyboardEvent } from 'react';
import { useAuth } from '../state/auth';
import { useExport } from '../state/export-job';
import { SCREEN_GROUPS, SCREENS, useNav } from '../state/nav';

/** ← → Home End between the buttons of the strip (focus only; Enter or Space opens the screen). */
function moveFocus(e: KeyboardEvent<HTMLElement>): void {
  const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(e.key)) return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0 || buttons.length === 0) return;
  const next =
    e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : (at + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
  e.preventDefault();
  buttons[next]?.focus();
}

export function ScreenTabs() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const permissions = useAuth((s) => s.status?.permissions);
  const visible = new Set(SCREENS.filter((s) => permissions?.includes(s.needs)).map((s) => s.id));
  const groups = SCREEN_GROUPS.map((g) => ({ label: g.label, screens: SCREENS.filter((s) => g.screens.includes(s.id) && visible.has(s.id)) })).filter(
    (g) => g.screens.length > 0,
  );
  return (
    <nav className="tabs" aria-label="Screens" onKeyDown={moveFocus}>
      {groups.map((g) => (
        <div key={g.label} className="tab-group" role="group" aria-label={g.label}>
          {g.screens.map((s) => (
            <button key={s.id} type="button" className="tab" data-label={s.label} aria-current={screen === s.id ? 'page' : undefined} onClick={() => go(s.id)}>
              {s.label}
            </button>
          ))}
        </div>
      ))}
      {permissions?.includes('readings.export') && (
        <button type="button" className="tab tab-action" onClick={() => useExport.getState().openDialog()}>
          Export…
        </button>
      )}
    </nav>
  );
}
