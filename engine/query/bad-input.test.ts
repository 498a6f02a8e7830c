import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerDataQuestion } from './answer-data';
import { intentSchema, QUERY_MAX_CHARS, type Intent, type QueryContextInput } from './intent';
import { createQueryParser } from './parse';
import { exampleContext, exampleTable } from './test-tables';

const houses = createQueryParser(exampleContext('houses'));

function problemCode(intent: Intent): string {
  return intent.kind === 'not-understood' ? intent.code : intent.kind;
}

describe('bad input to the query box', () => {
  it('says an empty question is empty', () => {
    for (const q of ['', '   ', '\n\t ']) expect(problemCode(houses.parse(q))).toBe('MW_QUERY_EMPTY');
  });

  it('refuses 10,000 characters quickly, and still reads a question at the limit', () => {
    const long = 'average price by city '.repeat(500).slice(0, 10_000);
    const refused = houses.parse(long);
    expect(problemCode(refused)).toBe('MW_QUERY_TOO_LONG');
    if (refused.kind === 'not-understood') expect(refused.suggestions).toHaveLength(3);
    const atLimit = `average price by city ${'please '.repeat(400)}`.slice(0, QUERY_MAX_CHARS);
    expect(intentSchema.safeParse(houses.parse(atLimit)).success).toBe(true);
  });

  it('treats pasted SQL and JavaScript as words: nothing runs, the answer is a reading or a refusal', () => {
    const g = globalThis as Record<string, unknown>;
    const payloads = [
      'SELECT AVG(price) FROM houses GROUP BY city; DROP TABLE houses;--',
      "'; DELETE FROM runs WHERE 1=1; --",
      'globalThis.__mwPwned = true',
      "require('child_process').execSync('touch /tmp/mw-pwned')",
      '${globalThis.__mwPwned = true}',
      "constructor.constructor('globalThis.__mwPwned = true')()",
      '<script>globalThis.__mwPwned = true</script>',
      '__proto__ toString valueOf hasOwnProperty constructor',
      'eval("1+1")',
    ];
    for (const q of payloads) {
      const intent = houses.parse(q);
      expect(intentSchema.safeParse(intent).success, q).toBe(true);
      expect(intent.reading.length).toBeGreaterThan(0);
    }
    expect(g['__mwPwned']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // The SQL is just text: it reads as the question its words ask, shown as such.
    const sql = houses.parse('SELECT AVG(price) FROM houses GROUP BY city');
    expect(sql.kind).toBe('data-question');
    expect(sql.reading).toMatch(/^Mean of price, grouped by city/);
  });

  it('names the unknown column and suggests the closest', () => {
    const intent = houses.parse('distribution of weight');
    expect(problemCode(intent)).toBe('MW_QUERY_UNKNOWN_COLUMN');
    if (intent.kind === 'not-understood') {
      expect(intent.unknown?.term).toBe('weight');
      expect(intent.unknown?.closest).toHaveLength(3);
      expect(intent.suggestions).toHaveLength(3);
    }
  });

  it('asks which column was meant instead of guessing', () => {
    const iris = createQueryParser(exampleContext('iris'));
    const intent = iris.parse('average width');
    expect(intent.kind).toBe('ambiguity');
    if (intent.kind === 'ambiguity') {
      expect(intent.choices.map((c) => c.column).sort()).toEqual(['petal_width_cm', 'sepal_width_cm']);
      for (const c of intent.choices) expect(iris.parse(c.query).kind).toBe('data-question');
    }
  });

  it('offers three working questions when nothing is understood', () => {
    for (const q of ['hello there', 'asdf qwer zxcv', '???', '42']) {
      const intent = houses.parse(q);
      expect(intent.kind, q).toBe('not-understood');
      if (intent.kind !== 'not-understood') continue;
      expect(intent.suggestions).toHaveLength(3);
      for (const s of intent.suggestions) expect(['data-question', 'build-model']).toContain(houses.parse(s).kind);
    }
  });

  it('copes with odd column names: prototype words, dots, spaces, unicode', () => {
    const context: QueryContextInput = {
      rowCount: 10,
      columns: [
        { name: '__proto__', type: 'float', min: 0, max: 1 },
        { name: 'constructor', type: 'categorical', categories: ['toString', 'a'] },
        { name: 'price ($)', type: 'float', min: 0, max: 9 },
        { name: 'Größe', type: 'integer', min: 1, max: 5 },
        { name: 'a.b', type: 'float' },
      ],
    };
    const p = createQueryParser(context);
    for (const q of ['average __proto__ by constructor', 'mean price ($)', 'median größe', 'distribution of a.b', 'constructor = toString', 'what would __proto__ be for größe 3']) {
      const intent = p.parse(q);
      expect(intentSchema.safeParse(intent).success, q).toBe(true);
    }
    expect(p.parse('average __proto__ by constructor')).toMatchObject({ kind: 'data-question', query: { type: 'aggregate', column: '__proto__', groupBy: ['constructor'] } });
    expect(p.parse('median größe')).toMatchObject({ kind: 'data-question', query: { column: 'Größe' } });
    expect(({} as Record<string, unknown>)['toString']).toBeTypeOf('function');
  });

  it('never throws, and always returns a valid intent, for arbitrary text (property)', () => {
    const words = fc.constantFrom('average', 'price', 'by', 'city', 'top', '10', 'with', 'garage', 'predict', 'from', 'sqft', 'not', 'in', 'Lakeside', 'over', '$300k', 'split', '70/30', 'epochs', 'what', 'would', 'be', '?', ',', 'and', 'missing', 'constructor', '__proto__', '"', '=', '>', 'built', 'after', '2000', 'vs', 'which', 'most');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.array(words, { maxLength: 14 }).map((w) => w.join(' '))), (q) => {
        const intent = houses.parse(q);
        expect(intentSchema.safeParse(intent).success).toBe(true);
        if (intent.kind === 'data-question') {
          // Anything read as a data question is answerable or refused with a coded error.
          try {
            answerDataQuestion(intent, exampleTable('houses'));
          } catch (e) {
            expect((e as { code?: string }).code).toMatch(/^MW_QUERY_/);
          }
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('a wide table', () => {
  it('reads questions over 2,000 columns, typos included', () => {
    const p = createQueryParser({
      rowCount: 10,
      columns: Array.from({ length: 2000 }, (_, i) =>
        i % 4 === 0 ? { name: `category_${i}_group`, type: 'categorical' as const, categories: Array.from({ length: 50 }, (_, k) => `value${i}x${k}`) } : { name: `measure_${i}_reading_cm`, type: 'float' as const },
      ),
    });
    expect(p.parse('avrage measuer 5 reading by categroy 8 group where category_12_group is value12x3')).toMatchObject({
      kind: 'data-question',
      query: { type: 'aggregate', aggregate: 'mean', column: 'measure_5_reading_cm', groupBy: ['category_8_group'], filters: [{ column: 'category_12_group', op: 'eq', value: 'value12x3' }] },
    });
  });
});
