# papergraph's GraphQL server (Node 20, TypeScript run with tsx). It needs a
# Neo4j 5.26: docker-compose.yml runs both.
#
#   docker build -t papergraph .
#   docker run -p 4000:4000 -e NEO4J_URI=bolt://neo4j-host:7687 -e NEO4J_PASSWORD=… papergraph
#
# Configuration is the environment, as for `npm start` (src/config.ts). The
# image sets HOST=0.0.0.0 so the port can be published, NODE_ENV=production
# (GraphiQL and introspection off unless GRAPHIQL / INTROSPECTION say true),
# and seeds an empty graph on start (SEED_ON_START=true).
#
# NODE_IMAGE swaps the base for one with the same layout as node:20-slim
# (node and npm on PATH, a `node` user with uid 1000); docker/papergraph/build.sh
# uses that to build this file on a machine without an image registry.
ARG NODE_IMAGE=node:20-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY schema ./schema
COPY seed ./seed
COPY src ./src

USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (drains requests, closes the driver).
CMD ["node", "--import", "tsx", "src/cli/start.ts"]
