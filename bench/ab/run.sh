#!/usr/bin/env bash
# Paired A/B of two library jars in one JVM: each jar in its own child-first class loader, the two
# alternated call by call (and which goes first alternated), so both see the same machine load.
# Usage: bench/ab/run.sh OLD.jar NEW.jar W1|W2|W3|W4|W5 [rounds]   (prints medians and the median paired ratio)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
slf4j="$(find ~/.m2/repository/org/slf4j/slf4j-api -name 'slf4j-api-*.jar' | sort | tail -1)"
out="$(mktemp -d)"
mkdir -p "$out/classes"
javac -d "$out/classes" -cp "$2" "$here"/AbStep.java "$here"/AbMain.java
java --add-modules jdk.incubator.vector -Dab.classes="$out/classes" -cp "$out/classes" AbMain "$1" "$2" "$slf4j" "$3" "${4:-15}"
