#!/usr/bin/env bash
# Browser tests drive Debian's Chromium: its headless build (package chromium-headless-shell, the same Blink
# without the desktop browser around it: a quarter less CPU for the suite). `ensure_chromium.sh chromium` is
# the desktop browser, for `pytest --headed` and `make bench-browser`. In CI a missing one is installed,
# never skipped.
set -euo pipefail
package="${1:-chromium-headless-shell}"
if [ -x "/usr/bin/$package" ]; then exit 0; fi
if [ "${CI:-}" = "true" ] || [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian's $package for the browser tests"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$package" >/dev/null
else
  echo "$package is missing: run 'sudo apt-get install $package' (the browser tests need it)." >&2
  exit 1
fi
