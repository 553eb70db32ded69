// What the repository says about itself holds: one base address for every docs link (the root
// package.json's `repository`), no path of a developer's machine and no issue number in any
// tracked file, relative Markdown links that lead somewhere, and READMEs that ship in a package
// linking only what ships with them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Manifest {
  repository?: { url?: string; directory?: string };
  homepage?: string;
  files?: string[];
}

const manifest = (folder: string): Manifest => JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as Manifest;

/** https://github.com/<owner>/<name>, from the root package.json. */
const BASE = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(manifest('.').repository?.url ?? '')?.[1];

/** Tracked text files, with their text (the lockfile lists registry addresses only). */
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && file !== 'package-lock.json' && !/\.(png|jpe?g|gif|ico|vsix|tgz|woff2?)$/.test(file))
  .filter((file) => existsSync(join(repoRoot, file)))
  .map((file) => ({ file, text: readFileSync(join(repoRoot, file), 'utf8') }));

function occurrences(pattern: RegExp): string[] {
  return tracked.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((match) => `${file}: ${match[0]}`));
}

describe('the repository', () => {
  it('has one base for docs links: the root package.json\'s repository, which every package names', () => {
    assert.ok(BASE, 'the root package.json has a repository url');
    for (const folder of ['runtime', 'rules', 'server']) {
      assert.equal(manifest(folder).repository?.url, manifest('.').repository?.url, `${folder}/package.json repository`);
      assert.equal(manifest(folder).repository?.directory, folder);
      assert.ok(manifest(folder).homepage?.startsWith(`${BASE}/`), `${folder}/package.json homepage`);
    }
    const elsewhere = occurrences(/https:\/\/github\.com\/[\w.-]+\/corral\b[^\s)'"`>]*/g).filter((found) => !found.includes(`: ${BASE}`));
    assert.deepEqual(elsewhere, []);
  });

  it('names no path of a developer\'s machine and no issue number', () => {
    assert.deepEqual(occurrences(/(?<![\w.~-])\/(?:work|root|home|tmp|Users)\/[\w.-]+/g), []);
    assert.deepEqual(occurrences(/\bissues? *#? *\d+/gi), []);
  });

  it('has relative Markdown links that lead to files or folders of the repository', () => {
    const broken = tracked
      .filter(({ file }) => file.endsWith('.md'))
      .flatMap(({ file, text }) => [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(repoRoot, dirname(file), target)))
        .map((target) => `${file}: ${target}`));
    assert.deepEqual(broken, []);
  });

  it('ships READMEs whose relative links stay inside their package', () => {
    for (const folder of ['runtime', 'rules', 'server']) {
      const readme = readFileSync(join(repoRoot, folder, 'README.md'), 'utf8');
      for (const [, target] of readme.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const inside = normalize(target!);
        assert.ok(!inside.startsWith('..'), `${folder}/README.md links ${target}, which a package user does not have`);
        const shipped = (manifest(folder).files ?? []).some((entry) => inside.startsWith(entry.replace(/\*.*$/, '')));
        assert.ok(shipped, `${folder}/README.md links ${target}, which the package does not ship`);
      }
    }
  });
});
