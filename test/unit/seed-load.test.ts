import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/bootstrap.js';
import { readMigrations, statementGroups } from '../../src/db/schema-store.js';
import { combined } from '../../src/db/stores/import-combined.js';
import { createQuery, relationKinds, replaceQuery } from '../../src/db/stores/import-relations.js';

describe('migration statement groups (one transaction per run of schema commands or of data writes)', () => {
  it('cuts a migration into runs of consecutive schema commands and other statements, in order', () => {
    const groups = statementGroups([
      'CREATE CONSTRAINT a IF NOT EXISTS FOR (x:A) REQUIRE x.id IS UNIQUE',
      'CREATE FULLTEXT INDEX b IF NOT EXISTS FOR (x:A) ON EACH [x.name]',
      "MERGE (v:V {id: 'graph'})",
      'MATCH (x:A) SET x.n = 1',
      'drop index b if exists',
      'CREATE INDEX c IF NOT EXISTS FOR (x:A) ON (x.c)',
    ]);
    expect(groups.map((g) => [g.schema, g.statements.map((s) => s.i)])).toEqual([
      [true, [0, 1]],
      [false, [2, 3]],
      [true, [4, 5]],
    ]);
  });

  it("classifies every statement of the project's migrations: index and constraint DDL as schema, the rest as data", async () => {
    const all = (await readMigrations(migrationsDir)).flatMap((m) => statementGroups(m.statements));
    const classified = all.flatMap((g) =>
      g.statements.map((s) => [g.schema, s.cypher.split(/\s+/).slice(0, 2).join(' ')]),
    );
    for (const [schema, start] of classified)
      expect([schema, start]).toEqual([/^CREATE (CONSTRAINT|INDEX|FULLTEXT)/.test(String(start)), start]);
    expect(classified.filter(([schema]) => !schema).map(([, start]) => start)).toEqual(['MERGE (v:PapergraphVersion']);
  });
});

describe('combined import statements (one plan per phase)', () => {
  it('puts each part in a CALL of its own, reading its rows from its key and returning suffixed columns', () => {
    const q = combined('both', [
      ['A', { name: 'a', cypher: 'UNWIND $rows AS r CREATE (:A {id: r.id}) RETURN count(*) AS written' }],
      ['B', { name: 'b', cypher: 'UNWIND $rows AS r MERGE (n:B {id: r.id}) RETURN count(*) AS written, 0 AS updated' }],
    ]);
    expect(q.name).toBe('both');
    expect(q.cypher).toBe(
      'CALL () {UNWIND $A AS r CREATE (:A {id: r.id}) RETURN count(*) AS written_A\n}\n' +
        'CALL () {UNWIND $B AS r MERGE (n:B {id: r.id}) RETURN count(*) AS written_B, 0 AS updated_B\n}\n' +
        'RETURN written_A, written_B, updated_B',
    );
  });

  it('refuses a key that is not a plain name and a part that does not read $rows', () => {
    expect(() => combined('x', [['a-b', { name: 'a', cypher: 'UNWIND $rows AS r RETURN 1 AS written' }]])).toThrow(
      /plain name/,
    );
    expect(() => combined('x', [['A', { name: 'a', cypher: 'RETURN 1 AS written' }]])).toThrow(/\$rows/);
  });

  it("the importer's relationship statements read one list per relation kind and report written per kind", () => {
    for (const query of [replaceQuery, createQuery]) {
      for (const kind of relationKinds) {
        expect(query.cypher).toContain(`$${kind} AS r`);
        expect(query.cypher).toContain(`AS written_${kind}`);
      }
      expect(query.cypher).not.toContain('$rows');
    }
  });
});
