/**
 * The page VS Code shows for the packaged extension is client/README.md (written for VS Code users),
 * not the repository README (developer set-up): `npm run package` passes it to vsce with
 * `--readme-path`, and vsce rewrites its root-relative links (`/images/…`, `/docs/…`) to the
 * repository URL of package.json. test/e2e/package.test.mjs checks the built .vsix itself.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

interface Manifest {
  scripts: Record<string, string>;
  contributes: { configuration: { properties: Record<string, unknown> }; commands: { command: string; title: string; category: string }[] };
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const README = path.join(REPO_ROOT, 'client', 'README.md');

describe('the packaged extension page (client/README.md)', () => {
  it('is the readme `npm run package` gives vsce, and the repository README is not packaged', () => {
    assert.match(pkg.scripts['package']!, /\bvsce package\b.*--readme-path client\/README\.md\b/);
    const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(!ignore.includes('!README.md'), '.vscodeignore re-includes the repository README (it would ship beside readme.md)');
  });

  it('names every setting and command the extension contributes, and no developer set-up', () => {
    const text = fs.readFileSync(README, 'utf8');
    for (const s of Object.keys(pkg.contributes.configuration.properties)) assert.ok(text.includes(`\`${s}\``), `setting ${s} is not documented`);
    for (const c of pkg.contributes.commands) assert.ok(text.includes(`**${c.category}: ${c.title}**`), `command "${c.category}: ${c.title}" is not documented`);
    assert.doesNotMatch(text, /npm (ci|test|start|run)/, 'developer commands belong in the repository README');
  });

  it('shows a screenshot, and every root-relative link and image exists in the repository', () => {
    const text = fs.readFileSync(README, 'utf8');
    const links = [...text.matchAll(/\]\((\/[^)\s#]+)/g)].map((m) => m[1]!);
    assert.ok(links.some((l) => /^\/images\/[\w-]+\.png$/.test(l)), 'no screenshot');
    for (const l of links) assert.ok(fs.existsSync(path.join(REPO_ROOT, l)), `${l} does not exist`);
    // vsce only rewrites links it recognises as relative; a `../` link would escape the repository URL.
    assert.deepEqual([...text.matchAll(/\]\((\.\.?\/[^)]*)\)/g)].map((m) => m[1]), []);
  });

  it('the repository README keeps the two first commands first', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
    assert.match(firstBlock, /^npm ci && npm start\b.*\nnpm test\b/);
    assert.ok(text.indexOf('```sh') < text.indexOf('\n## '), 'the commands come before the first section');
  });
});
