#!/usr/bin/env bash
# Build the local Neo4j image papergraph/neo4j:5.26-local without any image
# registry: a Debian rootfs from debootstrap (mirror taken from this machine's
# apt sources), the Neo4j Community jars resolved by Maven, and entrypoint.sh,
# assembled with `docker import`.
#
#   docker/neo4j/build.sh            # build (skipped when up to date)
#   source docker/neo4j/build.sh     # only defines the neo4j_image_* functions
#
# Environment:
#   PAPERGRAPH_NEO4J_IMAGE    image name          (default papergraph/neo4j:5.26-local)
#   NEO4J_VERSION             Neo4j jars version  (default 5.26.30)
#   PAPERGRAPH_DEBIAN_MIRROR  Debian mirror URL   (default: read from apt sources)
#   PAPERGRAPH_DEBIAN_SUITE   Debian suite        (default bookworm)
#   PAPERGRAPH_NEO4J_REBUILD  1 = rebuild the image even when it is up to date
#
# Caches (git-ignored): <repo>/.papergraph/docker/rootfs-*.tar (delete it to
# re-run debootstrap) and <repo>/.papergraph/neo4j/<version>/lib (jars).

NEO4J_IMAGE_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NEO4J_IMAGE_REPO_ROOT="$(cd "${NEO4J_IMAGE_SCRIPT_DIR}/../.." && pwd)"
NEO4J_IMAGE_HASH_LABEL=org.papergraph.build-hash

neo4j_image_log() {
  printf '[image] %s\n' "$*" >&2
}

neo4j_image_die() {
  printf '[image] ERROR: %s\n' "$*" >&2
  exit 1
}

neo4j_image_name() {
  printf '%s\n' "${PAPERGRAPH_NEO4J_IMAGE:-papergraph/neo4j:5.26-local}"
}

neo4j_image_version() {
  printf '%s\n' "${NEO4J_VERSION:-5.26.30}"
}

neo4j_image_cache_dir() {
  printf '%s\n' "${NEO4J_IMAGE_REPO_ROOT}/.papergraph/docker"
}

neo4j_image_suite() {
  printf '%s\n' "${PAPERGRAPH_DEBIAN_SUITE:-bookworm}"
}

# --------------------------------------------------------------------------
# Debian mirror from the machine's apt sources
# --------------------------------------------------------------------------

