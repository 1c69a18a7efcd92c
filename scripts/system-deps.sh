#!/usr/bin/env bash
# Install the system packages that `csjourney render`'s real-parts tests and
# `make demo` use: Graphviz's `dot` (PDF output, the reference layout) and
# Chromium (the headless-browser test of the HTML report), plus fonts for both,
# a Java 17+ runtime for Spark (`measure` on `pyspark://`, tests/measure/test_spark.py),
# and Poppler's pdftotext (the print test reads the text of `--format page-pdf`).
# Idempotent and fast when everything is there; exits non-zero with a clear
# message when something is missing and cannot be installed here.
set -euo pipefail

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# Text in the PNGs and the screenshots needs at least one real font. (Not a
# pipe into `grep -q`: with pipefail, fc-list's SIGPIPE would fail the test.)
fonts=$(fc-list 2>/dev/null || true)
grep -qi -e liberation -e dejavu <<<"$fonts" || missing+=(fonts-liberation2 fonts-dejavu-core)
# Spark 4 runs on Java 17 or newer: the `java` PySpark starts (JAVA_HOME's, or PATH's).
java_major() {
    local java=java
    [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
    "$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
major=$(java_major || true)
[ "${major:-0}" -ge 17 ] 2>/dev/null || missing+=(openjdk-17-jre-headless)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

fail() {
    echo "system-deps: cannot install ${missing[*]}: $1" >&2
    echo "system-deps: install them yourself (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
    exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found (not a Debian-based system)"
[ "$(id -u)" -eq 0 ] || fail "not running as root"

echo "system-deps: installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || fail "apt-get update failed"
# The JRE's post-install links its man page; slim images have no man1 folder for it.
mkdir -p /usr/share/man/man1
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || fail "apt-get install failed"

command -v dot >/dev/null 2>&1 || fail "graphviz installed but \`dot\` is still not on PATH"
[ -x /usr/bin/chromium ] || fail "chromium installed but /usr/bin/chromium is missing"
command -v pdftotext >/dev/null 2>&1 || fail "poppler-utils installed but \`pdftotext\` is not on PATH"
major=$(java_major || true)
[ "${major:-0}" -ge 17 ] 2>/dev/null ||
    fail "a Java runtime installed but \`java -version\` is not 17 or newer (check JAVA_HOME)"
echo "system-deps: done" >&2
