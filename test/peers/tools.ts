import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** The peer programs the tests run, and the Debian package that ships each one. */
export const TOOL_PACKAGES = {
  named: 'bind9',
  rndc: 'bind9-utils',
  'named-checkzone': 'bind9-utils',
  'named-compilezone': 'bind9-utils',
  dig: 'bind9-dnsutils',
  knotd: 'knot',
  knotc: 'knot',
  kdig: 'knot-dnsutils',
  nsd: 'nsd',
  'nsd-control': 'nsd',
} as const;

export type ToolName = keyof typeof TOOL_PACKAGES;

// Daemons live in sbin, which a non-root PATH often lacks.
const EXTRA_DIRS = ['/usr/sbin', '/usr/bin', '/sbin'];

/** Absolute path of an executable found on PATH or in the sbin folders, or null. */
export function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/** True when the run is a CI run: there a missing peer is a failure, not a skip. */
export function isCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Paths of found tools, keyed by tool name. */
export type ToolPaths<T extends ToolName> = { readonly [K in T]: string };

/** Outcome of looking for a set of tools. */
export interface ToolCheck<T extends ToolName> {
  /** All paths, or null when any tool is missing. */
  readonly paths: ToolPaths<T> | null;
  /** `named (apt-get install bind9), kdig (apt-get install knot-dnsutils)`, or '' if none. */
  readonly missing: string;
}

/** Looks for every named tool; `missing` names the Debian package of each one absent. */
export function checkTools<T extends ToolName>(names: readonly T[]): ToolCheck<T> {
  const found: Partial<Record<T, string>> = {};
  const absent: string[] = [];
  for (const name of names) {
    const path = findTool(name);
    if (path === null) absent.push(`${name} (apt-get install ${TOOL_PACKAGES[name]})`);
    else found[name] = path;
  }
  return {
    paths: absent.length === 0 ? (found as ToolPaths<T>) : null,
    missing: absent.join(', '),
  };
}

/**
 * A describe block that needs real peers. With every tool present it runs `body` with their
 * paths. With one missing it is skipped locally, its title naming the package to install,
 * and under CI it becomes a single failing test, so a CI image that lost a package cannot
 * pass by skipping the interop tests.
 */
export function describeWithTools<T extends ToolName>(
  title: string,
  names: readonly T[],
  body: (paths: ToolPaths<T>) => void,
): void {
  const { paths, missing } = checkTools(names);
  if (paths !== null) {
    describe(title, () => body(paths));
    return;
  }

  if (isCi()) {
    describe(title, () => {
      it('has the peer programs it needs installed', () => {
        throw new Error(`missing under CI: ${missing}`);
      });
    });
    return;
  }

  describe.skip(`${title} (skipped, missing ${missing})`, () => {
    it('needs the peer programs installed', () => {});
  });
}

/** The part of vitest's test context that `requireTool` uses. */
export interface SkippableContext {
  skip(note?: string): void;
}

/**
 * For use inside one test: returns the tool's path; when it is missing, skips the test
 * locally (naming the package) and throws under CI.
 */
export function requireTool(name: ToolName, ctx: SkippableContext): string {
  const path = findTool(name);
  if (path !== null) return path;

  const message = `missing ${name} (apt-get install ${TOOL_PACKAGES[name]})`;
  if (isCi()) throw new Error(`${message} under CI`);
  ctx.skip(message);
  throw new Error(message); // ctx.skip throws already; this keeps the return type honest
}
