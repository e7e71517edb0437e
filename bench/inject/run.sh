#!/usr/bin/env bash
# Throughput and peak memory of `meshctl inject` against `kubectl kustomize` applying an equivalent
# sidecar patch (strategic merge, target kind Deployment) to the same generated Deployments.
#
#   bench/inject/run.sh [--runs N] [--kustomize-10k]
#
# Both distributions where built: the JVM launcher (cli/target/meshctl) and the native binary
# (MESHCTL_NATIVE, default native/target/meshctl).
# 1,000 documents: each meshctl and kustomize, alternated run by run (A B A B ...) so drift cancels.
# 10,000 documents: meshctl only, unless --kustomize-10k (kustomize takes about 10 minutes there).
# Prints the median wall time, documents/second and the median peak RSS (/usr/bin/time -v).
set -euo pipefail
runs=5
kustomize10k=false
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --kustomize-10k) kustomize10k=true; shift ;;
    *) echo "usage: $0 [--runs N] [--kustomize-10k]" >&2; exit 64 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
jvm=$here/../../cli/target/meshctl
native=${MESHCTL_NATIVE:-$here/../../native/target/meshctl}
[ -x "$jvm" ] || { echo "build first: mvn -o -q -B package -DskipTests" >&2; exit 66; }
meshctl=$jvm
command -v kubectl >/dev/null || { echo "kubectl not found" >&2; exit 66; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The patch: exactly what meshctl adds to one of the generated Deployments (labels, annotations,
# istio-init, istio-proxy, volumes), as a strategic-merge patch kustomize applies to every Deployment.
python3 "$here/generate.py" 1 > "$work/one.yaml"
"$meshctl" inject -q -o json -f "$work/one.yaml" > "$work/one.json"
python3 - "$work/one.json" > "$work/sidecar-patch.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["spec"]["template"]
spec = t["spec"]
patch = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "any"},
         "spec": {"template": {"metadata": {
             "labels": {k: v for k, v in t["metadata"]["labels"].items() if "istio.io" in k},
             "annotations": t["metadata"]["annotations"]},
           "spec": {"initContainers": spec["initContainers"],
                    "containers": [c for c in spec["containers"] if c["name"] == "istio-proxy"],
                    "volumes": [v for v in spec["volumes"] if v["name"] not in ("data",)]}}}}
print(json.dumps(patch))
PY

for n in 1000 10000; do
  mkdir -p "$work/$n"
  python3 "$here/generate.py" $n > "$work/$n/deployments.yaml"
  cp "$work/sidecar-patch.json" "$work/$n/sidecar-patch.json"
  printf 'resources:\n- deployments.yaml\npatches:\n- path: sidecar-patch.json\n  target:\n    kind: Deployment\n' > "$work/$n/kustomization.yaml"
done

# One timed run: prints "wall_seconds max_rss_kb"; stdout of the command goes to a file for checking.
timed() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/out" 2>/dev/null
  cat "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
report() { # label n file-of-"wall rss"
  local wall rss
  wall=$(cut -d' ' -f1 "$3" | median)
  rss=$(cut -d' ' -f2 "$3" | median)
  printf '%-34s %6d docs  wall %7.2f s  %8.0f docs/s  peak RSS %5.0f MiB  (%d runs)\n' "$1" "$2" "$wall" \
    "$(echo "$2 / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$(wc -l < "$3")"
}
check() { # the output really carries one proxy per Deployment
  local got
  got=$(grep -c 'name: istio-proxy$' "$work/out" || true)
  [ "$got" = "$1" ] || { echo "check failed: $got istio-proxy containers in the output of $2, expected $1" >&2; exit 1; }
}

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); $(kubectl version --client 2>/dev/null | head -1)"
dists=("JVM launcher=$jvm")
[ -x "$native" ] && dists=("native binary=$native" "${dists[@]}")
timed kubectl kustomize "$work/1000" >/dev/null   # warm-up (page cache)
for d in "${dists[@]}"; do
  label=${d%%=*} m=${d#*=}
  : > "$work/m1k"; : > "$work/k1k"
  timed "$m" inject -q -f "$work/1000/deployments.yaml" >/dev/null   # warm-up
  for i in $(seq "$runs"); do
    timed "$m" inject -q -f "$work/1000/deployments.yaml" >> "$work/m1k"; check 1000 "$label"
    timed kubectl kustomize "$work/1000" >> "$work/k1k"; check 1000 kustomize
  done
  report "meshctl inject, $label" 1000 "$work/m1k"
  report "kubectl kustomize (SMP patch)" 1000 "$work/k1k"
  paste -d' ' "$work/m1k" "$work/k1k" | awk '{print $1/$3}' | median | xargs printf "meshctl ($label) / kustomize wall, paired median: %.3f\n"
  : > "$work/m10k"
  for i in $(seq "$runs"); do
    timed "$m" inject -q -f "$work/10000/deployments.yaml" >> "$work/m10k"; check 10000 "$label"
  done
  report "meshctl inject, $label" 10000 "$work/m10k"
done
if $kustomize10k; then
  : > "$work/k10k"
  timed kubectl kustomize "$work/10000" >> "$work/k10k"; check 10000 kustomize
  report "kubectl kustomize (SMP patch)" 10000 "$work/k10k"
fi
