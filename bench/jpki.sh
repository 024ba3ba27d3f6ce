#!/usr/bin/env bash
# JPKI signature verification with revocation from a large CRL (issue 5). Not part of the test run.
#   bash bench/jpki.sh [entries] [seconds]      (defaults: 100000 entries, 10 s per measurement)
# Prints a Markdown table for docs/benchmarks.md: verifications/s of the full check (CMS signature, chain to the trust
# store, purpose, CRL lookup) against decoding the CMS and checking its RSA signature alone, in the same process; the
# time to parse and authenticate the CRL.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/JpkiBench -c Release --nologo -v quiet
dotnet bench/JpkiBench/bin/Release/net10.0/JpkiBench.dll "${1:-100000}" "${2:-10}"
