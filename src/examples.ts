/**
 * Ready example operations that GraphiQL opens with, one tab per question the
 * API answers. Each is a real query against the seed graph.
 */
const tab = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => ({
  query: query.trim(),
  variables: variables ? JSON.stringify(variables, null, 2) : null,
  headers: headers ? JSON.stringify(headers, null, 2) : null,
});

const lineage = `
# Papers building on RLHF — each with the shortest path that explains why.
# depth 1 = introduces or uses RLHF itself; depth 2 = uses a technique that builds on it; …
query PapersBuildingOnRLHF($technique: String!, $maxDepth: Int) {
  papersBuildingOn(technique: $technique, maxDepth: $maxDepth, first: 10) {
    totalCount
    edges {
      depth
      node { key title year }
      path {
        from { ... on Paper { title } ... on Technique { name } }
        relation
        to { ... on Technique { name } }
        evidence
        confidence
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const evolution = `
# How did a technique evolve? What it builds on (ancestors) and what builds on it (descendants).
query TechniqueEvolution {
  technique(name: "chain of thought") {
    name
    aliases
    introducedBy { title year }
    ancestors(maxDepth: 4) { depth technique { name } path { relation evidence } }
    descendants(maxDepth: 4) { depth technique { name } }
  }
}`;

const collaboration = `
# Who connects these two authors? The shortest chain of co-authorship, paper by paper.
query WhoConnects {
  collaborationPath(from: "author:paul-christiano", to: "author:yang-song") {
    length
    steps { from { name } to { name } paper { title year } }
  }
}`;

const author = `
# An author's papers and closest collaborators.
query Author {
  author(name: "Ilya Sutskever") {
    name
    papers(first: 5) { totalCount edges { node { title year } } }
    coauthors(first: 5) { sharedPapers author { name } }
  }
}`;

const paper = `
# One paper in context: authors in byline order, techniques with evidence, citations and related work.
query Paper {
  paper(arxivId: "2305.20050") {
    title
    published
    authors { name }
    topics { name parent { name } }
    techniques { role technique { name } evidence }
    cites(first: 5) { totalCount edges { node { title } } }
    related(first: 5) { score paper { title } reasons { kind name weight } }
  }
}`;

const papers = `
# Filter, sort and page papers — all inside Neo4j.
query Papers {
  papers(
    where: { yearFrom: 2022, topic: "alignment" }
    orderBy: { field: CITATIONS, direction: DESC }
    first: 5
  ) {
    totalCount
    edges { cursor node { title year citationCount } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const topics = `
# The topic hierarchy, with techniques and papers under each topic.
query Topics {
  topics(first: 50) {
    edges { node { name parent { name } children { name } techniques { name } papers(first: 3) { totalCount } } }
  }
}`;

const explain = `
# Send the header x-papergraph-explain: 1 (see the Headers tab) and the response's
# extensions.explain lists every Cypher query the answer ran, with parameters and timings.
query Explained {
  technique(name: "chain of thought") { name builtUponBy { technique { name } evidence } }
}`;

export const examples = {
  defaultQuery: lineage.trim(),
  tabs: [
    tab(lineage, { technique: 'RLHF', maxDepth: 4 }),
    tab(evolution),
    tab(collaboration),
    tab(author),
    tab(paper),
    tab(papers),
    tab(topics),
    tab(explain, undefined, { 'x-papergraph-explain': '1' }),
  ],
};
