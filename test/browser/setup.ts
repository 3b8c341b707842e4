import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../src/bootstrap.js';
import { chromiumPath, haveChromium } from '../helpers/browser.js';

/**
 * The browser project's own setup (after test/global-setup.ts): the pages' front end built
 * (dist/web, as `npm start` builds it), and Debian's Chromium present — required under CI=true,
 * else its tests are skipped with a loud message.
 */
export default function setup() {
  const build = spawnSync(process.execPath, ['src/cli/build.mjs', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build (src/cli/build.mjs) failed: the pages cannot be tested');
  if (haveChromium) return;
  const message = `${chromiumPath} is missing: install it with \`apt-get install chromium\` (.ci/run does)`;
  if (process.env.CI === 'true') throw new Error(`browser tests: ${message}; under CI=true they must run.`);
  console.warn(`\n${'!'.repeat(80)}\n!! SKIPPING THE BROWSER TESTS: ${message}\n${'!'.repeat(80)}\n`);
}
