#!/usr/bin/env bash
# Time to steady state with and without model.warmUp(), in fresh JVMs: both kernel paths (no flag, and
# --add-modules jdk.incubator.vector), JDK 17 and 25, predictions of one sequence and the first fit of
# the tutorial model (src/bench/java/.../WarmUpTiming.java). One line per JVM; see bench/README.md.
#
#   bench/warmup.sh                 # ROUNDS=2 JVMs per configuration (about 2 minutes)
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64" ROUNDS=1 bench/warmup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
mvn -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
for round in $(seq 1 "$ROUNDS"); do
  for jdk in $JDKS; do
    for flag in "" "--add-modules jdk.incubator.vector"; do
      for mode in "predict cold" "predict warm" "fit cold" "fit warm"; do
        # shellcheck disable=SC2086
        "$jdk/bin/java" $flag -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.github.stackedrnn.bench.WarmUpTiming $mode 2>/dev/null
      done
    done
  done
done
