#!/bin/sh
# Times meshctl analyze's analysis over generated meshes (see README.md). Needs a packaged build:
#   mvn -o -q -B package -pl core,cli -DskipTests
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cp="$root/cli/target/lib/*"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" -cp "$cp" "$root/bench/authn/TlsCheckBench.java" "$root/bench/analyze/AnalyzeBench.java"
java -Xmx1g -cp "$out:$cp" AnalyzeBench "$@"