# Print "<uri> <suite>" for every enabled `deb` entry, in apt's reading order:
# /etc/apt/sources.list, then sources.list.d/*.list and *.sources by name.
# $1: apt configuration directory (default /etc/apt).
neo4j_image_apt_entries() {
  local etc="${1:-/etc/apt}" f
  local -a files=()
  [[ -r "${etc}/sources.list" ]] && files+=("${etc}/sources.list")
  while IFS= read -r f; do
    files+=("${f}")
  done < <(find "${etc}/sources.list.d" -maxdepth 1 -type f \( -name '*.list' -o -name '*.sources' \) 2>/dev/null | LC_ALL=C sort)

  for f in "${files[@]}"; do
    [[ -r "${f}" ]] || continue
    if [[ "${f}" == *.sources ]]; then
      # deb822: paragraphs separated by blank lines; field names are
      # case-insensitive; continuation lines start with white space.
      awk '
        function flush(   n, i, j, u, s, nu, ns) {
          if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
            nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
            for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++)
              if (u[i] != "" && s[j] != "") print u[i], s[j]
          }
          types = ""; uris = ""; suites = ""; enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[ \t]/   { next }
        {
          key = tolower($0); sub(/:.*/, "", key)
          val = $0; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
          if (key == "types") types = val
          else if (key == "uris") uris = val
          else if (key == "suites") suites = val
          else if (key == "enabled") enabled = val
        }
        END { flush() }
      ' "${f}"
    else
      # One-line style: deb [options] uri suite [component...]
      awk '
        { sub(/#.*/, "") }
        $1 != "deb" { next }
        {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          if (i + 1 <= NF) print $i, $(i + 1)
        }
      ' "${f}"
    fi
  done
}

# The mirror debootstrap should use: an entry for exactly the target suite,
# else the first Debian-looking entry whose suite is not an -updates /
# -security / -backports pocket.
neo4j_image_mirror() {
  if [[ -n "${PAPERGRAPH_DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "${PAPERGRAPH_DEBIAN_MIRROR}"
    return 0
  fi
  local suite uri s fallback=""
  suite="$(neo4j_image_suite)"
  while read -r uri s; do
    [[ "${uri}" == cdrom:* ]] && continue
    if [[ "${s}" == "${suite}" ]]; then
      printf '%s\n' "${uri%/}"
      return 0
    fi
    if [[ -z "${fallback}" && "${s}" != *-* && "${s}" != */* && "${uri}" == */debian ]]; then
      fallback="${uri%/}"
    fi
  done < <(neo4j_image_apt_entries /etc/apt)
  if [[ -n "${fallback}" ]]; then
    printf '%s\n' "${fallback}"
    return 0
  fi
  return 1
}

# --------------------------------------------------------------------------
# Root filesystem (debootstrap), cached as a tarball
# --------------------------------------------------------------------------

neo4j_image_rootfs_tar() {
  printf '%s/rootfs-%s-minbase-openjdk17-%s.tar\n' \
    "$(neo4j_image_cache_dir)" "$(neo4j_image_suite)" "$(dpkg --print-architecture 2>/dev/null || uname -m)"
}

# Remove a scratch directory safely: unmount anything debootstrap may have
# left mounted below it (proc, sys, ...) first, and never cross filesystems.
neo4j_image_rm_tree() {
  local dir="$1" mnt
  [[ -n "${dir}" && -d "${dir}" ]] || return 0
  if command -v findmnt >/dev/null 2>&1; then
    while IFS= read -r mnt; do
      umount -l "${mnt}" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | awk -v d="${dir}/" 'index($0, d) == 1' | sort -r)
  fi
  rm -rf --one-file-system "${dir}"
}

neo4j_image_build_rootfs() {
  local tarball="$1" mirror suite work start
  suite="$(neo4j_image_suite)"
  command -v debootstrap >/dev/null 2>&1 ||
    neo4j_image_die "debootstrap not found. Install it with: source .ci/docker.sh && docker_ensure_installed"
  mirror="$(neo4j_image_mirror)" ||
    neo4j_image_die "no Debian mirror for '${suite}' found in /etc/apt/sources.list or /etc/apt/sources.list.d/*.{list,sources}; set PAPERGRAPH_DEBIAN_MIRROR"

  work="$(mktemp -d "$(neo4j_image_cache_dir)/rootfs-work.XXXXXX")"
  NEO4J_IMAGE_CLEANUP+=("${work}")
  neo4j_image_log "debootstrap --variant=minbase --include=openjdk-17-jre-headless ${suite} (mirror ${mirror}; log ${work}.log)"
  start=${SECONDS}
  if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless \
    "${suite}" "${work}/root" "${mirror}" >"${work}.log" 2>&1; then
    tail -n 30 "${work}.log" >&2 || true
    [[ -f "${work}/root/debootstrap/debootstrap.log" ]] && tail -n 30 "${work}/root/debootstrap/debootstrap.log" >&2
    neo4j_image_die "debootstrap failed (full log: ${work}.log)"
  fi
  neo4j_image_log "debootstrap done in $((SECONDS - start))s"

  # Trim what a runtime image never needs.
  rm -rf "${work}/root/var/cache/apt/archives/"*.deb \
    "${work}/root/var/lib/apt/lists/"* \
    "${work}/root/usr/share/doc" "${work}/root/usr/share/man" \
    "${work}/root/usr/share/info" "${work}/root/usr/share/locale/"* \
    "${work}/root/var/log/"*.log
  [[ -x "${work}/root/usr/bin/java" ]] || neo4j_image_die "rootfs has no /usr/bin/java after debootstrap"

  start=${SECONDS}
  tar -C "${work}/root" --numeric-owner -cf "${tarball}.partial" .
  sha256sum "${tarball}.partial" | awk '{print $1}' >"${tarball}.sha256"
  mv -f "${tarball}.partial" "${tarball}"
  mv -f "${work}.log" "${tarball}.debootstrap.log"
  neo4j_image_log "rootfs cached: ${tarball} ($(du -h "${tarball}" | cut -f1), tar in $((SECONDS - start))s)"
  neo4j_image_rm_tree "${work}"
}

neo4j_image_ensure_rootfs() {
  local tarball
  tarball="$(neo4j_image_rootfs_tar)"
  if [[ -s "${tarball}" && -s "${tarball}.sha256" ]]; then
    neo4j_image_log "rootfs cached: ${tarball}"
  else
    neo4j_image_build_rootfs "${tarball}"
  fi
}

# --------------------------------------------------------------------------
# Neo4j jars (same layout and .complete marker as src/neo4j-local/resolve.ts)
# --------------------------------------------------------------------------

neo4j_image_jars_dir() {
  printf '%s/.papergraph/neo4j/%s\n' "${NEO4J_IMAGE_REPO_ROOT}" "$(neo4j_image_version)"
}

neo4j_image_ensure_jars() {
  local version dir lib start
  version="$(neo4j_image_version)"
  dir="$(neo4j_image_jars_dir)"
  lib="${dir}/lib"
  if [[ -f "${dir}/.complete" && -f "${lib}/neo4j-${version}.jar" ]]; then
    neo4j_image_log "neo4j ${version} jars cached: ${lib}"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || neo4j_image_die "mvn not found; it is needed to resolve org.neo4j:neo4j:${version}"
  mkdir -p "${dir}"
  cat >"${dir}/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by papergraph (docker/neo4j/build.sh): runtime closure of Neo4j Community ${version}. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>papergraph.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
EOF
  neo4j_image_log "resolving org.neo4j:neo4j:${version} with Maven into ${lib}"
  start=${SECONDS}
  rm -rf "${lib}"
  if ! mvn -q -B -f "${dir}/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime "-DoutputDirectory=${lib}" >"${dir}/mvn.log" 2>&1; then
    tail -n 30 "${dir}/mvn.log" >&2 || true
    neo4j_image_die "Maven failed to resolve org.neo4j:neo4j:${version} (log: ${dir}/mvn.log)"
  fi
  [[ -f "${lib}/neo4j-${version}.jar" ]] || neo4j_image_die "Maven finished but ${lib}/neo4j-${version}.jar is missing"
  date -u +%FT%TZ >"${dir}/.complete"
  neo4j_image_log "resolved $(find "${lib}" -name '*.jar' | wc -l) jars in $((SECONDS - start))s"
}

# --------------------------------------------------------------------------
# Image
# --------------------------------------------------------------------------

# Hash of everything the image is made from.
neo4j_image_input_hash() {
  local lib
  lib="$(neo4j_image_jars_dir)/lib"
  {
    printf 'neo4j-version=%s\n' "$(neo4j_image_version)"
    printf 'rootfs=%s %s\n' "$(basename "$(neo4j_image_rootfs_tar)")" "$(cat "$(neo4j_image_rootfs_tar).sha256")"
    printf 'entrypoint.sh=%s\n' "$(sha256sum <"${NEO4J_IMAGE_SCRIPT_DIR}/entrypoint.sh" | cut -d' ' -f1)"
    printf 'build.sh=%s\n' "$(sha256sum <"${NEO4J_IMAGE_SCRIPT_DIR}/build.sh" | cut -d' ' -f1)"
    # Jar names (versions) and sizes.
    find "${lib}" -maxdepth 1 -name '*.jar' -printf '%f %s\n' | LC_ALL=C sort
  } | sha256sum | cut -c1-32
}

neo4j_image_current_hash() {
  docker image inspect --format "{{ index .Config.Labels \"${NEO4J_IMAGE_HASH_LABEL}\" }}" "$1" 2>/dev/null || true
}

neo4j_image_require_docker() {
  command -v docker >/dev/null 2>&1 ||
    neo4j_image_die "docker not found. Install it with: source .ci/docker.sh && docker_ensure_installed"
  timeout 10 docker info >/dev/null 2>&1 ||
    neo4j_image_die "the docker daemon does not answer. Start one with: source .ci/docker.sh && docker_ensure_daemon"
}

neo4j_image_build() {
  local image version tarball lib hash build start total_start old_id new_id
  image="$(neo4j_image_name)"
  version="$(neo4j_image_version)"
  total_start=${SECONDS}
  neo4j_image_require_docker
  mkdir -p "$(neo4j_image_cache_dir)"

  neo4j_image_ensure_rootfs
  neo4j_image_ensure_jars
  tarball="$(neo4j_image_rootfs_tar)"
  lib="$(neo4j_image_jars_dir)/lib"

  hash="$(neo4j_image_input_hash)"
  if [[ "${PAPERGRAPH_NEO4J_REBUILD:-0}" != 1 && "$(neo4j_image_current_hash "${image}")" == "${hash}" ]]; then
    neo4j_image_log "${image} is up to date (${NEO4J_IMAGE_HASH_LABEL}=${hash}); nothing to do"
    return 0
  fi

  old_id="$(docker image inspect --format '{{.Id}}' "${image}" 2>/dev/null || true)"
  build="$(mktemp -d "$(neo4j_image_cache_dir)/image-build.XXXXXX")"
  NEO4J_IMAGE_CLEANUP+=("${build}")
  start=${SECONDS}
  neo4j_image_log "assembling rootfs + neo4j ${version} jars in ${build}"
  tar -C "${build}" --numeric-owner -xf "${tarball}"
  mkdir -p "${build}/opt/neo4j/lib" "${build}/conf" "${build}/data/neo4j"
  cp "${lib}"/*.jar "${build}/opt/neo4j/lib/"
  install -m 0755 "${NEO4J_IMAGE_SCRIPT_DIR}/entrypoint.sh" "${build}/entrypoint.sh"
  printf '%s\n' "${version}" >"${build}/opt/neo4j/VERSION"
  neo4j_image_log "assembled in $((SECONDS - start))s"

  start=${SECONDS}
  neo4j_image_log "docker import -> ${image}"
  tar -C "${build}" --numeric-owner -c . |
    docker import \
      --change 'ENTRYPOINT ["/entrypoint.sh"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change "ENV NEO4J_VERSION=${version}" \
      --change 'ENV NEO4J_HOME=/data/neo4j' \
      --change 'EXPOSE 7687' \
      --change 'WORKDIR /data/neo4j' \
      --change "LABEL ${NEO4J_IMAGE_HASH_LABEL}=${hash}" \
      --change "LABEL org.papergraph.neo4j-version=${version}" \
      --message "papergraph neo4j ${version} (docker/neo4j/build.sh)" \
      - "${image}" >/dev/null
  neo4j_image_log "docker import done in $((SECONDS - start))s"
  neo4j_image_rm_tree "${build}"

  # Drop the image this one replaced, unless something else still uses it.
  new_id="$(docker image inspect --format '{{.Id}}' "${image}")"
  if [[ -n "${old_id}" && "${old_id}" != "${new_id}" ]]; then
    docker image rm "${old_id}" >/dev/null 2>&1 || true
  fi

  neo4j_image_log "built ${image} ($(docker image inspect --format '{{.Size}}' "${image}" | awk '{printf "%.0f MB", $1 / 1e6}'), ${NEO4J_IMAGE_HASH_LABEL}=${hash}) in $((SECONDS - total_start))s"
}

neo4j_image_cleanup() {
  local dir
  for dir in "${NEO4J_IMAGE_CLEANUP[@]}"; do
    neo4j_image_rm_tree "${dir}"
  done
  local tarball
  tarball="$(neo4j_image_rootfs_tar)"
  rm -f "${tarball}.partial"
}

neo4j_image_main() {
  set -euo pipefail
  NEO4J_IMAGE_CLEANUP=()
  trap neo4j_image_cleanup EXIT
  mkdir -p "$(neo4j_image_cache_dir)"
  # One build at a time (CI and npm scripts may race).
  exec 9>"$(neo4j_image_cache_dir)/build.lock"
  if ! flock -n 9; then
    neo4j_image_log "another build holds $(neo4j_image_cache_dir)/build.lock; waiting"
    flock 9
  fi
  neo4j_image_build
}

if [[ "${BASH_SOURCE[0]}" == "${0}" ]]; then
  neo4j_image_main "$@"
fi
