#!/usr/bin/env bash
# The GPU measurement in one call, run ON THE GPU MACHINE (an H100 with Python 3, PyTorch built
# for CUDA, CMake and a C++ compiler, and no Java). `--no-gpu` rehearses every step on a CPU
# machine against a CPU libtorch: OFQL_TORCH_DIR=path/to/unpacked/wheel/torch.
#
# Needs the kit from scripts/make-gpu-kit.sh (made where a JDK and Maven are), carried along:
#   KIT/ofql.jar, KIT/jre.tar.xz, KIT/jni-include/, KIT/tests/, KIT/testlib/, and KIT/djl/ (the
#   parts of DJL's sources its JNI library is built from).
# Steps:
#   1. unpacks the Java runtime;
#   2. compiles DJL's JNI library (libdjl_torch.so) against the machine's own libtorch, because
#      the one inside DJL's jar is built for libtorch 2.7.1 only (about 2 min on 2 cores);
#   3. points DJL at that libtorch with its documented overrides (PYTORCH_LIBRARY_PATH,
#      PYTORCH_VERSION, PYTORCH_FLAVOR) and puts the JNI library where DJL looks for it;
#   4. runs `ofql bench agents --profile`, a long `ofql bench memory` run and the PyTorch reference
#      bench/act_reference.py on the device, merged into OUT/bench.csv (see step 4 below);
#   5. runs every module's default test suite (TestNG, group "slow" excluded) on that machine,
#      where DJL's default device is the GPU.
# Outputs in OUT (default $OUT): bench.csv (and bench-{agents,memory,torch}.csv/.log, traces/),
# tests.log, djl-build.log, summary.txt, and
# the compiled JNI library (put it into KIT to skip the compile on the next fresh machine).
# Work files (the runtime, the JNI build) go to KIT/work and are reused by a later call on the
# same warm machine.
#
# usage: scripts/gpu-bench.sh [--no-gpu] [--no-bench] [--no-tests] [KIT_DIR [OUT_DIR]]
#   OFQL_BENCH_ARGS    extra options for `ofql bench agents`, e.g. "--algos ofql --members 1,5"
#   OFQL_MEMORY_STEPS  OFQL steps of the memory run (default 50000; 0 skips it), and
#   OFQL_MEMORY_EVERY  steps between its samples (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

gpu=true bench=true tests=true
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --no-gpu) gpu=false ;;
    --no-bench) bench=false ;;
    --no-tests) tests=false ;;
    *) echo "gpu-bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
kit=$(cd "${1:-.device}" && pwd)
out=${2:-${OUT:?set OUT or give OUT_DIR}}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$kit/work
mkdir -p "$work"

say() { echo "gpu-bench: $*" | tee -a "$out/summary.txt"; }
die() { say "FAILED: $*"; exit 1; }
: >"$out/summary.txt"

for f in ofql.jar jre.tar.xz; do
  [[ -f $kit/$f ]] || die "$kit/$f missing: make the kit with scripts/make-gpu-kit.sh"
done

# 1. Java runtime.
if [[ ! -x $work/jre/bin/java || $kit/jre.tar.xz -nt $work/jre/bin/java ]]; then
  rm -rf "$work/jre"
  tar -C "$work" -xJf "$kit/jre.tar.xz"
fi
java=$work/jre/bin/java
say "java: $("$java" -version 2>&1 | head -n 1)"

export DJL_OFFLINE=true OMP_NUM_THREADS=1
# MuJoCo 2.2.2 and the font stack, packed by make-gpu-kit.sh (the machine has neither), for the
# Java processes only (python3 and CMake keep the machine's own libraries), and a fontconfig
# setup that knows only the kit's fonts.
java_libs=${LD_LIBRARY_PATH:-}
if [[ -d $kit/lib ]]; then
  java_libs=$kit/lib${java_libs:+:$java_libs}
fi
if [[ -d $kit/fonts ]]; then
  mkdir -p "$work/fontconfig"
  printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
    "$kit/fonts" "$work/fontconfig" >"$work/fonts.conf"
  export FONTCONFIG_FILE=$work/fonts.conf
fi
if $gpu; then
  command -v nvidia-smi >/dev/null 2>&1 || die "nvidia-smi not found: this script runs on the GPU machine"
  say "device: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1)"
fi

