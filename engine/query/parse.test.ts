import { describe, expect, it } from 'vitest';
import { HELD_OUT_CASES, QUERY_CASES, type Expected, type QueryCase } from './cases';
import type { Intent } from './intent';
import { createQueryParser, type QueryParser } from './parse';
import { exampleContext, type ExampleName } from './test-tables';

const parsers = new Map<string, QueryParser>();
function parserFor(c: Pick<QueryCase, 'data' | 'model'>): QueryParser {
  const key = `${c.data}:${c.model?.target ?? ''}`;
  let p = parsers.get(key);
  if (p === undefined) {
    const model = c.model === undefined ? null : { target: c.model.target, task: c.model.task, inputs: [], classes: [] };
    p = createQueryParser(exampleContext(c.data as ExampleName, { model }));
    parsers.set(key, p);
  }
  return p;
}

/** The part of an intent a case pins down (the reading is checked separately). */
function comparable(intent: Intent): unknown {
  switch (intent.kind) {
    case 'data-question':
      return { kind: intent.kind, query: intent.query };
    case 'build-model': {
      const { reading: _r, corrections: _c, ...rest } = intent;
      return rest;
    }
    case 'edit-graph':
      return { kind: intent.kind, edits: intent.edits };
    case 'model-question':
      return { kind: intent.kind, topic: intent.topic, ...(intent.metric === undefined ? {} : { metric: intent.metric }) };
    case 'what-if':
      return { kind: intent.kind, values: intent.values, ...(intent.target === undefined ? {} : { target: intent.target }) };
    case 'ambiguity':
      return { kind: 'ambiguity', columns: intent.choices.map((c) => c.column ?? c.label).sort() };
    case 'not-understood':
      return intent.code === 'MW_QUERY_UNKNOWN_COLUMN' ? { kind: 'unknown', term: intent.unknown?.term ?? '' } : { kind: 'not-understood', code: intent.code, message: intent.message };
  }
}

function normalise(e: Expected): unknown {
  return e.kind === 'ambiguity' ? { ...e, columns: [...e.columns].sort() } : e;
}

describe('the query suite over the five example datasets', () => {
  it('has at least 150 questions, and reads at least 95% of them exactly', () => {
    expect(QUERY_CASES.length).toBeGreaterThanOrEqual(150);
    const failures: string[] = [];
    for (const c of QUERY_CASES) {
      const got = comparable(parserFor(c).parse(c.q));
      try {
        expect(got).toEqual(normalise(c.expect));
      } catch {
        failures.push(`[${c.data}] ${c.q}\n    expected ${JSON.stringify(normalise(c.expect))}\n    got      ${JSON.stringify(got)}`);
      }
    }
    const share = 1 - failures.length / QUERY_CASES.length;
    console.log(`query suite: ${QUERY_CASES.length - failures.length}/${QUERY_CASES.length} understood exactly (${(share * 100).toFixed(1)}%)`);
    if (failures.length > 0) console.log(failures.join('\n'));
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it('reads at least 95% of the held-out batch (written after tuning) exactly', () => {
    const failures = HELD_OUT_CASES.filter((c) => {
      try {
        expect(comparable(parserFor(c).parse(c.q))).toEqual(normalise(c.expect));
        return false;
      } catch {
        return true;
      }
    });
    const share = 1 - failures.length / HELD_OUT_CASES.length;
    console.log(`held-out: ${HELD_OUT_CASES.length - failures.length}/${HELD_OUT_CASES.length} (${(share * 100).toFixed(1)}%)`);
    for (const c of failures) console.log(`[${c.data}] ${c.q}\n    expected ${JSON.stringify(normalise(c.expect))}\n    got      ${JSON.stringify(comparable(parserFor(c).parse(c.q)))}`);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it('starts every answerable reading with a sentence, and data readings say how many rows', () => {
    for (const c of QUERY_CASES) {
      const intent = parserFor(c).parse(c.q);
      expect(intent.reading.length).toBeGreaterThan(10);
      if (intent.kind === 'data-question') expect(intent.reading).toMatch(/over [\d,]+ rows/);
    }
  });

  it('offers ambiguity choices that each read unambiguously as the chosen column', () => {
    for (const c of QUERY_CASES.filter((x) => x.expect.kind === 'ambiguity')) {
      const intent = parserFor(c).parse(c.q);
      if (intent.kind !== 'ambiguity') continue;
      for (const choice of intent.choices) {
        const again = parserFor(c).parse(choice.query);
        expect(['ambiguity', 'not-understood'], `${choice.query} → ${again.reading}`).not.toContain(again.kind);
        expect(JSON.stringify(again)).toContain(choice.column ?? choice.label);
      }
    }
  });

  it('gives the closest columns and three working suggestions for an unknown column', () => {
    const p = parserFor({ data: 'houses' });
    const intent = p.parse('average salary by city');
    expect(intent.kind).toBe('not-understood');
    if (intent.kind !== 'not-understood') return;
    expect(intent.code).toBe('MW_QUERY_UNKNOWN_COLUMN');
    expect(intent.unknown?.closest.length).toBe(3);
    expect(intent.suggestions).toHaveLength(3);
    for (const s of intent.suggestions) expect(['not-understood', 'ambiguity']).not.toContain(p.parse(s).kind);
  });
});
