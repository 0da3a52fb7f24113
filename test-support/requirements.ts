// Tests that need something a bare machine may lack (Debian's Chromium, libusb, a real e-key) ask here
// first. Missing, the test is skipped with one line that says what was skipped and how to run it;
// with the requirement's variable set to 1 (`.ci/run` sets them after installing the packages), a
// missing requirement fails the test file instead, so CI never passes by skipping.
import { existsSync } from 'node:fs';

/** Something a test needs from the machine. */
export interface Requirement {
  /** What is missing, for the skip line: "Debian's Chromium at /usr/bin/chromium". */
  readonly what: string;
  /** Whether the machine has it. */
  readonly available: boolean;
  /** How to provide it: "apt-get install chromium". */
  readonly install: string;
  /** The variable that turns a skip into a failure, e.g. EXLIC_REQUIRE_BROWSER. */
  readonly variable: string;
}

/**
 * Answers true when the test must be skipped: the requirement is missing and not demanded. Prints the
 * one-line note then. Throws when it is missing but demanded by its variable.
 */
export function skipWithout(requirement: Requirement, testName: string): boolean {
  if (requirement.available) return false;
  const line = `${testName}: needs ${requirement.what}; ${requirement.install}`;
  if (process.env[requirement.variable] === '1') throw new Error(`${line} (${requirement.variable}=1 makes this a failure)`);
  process.stderr.write(`skipped ${line}, then run npm test again (or set ${requirement.variable}=1 to require it)\n`);
  return true;
}

/** Debian's Chromium, for the browser tests (playwright-core drives it; no browser is downloaded). */
export function chromiumRequirement(): Requirement & { readonly path: string } {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  return {
    path,
    what: `Chromium at ${path}`,
    available: existsSync(path),
    install: 'install it with `apt-get install chromium` (or point CHROMIUM_PATH at one)',
    variable: 'EXLIC_REQUIRE_BROWSER',
  };
}

/** libusb-1.0, the native library node-hid loads to reach USB e-keys. */
export function libusbRequirement(): Requirement {
  const candidates = ['/lib/x86_64-linux-gnu/libusb-1.0.so.0', '/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0', '/lib/aarch64-linux-gnu/libusb-1.0.so.0', '/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0', '/usr/lib/libusb-1.0.so.0', '/usr/local/lib/libusb-1.0.so.0', '/opt/homebrew/lib/libusb-1.0.0.dylib'];
  return {
    what: 'libusb-1.0 (node-hid loads it to reach USB e-keys)',
    available: process.platform === 'win32' || candidates.some((path) => existsSync(path)),
    install: 'install it with `apt-get install libusb-1.0-0`',
    variable: 'EXLIC_REQUIRE_LIBUSB',
  };
}
