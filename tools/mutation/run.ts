/**
 * `npm run mutate [-- --mutate <files>]`: StrykerJS with tools/mutation/stryker.config.mjs, then the scores per
 * folder (world, bridge, protocol, server) recorded in tools/mutation/results.json, per file, with the commit and
 * date each file was last measured. A narrowed run (`--mutate emulator/world/rules.ts`) updates only its files, so
 * the record can be built up from runs a shared machine can afford. Exits 1 if Stryker fails (its `break`
 * threshold) or if a folder measured in this run is below the bar.
 *
 * `npx tsx tools/mutation/run.ts --record <report.json> [--commit <what it measured>]` records an existing Stryker
 * JSON report without running.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const CONFIG = 'tools/mutation/stryker.config.mjs';
const REPORT = 'tools/mutation/.out/report.json';
const RESULTS = 'tools/mutation/results.json';
/** The bar of issue 15, per folder: at least this share of mutants killed. */
const BAR = 90;

/** Folders scored on their own; a file belongs to the first whose prefix it starts with. */
const FOLDERS: ReadonlyArray<[name: string, prefixes: string[]]> = [
  ['world', ['emulator/world/']],
  ['bridge', ['emulator/bridge/']],
  ['protocol', ['protocol/']],
  ['server', ['server/']],
];

type Status =
  | 'Killed'
  | 'Timeout'
  | 'Survived'
  | 'NoCoverage'
  | 'Ignored'
  | 'CompileError'
  | 'RuntimeError'
  | 'Pending';
interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: Status;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

interface FileScore {
  date: string;
  commit: string;
  mutants: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Static mutants (reached only while modules load), skipped under `ignoreStatic`. */
  ignored: number;
  errors: number;
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in %. */
  score: number;
  /** `line:column Mutator → replacement`, to compare with equivalent.md. */
  survivors: string[];
}

interface Results {
  note: string;
  bar: number;
  folders: Record<string, { files: number; mutants: number; detected: number; undetected: number; score: number }>;
  files: Record<string, FileScore>;
}

const percent = (detected: number, undetected: number) =>
  detected + undetected === 0 ? 100 : Math.round((10_000 * detected) / (detected + undetected)) / 100;

function scoreFile(mutants: ReportMutant[], date: string, commit: string): FileScore {
  const count = (status: Status) => mutants.filter((m) => m.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  return {
    date,
    commit,
    mutants: mutants.length,
    killed,
    timeout,
    survived,
    noCoverage,
    ignored: count('Ignored'),
    errors: count('CompileError') + count('RuntimeError'),
    score: percent(killed + timeout, survived + noCoverage),
    survivors: mutants
      .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
      .map(
        (m) =>
          `${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''} → ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`,
      ),
  };
}

const folderOf = (file: string) => FOLDERS.find(([, prefixes]) => prefixes.some((p) => file.startsWith(p)))?.[0];

function folderScores(files: Record<string, FileScore>): Results['folders'] {
  const folders: Results['folders'] = {};
  for (const [file, s] of Object.entries(files)) {
    const name = folderOf(file) ?? 'other';
    folders[name] ??= { files: 0, mutants: 0, detected: 0, undetected: 0, score: 0 };
    const f = folders[name];
    f.files++;
    f.mutants += s.mutants;
    f.detected += s.killed + s.timeout;
    f.undetected += s.survived + s.noCoverage;
    f.score = percent(f.detected, f.undetected);
  }
  return folders;
}

function readResults(): Results {
  if (!existsSync(RESULTS)) return { note: '', bar: BAR, folders: {}, files: {} };
  return JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
}

/** Merges a Stryker report into results.json; returns the folders this report measured. */
/** The commit a run starts from; a `+` marks uncommitted changes (the run measured those too). */
function currentCommit(): string {
  const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout.trim();
  return `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--untracked-files=no') ? '+' : ''}`;
}

function record(reportPath: string, commit: string): { results: Results; measured: Set<string> } {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  const date = statSync(reportPath).mtime.toISOString();
  const results = readResults();
  const measured = new Set<string>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    results.files[file] = scoreFile(mutants, date, commit);
    measured.add(folderOf(file) ?? 'other');
  }
  results.files = Object.fromEntries(Object.entries(results.files).sort(([a], [b]) => a.localeCompare(b)));
  results.folders = folderScores(results.files);
  results.bar = BAR;
  results.note =
    'Per file, the last Stryker run that measured it (npm run mutate, FUZZ_MESSAGES=2000, ignoreStatic); folder ' +
    'scores sum those files. Survivors judged equivalent are explained in equivalent.md.';
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  return { results, measured };
}

function printTable(results: Results): void {
  const rows = Object.entries(results.files).map(([file, s]) => [
    file,
    String(s.mutants),
    String(s.killed + s.timeout),
    String(s.survived),
    String(s.noCoverage),
    String(s.ignored),
    `${s.score.toFixed(1)}%`,
    s.commit,
  ]);
  for (const [name, f] of Object.entries(results.folders)) {
    const label = `[${name}: ${f.files} file${f.files === 1 ? '' : 's'} measured]`;
    rows.push([label, String(f.mutants), String(f.detected), '', '', '', `${f.score.toFixed(1)}%`, '']);
  }
  const head = ['file', 'mutants', 'detected', 'survived', 'no cov', 'static', 'score', 'commit'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [head, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

function main(argv: string[]): number {
  const recordAt = argv.indexOf('--record');
  let strykerStatus = 0;
  let reportPath = REPORT;
  const commitAt = argv.indexOf('--commit');
  const commit = commitAt >= 0 ? (argv[commitAt + 1] ?? 'unknown') : currentCommit();
  if (recordAt >= 0) {
    reportPath = argv[recordAt + 1] ?? '';
    if (!existsSync(reportPath)) {
      console.error(`mutate: --record needs a Stryker JSON report; got ${JSON.stringify(reportPath)}`);
      return 2;
    }
  } else {
    const started = Date.now();
    const run = spawnSync('npx', ['stryker', 'run', CONFIG, ...argv], { stdio: 'inherit' });
    strykerStatus = run.status ?? 1;
    if (!existsSync(REPORT) || statSync(REPORT).mtimeMs < started) {
      console.error('mutate: Stryker wrote no report; nothing recorded');
      return strykerStatus || 1;
    }
  }
  const { results, measured } = record(reportPath, commit);
  printTable(results);
  const below = [...measured].filter((name) => (results.folders[name]?.score ?? 100) < BAR);
  for (const name of below) console.error(`mutate: ${name} is at ${results.folders[name]?.score}%, below ${BAR}%`);
  return strykerStatus || (below.length > 0 ? 1 : 0);
}

process.exitCode = main(process.argv.slice(2));
