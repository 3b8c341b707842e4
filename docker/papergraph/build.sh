#!/usr/bin/env bash
# Build papergraph's image from ./Dockerfile without any image registry, on a
# local stand-in for node:20-slim:
#
#   1. papergraph/debian:bookworm-local  the debootstrap rootfs that
#      docker/neo4j/build.sh caches (shared; built by it if missing), imported;
#   2. papergraph/node:20-local          + this machine's node (>= 20) and npm
#      and CA bundle, a `node` user (docker/papergraph/node.Dockerfile);
#   3. papergraph/papergraph:local       ./Dockerfile with NODE_IMAGE=2. (both its
#      stages), its two `npm ci` (build stage: all dependencies, for tsc; image:
#      production ones) reaching the npm registry over the host network.
#
# 1 and 2 are rebuilt only when their inputs change (hash label); 3 relies on
# Docker's layer cache (each npm ci reruns only when the lockfile changes, tsc
# when src/ or a tsconfig does). The legacy builder puts --label on the last
# stage only, so the prune below never removes the build stage's layers: they
# stay as its cache (untagged, a few MB per source change).
#
#   docker/papergraph/build.sh           # or: npm run image:papergraph
#
# Environment:
#   PAPERGRAPH_APP_IMAGE      result image     (default papergraph/papergraph:local)
#   PAPERGRAPH_NODE_IMAGE     Node base image  (default papergraph/node:20-local)
#   PAPERGRAPH_NODE_BIN       node binary      (default: `node` on PATH)
#   PAPERGRAPH_NPM_DIR        npm package dir  (default: the one `npm` on PATH runs)
#   PAPERGRAPH_CA_BUNDLE      CA bundle        (default /etc/ssl/certs/ca-certificates.crt)
#   PAPERGRAPH_IMAGE_REBUILD  1 = rebuild the base images even when up to date
# plus those of docker/neo4j/build.sh for the rootfs (PAPERGRAPH_DEBIAN_*).

PAPERGRAPH_IMAGE_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../neo4j/build.sh
source "${PAPERGRAPH_IMAGE_SCRIPT_DIR}/../neo4j/build.sh"

papergraph_image_app() { printf '%s\n' "${PAPERGRAPH_APP_IMAGE:-papergraph/papergraph:local}"; }
papergraph_image_node() { printf '%s\n' "${PAPERGRAPH_NODE_IMAGE:-papergraph/node:20-local}"; }
papergraph_image_debian() { printf 'papergraph/debian:%s-local\n' "$(neo4j_image_suite)"; }

papergraph_image_sha() { sha256sum <"$1" | cut -d' ' -f1; }

# `docker build` with the legacy builder (no buildx here) and host networking
# (no bridge); output goes to $1 and, without the builder's deprecation notice,
# to stderr unless $2 is "quiet". Returns docker's exit status.
papergraph_image_docker_build() {
  local log="$1" mode="$2" status=0
  shift 2
  DOCKER_BUILDKIT=0 docker build --network host "$@" >"${log}" 2>&1 || status=$?
  if [[ "${mode}" != quiet || ${status} != 0 ]]; then
    grep -v -e 'legacy builder is deprecated' -e 'BuildKit is currently disabled' -e '^ *environment-variable' \
      -e '^ *Install the buildx component' -e '^ *https://docs.docker.com/go/buildx' -e '^$' "${log}" |
      sed 's/^/  /' >&2 || true
  fi
  return "${status}"
}

# Step 1: the cached rootfs as an image (no-op when the tarball has not changed).
papergraph_image_ensure_debian() {
  local image tarball sha start
  image="$(papergraph_image_debian)"
  tarball="$(neo4j_image_rootfs_tar)"
  sha="$(cat "${tarball}.sha256")"
  if [[ "${PAPERGRAPH_IMAGE_REBUILD:-0}" != 1 && "$(neo4j_image_current_hash "${image}")" == "${sha}" ]]; then
    neo4j_image_log "${image} is up to date"
    return 0
  fi
  start=${SECONDS}
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL ${NEO4J_IMAGE_HASH_LABEL}=${sha}" \
    --message "papergraph debian rootfs (docker/papergraph/build.sh)" \
    "${tarball}" "${image}" >/dev/null
  neo4j_image_log "imported ${tarball} as ${image} in $((SECONDS - start))s"
}

papergraph_image_node_bin() {
  local bin="${PAPERGRAPH_NODE_BIN:-$(command -v node || true)}"
  [[ -n "${bin}" && -x "${bin}" ]] || neo4j_image_die "no node binary: put Node 20+ on PATH or set PAPERGRAPH_NODE_BIN"
  readlink -f "${bin}"
}

papergraph_image_npm_dir() {
  local dir="${PAPERGRAPH_NPM_DIR:-}" npm
  if [[ -z "${dir}" ]]; then
    npm="$(command -v npm || true)"
    [[ -n "${npm}" ]] || neo4j_image_die "no npm on PATH; set PAPERGRAPH_NPM_DIR to an npm package directory"
    dir="$(dirname "$(dirname "$(readlink -f "${npm}")")")"
  fi
  [[ -f "${dir}/package.json" && -f "${dir}/bin/npm-cli.js" ]] ||
    neo4j_image_die "${dir} is not an npm package directory (no bin/npm-cli.js)"
  printf '%s\n' "${dir}"
}

