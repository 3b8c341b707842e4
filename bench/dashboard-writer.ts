// The dashboard scenario's writer, in its own process: every second, an upsertPaper mutation through
// papergraph that sets the probe paper's title to `probe <n>`; after each one returns, a line
// {"n": n, "at": <ms since epoch>} on stdout. Stops on SIGTERM.
//   tsx bench/dashboard-writer.ts <papergraph-url> <write-token> <probe-id> <author-id>
const [url, token, probeId, authorId] = process.argv.slice(2);
if (!url || !token || !probeId || !authorId) {
  console.error('usage: tsx bench/dashboard-writer.ts <url> <token> <probe-id> <author-id>');
  process.exit(2);
}
const UPSERT = 'mutation($input: PaperInput!) { upsertPaper(input: $input) { key } }';

export async function writeProbe(n: number): Promise<void> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: UPSERT,
      variables: { input: { id: probeId, title: `probe ${n}`, published: '2020-01-01', authors: [authorId] } },
    }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`write ${n} failed: ${JSON.stringify(body.errors)}`);
  console.log(JSON.stringify({ n, at: Date.now() }));
}

let stopped = false;
process.on('SIGTERM', () => {
  stopped = true;
});
for (let n = 1; !stopped; n++) {
  const started = Date.now();
  await writeProbe(n);
  await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
}
