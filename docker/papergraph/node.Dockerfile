# papergraph/node:20-local: a stand-in for node:20-slim, built by
# docker/papergraph/build.sh where no image registry is reachable. Same layout
# as the official image: node, npm and npx in /usr/local, a `node` user with
# uid/gid 1000. The build context holds this machine's node binary, its npm
# and its CA bundle (so npm trusts what this machine trusts).
ARG BASE_IMAGE=papergraph/debian:bookworm-local
FROM ${BASE_IMAGE}

COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
