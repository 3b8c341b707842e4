import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/bootstrap.js';
import { readMigrations, statementGroups } from '../../src/db/schema-store.js';

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
