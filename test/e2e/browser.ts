// Debian's chromium driven by playwright-core. The flags keep it off the network, which this
// machine does not have. Without /usr/bin/chromium the browser tests are skipped with a reason,
// unless GONGKAI_REQUIRE_BROWSER=1 (CI) makes them mandatory.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../../src/reports/render/to-pdf.ts';

// One set of flags and one default path, the PDF renderer's (src/reports/render/to-pdf.ts).
export const CHROMIUM = process.env.GONGKAI_CHROMIUM || DEFAULT_CHROMIUM;

/** The `skip` option for a browser suite. */
export function skipWithoutBrowser(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `no chromium at ${CHROMIUM} (apt-get install -y chromium fonts-wqy-microhei)`;
  if (process.env.GONGKAI_REQUIRE_BROWSER === '1') throw new Error(reason);
  process.stderr.write(`# skipping browser tests: ${reason}\n`);
  return reason;
}

export async function launchBrowser(): Promise<Browser> {
  // playwright gives every launch a new empty profile directory of its own.
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}
