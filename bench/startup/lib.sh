# Shared by run.sh and http-client.sh (sourced from the repository root): picks the JDK, starts the
# mock API server, and defines pair(), the paired A/B timer.
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
export JAVA_HOME=$java_home
jdk=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$java_home/release")
if [ -x cli/target/meshctl-train ] && ! ls cli/target/cds/*-"$jdk".* >/dev/null 2>&1; then
  echo "training the launcher's archives for JDK $jdk ..." >&2
  cli/target/meshctl-train "$java_home" >&2 || true
fi

work=$(mktemp -d)
mock_pid=
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The mock API server runs on the build's JDK from the core test kit (MockCluster).
if [ ! -s core/target/bench-classpath.txt ]; then
  mvn -o -q -B dependency:build-classpath -pl core -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/core/target/bench-classpath.txt" >&2
fi
cp="core/target/test-classes:core/target/classes:$(cat core/target/bench-classpath.txt)"
java -cp "$cp" bench/startup/MockApiServer.java "$work" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/kubeconfig" ] && break
  kill -0 "$mock_pid" 2>/dev/null || break
  sleep 0.1
done
[ -s "$work/kubeconfig" ] || { echo "mock API server did not start:" >&2; cat "$work/mock.log" >&2; exit 1; }
kc=$work/kubeconfig
vs_path=/apis/networking.istio.io/v1/namespaces/default/virtualservices/wordpress
pod=wordpress-7d4b9c7f5-x2x9q

cat >"$work/deployment.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx:1.27, ports: [{containerPort: 8080}]}
EOF

now_us() {
  if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/[.,]/}"; else echo $(($(date +%s%N) / 1000)); fi
}

# pair LABEL NAME GOAL -- A... -- B... : RUNS paired runs after one warm-up of each, then 5 runs of
# A alone under /usr/bin/time for its peak RSS; prints a table row.
pair() {
  local label=$1 name=$2 goal=$3; shift 4
  local a=() b=()
  while [ "$1" != "--" ]; do a+=("$1"); shift; done; shift; b=("$@")
  local rc=0
  "${a[@]}" >/dev/null 2>"$work/err" || rc=$?
  "${b[@]}" >/dev/null 2>&1 || true
  if [ "$rc" -ne 0 ]; then
    printf '| %s | %s | meshctl exit %s: %s | | | | %s |\n' "$label" "$name" "$rc" "$(head -c 80 "$work/err" | tr '\n|' '  ')" "$goal"
    return
  fi
  : >"$work/times"
  for _ in $(seq 1 "$runs"); do
    local t0 t1 t2
    t0=$(now_us); "${a[@]}" >/dev/null 2>&1; t1=$(now_us); "${b[@]}" >/dev/null 2>&1; t2=$(now_us)
    echo "$((t1 - t0)) $((t2 - t1))" >>"$work/times"
  done
  : >"$work/rss"
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%M' -o "$work/rss1" "${a[@]}" >/dev/null 2>&1 || true
    cat "$work/rss1" >>"$work/rss"
  done
  local rss
  rss=$(sort -n "$work/rss" | awk '{v[NR]=$1} END {printf "%.0f", v[int((NR+1)/2)] / 1024}')
  awk -v label="$label" -v name="$name" -v goal="$goal" -v rss="$rss" '
    function median(v, n,   i, j, t) { for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j > 0 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
    { n++; a[n] = $1 / 1000; b[n] = $2 / 1000; r[n] = $1 / $2; if (n == 1 || r[n] < lo) lo = r[n]; if (n == 1 || r[n] > hi) hi = r[n] }
    END { printf "| %s | %s | %.0f | %.0f | %.2fx [%.2f-%.2f] | %s | %s |\n", label, name, median(a, n), median(b, n), median(r, n), lo, hi, rss, goal }' "$work/times"
}
