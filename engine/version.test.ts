import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MODELWRIGHT_VERSION } from './version';

describe('MODELWRIGHT_VERSION', () => {
  it('equals the version in package.json', () => {
    const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')));
    expect(MODELWRIGHT_VERSION).toBe(pkg.version);
  });
});
