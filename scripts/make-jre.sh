#!/usr/bin/env bash
# Builds a small Java runtime for ofql.jar with jlink, for machines that have no Java (the GPU
# machine): the modules come from jdeps on the jar itself, so the runtime follows the project's
# dependencies. Prints the runtime's size on disk and as a .tar.xz, and writes that archive when
# asked to (what travels to the GPU machine).
#
# usage: scripts/make-jre.sh [JAR] [OUT_DIR] [ARCHIVE.tar.xz]
#   JAR      default ofql-experiments/target/ofql.jar (build it with mvn -Pgpu package)
#   OUT_DIR  default .device/jre (replaced)
#   ARCHIVE  optional; the runtime packed as OUT_DIR's base name
set -euo pipefail
cd "$(dirname "$0")/.."

jar=${1:-ofql-experiments/target/ofql.jar}
out=${2:-.device/jre}
archive=${3:-}
[[ -f $jar ]] || { echo "make-jre: $jar not found (mvn -B -Pgpu package -DskipTests)" >&2; exit 2; }
for tool in jdeps jlink jar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-jre: $tool not found: a JDK 17 is needed" >&2; exit 2; }
done

jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# jdeps reads a jar holding a module-info.class as a named module and then wants every module it
# requires; the shaded jar carries a dependency's module-info under META-INF/versions, so scan a
# copy without them (same classes, same multi-release manifest).
mkdir "$work/x"
(cd "$work/x" && jar xf "$jar")
find "$work/x" -name module-info.class -delete
jar --create --file "$work/scan.jar" --manifest "$work/x/META-INF/MANIFEST.MF" -C "$work/x" .
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$work/scan.jar")
echo "make-jre: modules $modules"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
jlink --add-modules "$modules" --compress=2 --strip-debug --no-header-files --no-man-pages \
  --output "$out"
"$out/bin/java" -version 2>&1 | head -n 1

raw=$(du -sm "$out" | cut -f1)
if [[ -n $archive ]]; then
  tar -C "$(dirname "$out")" -cJf "$archive" "$(basename "$out")"
  packed=$(( $(stat -c %s "$archive") / 1048576 ))
  echo "make-jre: $out is $raw MiB, $archive is $packed MiB"
else
  packed=$(( $(tar -C "$(dirname "$out")" -cJf - "$(basename "$out")" | wc -c) / 1048576 ))
  echo "make-jre: $out is $raw MiB, $packed MiB as .tar.xz"
fi
