/**
 * User text in generated C: every string becomes a string literal that compiles (gcc -std=c99 -pedantic
 * -Werror, where trigraphs are live) and holds exactly its UTF-8 bytes, and a comment that cannot end early.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentText, compareUtf8, cString, doubleLiteral, floatLiteral, sanitizeIdentifier, uniqueIdentifiers } from './c-syntax';
import { GCC_FLAGS, hasGcc } from './test-support';

describe('identifiers', () => {
  it('makes lower-case C identifiers that are never keywords', () => {
    expect(sanitizeIdentifier('sepal length (cm)')).toBe('sepal_length_cm');
    expect(sanitizeIdentifier('"weird" \\ name */')).toBe('weird_name');
    expect(sanitizeIdentifier('2nd try')).toBe('c2nd_try');
    expect(sanitizeIdentifier('Größe')).toBe('gro_e');
    expect(sanitizeIdentifier('Café')).toBe('cafe');
    expect(sanitizeIdentifier('int')).toBe('int_');
    expect(sanitizeIdentifier('errno')).toBe('errno_');
    expect(sanitizeIdentifier('日本')).toBe('column');
    expect(sanitizeIdentifier('__x__')).toBe('x');
    expect(sanitizeIdentifier('a'.repeat(100))).toHaveLength(40);
  });

  it('resolves collisions with numbered suffixes', () => {
    expect(uniqueIdentifiers(['Age', 'age', 'AGE', 'a ge', '', '?'])).toEqual(['age', 'age_2', 'age_3', 'a_ge', 'column', 'column_2']);
  });

  it('always yields a valid, non-reserved identifier', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (name) => {
        expect(sanitizeIdentifier(name)).toMatch(/^[a-z][a-z0-9_]*$/);
      }),
    );
  });
});

describe('literals', () => {
  it('float literals denote exactly the float32 value', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => {
        const text = floatLiteral(f);
        expect(text.endsWith('f')).toBe(true);
        expect(Math.fround(Number(text.slice(0, -1)))).toBe(Math.fround(f));
      }),
    );
    expect(floatLiteral(1)).toBe('1.0f');
    expect(floatLiteral(1e30)).toBe('1.0e+30f');
    expect(floatLiteral(Infinity)).toBe('INFINITY');
    expect(doubleLiteral(1.7e12)).toBe('1700000000000.0');
    expect(doubleLiteral(0.1)).toBe('0.1');
  });

  it('escapes quotes, backslashes, question marks and non-ASCII bytes', () => {
    expect(cString('a"b\\c??/d\n')).toBe('"a\\"b\\\\c\\?\\?/d\\012"');
    expect(cString('Zürich')).toBe('"Z\\303\\274rich"');
    expect(commentText('x */ y /* z ??/')).toBe('"x *\\/ y /\\* z ?\\?/"');
  });

  it('orders strings as strcmp does (UTF-8 bytes)', () => {
    const sorted = ['b', 'Z', 'é', 'a', '日', 'aa'].sort(compareUtf8);
    expect(sorted).toEqual(['Z', 'a', 'aa', 'b', 'é', '日']);
  });
});

describe.runIf(hasGcc())('text in compiled C', () => {
  it('any string compiles as a literal holding its UTF-8 bytes (up to a NUL) and as a comment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-cstring-'));
    try {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('*/', '??/', '??=', '"', '\\', '\n', '/*', '?\\?')), { minLength: 1, maxLength: 40 }), (strings) => {
          const program = [
            '#include <stdio.h>',
            ...strings.map((s) => `/* ${commentText(s)} */`),
            `static const char *const texts[${strings.length}] = {`,
            ...strings.map((s) => `  ${cString(s)}, /* ${commentText(s)} */`),
            '};',
            'int main(void) {',
            '  int i;',
            '  const unsigned char *p;',
            `  for (i = 0; i < ${strings.length}; i++) {`,
            '    for (p = (const unsigned char *)texts[i]; *p != 0; p++) printf("%02x", *p);',
            '    printf("\\n");',
            '  }',
            '  return 0;',
            '}',
          ].join('\n');
          writeFileSync(join(dir, 'strings.c'), program);
          execFileSync('gcc', [...GCC_FLAGS, '-o', join(dir, 'strings'), join(dir, 'strings.c')], { stdio: 'pipe' });
          const out = execFileSync(join(dir, 'strings'), { encoding: 'utf8' }).split('\n');
          strings.forEach((s, i) => {
            const bytes = new TextEncoder().encode(s.split('\0')[0]!);
            expect(out[i]).toBe(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
          });
        }),
        { numRuns: 4 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
