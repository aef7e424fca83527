#!/usr/bin/env bash
# Checks the desktop-integration files that `cmake --install` installs: the .desktop entry, the
# AppStream metainfo, the shared-mime-info XML and the SVG icon. Uses the real validators when
# they are installed (tools/install-deps installs them) and simpler checks otherwise.
# Usage: desktop_files_test.sh RESOURCES_DIR
# Exit: 0 all good, 1 a file is broken, 77 (skipped) xmllint is missing.
set -uo pipefail

res=${1:?usage: desktop_files_test.sh RESOURCES_DIR}
desktop=$res/tcpviz.desktop
metainfo=$res/io.github.tcpviz.metainfo.xml
mime=$res/tcpviz-mime.xml
icon=$res/icons/tcpviz.svg

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

if ! command -v xmllint >/dev/null 2>&1; then
  echo "SKIP: xmllint is not installed (package libxml2-utils; tools/install-deps installs it)" >&2
  exit 77
fi

for f in "$desktop" "$metainfo" "$mime" "$icon"; do
  [ -f "$f" ] || fail "$f does not exist"
done
[ "$failures" -eq 0 ] || exit 1

# --- the .desktop entry -----------------------------------------------------------------------
if command -v desktop-file-validate >/dev/null 2>&1; then
  # Hints (e.g. several main categories) are printed but are not errors.
  if desktop-file-validate "$desktop"; then pass "desktop-file-validate $desktop"
  else fail "desktop-file-validate $desktop"; fi
else
  echo "note: desktop-file-validate is not installed; checking the required keys only"
  [ "$(grep -m1 -v -e '^#' -e '^$' "$desktop")" = "[Desktop Entry]" ] \
    || fail "$desktop: the first group must be [Desktop Entry]"
  for key in 'Type=Application' 'Name=' 'Exec=tcpviz' 'Icon=tcpviz' 'Categories=' 'MimeType='; do
    grep -q "^$key" "$desktop" || fail "$desktop: no line starting with $key"
  done
fi

# --- AppStream metainfo -----------------------------------------------------------------------
if command -v appstreamcli >/dev/null 2>&1; then
  if appstreamcli validate --no-net "$metainfo"; then pass "appstreamcli validate --no-net $metainfo"
  else fail "appstreamcli validate --no-net $metainfo"; fi
else
  echo "note: appstreamcli is not installed; checking that the metainfo is well-formed XML only"
  if xmllint --noout "$metainfo"; then pass "xmllint $metainfo"; else fail "xmllint $metainfo"; fi
fi

# --- shared-mime-info XML and the icon --------------------------------------------------------
if xmllint --noout "$mime"; then pass "xmllint $mime"; else fail "xmllint $mime"; fi
if xmllint --noout "$icon"; then pass "xmllint $icon"; else fail "xmllint $icon"; fi
# Without the namespace no icon theme draws it.
grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$icon" || fail "$icon: no SVG root element"

# --- the files name each other consistently ---------------------------------------------------
mime_type=$(sed -n 's/.*<mime-type type="\([^"]*\)".*/\1/p' "$mime")
[ "$mime_type" = "application/x-tcpviz-scenario" ] \
  || fail "$mime: defines '$mime_type', expected application/x-tcpviz-scenario"
grep -q "^MimeType=.*$mime_type;" "$desktop" \
  || fail "$desktop: MimeType does not list $mime_type"
grep -q '^Icon=tcpviz$' "$desktop" || fail "$desktop: Icon must be tcpviz (icons/tcpviz.svg)"
grep -q '<launchable type="desktop-id">tcpviz.desktop</launchable>' "$metainfo" \
  || fail "$metainfo: launchable is not tcpviz.desktop"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all desktop files are valid"
