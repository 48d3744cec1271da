#!/usr/bin/env bash
# Packs what scripts/gpu-bench.sh needs on the GPU machine, which has Python, PyTorch, CMake and a
# compiler but no Java, into one ignored folder (default .device/) to carry there:
#
#   ofql.jar            built with -Pgpu (no CPU libtorch inside)
#   jre.tar.xz          a jlink'd Java 17 runtime (scripts/make-jre.sh)
#   jni-include/        jni.h and jni_md.h, to compile DJL's JNI library there
#   tests/*.jar         each module's compiled tests; testlib/: TestNG and what it needs
#   lib/                MuJoCo 2.2.2, the Java runtime's font stack (fontconfig, FreeType,
#                       HarfBuzz) and the libraries they link, which the GPU machine lacks
#   fonts/              DejaVu Sans, for the charts the tests draw
#   shared/             the CS285 recordings from ../shared, when present (never committed)
#   djl/                only when DJL_SRC is given: the parts of DJL's sources that its JNI
#                       library is compiled from, plus the JNI header generated here with javac
#
# usage: scripts/make-gpu-kit.sh [KIT_DIR] [DJL_SRC]
#   DJL_SRC  a folder holding DJL's sources at the version in the parent pom (djl.version); the
#            project never commits them nor anything built from them: keep both in ignored folders
set -euo pipefail
cd "$(dirname "$0")/.."

kit=${1:-.device}
djl_src=${2:-}
mkdir -p "$kit"
kit=$(cd "$kit" && pwd)
if ! git check-ignore -q "$kit/probe" 2>/dev/null; then
  echo "make-gpu-kit: $kit is not ignored by git; use an ignored folder such as .device" >&2
  exit 2
fi

echo "make-gpu-kit: building the GPU jar and the tests (mvn -Pgpu package -DskipTests)"
rm -rf "$kit/tests" "$kit/testlib"
mkdir -p "$kit/tests" "$kit/testlib"
# In the same reactor build: TestNG and its own dependencies (everything else the tests use is
# inside ofql.jar); a separate call could not resolve the modules' unpublished SNAPSHOTs.
mvn -B -q -Pgpu package -DskipTests dependency:copy-dependencies -DincludeScope=test \
  -DincludeGroupIds=org.testng,org.jcommander,org.webjars -DoutputDirectory="$kit/testlib"
cp ofql-experiments/target/ofql.jar "$kit/ofql.jar"

rm -rf "$kit/jre" "$kit/jre.tar.xz"
scripts/make-jre.sh "$kit/ofql.jar" "$kit/jre" "$kit/jre.tar.xz"
# Only the archive travels: the unpacked runtime would count twice against the size limit.
rm -rf "$kit/jre"

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
rm -rf "$kit/jni-include"
mkdir -p "$kit/jni-include/linux"
cp "$java_home/include/jni.h" "$kit/jni-include/"
cp "$java_home/include/linux/jni_md.h" "$kit/jni-include/linux/"

# Shared libraries the GPU machine lacks, with what they link (not libc/libm/libstdc++, nor the
# runtime's own): MuJoCo 2.2.2 for the tests that step an environment, and the font stack the
# runtime's libfontmanager links or loads (fontconfig) for the tests that draw a chart. Then the
# CS285 recordings those tests compare with, when ../shared has them.
rm -rf "${kit:?}/lib" "${kit:?}/fonts" "${kit:?}/shared"
mkdir -p "$kit/lib" "$kit/fonts"
library() {
  local path
  path=$(ldconfig -p | awk -v name="$1" '$1 == name && /x86-64/ {print $NF; exit}')
  [[ -n $path ]] || { echo "make-gpu-kit: $1 not found: apt-get install $2" >&2; exit 2; }
  echo "$path"
}
# What a library links, found by ldd, less libc, libm, libgcc_s, libstdc++ and the runtime's own.
deps() {
  ldd "$1" | awk '$3 ~ /^\// && $3 !~ /\/lib(c|m|gcc_s|stdc\+\+|jvm|java|awt)\.so/ {print $3}'
}
pack() {
  cp -L "$1" "$kit/lib/"
  deps "$1" | while read -r dep; do cp -L "$dep" "$kit/lib/"; done
}
pack "$(library libmujoco.so.2.2.2 libmujoco-dev)"
pack "$(library libfontconfig.so.1 libfontconfig1)"
deps "$java_home/lib/libfontmanager.so" | while read -r dep; do pack "$dep"; done
for font in DejaVuSans.ttf DejaVuSans-Bold.ttf; do
  cp "/usr/share/fonts/truetype/dejavu/$font" "$kit/fonts/" ||
    { echo "make-gpu-kit: $font not found: apt-get install fonts-dejavu-core" >&2; exit 2; }
done
if [[ -d ../shared/data/cs285 ]]; then
  mkdir -p "$kit/shared/data"
  cp -r ../shared/data/cs285 "$kit/shared/data/"
fi

for classes in */target/test-classes; do
  module=${classes%%/*}
  if [[ -n $(find "$classes" -name '*.class' -print -quit) ]]; then
    jar --create --file "$kit/tests/$module-tests.jar" -C "$classes" .
  fi
done

if [[ -n $djl_src ]]; then
  native=$djl_src/engines/pytorch/pytorch-native
  library=$djl_src/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
  for f in "$native/CMakeLists.txt" "$djl_src/api/src/main/native/djl/utils.h" "$library"; do
    [[ -f $f ]] || { echo "make-gpu-kit: $f not found: is $djl_src DJL's source tree?" >&2; exit 2; }
  done
  rm -rf "$kit/djl"
  mkdir -p "$kit/djl/engines/pytorch" "$kit/djl/api/src/main"
  cp -r "$native" "$kit/djl/engines/pytorch/pytorch-native"
  rm -rf "$kit/djl/engines/pytorch/pytorch-native/build"
  cp -r "$djl_src/api/src/main/native" "$kit/djl/api/src/main/native"
  # DJL's CMakeLists includes build/include, where its own build script puts this header.
  classes=$(mktemp -d)
  javac -h "$kit/djl/engines/pytorch/pytorch-native/build/include" -d "$classes" "$library"
  rm -rf "$classes"
fi

echo "make-gpu-kit: $(du -sm "$kit" | cut -f1) MiB in $kit (the working tree that travels with it"
echo "              must stay under 64 MiB in all):"
du -sh "$kit"/* | sed 's/^/  /'
