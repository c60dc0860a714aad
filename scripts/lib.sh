# shellcheck shell=bash
# Shared helpers for the set-up steps (sourced, not run).
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# uv and the pinned Node carry their own CA lists. Let them trust the machine's store as well, so
# a CA it was given (a proxy's, with update-ca-certificates) works for them as for apt, git and pip.
if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export UV_SYSTEM_CERTS=${UV_SYSTEM_CERTS:-1}
  export NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
fi

# as_root CMD...: run CMD as root, directly or through password-less sudo; fail otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# apt_install PKG...: install Debian packages that are missing, or say how to.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    die "missing ${missing[*]}; install them with your system's package manager and run again"
  fi
  say "installing ${missing[*]} with apt-get"
  # apt's chatter (e.g. debconf's note that apt-utils is missing) goes to a log; on failure its
  # last error line goes into the one-line message
  local log why
  log=$(mktemp)
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 ||
     ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    why=$(grep -E '^E: ' "$log" | tail -n 1)
    rm -f "$log"
    die "could not install ${missing[*]}${why:+ (${why#E: })}; run: sudo apt-get install -y ${missing[*]}"
  fi
  rm -f "$log"
}

# lo_only: in a new network namespace (unshare -n), bring lo up and fail unless it is the only
# interface, so that a test "with no network" really has none.
lo_only() {
  ip link set lo up || die "could not bring lo up in the network namespace"
  if ip -o link show | grep -qv ": lo:"; then die "the network namespace has an interface besides lo"; fi
}

# kit_npmrc FILE: the npm config the kit's own installs use (the user's may carry keys this npm
# does not know, e.g. nodedir).
kit_npmrc() { printf 'fund=false\naudit=false\nupdate-notifier=false\nengine-strict=false\n' >"$1"; }

# npm_ci_pinned DIR WHAT: install DIR's package-lock.json with `npm ci`, install scripts off,
# with the kit's npm config; does nothing when node_modules already matches the lock.
npm_ci_pinned() {
  local dir=$1 what=$2 stamp=$1/node_modules/.hooklab-lock.stamp npmrc
  cmp -s "$dir/package-lock.json" "$stamp" && return 0
  command -v npm >/dev/null 2>&1 || die "npm is missing; run scripts/setup.d/10-system.sh first"
  npmrc=$(mktemp)
  kit_npmrc "$npmrc"
  say "installing $what into $dir (npm ci)"
  if ! (cd "$dir" && NPM_CONFIG_USERCONFIG="$npmrc" \
    npm ci --ignore-scripts --no-audit --loglevel=error >/dev/null); then
    rm -f "$npmrc"
    die "npm ci in $dir failed; check that the npm registry is reachable and run again"
  fi
  rm -f "$npmrc"
  cp "$dir/package-lock.json" "$stamp"
}
