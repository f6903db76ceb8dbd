#!/usr/bin/env bash
# JMH micro-benchmarks on real capture bytes (see benchmarks/README.md), with the GC profiler.
#
#   benchmarks/run-jmh.sh [JMH OPTIONS / BENCHMARK REGEX...]
#
# Defaults are short (about 1 minute per benchmark method on 2 cores): -wi 2 -i 3 -f 1 -w 1s -r 1s -prof gc, plus
# -prof org.voipwatch.bench.jmh.CpuTimeProfiler (cpu.time.norm: process CPU ns per op, robust to a shared machine).
# JMH_OPTS replaces the iteration options (default "-wi 2 -i 3 -f 1 -w 1s -r 1s"); arguments are passed to JMH as
# they are, e.g. a regex 'Decode|Probe' (JMH rejects an option given twice: change iterations through JMH_OPTS).
# Results: a text table on stdout and benchmarks/work/jmh-<time>.json; writes nothing else.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
work="${BENCH_WORK:-$here/work}"
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/capture" "$root/analyzer" "$here/pom.xml" "$here/src/main" \
      -newer "$jar" \( -name '*.java' -o -name 'pom.xml' \) -print -quit 2>/dev/null)" ]; then
  echo "run-jmh: building benchmarks module..." >&2
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl benchmarks -am package >&2)
fi
mkdir -p "$work"
out="$work/jmh-$(date -u +%Y%m%dT%H%M%SZ).json"
# bounded: 20 minutes is several times the default run of all benchmarks
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
exec timeout "${BENCH_TIMEOUT:-1200}" java -Xmx1g -jar "$jar" ${JMH_OPTS:--wi 2 -i 3 -f 1 -w 1s -r 1s} -prof gc \
  -prof org.voipwatch.bench.jmh.CpuTimeProfiler \
  -jvmArgs "-Xmx1g -XX:+UseParallelGC" -rf json -rff "$out" "$@"
