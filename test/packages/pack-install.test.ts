// The packages as a user gets them: `npm pack` of runtime/, rules/ and server/, the tarballs
// installed into a fresh project in a temporary folder (test/fixtures/package-user: a tsconfig.json,
// TypeScript and JavaScript files), and the READMEs followed from there. Every ESLint config block
// of rules/README.md and the README's lint section, read from the Markdown, becomes the project's
// eslint.config.js and lints it; every TypeScript block of README.md and runtime/README.md
// type-checks against the packed runtime, and two of its recipes run; the server's bin runs from
// the install.
//
// The install needs no registry and no cache: npm installs the three tarballs, and their
// dependencies and peers (with eslint, typescript and @types/node, which the user brings) are
// `file:` links to this repository's node_modules, the versions of its lockfile. `--offline` with
// an empty cache makes sure nothing else is fetched; it takes about a second.
import assert from 'node:assert/strict';
import { execFile as execFileCallback, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { codeBlocks } from './markdown.ts';

const execFile = promisify(execFileCallback);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['runtime', 'rules', 'server'] as const;
type PackageFolder = (typeof PACKAGES)[number];
const PRESETS = ['recommended', 'recommended-type-checked', 'strict'] as const;
type Preset = (typeof PRESETS)[number];

interface Manifest {
  name: string;
  version: string;
  main?: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Packed {
  manifest: Manifest;
  tarball: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

let work: string;
let project: string;
const packed = {} as Record<PackageFolder, Packed>;

function manifestOf(folder: PackageFolder): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as Manifest;
}

/** The environment for child processes, without what `npm test` sets for its own scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function pack(folder: PackageFolder, destination: string): Packed {
  const manifest = manifestOf(folder);
  const entry = manifest.main ?? Object.values(manifest.bin ?? {})[0];
  if (entry && !existsSync(join(repoRoot, folder, entry))) throw new Error(`${folder}/${entry} is missing: run \`npm run build\` first`);
  const result = run('npm', ['pack', '--json', '--pack-destination', destination], join(repoRoot, folder));
  assert.equal(result.status, 0, `npm pack in ${folder}/ failed:\n${result.stderr}`);
  const [report] = JSON.parse(result.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  return {
    manifest,
    tarball: join(destination, report!.filename),
    size: report!.size,
    unpackedSize: report!.unpackedSize,
    files: report!.files.map((file) => file.path).sort(),
  };
}

/** The folder of an installed package, as Node would find it from `from`. */
function installedFolder(name: string, from: string): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(directory) === directory) throw new Error(`${name} is not installed in this repository`);
  }
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'corral-packages-'));
  mkdirSync(join(work, 'packs'));
  for (const folder of PACKAGES) packed[folder] = pack(folder, join(work, 'packs'));

  project = join(work, 'project');
  cpSync(join(repoRoot, 'test/fixtures/package-user'), project, { recursive: true });
  const dependencies: Record<string, string> = {};
  const ours = new Set(PACKAGES.map((folder) => packed[folder].manifest.name));
  for (const folder of PACKAGES) {
    const { manifest, tarball } = packed[folder];
    dependencies[manifest.name] = `file:${tarball}`;
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (!ours.has(name)) dependencies[name] = `file:${installedFolder(name, join(repoRoot, folder))}`;
    }
  }
  for (const name of ['eslint', 'typescript', '@types/node']) dependencies[name] ??= `file:${installedFolder(name, repoRoot)}`;
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'package-user', private: true, type: 'module', dependencies }, null, 2)}\n`);
  const install = run('npm', ['install', '--offline', '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], project);
  assert.equal(install.status, 0, `npm install failed:\n${install.stdout}${install.stderr}`);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('each package as packed', () => {
  it('ships a README, an MIT LICENSE (the repository\'s), its package.json and what it needs, nothing else', (t) => {
    const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    assert.match(license, /^MIT License\n/);
    for (const folder of PACKAGES) {
      const { manifest, files, size, unpackedSize } = packed[folder];
      t.diagnostic(`${manifest.name}: ${(size / 1e3).toFixed(1)} kB packed, ${(unpackedSize / 1e3).toFixed(1)} kB unpacked, ${files.length} files`);
      for (const file of ['LICENSE', 'README.md', 'package.json']) assert.ok(files.includes(file), `${manifest.name} lacks ${file}`);
      assert.equal(readFileSync(join(project, 'node_modules', manifest.name, 'LICENSE'), 'utf8'), license, `${manifest.name}'s LICENSE`);
      for (const file of files) {
        assert.doesNotMatch(file, /\.map$|(^|\/)(src|test|tests|fixtures|build)\//, `${manifest.name} ships ${file}`);
      }
    }
    assert.deepEqual(packed.rules.files.filter((file) => file.startsWith('dist/')), ['dist/index.cjs', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.js']);
    assert.deepEqual(packed.server.files, ['LICENSE', 'README.md', 'bin/corral-language-server.js', 'dist/engine.js', 'dist/package.json', 'dist/server.js', 'package.json']);
    assert.ok(packed.runtime.files.every((file) => /^(dist\/|LICENSE$|README\.md$|package\.json$)/.test(file)), packed.runtime.files.join(' '));
  });

  it('keeps the language server under 5 MB unpacked, without the tests\' fault injection', () => {
    assert.ok(packed.server.unpackedSize <= 5_000_000, `${packed.server.unpackedSize} bytes`);
    for (const file of ['server.js', 'engine.js']) {
      const bundle = readFileSync(join(project, 'node_modules/corral-language-server/dist', file), 'utf8');
      assert.doesNotMatch(bundle, /CORRAL_LANGUAGE_SERVER_FAULTS|test-throws-on-debugger|corral-test/, file);
    }
  });

  it('loads through its exports, from ES modules and CommonJS alike; the plugin is one object', async () => {
    const require = createRequire(join(project, 'index.js'));
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const runtime = await import('corral');
      const plugin = (await import('eslint-plugin-corral')).default;
      console.log(JSON.stringify({
        runtime: typeof runtime.createTaskGroup === typeof require('corral').createTaskGroup && typeof runtime.createTaskGroup,
        samePlugin: plugin === require('eslint-plugin-corral'),
        registered: plugin.configs.recommended.plugins.corral === plugin,
      }));`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { runtime: 'function', samePlugin: true, registered: true });
    assert.equal(typeof require('corral').sleep, 'function');
  });
});

// Each block lints a copy of the project of its own (the links in node_modules are relative and
// stay valid at the same depth), so that the blocks run side by side.
describe('the documented ESLint configs, on a project with its own tsconfig.json, eslint.config.js, TS and JS files', { concurrency: true }, () => {
  const blocks = [
    ...codeBlocks(join(repoRoot, 'rules/README.md')).map((block) => ({ ...block, source: 'rules/README.md' })),
    ...codeBlocks(join(repoRoot, 'README.md')).map((block) => ({ ...block, source: 'README.md' })),
  ].filter((block) => block.language === 'js' && block.code.startsWith('// eslint.config.js\n'));

  it('finds config blocks in both READMEs, for every preset', () => {
    assert.ok(blocks.some((block) => block.source === 'README.md'), 'the README\'s lint section');
    for (const preset of PRESETS) assert.ok(blocks.some((block) => presetOf(block.code) === preset), `a block for ${preset}`);
  });

  for (const block of blocks) {
    it(`${block.source}:${block.line} (${presetOf(block.code)}) reports each file's problems, with no parsing error or crash`, async () => {
      const copy = join(work, `project-${block.source.replace(/\W+/g, '-')}-${block.line}`);
      cpSync(project, copy, { recursive: true, verbatimSymlinks: true });
      writeFileSync(join(copy, 'eslint.config.js'), block.code);
      const result = await execFile(process.execPath, [join(copy, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.'], { cwd: copy, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 })
        .then(() => ({ status: 0, stdout: '', stderr: '' }), (error: { code?: number; stdout: string; stderr: string }) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }));
      assert.equal(result.status, 1, `eslint exited with ${result.status} (1: problems found):\n${result.stderr}`);
      const reports = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string; fatal?: boolean }[] }[];
      const linted = reports.map((report) => relative(copy, report.filePath)).sort();
      assert.deepEqual(linted, ['eslint.config.js', 'legacy.cjs', 'scripts/tool.mjs', 'src/helper.js', 'src/main.ts']);
      for (const report of reports) {
        const file = relative(copy, report.filePath);
        const broken = report.messages.filter((message) => message.fatal || message.ruleId === null);
        assert.deepEqual(broken.map((message) => message.message), [], `${file}: parsing errors`);
        const found = report.messages.map((message) => `${message.line} ${message.ruleId}`).sort();
        assert.deepEqual(found, expectedProblems(join(copy, file), block.code), file);
      }
    });
  }
});

