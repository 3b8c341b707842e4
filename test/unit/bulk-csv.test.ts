import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backlog, CsvFile, patchFile } from '../../src/ingest/bulk/csv.js';

describe('bulk import CSV', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'papergraph-csv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('quotes strings, leaves absent values empty, counts bytes, and flags values spanning lines (lists too)', async () => {
    const file = new CsvFile(dir, 'T', ['id:ID(T)', 'name', 'n:int', 'tags:string[]'], new Backlog());
    file.row(['t:1', 'say "hi"', 3, ['a', 'b']]);
    file.row(['t:2', null, undefined, []], ',7');
    expect(file.multiline).toBe(false);
    file.row(['t:3', 'ü', 0, ['two\nlines']]);
    expect(file.multiline).toBe(true);
    await file.close();
    const text = await readFile(file.dataFile, 'utf8');
    expect(text).toBe('"t:1","say ""hi""",3,"a\u001fb"\n"t:2",,,,7\n"t:3","ü",0,"two\nlines"\n');
    expect(file.bytes).toBe(Buffer.byteLength(text));
    expect(file.rows).toBe(3);
    expect(await readFile(file.headerFile, 'utf8')).toBe('id:ID(T),name,n:int,tags:string[]\n');
  });

  it('writes rows longer than its buffer whole', async () => {
    const file = new CsvFile(dir, 'Long', ['x'], new Backlog());
    const long = 'é'.repeat(1 << 20);
    file.row(['a']);
    file.row([long]);
    file.row(['b']);
    await file.close();
    expect(await readFile(file.dataFile, 'utf8')).toBe(`"a"\n"${long}"\n"b"\n`);
  });

  it('patches fixed-width fields in place, across its read windows', async () => {
    const file = path.join(dir, 'patch.csv');
    const rows = Array.from({ length: 300_000 }, (_, i) => `"p:${i}",0000000000\n`);
    await writeFile(file, rows.join(''));
    const offsets: number[] = [];
    let at = 0;
    for (const r of rows) {
      at += r.length;
      offsets.push(at - 11);
    }
    const patches = offsets.flatMap((o, i): [number, string][] => (i % 3 ? [] : [[o, String(i).padStart(10, '0')]]));
    expect(await patchFile(file, patches)).toBe(100_000);
    const expected = rows.map((_, i) => `"p:${i}",${String(i % 3 ? 0 : i).padStart(10, '0')}\n`).join('');
    expect((await readFile(file, 'utf8')) === expected).toBe(true);
  });
});
