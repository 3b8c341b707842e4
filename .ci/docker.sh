# shellcheck shell=bash
#
# Docker helpers for papergraph's CI and npm scripts.
#
# Meant to be *sourced*; defines functions only and has no side effects:
#
#   source .ci/docker.sh
#   docker_ensure_installed      # apt-get install docker.io debootstrap if missing
#   docker_ensure_daemon         # start dockerd unless one already answers
#   ...                          # docker run --network host ...
#   docker_remove_testkit_containers  # remove containers the test kit left behind
#   docker_stop_daemon           # stop dockerd, but only if we started it
#
# Tunables (environment):
#   PAPERGRAPH_DOCKER_STATE_DIR      pid/log dir   (default <repo>/.papergraph/docker)
#   PAPERGRAPH_DOCKERD_TIMEOUT       seconds to wait for `docker info` (default 60)
#   PAPERGRAPH_DOCKERD_STORAGE_DRIVER  overlay2|vfs|... (default: overlay2 if the
#                                    kernel has overlayfs and /var/lib/docker is
#                                    not itself on overlayfs, else vfs)
#   PAPERGRAPH_DOCKERD_EXTRA_ARGS    extra dockerd flags, whitespace separated
#
# Containers must use `--network host` only: the daemon is started with
# --bridge=none --iptables=false, so there is no bridge network at all and all
# traffic stays on 127.0.0.1.

# Repository root, computed from this file's location (works when sourced).
_papergraph_docker_repo_root() {
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  (cd "${here}/.." && pwd)
}

_papergraph_docker_log() {
  printf '[docker] %s\n' "$*" >&2
}

docker_state_dir() {
  printf '%s\n' "${PAPERGRAPH_DOCKER_STATE_DIR:-$(_papergraph_docker_repo_root)/.papergraph/docker}"
}

# --------------------------------------------------------------------------
# Installation
# --------------------------------------------------------------------------

docker_ensure_installed() {
  local missing=() cmd
  for cmd in docker dockerd debootstrap; do
    command -v "${cmd}" >/dev/null 2>&1 || missing+=("${cmd}")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  _papergraph_docker_log "missing: ${missing[*]}; installing docker.io debootstrap with apt-get"
  if ((EUID != 0)); then
    _papergraph_docker_log "ERROR: need root to apt-get install docker.io debootstrap (missing: ${missing[*]})"
    return 1
  fi

  local -a apt_install=(apt-get install -y -q --no-install-recommends docker.io debootstrap)
  local need_update=0
  # Only refresh the package lists when they cannot give us the packages.
  local pkg
  for pkg in docker.io debootstrap; do
    if ! apt-cache policy "${pkg}" 2>/dev/null | grep -q 'Candidate: [^(]'; then
      need_update=1
    fi
  done
  if ((need_update)); then
    _papergraph_docker_log "apt-get update (package lists lack docker.io/debootstrap)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || {
      _papergraph_docker_log "ERROR: apt-get update failed"
      return 1
    }
  fi
  if ! DEBIAN_FRONTEND=noninteractive "${apt_install[@]}" >&2; then
    if ((need_update)); then
      _papergraph_docker_log "ERROR: '${apt_install[*]}' failed"
      return 1
    fi
    # Stale lists (404 on a superseded .deb): refresh once and retry.
    _papergraph_docker_log "install failed; retrying after apt-get update"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
      DEBIAN_FRONTEND=noninteractive "${apt_install[@]}" >&2; }; then
      _papergraph_docker_log "ERROR: '${apt_install[*]}' failed even after apt-get update"
      return 1
    fi
  fi
  for cmd in docker dockerd debootstrap; do
    if ! command -v "${cmd}" >/dev/null 2>&1; then
      _papergraph_docker_log "ERROR: '${cmd}' still not on PATH after installing docker.io debootstrap"
      return 1
    fi
  done
  _papergraph_docker_log "installed: $(docker --version 2>/dev/null); dockerd $(dockerd --version 2>/dev/null | sed 's/^Docker version //')"
}

# --------------------------------------------------------------------------
# Daemon
# --------------------------------------------------------------------------

_papergraph_docker_answers() {
  timeout 10 docker info >/dev/null 2>&1
}

# Storage driver to use: overlay2 when the kernel supports overlayfs and the
# data root is not already on overlayfs (nested overlay does not work), else vfs.
docker_storage_driver() {
  if [[ -n "${PAPERGRAPH_DOCKERD_STORAGE_DRIVER:-}" ]]; then
    printf '%s\n' "${PAPERGRAPH_DOCKERD_STORAGE_DRIVER}"
    return 0
  fi
  local root=/var/lib/docker fstype
  while [[ ! -e "${root}" && "${root}" != / ]]; do root="$(dirname "${root}")"; done
  fstype="$(stat -f -c %T "${root}" 2>/dev/null || echo unknown)"
  if grep -qw overlay /proc/filesystems 2>/dev/null || modprobe -q overlay 2>/dev/null; then
    if [[ "${fstype}" != overlayfs && "${fstype}" != overlay ]]; then
      printf 'overlay2\n'
      return 0
    fi
  fi
  printf 'vfs\n'
}

# Flags used to start dockerd (one per line).
docker_daemon_flags() {
  printf '%s\n' --bridge=none --iptables=false --ip-masq=false \
    "--storage-driver=$(docker_storage_driver)"
  local extra
  # shellcheck disable=SC2086  # word splitting of the extra flags is intended
  for extra in ${PAPERGRAPH_DOCKERD_EXTRA_ARGS:-}; do printf '%s\n' "${extra}"; done
}