# Step 2: the Node base image.
papergraph_image_ensure_node() {
  local image base node npm_dir ca version major hash stage start
  image="$(papergraph_image_node)"
  base="$(papergraph_image_debian)"
  node="$(papergraph_image_node_bin)"
  npm_dir="$(papergraph_image_npm_dir)"
  ca="${PAPERGRAPH_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
  version="$("${node}" -p process.versions.node)" || neo4j_image_die "${node} does not run"
  major="${version%%.*}"
  ((major >= 20)) || neo4j_image_die "${node} is Node ${version}; papergraph needs Node 20 or newer"

  hash="$({
    printf 'base=%s\n' "$(docker image inspect --format '{{.Id}}' "${base}")"
    printf 'node=%s %s\n' "${version}" "$(papergraph_image_sha "${node}")"
    printf 'npm=%s\n' "$("${node}" -p "require('${npm_dir}/package.json').version")"
    [[ -r "${ca}" ]] && printf 'ca=%s\n' "$(papergraph_image_sha "${ca}")"
    printf 'dockerfile=%s\n' "$(papergraph_image_sha "${PAPERGRAPH_IMAGE_SCRIPT_DIR}/node.Dockerfile")"
  } | sha256sum | cut -c1-32)"
  if [[ "${PAPERGRAPH_IMAGE_REBUILD:-0}" != 1 && "$(neo4j_image_current_hash "${image}")" == "${hash}" ]]; then
    neo4j_image_log "${image} is up to date (node ${version})"
    return 0
  fi

  start=${SECONDS}
  stage="$(mktemp -d "$(neo4j_image_cache_dir)/node-build.XXXXXX")"
  NEO4J_IMAGE_CLEANUP+=("${stage}")
  cp "${node}" "${stage}/node"
  cp -a "${npm_dir}" "${stage}/npm"
  if [[ -r "${ca}" ]]; then
    cp "${ca}" "${stage}/ca-certificates.crt"
  else
    # No bundle here: keep the rootfs's own.
    tar -xOf "$(neo4j_image_rootfs_tar)" ./etc/ssl/certs/ca-certificates.crt >"${stage}/ca-certificates.crt"
  fi
  neo4j_image_log "building ${image} (node ${version} from ${node}, npm from ${npm_dir})"
  papergraph_image_docker_build "${stage}.log" quiet \
    --build-arg "BASE_IMAGE=${base}" \
    --label "${NEO4J_IMAGE_HASH_LABEL}=${hash}" \
    -f "${PAPERGRAPH_IMAGE_SCRIPT_DIR}/node.Dockerfile" -t "${image}" "${stage}" ||
    neo4j_image_die "docker build of ${image} failed (output above)"
  rm -f "${stage}.log"
  neo4j_image_rm_tree "${stage}"
  neo4j_image_log "built ${image} in $((SECONDS - start))s"
}

# Step 3: papergraph itself, from the repository's Dockerfile.
papergraph_image_build_app() {
  local image before after start log status=0
  image="$(papergraph_image_app)"
  log="$(neo4j_image_cache_dir)/papergraph-build.log"
  before="$(docker image inspect --format '{{.Id}}' "${image}" 2>/dev/null || true)"
  start=${SECONDS}
  neo4j_image_log "docker build ${NEO4J_IMAGE_REPO_ROOT} (Dockerfile, NODE_IMAGE=$(papergraph_image_node)) -> ${image}"
  papergraph_image_docker_build "${log}" verbose \
    --build-arg "NODE_IMAGE=$(papergraph_image_node)" \
    --label org.papergraph.image=app \
    -t "${image}" "${NEO4J_IMAGE_REPO_ROOT}" || status=$?
  ((status == 0)) || neo4j_image_die "docker build of ${image} failed (exit ${status}; log: ${log})"
  after="$(docker image inspect --format '{{.Id}}' "${image}")"
  if [[ "${before}" == "${after}" ]]; then
    neo4j_image_log "${image} unchanged ($((SECONDS - start))s)"
  else
    # Images this tag replaced, now untagged.
    docker image prune --force --filter label=org.papergraph.image=app >/dev/null 2>&1 || true
    neo4j_image_log "built ${image} ($(docker image inspect --format '{{.Size}}' "${image}" | awk '{printf "%.0f MB", $1 / 1e6}')) in $((SECONDS - start))s"
  fi
}

papergraph_image_main() {
  set -euo pipefail
  NEO4J_IMAGE_CLEANUP=()
  trap neo4j_image_cleanup EXIT
  local start=${SECONDS}
  neo4j_image_require_docker
  mkdir -p "$(neo4j_image_cache_dir)"
  exec 9>"$(neo4j_image_cache_dir)/build.lock"
  if ! flock -n 9; then
    neo4j_image_log "another build holds $(neo4j_image_cache_dir)/build.lock; waiting"
    flock 9
  fi
  neo4j_image_ensure_rootfs
  papergraph_image_ensure_debian
  papergraph_image_ensure_node
  papergraph_image_build_app
  neo4j_image_log "papergraph images ready in $((SECONDS - start))s"
}

if [[ "${BASH_SOURCE[0]}" == "${0}" ]]; then
  papergraph_image_main "$@"
fi
