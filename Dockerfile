# papergraph's GraphQL server (Node 20, TypeScript compiled to JavaScript). It needs a
# Neo4j 5.26: docker-compose.yml runs both.
#
#   docker build -t papergraph .
#   docker run -p 4000:4000 -e NEO4J_URI=bolt://neo4j-host:7687 -e NEO4J_PASSWORD=… papergraph
#
# Configuration is the environment, as for `npm start` (src/config.ts). The
# image sets HOST=0.0.0.0 so the port can be published, NODE_ENV=production
# (GraphiQL, introspection and the pages off unless GRAPHIQL / INTROSPECTION /
# PAGES say true),
# and seeds an empty graph on start (SEED_ON_START=true).
#
# Two stages: `build` installs every dependency, compiles src/ with tsc
# (type-checked, tsconfig.build.json) and bundles the pages (GraphiQL, /explore,
# /dashboard) into dist/web/ with esbuild; the image itself holds dist/, schema/,
# seed/ and the production dependencies only (no TypeScript, no esbuild, no
# front-end libraries, no src/). The pages are off there unless PAGES=true.
#
# NODE_IMAGE swaps the base for one with the same layout as node:20-slim
# (node and npm on PATH, a `node` user with uid 1000); docker/papergraph/build.sh
# uses that to build this file on a machine without an image registry.
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dev dependencies included (typescript, @types/node); rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc (type-checked) and the pages' front end (esbuild: dist/web/, hashed assets), as `npm run build`.
RUN node src/cli/build.mjs

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app

# Production dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY schema ./schema
COPY seed ./seed
# The persisted-operations manifest (npm run operations:extract), read from the working directory.
COPY operations.json ./
# dist/ beside schema/ and seed/, as src/ is in the repository: dist/bootstrap.js finds them one level up.
COPY --from=build /app/dist ./dist

USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (drains requests, closes the driver).
CMD ["node", "dist/cli/start.js"]
