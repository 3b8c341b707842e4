/** Ready example operations that GraphiQL opens with. */
const tab = (query: string, variables?: Record<string, unknown>) => ({
  query: query.trim(),
  variables: variables ? JSON.stringify(variables, null, 2) : null,
});

const paperLookup = `
# One paper by arXiv id, straight from Neo4j.
query Paper {
  paper(arxivId: "2303.08774") {
    key
    title
    year
    kind
  }
}`;

export const examples = {
  defaultQuery: paperLookup.trim(),
  tabs: [tab(paperLookup)],
};
