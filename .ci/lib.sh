# Shared by the .ci scripts (sourced, not run).

# Installs those of the given Debian packages that are missing: as root directly (CI), else through
# sudo where there is one. apt-get runs only when something is missing.
apt_install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root or sudo." >&2; return 1; }
    as_root=(sudo)
  fi
  echo "Installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Fails when a build log holds a warning (MSBuild's "file(line,col): warning CODE: ..." and ILC's).
assert_no_warnings() {
  if grep -E ":? warning [A-Z]+[0-9]+" "$1"; then
    echo "FAIL: warnings in $2 (above)." >&2
    return 1
  fi
}

# The package's version, from VersionPrefix (and any suffix) in Directory.Build.props.
package_version() {
  dotnet msbuild "$1/src/Runtime/TensorDsl.csproj" -getProperty:PackageVersion
}
