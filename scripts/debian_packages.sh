# Sourced by scripts/setup.sh and scripts/ensure_databases.sh: installs Debian packages that are
# missing, with apt-get as root or through sudo, updating the package lists once per run.
apt_updated=
ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "    up to date: Debian packages $*"; return 0; fi
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "    installing Debian packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
  # An install interrupted earlier leaves dpkg half-configured, and apt refuses to go on until it
  # is finished: finish it and try once more.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || {
    DEBIAN_FRONTEND=noninteractive $sudo dpkg --configure -a
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  }
}
