#!/usr/bin/env bash
# Runs, in alternation and ROUNDS times, the library's JMH benchmarks on each JDK (17 and 25), and the
# peers: PyTorch 2.13 (1 and 2 threads), Keras 3 on JAX, ONNX Runtime Java (inference; the PyTorch
# networks exported to ONNX) and, when Debian's python3-torch is installed, its PyTorch 1.13 (1 thread).
# Measures the single-thread SGEMM peak first, then prints every table, the best peer per row, ours /
# best and the fraction of the peak. See bench/README.md (how to install the peers).
#
#   bench/compare.sh            # full run (about 35 minutes on an idle machine)
#   QUICK=1 bench/compare.sh    # smoke run: short iterations (about 12 minutes)
#
# Environment: QUICK=1; ROUNDS (default 2); JAVAS (java executables, one run of ours each; default
# the `java` on the PATH and /usr/lib/jvm/temurin-25-jdk-amd64/bin/java); JAVA_THREADS (default 1,2);
# JAVA_KERNELS (default vector; scalar,vector for both); PEERS (default "torch keras ort torch113";
# torch113 is skipped when PYTHON cannot import torch); TORCH_PYTHON (default /work/venv-torch/bin/python);
# TORCH_THREADS (default "1 2"); KERAS_PYTHON (default /work/venv-keras/bin/python); ORT_THREADS
# (default 1,2); PYTHON (Debian's, default /usr/bin/python3); JMH_ARGS (added to our JMH options, e.g.
# a benchmark regex such as 'TrainingStepBench.w1'); ORT_ARGS (added to ONNX Runtime's JMH options, e.g.
# 'OrtInferenceBench.w2'); TORCH_ARGS (added to the options of the Python peers, pytorch_reference.py and
# peers/keras_bench.py, e.g. '--workloads W1').
# Everything, logs included, goes to target/bench-compare/<date-time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-/usr/bin/python3}
export KERAS_BACKEND=jax  # Keras 3 imports TensorFlow without it
TORCH_PYTHON=${TORCH_PYTHON:-/work/venv-torch/bin/python}
KERAS_PYTHON=${KERAS_PYTHON:-/work/venv-keras/bin/python}
ROUNDS=${ROUNDS:-2}
JAVA_THREADS=${JAVA_THREADS:-1,2}
JAVA_KERNELS=${JAVA_KERNELS:-vector}
TORCH_THREADS=${TORCH_THREADS:-1 2}
ORT_THREADS=${ORT_THREADS:-1,2}
PEERS=${PEERS:-torch keras ort torch113}
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAVAS=${JAVAS:-java$([[ -x $jdk25 ]] && echo " $jdk25")}
if [[ "${QUICK:-0}" == 1 ]]; then
  # one 3-second warm-up: the first calls of the vector kernels run unoptimised, boxing every vector,
  # and one 1-second warm-up can end before C2 has compiled them
  jmh_options="-wi 1 -w 3s -i 1 -r 1s"
  py_options="--seconds 1 --warmup 0.5 --min-calls 3"
  peak_options="--seconds 1"
else
  jmh_options=""  # the iterations written on each benchmark
  py_options="--seconds 5 --warmup 2"
  peak_options="--seconds 3"
fi
out="$PWD/target/bench-compare/$(date +%Y%m%d-%H%M%S)"

has() { [[ " $PEERS " == *" $1 "* ]]; }
need() {  # python, module, what to do
  if ! "$1" -c "import $2" 2>/dev/null; then echo "$1 cannot import $2: $3 (bench/README.md)" >&2; exit 1; fi
}
has torch && need "$TORCH_PYTHON" torch "make /work/venv-torch with torch==2.13.0+cpu numpy onnx"
has ort && need "$TORCH_PYTHON" onnx "install onnx into $TORCH_PYTHON's venv (the ONNX export needs it)"
has keras && need "$KERAS_PYTHON" "jax, keras" "make /work/venv-keras with keras==3.15.1 jax==0.10.2 jaxlib==0.10.2"
if has torch113 && ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "skipping Debian's PyTorch 1.13: $PYTHON cannot import torch (apt-get install -y python3-torch libopenblas0-pthread)" >&2
  PEERS=${PEERS/torch113/}
fi
mkdir -p "$out"
echo "compiling the benchmarks (mvn -Pbench test-compile) and listing their class path" >&2
mvn -B -q -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" > "$out/mvn.log" 2>&1 || { tail -30 "$out/mvn.log" >&2; exit 1; }
cp="$PWD/target/test-classes:$PWD/target/classes:$(cat "$out/classpath.txt")"

