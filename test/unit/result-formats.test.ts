import { describe, expect, it } from 'vitest';
import { findList, toCsv } from '../../src/http/result-formats.js';
import { formatOf } from '../../src/http/use-result-format.js';
import { parseDateTime } from '../../src/schema/date-time.js';

const accept = (value: string) => new Request('http://x/graphql', { headers: { accept: value } });

describe('Accept negotiation', () => {
  it.each([
    ['text/csv', 'csv'],
    ['TEXT/CSV; charset=utf-8', 'csv'],
    ['application/x-bibtex', 'bibtex'],
    ['application/json;q=0.5, text/csv', 'csv'],
    ['application/json, text/csv', undefined],
    ['text/csv;q=0.1, application/json', undefined],
    ['*/*', undefined],
    ['', undefined],
  ])('%s → %s', (value, format) => {
    expect(formatOf(accept(value))).toBe(format);
  });
});

describe('findList', () => {
  it('descends single-field objects to a list, or to a connection’s edges', () => {
    expect(findList({ a: { b: [1, 2] } })).toEqual({ path: 'a.b', items: [1, 2] });
    expect(findList({ a: { totalCount: 2, edges: [{ node: 1 }], pageInfo: {} } })).toEqual({
      path: 'a.edges',
      items: [{ node: 1 }],
    });
  });
  it('says why a result is not one list', () => {
    expect(findList({ a: [], b: [] })).toEqual({ error: '`data` has 2 fields (a, b), not one list' });
    expect(findList({ a: { x: 1 } })).toEqual({ error: '`a.x` is a value' });
    expect(findList({ a: null })).toEqual({ error: '`a` is null' });
  });
});

describe('toCsv', () => {
  it('writes RFC 4180 with dotted columns, joined lists and escaped formulas', () => {
    const text = toCsv(
      [
        { node: { title: 'a, "b"', authors: [{ name: 'X' }, { name: 'Y' }], n: 3 } },
        { node: { title: '=SUM(A1)', authors: [], n: null, extra: '@x' } },
      ],
      'papers.edges',
    );
    expect(text).toBe(
      'node.title,node.authors.name,node.n,node.extra\r\n' + '"a, ""b""",X; Y,3,\r\n' + "'=SUM(A1),,,'@x\r\n",
    );
  });
  it('names the column of a list of scalars after the list, and an empty list is an empty body', () => {
    expect(toCsv(['a', '+b'], 'technique.aliases')).toBe("aliases\r\na\r\n'+b\r\n");
    expect(toCsv([], 'papers.edges')).toBe('');
  });
});

describe('DateTime input', () => {
  it.each([
    [1685577600000, '2023-06-01T00:00:00.000Z'],
    ['1685577600000', '2023-06-01T00:00:00.000Z'],
    ['2023', '2023-01-01T00:00:00.000Z'],
    ['2023-06', '2023-06-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2023-06-01T12:30:00+02:00', '2023-06-01T10:30:00.000Z'],
    ['2023-06-01T12:30Z', '2023-06-01T12:30:00.000Z'],
    ['2023-06-01t12:30:00.123z', '2023-06-01T12:30:00.123Z'],
  ])('reads %s', (input, iso) => {
    expect(parseDateTime(input).toISOString()).toBe(iso);
  });
  it.each(['2023-02-30', '2023-13', '2023-06-01T12:30', '2023-06-01T24:00:00Z', 'yesterday', 1.5, 9e15, true, ''])(
    'refuses %s',
    (input) => {
      expect(() => parseDateTime(input)).toThrow(/DateTime must be an ISO 8601 date/);
    },
  );
});
