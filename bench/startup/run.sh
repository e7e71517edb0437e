#!/usr/bin/env bash
# Start-up benchmark: meshctl against kubectl on the same machine in the same run, as paired A/B
# ratios (one meshctl run, then one kubectl run, repeated; the ratio of each pair, then the median).
# Absolute milliseconds move +-15% on a shared host; the ratio is the number to watch.
#
#   bench/startup/run.sh [RUNS]        (from the repository root, after 'mvn package')
#
# Uses JAVA_HOME (else java on PATH) for meshctl, like the launcher; trains the launcher's archives
# for that JDK first if the build did not (e.g. JDK 25). Needs kubectl on PATH; no hyperfine needed.
# Prints a Markdown table; a row whose meshctl command failed says so (exit code) instead of a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
meshctl=cli/target/meshctl
[ -x "$meshctl" ] || { echo "run 'mvn -B package' first ($meshctl is missing)" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "kubectl is not on PATH" >&2; exit 1; }
. bench/startup/lib.sh

echo "JDK $jdk ($java_home), kubectl $(kubectl version --client 2>/dev/null | head -1 | sed 's/.*: //'), $runs paired runs, $(nproc) CPUs"
echo
echo "| command (A = meshctl, B = kubectl) | A median ms | B median ms | A/B paired median [min-max] | goal |"
echo "|---|---|---|---|---|"
pair "version vs version --client" "<= 1.5x" -- "$meshctl" version -- kubectl version --client
pair "version -o json vs version --client -o json" "" -- "$meshctl" version -o json -- kubectl version --client -o json
pair "inject -f one Deployment vs version --client" "<= 2x" -- "$meshctl" inject -f "$work/deployment.yaml" -- kubectl version --client
pair "route show wordpress vs get --raw VS" "<= 5x" -- "$meshctl" route show wordpress --kubeconfig "$kc" \
  -- kubectl --kubeconfig "$kc" get --raw "$vs_path"
pair "authn tls-check POD vs get --raw VS" "<= 5x" -- "$meshctl" authn tls-check "$pod" --kubeconfig "$kc" \
  -- kubectl --kubeconfig "$kc" get --raw "$vs_path"
pair "route show wordpress, kubeconfig for fabric8 (exec plugin, proxy...) vs get --raw VS" "" \
  -- "$meshctl" route show wordpress --kubeconfig "$kc_fabric8" -- kubectl --kubeconfig "$kc" get --raw "$vs_path"
