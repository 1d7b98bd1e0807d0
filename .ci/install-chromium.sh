#!/usr/bin/env bash
# Installs Debian's headless-capable chromium for the serve page's browser test (tests/PeftU.Serving.Tests).
# Idempotent and quiet: does nothing when /usr/bin/chromium is already there. Needs root (CI runs as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium >/dev/null
