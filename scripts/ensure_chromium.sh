#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. In CI a missing Chromium is installed, never skipped.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "${CI:-}" = "true" ] || [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian's chromium for the browser tests"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser tests need it)." >&2
  exit 1
fi
