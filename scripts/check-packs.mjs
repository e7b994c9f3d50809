#!/usr/bin/env node
// The install check: packs every publishable (non-private) workspace package
// the way `yarn npm publish` would and checks the tarball, without installing
// it anywhere.
//
// For each package it
//   1. builds dist/ (`backstage-cli repo build`, or `backstage-cli package
//      build` for the packages named; the types come from dist-types/, so
//      run `yarn tsc` first),
//   2. runs `yarn pack` (which runs the package's prepack, `backstage-cli
//      package prepack`, turning main/types/exports into dist/ paths, and
//      postpack, which restores package.json),
//   3. reads the packed package.json and asserts that every path it names
//      (main, module, types, typings, browser, exports and typesVersions
//      targets, files entries, configSchema) exists in the tarball, that
//      code entry points are JavaScript (not .ts sources) and type entry
//      points .d.ts, and that no dependency range is still `workspace:`,
//      `link:`, `portal:` or `file:` and none names a private workspace
//      package,
//   4. asserts that the working tree is as before: package.json unchanged,
//      no package.json-prepack or config.schema.json left behind, and the
//      dist/ directories this run created removed again.
//
// Usage: node scripts/check-packs.mjs [--skip-build] [--keep-dist] [package dir...]
//   --skip-build  pack the dist/ that is there (to try the check by hand)
//   --keep-dist   leave the dist/ directories it built
// Exits 1 when any package fails. Prints how long each phase took.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const keepDist = args.includes('--keep-dist');
const only = args.filter(a => !a.startsWith('--')).map(a => path.resolve(a));
// One pack at a time by default: a package's prepack rewrites its
// package.json, and a pack running beside it can then fail to find that
// workspace ("No local workspace found for this range", seen in CI).
const CONCURRENCY = Number(process.env.CHECK_PACKS_CONCURRENCY) || 1;
const DEP_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
];
const BAD_PROTOCOLS = ['workspace:', 'link:', 'portal:', 'file:'];

const started = Date.now();
const seconds = since => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function yarn(cwd, ...yarnArgs) {
  return run('yarn', yarnArgs, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: process.env,
  });
}

