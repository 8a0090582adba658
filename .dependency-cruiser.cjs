/**
 * The house's layering, enforced by dependency-cruiser (`npm run depcruise`, part of `npm test`). Every arrow points
 * down (docs/ARCHITECTURE.md "Layering"):
 *
 *   entry points   main/api | main/cli | main/electron        (cli may start browser mode: main/api/http/serve.ts)
 *   use cases      main/services
 *   capabilities   main/links, main/emulator, main/collect, main/reports, main/import, main/export, main/schemes-io
 *   access         main/auth, main/secrets/credentials.ts
 *   trail          main/audit
 *   data           main/store, then main/res, main/formats (file codecs over the store's shapes) and main/settings
 *                  (settings and policies in force, read by every floor above)
 *   ground floor   main/core (context, actor, call scope, file helpers, app paths), over the seams
 *                  main/links/types.ts and the key files of main/secrets (secret box, key provider)
 *   pure           contract/, programming/, protocol/, schemes/, meter-definitions/, reporting/ (no node:, electron or DOM)
 *
 * renderer/ sees only the pure packages; preload/ only contract/. Tests (`*.test.ts(x)`, `testing/` folders,
 * `test-helpers.ts`) may reach across floors, but never make a cycle. No cycles anywhere, type-only imports
 * included (tsPreCompilationDeps). What the tool cannot say (DOM globals in pure code) is checked by
 * main/api/layering.test.ts.
 */
const TEST = '(\\.test\\.tsx?$|/testing/|/test-helpers\\.ts$|\\.e2e\\.ts$|^main/import/atomic-child\\.ts$)';
const PURE = '^(contract|programming|protocol|schemes|meter-definitions|reporting)/';
const SEAMS = '^main/(links/(types|link-names)\\.ts|secrets/(secret-box|key-provider|context-keys)\\.ts)$';
const CORE = '^main/core/';
const DATA = '^main/(store|res|formats|settings)/';
const AUDIT = '^main/audit/';
const ACCESS = '^main/(auth/|secrets/credentials\\.ts$)';
const CAPABILITIES = '^main/(links|emulator|collect|reports|import|export|schemes-io)/';
const SERVICES = '^main/services/';
const ENTRY = '^main/(api|cli|electron)/';

/** `from` (not a test) may import only what `allowed` matches (plus node_modules and node built-ins). */
const only = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: TEST },
  to: { pathNot: [allowed, '(^|/)node_modules/', '^electron$'], dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-packages-no-node-or-electron',
      severity: 'error',
      comment: 'contract/, programming/, protocol/, schemes/, meter-definitions/ run anywhere: no node built-ins, no electron.',
      from: { path: PURE, pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-electron-outside-the-shell',
      severity: 'error',
      comment: 'electron (optional, absent on CI) only in main/electron/ and preload/index.ts.',
      from: { pathNot: ['^main/electron/', '^preload/index\\.ts$', '^scripts/'] },
      to: { path: '^electron$|(^|/)node_modules/electron/' },
    },
    only('pure-stays-pure', PURE, PURE, 'The pure packages import only each other.'),
    {
      name: 'schemes-below-protocol-and-programming',
      severity: 'error',
      comment: 'schemes/ is the tariff model: it imports nothing from protocol/, programming/ or contract/.',
      from: { path: '^schemes/', pathNot: TEST },
      to: { path: '^(protocol|programming|contract)/' },
    },
    {
      name: 'protocol-below-programming',
      severity: 'error',
      comment: 'protocol/ holds wire dialects: it imports nothing from programming/ or contract/.',
      from: { path: '^protocol/', pathNot: TEST },
      to: { path: '^(programming|contract)/' },
    },
    only('renderer-sees-only-pure-packages', '^renderer/', `^renderer/|${PURE}`, 'The window talks to main only through the contract.'),
    only('preload-is-the-bridge', '^preload/', '^(preload|contract)/', 'preload/ is the Electron bridge generated from the contract.'),
    only('seams-import-nothing-of-main', SEAMS, `${SEAMS}|${PURE}`, 'Seam files (link types, key box) sit under the ground floor.'),
    only('core-is-the-ground-floor', CORE, `${CORE}|${SEAMS}|${PURE}`, 'main/core/ imports nothing else of main/.'),
    only('store-over-core', '^main/store/', `^main/store/|${CORE}|${SEAMS}|${PURE}`, 'The store: functions of a db handle.'),
    only('file-codecs-over-store', '^main/(res|formats)/', `${DATA}|${CORE}|${SEAMS}|${PURE}`, 'File formats read and write the store\'s shapes.'),
    only('audit-over-data', AUDIT, `${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'The audit trail knows nothing of users, services or entry points.'),
    only('access-over-audit', ACCESS, `${ACCESS}|${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'Users, sessions, permissions, meter passwords.'),
    only('capabilities-over-access', CAPABILITIES, `${CAPABILITIES}|${ACCESS}|${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'Links, emulator, collection, reports, import and export sit under the services.'),
    {
      name: 'only-the-emulated-link-reaches-the-emulator',
      severity: 'error',
      comment: 'Services and the other link providers never import emulator code (links are injected providers).',
      from: { path: '^main/(links/(?!emulated/)|services/|import/|export/|collect/|reports/)', pathNot: TEST },
      to: { path: '^main/emulator/' },
    },
    {
      name: 'emulator-below-links',
      severity: 'error',
      comment: 'The emulator is the meter side: it does not open links, import, export or collect (it may serve on a link transport).',
      from: { path: '^main/emulator/', pathNot: TEST },
      to: { path: '^main/(links|collect|reports|import|export|schemes-io)/', pathNot: '^main/links/(tcp/socket-|serial/)transport\\.ts$' },
    },
    only('services-over-capabilities', SERVICES, `${SERVICES}|${CAPABILITIES}|${ACCESS}|${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'Use cases: permission check + work + audit record.'),
    only('api-over-services', '^main/api/', `^main/api/|${SERVICES}|${CAPABILITIES}|${ACCESS}|${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'HTTP transport and handlers: parse → service → map.'),
    only('cli-over-services', '^main/cli/', `^main/cli/|^main/api/http/serve\\.ts$|${SERVICES}|${CAPABILITIES}|${ACCESS}|${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'Commands: parse → service → print (pmu serve starts browser mode).'),
    only('electron-over-api', '^main/electron/', `^main/(electron|api)/|${SERVICES}|${CAPABILITIES}|${ACCESS}|${AUDIT}|${DATA}|${CORE}|${SEAMS}|${PURE}`, 'The desktop shell registers the API over IPC.'),
    {
      name: 'api-handlers-never-import-each-other',
      severity: 'error',
      comment: 'Handler files share helpers from main/api/handlers/shared/ (events, exports), never each other.',
      from: { path: '^main/api/handlers/(?!shared/|index\\.ts$)([^/]+)\\.ts$', pathNot: TEST },
      to: { path: '^main/api/handlers/(?!shared/)[^/]+\\.ts$', pathNot: '^main/api/handlers/$1\\.ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(node_modules|dist|test-results|playwright-report|\.git)/' },
    includeOnly: '^(main|contract|protocol|schemes|programming|meter-definitions|renderer|preload|bench|e2e|scripts)/',
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