# 2. DJL's JNI library against this machine's libtorch: python3's torch, or the torch package
#    folder OFQL_TORCH_DIR names (an unpacked wheel: how the steps are rehearsed on a CPU machine).
read -r torch_dir torch_version torch_cuda < <(python3 -c '
import os
d = os.environ.get("OFQL_TORCH_DIR")
if d:
    v = {}
    exec(open(os.path.join(d, "version.py")).read(), v)
    version, cuda = v["__version__"], v["cuda"]
else:
    import torch
    d, version, cuda = os.path.dirname(torch.__file__), torch.__version__, torch.version.cuda
print(d, version.split("+")[0], cuda or "none")') || die "no libtorch: python3 has no torch and OFQL_TORCH_DIR is unset"
if [[ $torch_cuda == none ]]; then
  $gpu && die "the torch $torch_version in $torch_dir is a CPU build"
  flavor=cpu
else
  flavor=cu${torch_cuda//./}
fi
torch_lib=$torch_dir/lib
say "libtorch: $torch_version+$flavor in $torch_lib"
native=$kit/djl/engines/pytorch/pytorch-native
[[ -f $native/CMakeLists.txt ]] || die "$native missing: make the kit with DJL's sources (make-gpu-kit.sh KIT DJL_SRC)"
build=$work/djl-build-$torch_version-$flavor
# A library compiled by an earlier call (it comes back in OUT) saves the compile on a fresh machine.
prebuilt=$kit/libdjl_torch-$torch_version-$flavor.so
if [[ -f $prebuilt && ! -f $build/libdjl_torch.so ]]; then
  mkdir -p "$build"
  cp "$prebuilt" "$build/libdjl_torch.so"
  say "using the JNI library compiled by an earlier call: $prebuilt"
fi
if [[ ! -f $build/libdjl_torch.so ]]; then
  say "compiling DJL's JNI library (log: djl-build.log)"
  {
    cuda_flag=()
    [[ $flavor == cpu ]] || cuda_flag=(-DUSE_CUDA=1)
    cmake -S "$native" -B "$build" -DCMAKE_BUILD_TYPE=Release "${cuda_flag[@]}" \
      -DCMAKE_PREFIX_PATH="$torch_dir/share/cmake" \
      -DTORCH_LIBRARY="$torch_lib/libtorch.so" -Dc10_LIBRARY="$torch_lib/libc10.so" \
      -DJAVA_HOME="$work/jre" \
      -DJAVA_INCLUDE_PATH="$kit/jni-include" -DJAVA_INCLUDE_PATH2="$kit/jni-include/linux" \
      -DJAVA_JVM_LIBRARY="$work/jre/lib/server/libjvm.so" &&
      cmake --build "$build" -- -j "$(nproc)"
  } >"$out/djl-build.log" 2>&1 || die "DJL JNI build failed, see djl-build.log"
  cp "$build/libdjl_torch.so" "$out/libdjl_torch-$torch_version-$flavor.so"
fi

# 3. DJL looks for <djl version>-libdjl_torch.so in its cache under <version>-<flavor>-<platform>.
djl_version=$(python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
  props = z.read("pytorch-engine.properties").decode()
print(next(l.split("=", 1)[1].strip() for l in props.splitlines() if l.startswith("djl_version=")))
' "$kit/ofql.jar")
export DJL_CACHE_DIR=$work/djl-cache
jni_dir=$DJL_CACHE_DIR/pytorch/$torch_version-$flavor-linux-x86_64
mkdir -p "$jni_dir"
cp "$build/libdjl_torch.so" "$jni_dir/$djl_version-libdjl_torch.so"
export PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_VERSION=$torch_version PYTORCH_FLAVOR=$flavor
say "DJL $djl_version JNI: $jni_dir"

status=0

# 4. The benchmarks, into one CSV (bench.csv, long format: one measured value a row, each row
#    with the device, the driver and the library versions):
#    a. `ofql bench agents --profile`: train-step and acting times (wall and host CPU) of every
#       algorithm for S = 1 and 5, and libtorch's operation counts of a step and of an act call;
#    b. `ofql bench memory`: a long OFQL run (OFQL_MEMORY_STEPS, default 50000) with host RSS,
#       Java heap, malloc, live arrays, GPU memory and step time every OFQL_MEMORY_EVERY (5000);
#    c. bench/act_reference.py: the same acting shapes in PyTorch eager on the same device.
#    Each part's own CSV and log stay beside it (bench-agents.csv, bench-memory.csv, bench-torch.csv).
if $bench; then
  device=gpu torch_device=cuda
  $gpu || { device=cpu; torch_device=cpu; }
  read -r -a bench_args <<<"${OFQL_BENCH_ARGS:-}"
  memory_steps=${OFQL_MEMORY_STEPS:-50000}
  memory_every=${OFQL_MEMORY_EVERY:-5000}
  run_java() {
    LD_LIBRARY_PATH=$java_libs "$java" -Dai.djl.offline=true -jar "$kit/ofql.jar" "$@"
  }
  say "ofql bench agents --device $device --profile ${bench_args[*]}"
  if run_java bench agents --device "$device" --profile "$out/traces" --out "$out/bench-agents.csv" \
    "${bench_args[@]}" >"$out/bench-agents.log" 2>&1; then
    say "bench agents: ok, $(($(wc -l <"$out/bench-agents.csv") - 1)) rows"
  else
    say "bench agents: FAILED (exit $?), see bench-agents.log"
    status=1
  fi
  if ((memory_steps > 0)); then
    say "ofql bench memory --device $device --algo ofql --steps $memory_steps --sample-every $memory_every"
    if run_java bench memory --device "$device" --algo ofql --steps "$memory_steps" --sample-every "$memory_every" \
      --out "$out/bench-memory.csv" >"$out/bench-memory.log" 2>&1; then
      say "bench memory: ok, $(($(wc -l <"$out/bench-memory.csv") - 1)) samples"
    else
      say "bench memory: FAILED (exit $?), see bench-memory.log"
      status=1
    fi
  fi
  say "python3 bench/act_reference.py --device $torch_device"
  if [[ -n ${OFQL_TORCH_DIR:-} ]]; then
    say "bench torch: skipped (OFQL_TORCH_DIR is an unpacked wheel, not an importable torch)"
  elif python3 bench/act_reference.py --device "$torch_device" --dql-steps 5 --out "$out/bench-torch.csv" \
    >"$out/bench-torch.log" 2>&1; then
    say "bench torch: ok"
  else
    say "bench torch: FAILED (exit $?), see bench-torch.log"
    status=1
  fi
  java_version=$("$java" -version 2>&1 | head -n 1)
  driver=none
  $gpu && driver=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -n 1)
  if python3 - "$out" "$java_version" "$driver" "$torch_version+$flavor" <<'PY' >>"$out/summary.txt" 2>&1; then
import csv, os, sys
out, java, driver, libtorch = sys.argv[1:5]
header = ["part", "algorithm", "variant", "members", "step", "metric", "value", "device", "driver", "java",
          "djl_version", "libtorch", "python_torch"]
keys = {"algorithm", "variant", "members", "step", "device", "djl_version", "pytorch_version", "threads"}
rows, device, djl, torch_py = [], "", "", ""
for part in ("agents", "memory", "torch"):
    path = os.path.join(out, "bench-%s.csv" % part)
    if not os.path.exists(path):
        continue
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if part == "torch":
                torch_py = r.get("pytorch_version", "")
            else:
                device, djl = r.get("device", device), r.get("djl_version", djl)
            for metric, value in r.items():
                if metric not in keys and value not in ("", None):
                    rows.append([part, r.get("algorithm", ""), r.get("variant", ""), r.get("members", ""),
                                 r.get("step", ""), metric, value])
tmp = os.path.join(out, "bench.csv.tmp")
with open(tmp, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for row in rows:
        w.writerow(row + [device, driver, java, djl, libtorch, torch_py])
os.replace(tmp, os.path.join(out, "bench.csv"))
print("gpu-bench: bench.csv: %d values (%s; DJL %s, libtorch %s, PyTorch %s)" % (len(rows), device, djl, libtorch,
                                                                              torch_py or "-"))
PY
    :
  else
    say "bench.csv: FAILED to merge the parts"
    status=1
  fi
fi

# 5. The default test suite of every module, as Surefire runs it: the classes Surefire picks by
#    name, all of a module's classes in one JVM, group "slow" excluded. MuJoCo 2.2.2 comes from
#    the kit (the machine has none) and the CS285 recordings from KIT/shared when it holds them.
if $tests; then
  classpath=$kit/ofql.jar
  for j in "$kit"/testlib/*.jar "$kit"/tests/*.jar; do
    classpath+=:$j
  done
  shared=$repo/../shared
  [[ -d $kit/shared ]] && shared=$kit/shared
  : >"$out/tests.log"
  for t in "$kit"/tests/*.jar; do
    classes=$(python3 -c '
import re, sys, zipfile
pattern = re.compile(r"(^|/)(Test[^/$]*|[^/$]*(Test|Tests|TestCase))\.class$")
names = sorted(zipfile.ZipFile(sys.argv[1]).namelist())
print(",".join(n[:-len(".class")].replace("/", ".") for n in names if pattern.search(n)))
' "$t")
    rc=0
    LD_LIBRARY_PATH=$java_libs "$java" -Xmx6g -Dai.djl.offline=true -Dofql.shared.dir="$shared" -cp "$classpath" \
      org.testng.TestNG -verbose 2 -excludegroups slow -d "$work/testng" -testclass "$classes" \
      >"$work/tests-module.log" 2>&1 || rc=$?
    cat "$work/tests-module.log" >>"$out/tests.log"
    totals=$(grep -E '^Total tests run:' "$work/tests-module.log" | tail -n 1)
    say "tests $(basename "$t" .jar): ${totals:-no totals (exit $rc)}"
    # TestNG's exit code is a bit set: 1 failures, 2 skips, 8 no tests.
    if ((rc & 1)) || ((rc > 15)); then
      grep -E '^FAILED: ' "$work/tests-module.log" | sed 's/^/  /' | tee -a "$out/summary.txt" || true
      status=1
    fi
  done
fi

if [[ $status -eq 0 ]]; then say "done"; else say "done, with failures"; fi
exit "$status"