# The pid recorded by docker_ensure_daemon, if that process is still a dockerd.
_papergraph_docker_our_pid() {
  local state pid=""
  state="$(docker_state_dir)"
  if [[ -n "${PAPERGRAPH_DOCKERD_PID:-}" ]]; then
    pid="${PAPERGRAPH_DOCKERD_PID}"
  elif [[ -r "${state}/dockerd.pid" ]]; then
    pid="$(<"${state}/dockerd.pid")"
  fi
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/${pid}/comm" 2>/dev/null)" == dockerd ]] || return 1
  # Guard against pid reuse: the start time must match what we recorded.
  if [[ -r "${state}/dockerd.starttime" ]]; then
    [[ "$(_papergraph_docker_starttime "${pid}")" == "$(<"${state}/dockerd.starttime")" ]] || return 1
  fi
  printf '%s\n' "${pid}"
}

_papergraph_docker_starttime() {
  # Field 22 of /proc/<pid>/stat (after the parenthesised comm).
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  # shellcheck disable=SC2086  # split the remaining fields on purpose
  set -- ${stat}
  printf '%s\n' "${20}"
}

docker_ensure_daemon() {
  if _papergraph_docker_answers; then
    _papergraph_docker_log "daemon already running; using it"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    _papergraph_docker_log "ERROR: dockerd not found; run docker_ensure_installed first"
    return 1
  fi

  local state log timeout pid
  state="$(docker_state_dir)"
  log="${state}/dockerd.log"
  timeout="${PAPERGRAPH_DOCKERD_TIMEOUT:-60}"
  mkdir -p "${state}"

  if pid="$(_papergraph_docker_our_pid)"; then
    _papergraph_docker_log "dockerd we started earlier (pid ${pid}) is still coming up; waiting"
  else
    local -a flags
    mapfile -t flags < <(docker_daemon_flags)
    _papergraph_docker_log "starting dockerd ${flags[*]} (log: ${log})"
    {
      printf '\n==== %s dockerd %s\n' "$(date -u +%FT%TZ)" "${flags[*]}"
    } >>"${log}"
    dockerd "${flags[@]}" </dev/null >>"${log}" 2>&1 &
    pid=$!
    disown "${pid}" 2>/dev/null || true
    printf '%s\n' "${pid}" >"${state}/dockerd.pid"
    _papergraph_docker_starttime "${pid}" >"${state}/dockerd.starttime" 2>/dev/null || true
  fi
  # Shell variable for this shell; the exported owner lets a nested process
  # (e.g. an npm script run by .ci/run) leave the parent's daemon alone.
  PAPERGRAPH_DOCKERD_PID="${pid}"
  export PAPERGRAPH_DOCKERD_OWNER="$$"

  local start=${SECONDS}
  while ! _papergraph_docker_answers; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      _papergraph_docker_log "ERROR: dockerd (pid ${pid}) exited; last log lines:"
      tail -n 20 "${log}" >&2 || true
      rm -f "${state}/dockerd.pid" "${state}/dockerd.starttime"
      unset PAPERGRAPH_DOCKERD_PID PAPERGRAPH_DOCKERD_OWNER
      return 1
    fi
    if ((SECONDS - start >= timeout)); then
      _papergraph_docker_log "ERROR: dockerd (pid ${pid}) did not answer within ${timeout}s; last log lines:"
      tail -n 20 "${log}" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  _papergraph_docker_log "dockerd (pid ${pid}) ready after $((SECONDS - start))s"
}

# Stop the dockerd started by docker_ensure_daemon (by pid: the shell variable,
# or the pid file when start and stop run in separate processes, like npm
# pre/post scripts). Does nothing for a daemon docker_ensure_daemon did not
# start, nor for one started by a still-running parent process.
docker_stop_daemon() {
  local state pid waited=0 owner="${PAPERGRAPH_DOCKERD_OWNER:-}"
  state="$(docker_state_dir)"
  if [[ -n "${owner}" && "${owner}" != "$$" ]] && kill -0 "${owner}" 2>/dev/null; then
    _papergraph_docker_log "dockerd was started by parent process ${owner}; leaving it running"
    return 0
  fi
  if ! pid="$(_papergraph_docker_our_pid)"; then
    _papergraph_docker_log "no dockerd started by us is running; nothing to stop"
    rm -f "${state}/dockerd.pid" "${state}/dockerd.starttime"
    unset PAPERGRAPH_DOCKERD_PID PAPERGRAPH_DOCKERD_OWNER
    return 0
  fi
  _papergraph_docker_log "stopping dockerd (pid ${pid})"
  kill -TERM "${pid}" 2>/dev/null || true
  # dockerd gives running containers up to 15s to stop, then exits.
  while kill -0 "${pid}" 2>/dev/null; do
    if ((waited >= 60)); then
      _papergraph_docker_log "dockerd (pid ${pid}) still alive after 30s; sending SIGKILL"
      kill -KILL "${pid}" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "${state}/dockerd.pid" "${state}/dockerd.starttime"
  unset PAPERGRAPH_DOCKERD_PID PAPERGRAPH_DOCKERD_OWNER
  _papergraph_docker_log "dockerd stopped"
}

# --------------------------------------------------------------------------
# Test kit leftovers
# --------------------------------------------------------------------------

# Remove every container labelled by papergraph's test kit (src/testkit), e.g.
# after a test run that was killed before its teardown. Prints what it removed.
docker_remove_testkit_containers() {
  _papergraph_docker_answers || return 0
  local ids
  ids="$(docker ps -aq --filter label=org.papergraph.testkit)"
  if [[ -z "${ids}" ]]; then
    return 0
  fi
  _papergraph_docker_log "removing test kit containers left behind: ${ids//$'\n'/ }"
  # shellcheck disable=SC2086  # one id per word
  docker rm -f ${ids} >/dev/null
}
