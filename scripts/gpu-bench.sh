#!/usr/bin/env bash
# The GPU measurement in one call, run ON THE GPU MACHINE (an H100 with Python 3, PyTorch built
# for CUDA, CMake and a C++ compiler, and no Java). Not runnable on a machine without a GPU;
# `--no-gpu` only rehearses the Java side (runtime, jar, test runner) on a CPU machine with the
# CPU jar.
#
# Needs the kit from scripts/make-gpu-kit.sh (made where a JDK and Maven are), carried along:
#   KIT/ofql.jar, KIT/jre.tar.xz, KIT/jni-include/, KIT/tests/, KIT/testlib/, and KIT/djl/ (the
#   parts of DJL's sources its JNI library is built from).
# Steps:
#   1. unpacks the Java runtime;
#   2. compiles DJL's JNI library (libdjl_torch.so) against the machine's own libtorch, because
#      the one inside DJL's jar is built for libtorch 2.7.1 only (about 40 s on the H100);
#   3. points DJL at that libtorch with its documented overrides (PYTORCH_LIBRARY_PATH,
#      PYTORCH_VERSION, PYTORCH_FLAVOR) and puts the JNI library where DJL looks for it;
#   4. runs `ofql bench agents --device gpu --out OUT/bench.csv`;
#   5. runs every module's default test suite (TestNG, group "slow" excluded) on that machine,
#      where DJL's default device is the GPU.
# Outputs in OUT (default $OUT): bench.csv, bench.log, tests.log, djl-build.log, summary.txt.
# Work files (the runtime, the JNI build) go to KIT/work and are reused by a later call on the
# same warm machine.
#
# usage: scripts/gpu-bench.sh [--no-gpu] [--no-bench] [--no-tests] [KIT_DIR [OUT_DIR]]
#   OFQL_BENCH_ARGS  extra options for `ofql bench agents`, e.g. "--algos ofql --members 1,5"
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
if $gpu; then
  command -v nvidia-smi >/dev/null 2>&1 || die "nvidia-smi not found: this script runs on the GPU machine"
  say "device: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1)"

  # 2. DJL's JNI library against this machine's libtorch.
  read -r torch_lib torch_version torch_cuda cmake_prefix < <(python3 -c '
import os, torch, torch.utils
print(os.path.join(os.path.dirname(torch.__file__), "lib"), torch.__version__.split("+")[0],
      torch.version.cuda or "none", torch.utils.cmake_prefix_path)')
  [[ $torch_cuda != none ]] || die "python3's torch $torch_version is a CPU build"
  flavor=cu${torch_cuda//./}
  say "libtorch: $torch_version+$flavor in $torch_lib"

  native=$kit/djl/engines/pytorch/pytorch-native
  [[ -f $native/CMakeLists.txt ]] || die "$native missing: make the kit with DJL's sources (make-gpu-kit.sh KIT DJL_SRC)"
  build=$work/djl-build-$torch_version-$flavor
  if [[ ! -f $build/libdjl_torch.so ]]; then
    say "compiling DJL's JNI library (log: djl-build.log)"
    {
      cmake -S "$native" -B "$build" -DCMAKE_BUILD_TYPE=Release -DUSE_CUDA=1 \
        -DCMAKE_PREFIX_PATH="$cmake_prefix" \
        -DJAVA_HOME="$work/jre" \
        -DJAVA_INCLUDE_PATH="$kit/jni-include" -DJAVA_INCLUDE_PATH2="$kit/jni-include/linux" \
        -DJAVA_JVM_LIBRARY="$work/jre/lib/server/libjvm.so" &&
        cmake --build "$build" -- -j "$(nproc)"
    } >"$out/djl-build.log" 2>&1 || die "DJL JNI build failed, see djl-build.log"
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
fi

status=0

# 4. The benchmark.
if $bench; then
  device=gpu
  $gpu || device=cpu
  read -r -a bench_args <<<"${OFQL_BENCH_ARGS:-}"
  say "ofql bench agents --device $device ${bench_args[*]}"
  if "$java" -Dai.djl.offline=true -jar "$kit/ofql.jar" bench agents --device "$device" \
    --out "$out/bench.csv" "${bench_args[@]}" >"$out/bench.log" 2>&1; then
    say "bench: ok, $(($(wc -l <"$out/bench.csv") - 1)) rows in bench.csv"
  else
    say "bench: FAILED (exit $?), see bench.log"
    status=1
  fi
fi

# 5. The default test suite of every module, run as Surefire runs it: the classes Surefire picks
#    by name, each in its own TestNG run (one class's global DJL state cannot leak into another's
#    methods), group "slow" excluded.
if $tests; then
  classpath=$kit/ofql.jar
  for j in "$kit"/testlib/*.jar "$kit"/tests/*.jar; do
    classpath+=:$j
  done
  : >"$out/tests.log"
  for t in "$kit"/tests/*.jar; do
    passed=0 failed=0 skipped=0
    while read -r class; do
      rc=0
      "$java" -Xmx6g -Dai.djl.offline=true -Dofql.shared.dir="$repo/../shared" -cp "$classpath" \
        org.testng.TestNG -verbose 2 -excludegroups slow -d "$work/testng" -testclass "$class" \
        >>"$out/tests.log" 2>&1 || rc=$?
      # TestNG's exit code is a bit set: 1 failures, 2 skips, 8 no tests.
      if ((rc & 1)) || ((rc > 15)); then
        failed=$((failed + 1))
        say "  FAILED: $class (exit $rc)"
      elif ((rc & 2)); then
        skipped=$((skipped + 1))
      else
        passed=$((passed + 1))
      fi
    done < <(python3 -c '
import re, sys, zipfile
pattern = re.compile(r"(^|/)(Test[^/$]*|[^/$]*(Test|Tests|TestCase))\.class$")
for name in sorted(zipfile.ZipFile(sys.argv[1]).namelist()):
    if pattern.search(name):
        print(name[:-len(".class")].replace("/", "."))
' "$t")
    say "tests $(basename "$t" .jar): $passed classes passed, $skipped with skips, $failed failed"
    if [[ $failed -gt 0 ]]; then
      status=1
    fi
  done
fi

if [[ $status -eq 0 ]]; then say "done"; else say "done, with failures"; fi
exit "$status"
