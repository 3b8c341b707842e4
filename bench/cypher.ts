/**
 * Hand-written Cypher for the floor server, one statement per operation: the
 * same answers as papergraph (same filters, orders, tie-breaks and page), in
 * the cheapest shape we know — start from the most selective node, keep only
 * ids and sort keys until the page is chosen, project only the page. The
 * @neo4j/graphql typedefs reuse the lineage, coauthor, path, adoption and
 * search statements in `@cypher` fields, as a user of that library would.
 */

export const paperById = `
  MATCH (p:Paper {id: $id})
  RETURN p {
    .id, .title, published: toString(p.published),
    authors: COLLECT { MATCH (p)<-[w:AUTHORED]-(a:Author) WITH a, w ORDER BY w.position RETURN a {.id, .name} },
    topics: COLLECT { MATCH (p)-[:ABOUT]->(t:Topic) WITH t ORDER BY t.name, t.id RETURN t {.id, .name} }
  } AS result`;

export const papersPage = `
  MATCH (t:Topic {id: $topic})
  CALL (t) {
    MATCH (p:Paper)-[:ABOUT]->(:Topic)-[:SUBTOPIC_OF*0..1]->(t)
    WHERE p.year = $year
    RETURN DISTINCT p
  }
  WITH p ORDER BY p.published DESC, p.id
  WITH collect(p) AS ps
  RETURN {totalCount: size(ps), items: [p IN ps[0..20] | p {.id, .title, published: toString(p.published)}]} AS result`;

export const nested = `
  MATCH (p:Paper {id: $id})
  RETURN p {
    .id, .title,
    authors: COLLECT {
      MATCH (p)<-[w:AUTHORED]-(a:Author) WITH a, w ORDER BY w.position
      RETURN a {.id, .name, papers: COLLECT {
        MATCH (a)-[:AUTHORED]->(q:Paper) WITH q ORDER BY q.published DESC, q.id LIMIT 5
        RETURN q {.id, .title, techniques: COLLECT {
          MATCH (q)-[r:INTRODUCES|USES]->(x:Technique) WITH r, x ORDER BY type(r), x.name, x.id
          RETURN {role: type(r), id: x.id, name: x.name}
        }}
      }}
    }
  } AS result`;

/**
 * Lineage to depth 4 in two phases: each paper's depth as an aggregate (no paths read while
 * ordering and counting all of them), then the explanation for the 20 papers of the page only.
 */
export const lineage = `
  MATCH (t:Technique {id: $technique})
  CALL (t) {
    MATCH chain = (x:Technique)-[:BUILDS_ON*0..3]->(t)
    WITH x, min(length(chain)) AS len
    MATCH (p:Paper)-[:USES|INTRODUCES]->(x)
    WITH p, 1 + min(len) AS depth
    ORDER BY depth, p.published DESC, p.id
    WITH collect({p: p, depth: depth}) AS rows
    CALL (rows, t) {
      UNWIND rows[0..20] AS row
      WITH row.p AS p, row.depth AS depth
      CALL (p, depth, t) {
        MATCH (p)-[u:USES|INTRODUCES]->(x:Technique)
        CALL (x, depth, t) {
          MATCH chain = (x)-[:BUILDS_ON*0..3]->(t) WHERE length(chain) = depth - 1
          RETURN chain ORDER BY reduce(c = 1.0, r IN relationships(chain) | c * r.confidence) DESC, [n IN nodes(chain) | n.id] LIMIT 1
        }
        RETURN u, chain ORDER BY u.confidence DESC, type(u), x.id LIMIT 1
      }
      RETURN collect({
        id: p.id, title: p.title, depth: depth,
        path: [{relation: type(u), evidence: u.evidence, confidence: u.confidence}] +
              [r IN relationships(chain) | {relation: 'BUILDS_ON', evidence: r.evidence, confidence: r.confidence}]
      }) AS items
    }
    RETURN {totalCount: size(rows), items: items} AS result
  }
  RETURN result`;

/** Co-authors of `a` (bound by the caller: by id in the floor, `this` in @neo4j/graphql). */
export const coauthorsOf = `
  MATCH (a)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
  WHERE c <> a AND c.kind = 'person'
  WITH c, count(p) AS sharedPapers
  ORDER BY sharedPapers DESC, c.nameLower, c.id
  LIMIT 10
  RETURN {id: c.id, name: c.name, sharedPapers: sharedPapers} AS result`;

export const coauthors = `MATCH (a:Author {id: $id}) ${coauthorsOf}`;

/**
 * Bidirectional BFS with the person-only rule checked per node as it goes. (Written with
 * `nodes(path)[1..-1]` the planner adds an exhaustive fallback that runs when no path exists;
 * the QPP form `SHORTEST 1 (a) ((…)-[…]->(…)<-[…]-(n) WHERE …){1,6} (b)` searches one-sided:
 * 68,818 db hits against 12,380 here on 100k papers.)
 */
export const collaborationPath = `
  MATCH (a:Author {id: $from}), (b:Author {id: $to})
  MATCH path = shortestPath((a)-[:AUTHORED*..12]-(b))
  WHERE all(n IN nodes(path) WHERE n:Paper OR n.kind = 'person' OR n = a OR n = b)
  RETURN {
    length: length(path) / 2,
    authors: [n IN nodes(path) WHERE n:Author | n.id],
    papers: [n IN nodes(path) WHERE n:Paper | n.id]
  } AS result`;

export const techniqueAdoption = `
  MATCH (t:Technique {id: $technique})
  CALL (t) {
    MATCH (x:Technique)-[:BUILDS_ON*0..]->(t)
    WITH DISTINCT x
    MATCH (p:Paper)-[:INTRODUCES|USES]->(x)
    RETURN DISTINCT p
  }
  WITH p.year AS year, count(*) AS count
  WITH collect({year: year, count: count}) AS counts, min(year) AS lo, max(year) AS hi
  UNWIND range(lo, hi) AS year
  RETURN {year: year, count: coalesce([c IN counts WHERE c.year = year][0].count, 0)} AS result
  ORDER BY year`;

export const search = `
  CALL () {
    CALL db.index.fulltext.queryNodes('paper_text', $queries.PAPER, {limit: 10}) YIELD node, score
    RETURN node, score
    UNION ALL
    CALL db.index.fulltext.queryNodes('author_text', $queries.AUTHOR, {limit: 10}) YIELD node, score
    RETURN node, score
    UNION ALL
    CALL db.index.fulltext.queryNodes('topic_text', $queries.TOPIC, {limit: 10}) YIELD node, score
    RETURN node, score
    UNION ALL
    CALL db.index.fulltext.queryNodes('technique_text', $queries.TECHNIQUE, {limit: 10}) YIELD node, score
    RETURN node, score
  }
  WITH node, score ORDER BY score DESC, node.id LIMIT 10
  RETURN {id: node.id, type: labels(node)[0], score: score} AS result`;
