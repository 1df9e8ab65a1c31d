#!/bin/sh
# Install Debian's Chromium for the browser tests (tests/test_browser.py), if it is missing.
# Playwright drives this system browser; it never downloads one of its own.
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no chromium, and no root apt-get to install it: the browser tests will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null \
    || echo "install-browser: apt-get could not install chromium: the browser tests will be skipped" >&2
exit 0
