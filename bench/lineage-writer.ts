// The lineage bench's writer, in its own process: every second, an upsertPaper mutation through
// papergraph for a probe paper that uses the hub technique, its date alternating between two
// years (so each write moves the paper within the hub's lineage order and between per-year
// counts); after each one returns, a line {"n": n} on stdout. Stops on SIGTERM.
//   tsx bench/lineage-writer.ts <papergraph-url> <write-token> <hub technique id> <author id>
const [url, token, hub, authorId] = process.argv.slice(2);
if (!url || !token || !hub || !authorId) {
  console.error('usage: tsx bench/lineage-writer.ts <url> <token> <hub-technique-id> <author-id>');
  process.exit(2);
}
const UPSERT = 'mutation($input: PaperInput!) { upsertPaper(input: $input) { key } }';

let stopped = false;
process.on('SIGTERM', () => {
  stopped = true;
});
for (let n = 1; !stopped; n++) {
  const started = Date.now();
  const input = {
    id: 'bench:lineage-probe',
    title: `Lineage probe ${n}`,
    published: n % 2 ? '2019-03-01' : '2024-03-01',
    authors: [authorId],
    uses: [{ technique: hub, evidence: 'The probe uses the hub.', confidence: 0.5 }],
  };
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: UPSERT, variables: { input } }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`write ${n} failed: ${JSON.stringify(body.errors)}`);
  console.log(JSON.stringify({ n }));
  await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
}
