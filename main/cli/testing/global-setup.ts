/**
 * vitest global setup: bundle the `pmu` command line once per test run (scripts/node-bundle.mjs, the options of the
 * real build) into dist/test/cli.cjs, so the CLI tests start a plain Node process per command instead of compiling
 * TypeScript through tsx in every child (about 4× less CPU per `pmu` run). Rebuilt at every run: never stale.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The test bundle of the CLI (relative to the project root). */
export const TEST_CLI_BUNDLE = 'dist/test/cli.cjs';

export default async function setup(): Promise<void> {
  // @ts-expect-error plain ESM build script without type declarations
  const { bundleNode } = (await import('../../../scripts/node-bundle.mjs')) as { bundleNode: (root: string, entry: string, out: string) => Promise<void> };
  await bundleNode(ROOT, 'main/cli/index.ts', TEST_CLI_BUNDLE);
}