describe('the TypeScript blocks of README.md and runtime/README.md', () => {
  it('type-check against the packed runtime (strict, NodeNext)', () => {
    const checked: string[] = [];
    mkdirSync(join(project, 'docs-check'), { recursive: true });
    for (const readme of ['README.md', 'runtime/README.md']) {
      for (const block of codeBlocks(join(repoRoot, readme)).filter((candidate) => candidate.language === 'ts')) {
        const typecheck = block.typecheck;
        if (typecheck && 'skip' in typecheck) {
          assert.ok(typecheck.skip.length > 0, `${readme}:${block.line} is skipped without a reason`);
          continue;
        }
        const name = `${readme.replace(/\W+/g, '-')}-${block.line}.ts`;
        // The prelude goes on the block's first line, so that the line numbers of errors are the block's.
        writeFileSync(join(project, 'docs-check', name), `${typecheck?.prelude ?? ''} ${block.code}`);
        checked.push(name);
      }
    }
    assert.ok(checked.length >= 8, `only ${checked.length} blocks checked`);
    writeFileSync(join(project, 'tsconfig.docs.json'), JSON.stringify({ extends: './tsconfig.json', include: ['docs-check/*.ts'] }));
    const result = run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.docs.json'], project);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});

describe('the recipes of runtime/README.md, run against the packed runtime', () => {
  /** The recipe whose paragraph starts with `**<title>`, written into the project. */
  function recipe(title: string): string {
    const readme = readFileSync(join(repoRoot, 'runtime/README.md'), 'utf8');
    const start = readme.indexOf(`**${title}`);
    assert.ok(start >= 0, `runtime/README.md has no recipe "${title}"`);
    const code = /^```ts\n([\s\S]*?)^```$/m.exec(readme.slice(start))![1]!;
    const file = join(project, 'recipes', `${title.replace(/\W+/g, '-')}.ts`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    return file;
  }
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

  it('the worker pool handles every job once, and every worker ends', () => {
    const result = run(process.execPath, ['--import', tsx, recipe('A worker pool that ends with a sentinel')], project);
    assert.equal(result.status, 0, result.stderr);
    const jobs = result.stdout.trim().split('\n').map((line) => /^worker \d: (\w)$/.exec(line)?.[1]);
    assert.deepEqual(jobs.sort(), ['a', 'b', 'c', 'd', 'e']);
  });

  it('graceful shutdown: SIGINT cancels the tasks, their shielded cleanup finishes, the program exits 0', async () => {
    // Says on stderr when the program listens for SIGINT, which is when Ctrl-C means shutdown.
    const listening = join(project, 'recipes', 'listening.mjs');
    writeFileSync(listening, `const timer = setInterval(() => {
  if (process.listenerCount('SIGINT') > 0) { clearInterval(timer); process.stderr.write('listening\\n'); }
}, 10);
timer.unref();
`);
    const child = spawn(process.execPath, ['--import', tsx, '--import', pathToFileURL(listening).href, recipe('Graceful shutdown on Ctrl-C')], { cwd: project, env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
      if (stderr.includes('listening\n')) resolve();
    }).on('close', resolve)); // a program that ends first fails on its exit code below
    child.kill('SIGINT');
    assert.equal(await exited, 0, `${stdout}${stderr}`);
    assert.deepEqual(stdout.trim().split('\n').sort(), ['api closed', 'worker closed']);
  });
});

describe('the server\'s bin, installed', () => {
  const bin = (): string => join(project, 'node_modules/.bin/corral-language-server');

  it('answers --help and --version with exit code 0', () => {
    const help = run(bin(), ['--help'], project);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: corral-language-server /);
    const version = run(bin(), ['--version'], project);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `${packed.server.manifest.version}\n`);
  });

  it('answers an unknown flag with the usage and exit code 2', () => {
    const result = run(bin(), ['--stdoi'], project);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown option '--stdoi'[\s\S]*Usage: corral-language-server /);
    assert.equal(result.stdout, '');
  });

  it('speaks LSP on stdio: initialize gets the server\'s capabilities', async () => {
    const child = spawn(bin(), ['--stdio'], { cwd: project, env: cleanEnv() });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      let output = '';
      const response = await new Promise<{ result?: { capabilities?: Record<string, unknown> } }>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`the server exited with ${code} before answering`)));
        child.stdout.on('data', (chunk: Buffer) => {
          output += String(chunk);
          const match = /Content-Length: (\d+)\r\n\r\n/.exec(output);
          const start = match ? match.index + match[0].length : -1;
          if (match && Buffer.byteLength(output.slice(start)) >= Number(match[1])) resolve(JSON.parse(output.slice(start)));
        });
      });
      assert.ok(response.result?.capabilities?.['codeActionProvider'], JSON.stringify(response));
    } finally {
      child.kill();
    }
  });
});

/** The preset a config block turns on. */
function presetOf(config: string): Preset {
  if (config.includes('configs.strict')) return 'strict';
  if (config.includes("configs['recommended-type-checked']")) return 'recommended-type-checked';
  return 'recommended';
}

/**
 * `<line> <rule>` for each line of the fixture whose comment says `// <rule> (<preset>)`, when the
 * config's preset includes that preset and the config does not turn the rule off.
 */
function expectedProblems(path: string, config: string): string[] {
  const upTo = PRESETS.indexOf(presetOf(config));
  const off = new Set([...config.matchAll(/'corral\/([a-z-]+)': 'off'/g)].map((match) => match[1]));
  const lines = readFileSync(path, 'utf8').split('\n');
  return lines.flatMap((text, index) => {
    const match = /\/\/ ([a-z-]+) \(([a-z-]+)\)$/.exec(text);
    if (!match || off.has(match[1]) || PRESETS.indexOf(match[2] as Preset) > upTo) return [];
    return [`${index + 1} corral/${match[1]}`];
  }).sort();
}
