/**
 * Helpers shared by the journeys: a screenshot taker that also attaches the image to the report, and calls to the
 * workstation's API made from the page exactly as its own client makes them (this tab's bearer token), for set-up
 * steps and for checking that the main process refuses what the window hides.
 */
import type { Page, TestInfo } from '@playwright/test';

/** `shot(name)`: a full-page screenshot in the test's output folder, attached to the report. */
export function shooter(page: Page, testInfo: TestInfo): (name: string) => Promise<void> {
  return async (name: string) => {
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
    await testInfo.attach(name, { path: testInfo.outputPath(`${name}.png`), contentType: 'image/png' });
  };
}

/** The reply of a call: `{ ok: true, result }` or `{ ok: false, error: { code, message } }`. */
export type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };

/** Call `name` with `args` from the page, as the page's own client does. */
export async function directCall(page: Page, name: string, args: unknown): Promise<Reply> {
  return page.evaluate(
    async ([n, a]): Promise<Reply> => {
      // Runs in the page (the e2e tsconfig has no DOM lib, hence the narrow view of sessionStorage).
      const token = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('pmu.session');
      const res = await fetch(`api/call/${n}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(a) });
      return (await res.json()) as Reply;
    },
    [name, args] as const,
  );
}
