import { execFileSync } from 'node:child_process';

/**
 * The CLI tests run `bin/alias-xfr`, which loads the compiled dist/; build it once per run so
 * they never test a stale build.
 */
export function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
