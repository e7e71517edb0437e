#!/usr/bin/env bash
# For kubeconfigs core's Kube hands to fabric8 (exec plugins, proxies, tls-server-name...): which
# fabric8 HTTP client makes a live command finish sooner, whole process: vert.x (fabric8's default)
# or the JDK's HttpClient (kubernetes-httpclient-jdk); and, for scale, Kube's own JDK path that
# plain kubeconfigs take. Each runs LiveGet.java (connect, discover the Istio APIs, GET the
# VirtualService, close: what 'route show' does on the wire) with the launcher's flags and its own
# class-data archive trained on that same call, against the same mock API server; kubectl get --raw
# of the VirtualService is the anchor.
#
#   bench/startup/http-client.sh [RUNS]     (from the repository root, after 'mvn package')
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
[ -s cli/target/meshctl.jar ] || { echo "run 'mvn -B package' first" >&2; exit 1; }
. bench/startup/lib.sh
fabric8=$(sed -n 's/.*kubernetes-client-api-\([0-9.]*\)\.jar.*/\1/p' <<<"$(ls cli/target/lib)")
jdk_client=$HOME/.m2/repository/io/fabric8/kubernetes-httpclient-jdk/$fabric8/kubernetes-httpclient-jdk-$fabric8.jar
[ -s "$jdk_client" ] || mvn -q -B dependency:get -Dartifact="io.fabric8:kubernetes-httpclient-jdk:$fabric8" >&2

mkdir -p "$work/classes" "$work/vertx" "$work/jdk/lib"
"$java_home/bin/javac" -d "$work/classes" -cp cli/target/meshctl.jar bench/startup/LiveGet.java
# in a jar: class-data sharing refuses directories on the class path
"$java_home/bin/jar" cf "$work/liveget.jar" -C "$work/classes" .
# vert.x: the distribution as built. jdk: the same jar and libs minus the vert.x client factory
# (the manifest's entry for it then points at nothing), plus the JDK client factory.
ln -s "$PWD/cli/target/meshctl.jar" "$work/vertx/meshctl.jar"
ln -s "$PWD/cli/target/lib" "$work/vertx/lib"
cp cli/target/meshctl.jar "$work/jdk/"
for j in cli/target/lib/*.jar; do
  case $j in *kubernetes-httpclient-vertx*) ;; *) ln -s "$PWD/$j" "$work/jdk/lib/" ;; esac
done
cp_vertx="$work/vertx/meshctl.jar:$work/liveget.jar"
cp_jdk="$work/jdk/meshctl.jar:$jdk_client:$work/liveget.jar"

feature=${jdk%%[!0-9]*}
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
if [ "$feature" -ge 25 ]; then
  flags+=(-XX:UserThreadWaitAttemptsAtExit=0 --sun-misc-unsafe-memory-access=allow)
  train() { "$java_home/bin/java" "${flags[@]}" "-XX:AOTCacheOutput=$1" -cp "$2" LiveGet "$3" wordpress >/dev/null 2>&1; }
  use() { echo "-XX:AOTCache=$1"; }
else
  train() { "$java_home/bin/java" "${flags[@]}" "-XX:ArchiveClassesAtExit=$1" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$2" LiveGet "$3" wordpress >/dev/null 2>&1; }
  use() { echo "-XX:SharedArchiveFile=$1"; }
fi
train "$work/vertx.cds" "$cp_vertx" "$kc_fabric8"
train "$work/jdk.cds" "$cp_jdk" "$kc_fabric8"
train "$work/thin.cds" "$cp_vertx" "$kc"
vertx=("$java_home/bin/java" "${flags[@]}" "$(use "$work/vertx.cds")" -cp "$cp_vertx" LiveGet "$kc_fabric8" wordpress)
jdkhttp=("$java_home/bin/java" "${flags[@]}" "$(use "$work/jdk.cds")" -cp "$cp_jdk" LiveGet "$kc_fabric8" wordpress)
thin=("$java_home/bin/java" "${flags[@]}" "$(use "$work/thin.cds")" -cp "$cp_vertx" LiveGet "$kc" wordpress)
for c in vertx jdkhttp thin; do
  declare -n cmd=$c
  [ "$("${cmd[@]}")" = wordpress ] || { echo "LiveGet failed ($c)" >&2; exit 1; }
done
raw=(kubectl --kubeconfig "$kc" get --raw "$vs_path")

echo "JDK $jdk, fabric8 $fabric8, $runs paired runs, $(nproc) CPUs"
echo
echo "| A vs B | A median ms | B median ms | A/B paired median [min-max] | |"
echo "|---|---|---|---|---|"
pair "vert.x client vs kubectl get --raw" "" -- "${vertx[@]}" -- "${raw[@]}"
pair "JDK client vs kubectl get --raw" "" -- "${jdkhttp[@]}" -- "${raw[@]}"
pair "JDK client vs vert.x client" "" -- "${jdkhttp[@]}" -- "${vertx[@]}"
pair "Kube's JDK path (no fabric8) vs kubectl get --raw" "" -- "${thin[@]}" -- "${raw[@]}"
