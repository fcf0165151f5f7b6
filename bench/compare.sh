#!/usr/bin/env bash
# Runs the Java benchmarks (JMH: threads 1 and 2, scalar and vector kernels) and the PyTorch reference
# (1 thread) in alternation, ROUNDS times (java, torch, java, torch, ...), then prints both tables and
# ours / PyTorch per workload. See bench/README.md.
#
#   bench/compare.sh            # full run (about 17 minutes today)
#   QUICK=1 bench/compare.sh    # smoke run: short iterations (about 5 minutes)
#
# Environment: QUICK=1; ROUNDS (default 2); JAVA_THREADS (default 1,2); JAVA_KERNELS (default
# scalar,vector); TORCH_THREADS (default 1); PYTHON (default /usr/bin/python3, which has Debian's
# torch); JMH_ARGS (added to JMH's options, e.g. a benchmark regex such as 'TrainingStepBench.w1');
# TORCH_ARGS (added to pytorch_reference.py's, e.g. '--workloads W1').
# Everything, logs included, goes to target/bench-compare/<date-time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-/usr/bin/python3}
ROUNDS=${ROUNDS:-2}
JAVA_THREADS=${JAVA_THREADS:-1,2}
JAVA_KERNELS=${JAVA_KERNELS:-scalar,vector}
TORCH_THREADS=${TORCH_THREADS:-1}
if [[ "${QUICK:-0}" == 1 ]]; then
  # one 3-second warm-up: the first calls of the vector kernels run unoptimised, boxing every vector,
  # and one 1-second warm-up can end before C2 has compiled them
  jmh_options="-wi 1 -w 3s -i 1 -r 1s"
  torch_options="--seconds 1 --warmup 0.5 --min-calls 3"
else
  jmh_options=""  # the iterations written on each benchmark
  torch_options="--seconds 5 --warmup 2"
fi
out="$PWD/target/bench-compare/$(date +%Y%m%d-%H%M%S)"

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "$PYTHON cannot import torch: apt-get install -y python3-torch libopenblas0-pthread" >&2
  exit 1
fi
mkdir -p "$out"
echo "compiling the benchmarks (mvn -Pbench test-compile)" >&2
mvn -B -q -Pbench test-compile

start=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS: Java (JMH), threads $JAVA_THREADS, kernels $JAVA_KERNELS -> $out/java-$round.log" >&2
  mvn -B -q -Pbench exec:exec \
    -Djmh.args="$jmh_options -p threads=$JAVA_THREADS -p kernels=$JAVA_KERNELS -rf json -rff $out/java-$round.json ${JMH_ARGS:-}" \
    > "$out/java-$round.log" 2>&1 || { tail -30 "$out/java-$round.log" >&2; exit 1; }
  echo "round $round/$ROUNDS: PyTorch, threads $TORCH_THREADS -> $out/torch-$round.log" >&2
  "$PYTHON" bench/pytorch_reference.py --threads "$TORCH_THREADS" $torch_options ${TORCH_ARGS:-} \
    --json "$out/torch-$round.json" > "$out/torch-$round.log" 2>&1 || { tail -30 "$out/torch-$round.log" >&2; exit 1; }
  echo "  $((SECONDS - start)) s so far" >&2
done

head -2 "$out/torch-1.log" | sed 's/^/PyTorch: /'
java -version 2>&1 | head -1 | sed 's/^/Java: /'
echo
"$PYTHON" bench/compare.py --torch-threads "$TORCH_THREADS" \
  --java $(for r in $(seq 1 "$ROUNDS"); do echo "$out/java-$r.json"; done) \
  --torch $(for r in $(seq 1 "$ROUNDS"); do echo "$out/torch-$r.json"; done) | tee "$out/summary.txt"
echo "(files in $out)" >&2
