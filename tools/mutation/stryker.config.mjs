// @ts-check
/**
 * Mutation testing (issue 15): `npm run mutate` (tools/mutation/run.ts) runs StrykerJS over the world, the bridge,
 * the protocol and the server's request handling, then records the scores per folder in results.json.
 * Not part of `npm test`: a full pass takes ~30 min on a quiet 2-core machine.
 */

// The fuzz test sends 100,000 messages by default (~27 s); every mutant it covers would pay that. 2,000 still
// exercises every verdict and outcome (mutation-testing.md checked the conclusions hold at full size).
process.env.FUZZ_MESSAGES ??= '2000';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tools/mutation/vitest.config.ts' },
  coverageAnalysis: 'perTest',
  // TypeScript 7 has no JS API, and Stryker's tsconfig preprocessor calls it (ts.parseConfigFileTextToJson).
  // A path that does not exist makes the preprocessor skip itself; vitest does not type-check anyway.
  tsconfigFile: 'tools/mutation/no-tsconfig.json',
  // Mutants reached only while modules load (worlds built at describe level) would each rerun every test:
  // 70+ min for the world alone. Mutants reached at load *and* in tests are still tested.
  ignoreStatic: true,
  concurrency: 2,
  mutate: [
    'emulator/world/*.ts',
    '!emulator/world/*.test.ts',
    '!emulator/world/test-kit.ts',
    '!emulator/world/index.ts',
    '!emulator/world/types.ts',
    // content.ts is phrase lists (scenery); only the greeting and the two "closed" texts are behaviour.
    '!emulator/world/content.ts',
    'emulator/world/content.ts:17-17',
    'emulator/world/content.ts:27-28',
    'emulator/bridge/*.ts',
    '!emulator/bridge/*.test.ts',
    'protocol/*.ts',
    '!protocol/*.test.ts',
    '!protocol/index.ts',
    '!protocol/wire.ts',
    '!protocol/schema.ts',
    'server/serve.ts',
    'server/control-server.ts',
    'server/control-endpoints.ts',
  ],
  // Below 90% killed the run fails; run.ts applies the same bar to each folder.
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { logTests: false },
  htmlReporter: { fileName: 'tools/mutation/.out/report.html' },
  jsonReporter: { fileName: 'tools/mutation/.out/report.json' },
  tempDirName: 'tools/mutation/.out/tmp',
  // Not copied into the sandbox: other runs' sandboxes and reports, builds, browser test output.
  ignorePatterns: ['tools/mutation/.out', 'dist', 'test-results', 'playwright-report', 'bench/.out', '.vite-cache'],
  incrementalFile: 'tools/mutation/.out/incremental.json',
  cleanTempDir: true,
};
