#!/usr/bin/env bash
# Installs what the test suite needs from the machine's package manager (Debian/Ubuntu), only what is missing:
# PostgreSQL server binaries (initdb/pg_ctl; the tests start their own throwaway cluster), Chromium for the
# browser tests, Japanese fonts so that pages and PDFs render Japanese text, and OpenSSL (JPKI signatures made by
# `openssl cms -sign` must verify like Madoguchi's own), Debian's rdflib to parse the DCAT output as RDF, poppler's
# pdftoppm to rasterise PDFs (the convenience-store slip's barcode is decoded from the printed page), and s3rver
# from npm (a local S3-compatible server).
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x "${MADOGUCHI_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
{ command -v fc-list >/dev/null && fc-list | grep -qi "Noto Sans CJK"; } || missing+=(fonts-noto-cjk)
command -v openssl >/dev/null || missing+=(openssl)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
# rdflib parses the DCAT output (Turtle and JSON-LD) in the open-data tests: "DCAT output parses as RDF".
/usr/bin/python3 -c "import rdflib" >/dev/null 2>&1 || missing+=(python3-rdflib)
# s3rver (npm, pinned by tests/tools/s3rver/package-lock.json) is the local S3-compatible server of the S3 file store's tests.
s3rver="$(cd "$(dirname "$0")/.." && pwd)/tests/tools/s3rver"
command -v npm >/dev/null || missing+=(nodejs npm)

# rdf-validate-shacl (npm, pinned by tests/tools/shacl/package-lock.json) checks the DCAT output against DCAT-AP's shapes.
shacl="$(cd "$(dirname "$0")/.." && pwd)/tests/tools/shacl"
# LINE's official Node SDK (npm, pinned by tests/tools/line-sdk/package-lock.json) is pointed at the local LINE server.
linesdk="$(cd "$(dirname "$0")/.." && pwd)/tests/tools/line-sdk"

install_s3rver() {
  [ -x "$s3rver/node_modules/.bin/s3rver" ] || npm ci --prefix "$s3rver" --no-audit --no-fund --loglevel=error >/dev/null
  [ -d "$shacl/node_modules/rdf-validate-shacl" ] || npm ci --prefix "$shacl" --no-audit --no-fund --loglevel=error >/dev/null
  [ -d "$linesdk/node_modules/@line/bot-sdk" ] || npm ci --prefix "$linesdk" --no-audit --no-fund --loglevel=error >/dev/null
}

if [ ${#missing[@]} -eq 0 ]; then
  install_s3rver
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "Missing test prerequisites (${missing[*]}); install them with your package manager." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing test prerequisites: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_s3rver