async function inParallel(items, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

const privateNames = new Set();

function publishablePackages() {
  const rootPkg = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  const dirs = rootPkg.workspaces.flatMap(pattern => {
    const base = path.join(root, pattern.replace(/\/\*$/, ''));
    return fs.existsSync(base)
      ? fs.readdirSync(base).map(d => path.join(base, d))
      : [];
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      rel: path.relative(root, dir),
      pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => {
      if (pkg.private) privateNames.add(pkg.name);
      return !pkg.private;
    })
    .filter(({ dir }) => only.length === 0 || only.includes(dir));
}

// Every file path in a tarball, without the leading "package/".
async function tarballFiles(tgz) {
  const { stdout } = await run('tar', ['-tzf', tgz], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map(f => f.replace(/^package\//, ''));
}

function makeHas(files) {
  const set = new Set(files);
  return target => {
    const p = path.posix
      .normalize(target.replace(/^\.\//, ''))
      .replace(/\/$/, '');
    if (p.includes('*')) {
      const [pre, post] = p.split('*', 2);
      return files.some(f => f.startsWith(pre) && f.endsWith(post));
    }
    return set.has(p) || files.some(f => f.startsWith(`${p}/`));
  };
}

// String targets of an exports map, with the condition that leads to each.
function exportTargets(exp, conditions = []) {
  if (typeof exp === 'string') return [{ target: exp, conditions }];
  if (Array.isArray(exp)) return exp.flatMap(e => exportTargets(e, conditions));
  if (exp && typeof exp === 'object') {
    // "backstage" is prepack's feature-type metadata (e.g. "@backstage/FrontendPlugin"), not a path.
    return Object.entries(exp)
      .filter(([k]) => k !== 'backstage')
      .flatMap(([k, v]) => exportTargets(v, [...conditions, k]));
  }
  return [];
}

function checkManifest(manifest, files) {
  const has = makeHas(files);
  const problems = [];
  const named = []; // [description, path, kind]
  for (const field of ['main', 'module', 'browser']) {
    if (typeof manifest[field] === 'string')
      named.push([field, manifest[field], 'code']);
  }
  for (const field of ['types', 'typings']) {
    if (typeof manifest[field] === 'string')
      named.push([field, manifest[field], 'types']);
  }
  for (const { target, conditions } of exportTargets(manifest.exports)) {
    const subpath = conditions.find(c => c.startsWith('.')) ?? '.';
    const kind = conditions.includes('types')
      ? 'types'
      : target.endsWith('.json')
      ? 'any'
      : 'code';
    named.push([
      `exports[${conditions.map(c => JSON.stringify(c)).join('][')}]`,
      target,
      subpath === './package.json' ? 'any' : kind,
    ]);
  }
  for (const [range, map] of Object.entries(manifest.typesVersions ?? {})) {
    for (const [sub, targets] of Object.entries(map ?? {})) {
      for (const t of [].concat(targets))
        named.push([
          `typesVersions[${range}][${sub}]`,
          t,
          t.endsWith('.json') ? 'any' : 'types',
        ]);
    }
  }
  for (const entry of manifest.files ?? []) {
    if (!entry.startsWith('!'))
      named.push([`files[${JSON.stringify(entry)}]`, entry, 'any']);
  }
  if (typeof manifest.configSchema === 'string')
    named.push(['configSchema', manifest.configSchema, 'any']);
  for (const [what, p, kind] of named) {
    if (!has(p))
      problems.push(`${what} names ${p}, which is not in the tarball`);
    else if (kind === 'code' && !/\.(c|m)?js$/.test(p))
      problems.push(`${what} names ${p}, which is not JavaScript`);
    else if (kind === 'types' && !/\.d\.ts$/.test(p))
      problems.push(`${what} names ${p}, which is not a .d.ts file`);
  }
  if (!manifest.main && !manifest.exports)
    problems.push('neither main nor exports is set');
  for (const field of DEP_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      const bad = BAD_PROTOCOLS.find(p => String(range).startsWith(p));
      if (bad) problems.push(`${field}.${dep} is still "${range}"`);
    }
  }
  return { problems, checked: named.length };
}

async function main() {
  const packages = publishablePackages();
  if (packages.length === 0) {
    console.error('check-packs: no publishable packages found');
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'icr-packs-'));
  const before = new Map(
    packages.map(({ dir }) => [
      dir,
      {
        manifest: fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
        hadDist: fs.existsSync(path.join(dir, 'dist')),
      },
    ]),
  );
  let failed = false;
  try {
    if (!skipBuild) {
      const t = Date.now();
      if (only.length === 0) {
        // One process builds every non-bundled package (all the publishable
        // ones): about 4 s, where a `package build` per package takes 25.
        try {
          await yarn(root, 'backstage-cli', 'repo', 'build');
        } catch (e) {
          failed = true;
          console.error(
            `FAIL build (backstage-cli repo build)\n${e.stdout ?? ''}${
              e.stderr ?? ''
            }`,
          );
          return;
        }
        console.log(
          `check-packs: built ${packages.length} packages in ${seconds(
            t,
          )} (backstage-cli repo build)`,
        );
      } else {
        const built = await inParallel(packages, async ({ dir, rel }) => {
          const t0 = Date.now();
          try {
            await yarn(dir, 'backstage-cli', 'package', 'build');
            return `${rel} ${seconds(t0)}`;
          } catch (e) {
            failed = true;
            console.error(
              `FAIL ${rel}: build failed\n${e.stdout ?? ''}${e.stderr ?? ''}`,
            );
            return `${rel} failed`;
          }
        });
        console.log(
          `check-packs: built ${packages.length} packages in ${seconds(
            t,
          )} (${built.join(', ')})`,
        );
        if (failed) return;
      }
    }

    const t = Date.now();
    const results = await inParallel(packages, async ({ dir, rel, pkg }) => {
      const tgz = path.join(
        tmp,
        `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}.tgz`,
      );
      const problems = [];
      const t0 = Date.now();
      try {
        await yarn(dir, 'pack', '--out', tgz);
      } catch (e) {
        return {
          rel,
          problems: [`yarn pack failed\n${e.stdout ?? ''}${e.stderr ?? ''}`],
        };
      }
      const files = await tarballFiles(tgz);
      const { stdout } = await run(
        'tar',
        ['-xOzf', tgz, 'package/package.json'],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      const manifest = JSON.parse(stdout);
      const result = checkManifest(manifest, files);
      problems.push(...result.problems);
      // A range on a private workspace package packs fine but never installs.
      for (const field of DEP_FIELDS.filter(f => f !== 'devDependencies')) {
        for (const dep of Object.keys(pkg[field] ?? {})) {
          if (privateNames.has(dep))
            problems.push(
              `${field}.${dep} is a private package (not published)`,
            );
        }
      }
      // postpack restored the working tree?
      const now = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
      if (now !== before.get(dir).manifest)
        problems.push(
          'package.json differs after the pack (postpack did not restore it)',
        );
      for (const leftover of ['package.json-prepack', 'config.schema.json']) {
        if (fs.existsSync(path.join(dir, leftover)))
          problems.push(`${leftover} left behind in ${rel}`);
      }
      return {
        rel,
        problems,
        files: files.length,
        checked: result.checked,
        took: seconds(t0),
      };
    });
    for (const { rel, problems, files, checked, took } of results) {
      if (problems.length > 0) {
        failed = true;
        console.error(`FAIL ${rel}:\n  ${problems.join('\n  ')}`);
      } else {
        console.log(
          `ok   ${rel}: ${checked} named paths present among ${files} files, no workspace: ranges (${took})`,
        );
      }
    }
    console.log(
      `check-packs: packed and checked ${packages.length} packages in ${seconds(
        t,
      )}`,
    );
  } finally {
    if (!keepDist && !skipBuild) {
      for (const { dir } of packages) {
        if (!before.get(dir).hadDist)
          fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(
      `check-packs: ${failed ? 'FAILED' : 'passed'} in ${seconds(started)}`,
    );
    if (failed) process.exitCode = 1;
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
