import { describe, expect, it } from 'vitest';
import { parseCypherStatements } from '../../src/db/schema-store.js';
import { findCycles, parseLine } from '../../src/ingest/validate.js';

describe('import records', () => {
  it('parses a valid paper record with defaults', () => {
    const parsed = parseLine(
      'x.ndjson',
      3,
      '{"type":"paper","id":"arxiv:2303.08774","title":"GPT-4 Technical Report","published":"2023-03-15","authors":["author:openai"]}',
    );
    expect(parsed).toMatchObject({ line: 3, record: { kind: 'paper', topics: [] } });
  });

  it('names the field path of each problem', () => {
    const errors = parseLine(
      'x.ndjson',
      7,
      '{"type":"edge","relation":"USES","from":"arxiv:1","to":"technique:x","evidence":"","confidence":1.5}',
    );
    expect(Array.isArray(errors)).toBe(true);
    const paths = (errors as { path: string; line: number }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['confidence', 'evidence']);
    expect((errors as { line: number }[])[0].line).toBe(7);
  });

  it('reports bad JSON and unknown fields', () => {
    expect(parseLine('x', 1, '{nope')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not valid JSON') }),
    ]);
    const errors = parseLine('x', 1, '{"type":"topic","id":"topic:a","name":"A","colour":"red"}') as {
      message: string;
    }[];
    expect(errors[0].message).toMatch(/colour/);
  });

  it('finds cycles', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']]]))).toEqual([]);
  });
});

describe('schema file', () => {
  it('splits statements and drops comments', () => {
    expect(parseCypherStatements('// c\nCREATE A;\n\nCREATE B;\n// end\n')).toEqual(['CREATE A', 'CREATE B']);
  });
});
