#!/usr/bin/env bash
# Start-up benchmark: meshctl against kubectl on the same machine in the same run, as paired A/B
# ratios (one meshctl run, then one kubectl run, repeated; the ratio of each pair, then the median).
# Absolute milliseconds move +-15% on a shared host; the ratio is the number to watch.
#
#   bench/startup/run.sh [RUNS]        (from the repository root, after 'mvn package')
#
# Both distributions in one run: the JVM launcher (cli/target/meshctl, on JAVA_HOME else java on
# PATH; its archives are trained for that JDK first if the build did not) and the native binary
# (MESHCTL_NATIVE, default native/target/meshctl, built with 'mvn -Pnative package'), each where
# present. Peak RSS is the median of 5 more runs under /usr/bin/time. Needs kubectl on PATH.
# Prints a Markdown table; a row whose meshctl command failed says so (exit code) instead of a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
jvm=cli/target/meshctl
native=${MESHCTL_NATIVE:-native/target/meshctl}
[ -x "$jvm" ] || [ -x "$native" ] || { echo "build first: 'mvn -B package' ($jvm) and/or 'mvn -Pnative package' ($native)" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "kubectl is not on PATH" >&2; exit 1; }
. bench/startup/lib.sh

echo "$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), kubectl $(kubectl version --client 2>/dev/null | head -1 | sed 's/.*: //'), JDK $jdk ($java_home) for the launcher, $runs paired runs"
echo
echo "| distribution | command (A = meshctl, B = kubectl) | A median ms | B median ms | A/B paired median [min-max] | A peak RSS MiB | goal |"
echo "|---|---|---|---|---|---|---|"
rows() { # rows LABEL MESHCTL GOAL_VERSION GOAL_INJECT GOAL_LIVE
  local label=$1 m=$2
  pair "$label" "version --client vs version --client" "$3" -- "$m" version --client -- kubectl version --client
  pair "$label" "inject -f one Deployment vs version --client" "$4" -- "$m" inject -f "$work/deployment.yaml" -- kubectl version --client
  pair "$label" "route show wordpress vs get --raw VS" "$5" -- "$m" route show wordpress --kubeconfig "$kc" \
    -- kubectl --kubeconfig "$kc" get --raw "$vs_path"
  pair "$label" "authn tls-check POD vs get --raw VS" "$5" -- "$m" authn tls-check "$pod" --kubeconfig "$kc" \
    -- kubectl --kubeconfig "$kc" get --raw "$vs_path"
}
[ -x "$native" ] && rows native "$native" "<= 0.3x" "<= 0.5x" "<= 0.7x, RSS <= 60 MiB"
[ -x "$jvm" ] && rows "JVM $jdk" "$jvm" "" "" ""
exit 0
