#!/bin/sh
# Times authn tls-check over generated meshes (see README.md). Needs a packaged build:
#   mvn -o -q -B package -pl core,cli -DskipTests
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cp="$root/cli/target/lib/*"
exec java -Xmx1g -cp "$cp" "$root/bench/authn/TlsCheckBench.java" "$@"
