#!/bin/sh
# Set up learnpath in .venv on a fresh Debian machine.
#   sh scripts/setup.sh        the package, to build sites
#   sh scripts/setup.sh test   also the test tools and Debian's Chromium for the browser tests
# Debian packages need root (apt-get); run as root or with sudo available.
set -eu
cd "$(dirname "$0")/.."

apt_install() {
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "$@"
}

# Debian's python3 has no venv module until python3-venv is installed.
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
    apt_install python3-venv
fi
if [ "${1:-}" = "test" ] && [ ! -x /usr/bin/chromium ]; then
    # Playwright's own browser download does not work everywhere; Debian's Chromium does.
    apt_install chromium
fi
if [ "${1:-}" = "test" ] && ! fc-list :lang=zh | grep -q . ; then
    # Chinese letters and pages print in Noto CJK; Arabic in DejaVu Sans (a Chromium
    # dependency), whose Arabic is complete. Without them the glyphs are empty boxes.
    apt_install fonts-noto-cjk fonts-dejavu-core
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
    .venv/bin/python -m pip install -q -e ".[test]"
else
    .venv/bin/python -m pip install -q -e .
fi
