#!/usr/bin/env bash
# Paired A/B of two builds: runs `bench` with the same arguments on OLD.jar and NEW.jar in
# alternation, ROUNDS times, so that the host's drift (±15–25% from minute to minute on a shared
# machine) falls on both alike. Prints each run's `bench` lines (and the breakdown's matmul rows).
#
# Build the two jars first, e.g.:
#   git stash && mvn -B -ntp -q package -DskipTests && cp target/looped-icl.jar /tmp/old.jar && git stash pop
#   mvn -B -ntp -q package -DskipTests && cp target/looped-icl.jar /tmp/new.jar
# Usage: tools/ab_jars.sh OLD.jar NEW.jar ROUNDS BENCH-ARGS...
#   e.g. tools/ab_jars.sh /tmp/old.jar /tmp/new.jar 3 --breakdown --steps 3 paper-standard
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: tools/ab_jars.sh OLD.jar NEW.jar ROUNDS BENCH-ARGS..." >&2; exit 2; }
old=$1 new=$2 rounds=$3
shift 3
for jar in "$old" "$new"; do [ -f "$jar" ] || { echo "ab_jars: no jar at $jar" >&2; exit 2; }; done
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java" ] || java=java
opts=(--add-modules jdk.incubator.vector -Xmx8g -XX:+UseParallelGC)
grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null && opts+=(-XX:+UseTransparentHugePages)
for r in $(seq "$rounds"); do
  for v in old new; do
    jar=$old; [ "$v" = new ] && jar=$new
    echo "== round $r $v"
    "$java" "${opts[@]}" -jar "$jar" bench "$@" 2>/dev/null | grep -E "^bench|utilisation|matmul" || true
  done
done
