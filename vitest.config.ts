/**
 * Unit tests: every `*.test.ts` next to its code. Without this file vitest would read vite.config.ts, whose
 * `root: 'renderer'` would hide the tests of main/, protocol/ and schemes/. Playwright tests live in e2e/ as
 * `*.e2e.ts` and are run by `playwright test`, not vitest.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'dist/**', 'e2e/**', 'test-results/**'],
    // Bundles the `pmu` CLI once per run for the CLI tests (main/cli/testing/global-setup.ts).
    globalSetup: ['main/cli/testing/global-setup.ts'],
    // Correctness tests, not timing tests (targets live in bench/): on a loaded 2-core CI machine a property test or
    // an integration over ptys may take several seconds, so vitest's 5 s default would fail good code.
    testTimeout: 20_000,
  },
});
