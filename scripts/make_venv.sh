#!/usr/bin/env bash
# Creates the virtualenv; on a Debian without python3-venv, installs it from Debian's packages first.
set -euo pipefail
venv=${1:-.venv}
[ -x "$venv/bin/pip" ] && exit 0
py=${PYTHON:-python3}
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed (set PYTHON=...)" >&2; exit 1; }
if ! "$py" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  echo "python3-venv is missing: installing it from Debian's packages"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "python${ver}-venv" || \
    $sudo_cmd apt-get install -y -qq python3-venv
  "$py" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
