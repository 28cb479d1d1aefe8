#!/usr/bin/env bash
# Times `iptables-restore --test` on the generated 10,000-service kube-proxy dump (the text ParseBenchmark reads),
# inside a throw-away network namespace, and prints every run and the median. Needs root, iproute2 and iptables;
# build the benchmarks jar first (mvn -q verify -pl bench -am -DskipTests).
#   usage: bench/iptables-restore-baseline.sh [RUNS] [SERVICES] [ENDPOINTS]     (defaults 7 10000 5)
# RESTORE=iptables-legacy-restore selects the legacy backend (default: iptables-restore, here iptables-nft).
# PAIRED=1 also times netprove's parse + index of the same file right after each run (ParseAndIndexTimer, median of
# 9 after 6 warm-up runs, JVM flags from JAVA_OPTS, e.g. "-XX:+UseParallelGC -Xms3g -Xmx3g"), so that both figures
# of a round are taken under the same machine load, and prints the ratio per round and the median ratio.
set -euo pipefail
RUNS=${1:-7}
SERVICES=${2:-10000}
ENDPOINTS=${3:-5}
RESTORE=${RESTORE:-iptables-restore}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/target/benchmarks.jar"

if [ "$(id -u)" != 0 ]; then
  echo "SKIPPED: iptables-restore --test needs root (network namespaces)" >&2
  exit 0
fi
for tool in ip "$RESTORE" java; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed" >&2; exit 0; }
done
[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -q verify -pl bench -am -DskipTests' first" >&2; exit 2; }

WORK=$(mktemp -d)
NS="npbench-$$"
cleanup() {
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

DUMP="$WORK/kube-proxy-$SERVICES.iptables"
java -cp "$JAR" io.netprove.grammar.iptables.KubeProxyDumpGenerator "$DUMP" "$SERVICES" "$ENDPOINTS" 1 builtins
ip netns add "$NS"
echo "$($RESTORE --version 2>&1 | head -1); $RUNS runs of '$RESTORE --test' in netns $NS"

median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

times=()
ratios=()
for i in $(seq "$RUNS"); do
  start=$(date +%s%N)
  ip netns exec "$NS" "$RESTORE" --test < "$DUMP"
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  if [ "${PAIRED:-0}" = 1 ]; then
    # shellcheck disable=SC2086
    np=$(java ${JAVA_OPTS:-} -cp "$JAR" io.netprove.bench.ParseAndIndexTimer "$DUMP")
    ratio=$(awk -v a="$ms" -v b="$np" 'BEGIN {printf "%.2f", a / b}')
    ratios+=("$ratio")
    echo "run $i: $ms ms; netprove parse+index $np ms; ratio $ratio"
  else
    echo "run $i: $ms ms"
  fi
done
echo "median: $(median "${times[@]}") ms ($RESTORE --test, $SERVICES services x $ENDPOINTS endpoints)"
if [ "${PAIRED:-0}" = 1 ]; then
  echo "median ratio iptables-restore / netprove parse+index: $(median "${ratios[@]}")"
fi