labels=()
for j in $JAVAS; do
  labels+=("JDK $("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')")
done

sgemm_python=$TORCH_PYTHON
[[ -x $sgemm_python ]] || sgemm_python=$PYTHON
echo "SGEMM peak, one thread ($sgemm_python bench/peers/sgemm_peak.py)" >&2
"$sgemm_python" bench/peers/sgemm_peak.py $peak_options --json "$out/sgemm-before.json" 2> "$out/sgemm-before.log" \
  || { cat "$out/sgemm-before.log" >&2; exit 1; }
cat "$out/sgemm-before.log" >&2
if has ort; then
  echo "exporting the PyTorch networks to ONNX -> $out/onnx" >&2
  "$TORCH_PYTHON" bench/peers/export_onnx.py "$out/onnx" > "$out/export.log" 2>&1 || { tail -30 "$out/export.log" >&2; exit 1; }
fi

jmh() {  # java, log/json name, JMH options...
  local j=$1 name=$2
  shift 2
  # ignoreLock: JMH's lock in /tmp stops a run when another user's JMH runs; on a shared machine that
  # lock protects nothing (the load is there either way), so the run goes on and the by-round column tells
  "$j" -Djmh.ignoreLock=true -cp "$cp" io.github.stackedrnn.bench.BenchMain "$@" -rf json -rff "$out/$name.json" \
    > "$out/$name.log" 2>&1 || { tail -30 "$out/$name.log" >&2; exit 1; }
}

start=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
  n=0
  for j in $JAVAS; do
    n=$((n + 1))
    echo "round $round/$ROUNDS: ours on ${labels[n-1]}, threads $JAVA_THREADS, kernels $JAVA_KERNELS -> $out/ours$n-$round.log" >&2
    # shellcheck disable=SC2086
    jmh "$j" "ours$n-$round" $jmh_options -p threads="$JAVA_THREADS" -p kernels="$JAVA_KERNELS" \
      -e 'peers|ServingBench' ${JMH_ARGS:-}
  done
  if has torch; then
    for t in $TORCH_THREADS; do
      echo "round $round/$ROUNDS: PyTorch ($TORCH_PYTHON), threads $t -> $out/torch$t-$round.log" >&2
      # shellcheck disable=SC2086
      "$TORCH_PYTHON" bench/pytorch_reference.py --threads "$t" $py_options ${TORCH_ARGS:-} \
        --json "$out/torch$t-$round.json" > "$out/torch$t-$round.log" 2>&1 || { tail -30 "$out/torch$t-$round.log" >&2; exit 1; }
    done
  fi
  if has keras; then
    echo "round $round/$ROUNDS: Keras on JAX ($KERAS_PYTHON) -> $out/keras-$round.log" >&2
    # shellcheck disable=SC2086
    "$KERAS_PYTHON" bench/peers/keras_bench.py $py_options ${TORCH_ARGS:-} \
      --json "$out/keras-$round.json" > "$out/keras-$round.log" 2>&1 || { tail -30 "$out/keras-$round.log" >&2; exit 1; }
  fi
  if has ort; then
    echo "round $round/$ROUNDS: ONNX Runtime Java, threads $ORT_THREADS -> $out/ort-$round.log" >&2
    # shellcheck disable=SC2086
    jmh java "ort-$round" $jmh_options -p threads="$ORT_THREADS" -jvmArgsPrepend "-Dstackedrnn.onnx.dir=$out/onnx" \
      ${ORT_ARGS:-'\.peers\.'}
  fi
  if has torch113; then
    echo "round $round/$ROUNDS: Debian's PyTorch ($PYTHON), 1 thread -> $out/torch113-$round.log" >&2
    # shellcheck disable=SC2086
    "$PYTHON" bench/pytorch_reference.py --threads 1 $py_options ${TORCH_ARGS:-} \
      --json "$out/torch113-$round.json" > "$out/torch113-$round.log" 2>&1 || { tail -30 "$out/torch113-$round.log" >&2; exit 1; }
  fi
  echo "  $((SECONDS - start)) s so far" >&2
done
"$sgemm_python" bench/peers/sgemm_peak.py $peak_options --json "$out/sgemm-after.json" 2> "$out/sgemm-after.log" || true
# the better of the two measurements: on a shared machine the lower one was disturbed
python3 - "$out" <<'EOF'
import json, os, sys
runs = [json.load(open(os.path.join(sys.argv[1], f))) for f in ("sgemm-before.json", "sgemm-after.json")
        if os.path.exists(os.path.join(sys.argv[1], f))]
json.dump(max(runs, key=lambda r: r["per_core"]), open(os.path.join(sys.argv[1], "sgemm.json"), "w"), indent=1)
EOF

rounds() { for r in $(seq 1 "$ROUNDS"); do echo "$out/$1-$r.json"; done; }
args=()
n=0
for j in $JAVAS; do
  n=$((n + 1))
  "$j" -version 2>&1 | head -1 | sed "s/^/${labels[n-1]}: /"
  mapfile -t files < <(rounds "ours$n")
  args+=(--ours "${labels[n-1]}" "${files[@]}")
done
if has torch; then
  head -1 "$out/torch${TORCH_THREADS%% *}-1.log" | sed 's/^/PyTorch: /'
  files=()
  for t in $TORCH_THREADS; do mapfile -t -O "${#files[@]}" files < <(rounds "torch$t"); done
  # one label for both thread counts: the rows keep their threads
  args+=(--peer "PyTorch $("$TORCH_PYTHON" -c 'import torch; print(torch.__version__.split("+")[0])')")
  args+=("${files[@]}")
fi
if has keras; then
  head -1 "$out/keras-1.log" | sed 's/^/Keras: /'
  mapfile -t files < <(rounds keras)
  args+=(--peer "Keras-JAX" "${files[@]}")
fi
if has ort; then
  mapfile -t files < <(rounds ort)
  args+=(--peer "ORT Java" "${files[@]}")
fi
if has torch113; then
  head -2 "$out/torch113-1.log" | sed 's/^/Debian PyTorch: /'
  mapfile -t files < <(rounds torch113)
  args+=(--peer "PyTorch 1.13" "${files[@]}")
fi
sed -n 's/^SGEMM/SGEMM/p' "$out/sgemm-before.log" "$out/sgemm-after.log" 2>/dev/null
echo
python3 bench/compare.py "${args[@]}" --peak "$out/sgemm.json" | tee "$out/summary.txt"
echo "(files in $out)" >&2
