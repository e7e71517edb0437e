#!/bin/sh
# Whole-process wall time of the cert commands against 'meshctl version' (the no-BouncyCastle baseline).
# Usage: bench/cert/startup.sh [runs]   (after 'mvn -o -q -B package -DskipTests'); prints the median in ms.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
meshctl=${MESHCTL:-$here/../../cli/target/meshctl}
runs=${1:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
median() {
  i=0
  while [ $i -lt "$runs" ]; do
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    echo $(( (e - s) / 1000000 )); i=$((i + 1))
  done | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
"$meshctl" cert issue server --host blog.datadoc.info --cert full.pem --key key.pem >/dev/null 2>&1
echo "version                        $(median "$meshctl" version) ms"
echo "cert issue server --help       $(median "$meshctl" cert issue server --help) ms"
echo "cert issue server (EC P-256)   $(median "$meshctl" cert issue server --host a.example.com --cert a.pem --key a.key --force) ms"
echo "cert issue server (RSA 2048)   $(median "$meshctl" cert issue server --kty RSA --host a.example.com --cert a.pem --key a.key --force) ms"
echo "cert inspect full.pem          $(median "$meshctl" cert inspect full.pem) ms"
echo "BouncyCastle classes loaded by cert issue server: $(MESHCTL_JAVA_OPTS=-Xlog:class+load=info "$meshctl" cert issue server --host a.example.com --cert a.pem --key a.key --force 2>/dev/null | grep -c org.bouncycastle)"
