#!/usr/bin/env bash
# From a fresh Debian 12 (or Ubuntu 24.04) machine to a first result, in one command:
#   bash scripts/quickstart.sh [DEMO_ARGS...]
# Installs what is missing (OpenJDK 17, Maven, MuJoCo 2.2.2; as root, or through sudo), builds
# the project and runs `ofql demo` with the given arguments. Safe to run again: packages already
# installed are skipped, and Maven rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(openjdk-17-jdk-headless maven libmujoco-dev)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "quickstart: installing ${missing[*]}"
  as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "quickstart: not root and no sudo: install ${missing[*]} as root, then run again" >&2
      exit 1
    }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "quickstart: OpenJDK 17, Maven and MuJoCo 2.2.2 already installed"
fi

# Maven must compile for Java 17 even where another JDK is the default.
if ! javac -version 2>&1 | grep -q '^javac 17'; then
  for jdk in /usr/lib/jvm/java-17-openjdk-*; do
    if [[ -x $jdk/bin/javac ]]; then
      export JAVA_HOME=$jdk PATH=$jdk/bin:$PATH
      break
    fi
  done
fi

echo "quickstart: building (mvn package, tests skipped; run them with mvn verify)"
mvn -B -q package -DskipTests

# glibc keeps the memory libtorch frees on the CPU (docs/experiments.md, "CPU speed").
if [[ -z ${MALLOC_MMAP_THRESHOLD_:-}${MALLOC_TRIM_THRESHOLD_:-} ]]; then
  export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
fi
echo "quickstart: java -jar ofql-experiments/target/ofql.jar demo $*"
exec java -jar ofql-experiments/target/ofql.jar demo "$@"
