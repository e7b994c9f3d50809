import fs from 'node:fs';
import path from 'node:path';

/**
 * The plugin's layout, checked so that it cannot drift: imports run one way,
 * `plugin.ts` → `router/` → `services/` → `twilio/` → `database/` →
 * `domain/`; `lib/` and `config/` are generic and may be used from
 * anywhere. Tests and test utilities may import whatever they exercise.
 */
const LAYERS = ['router', 'services', 'twilio', 'database', 'domain'];
/** Folders below every layer: they import no other folder of the plugin. */
const SHARED = ['lib', 'config'];

const SRC = __dirname;

/** Packages only some folders may import. */
const PACKAGE_RULES: Array<{ pattern: RegExp; allowedIn: string[] }> = [
  { pattern: /^knex$/, allowedIn: ['database'] },
  { pattern: /^twilio(\/|$)/, allowedIn: ['twilio'] },
  { pattern: /^express(-promise-router)?$/, allowedIn: ['router'] },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(full);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [full]
      : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
    m => m[1],
  );
}

/** The top folder of a file inside src, or '' for src itself. */
const folderOf = (file: string) => {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length > 0 ? first : '';
};

/** What a folder may import of the plugin's other folders. */
function mayImport(from: string, to: string): boolean {
  if (from === to || SHARED.includes(to)) return true;
  if (SHARED.includes(from)) return false;
  if (from === '') return true;
  const [a, b] = [LAYERS.indexOf(from), LAYERS.indexOf(to)];
  return a >= 0 && b > a;
}

describe('the plugin layout', () => {
  const files = sourceFiles(SRC);

  it('has every file in a known folder', () => {
    const folders = new Set(files.map(folderOf));
    expect(
      [...folders].filter(f => f && ![...LAYERS, ...SHARED].includes(f)),
    ).toEqual([]);
  });

  it('runs imports one way: plugin, router, services, twilio, database, domain', () => {
    const upward = files.flatMap(file =>
      importsOf(file)
        .filter(spec => spec.startsWith('.'))
        .map(spec => path.resolve(path.dirname(file), spec))
        .filter(target => !mayImport(folderOf(file), folderOf(target)))
        .map(
          target =>
            `${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`,
        ),
    );
    expect(upward).toEqual([]);
  });

  it('keeps knex in database/, the Twilio SDK in twilio/ and express in router/', () => {
    const misplaced = files.flatMap(file =>
      importsOf(file)
        .filter(spec =>
          PACKAGE_RULES.some(
            rule =>
              rule.pattern.test(spec) &&
              !rule.allowedIn.includes(folderOf(file)),
          ),
        )
        .map(spec => `${path.relative(SRC, file)} imports ${spec}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('reads the time only through the clock', () => {
    const clockReads = files
      .filter(file =>
        /new Date\(\)|Date\.now\(/.test(fs.readFileSync(file, 'utf8')),
      )
      .map(file => path.relative(SRC, file));
    expect(clockReads).toEqual([path.join('lib', 'clock.ts')]);
  });
});
