import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VERSION, SIGNATURE_VERSION } from '../../src/version.js';

test('the version in signatures is package.json version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
  assert.equal(SIGNATURE_VERSION, `trenchcoat-${pkg.version}`);
});
