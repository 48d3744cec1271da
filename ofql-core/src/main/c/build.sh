#!/usr/bin/env bash
# Compiles the MuJoCo bridge into the classpath folder JNA looks in (linux-x86-64/), so the
# shaded jar carries it. Called by Maven (exec-maven-plugin) with the output folder as $1.
set -euo pipefail
out_dir=${1:?usage: build.sh OUTPUT_CLASSES_DIR}
src_dir=$(cd "$(dirname "$0")" && pwd)
header=/usr/include/mujoco/mujoco.h
if [[ ! -f $header ]]; then
  echo "libmujoco-dev (MuJoCo 2.2.2) headers not found: apt-get install libmujoco-dev" >&2
  exit 1
fi
target=$out_dir/linux-x86-64/libofqlmujoco.so
if [[ -f $target && $target -nt $src_dir/ofql_mujoco.c && $target -nt $0 ]]; then
  exit 0
fi
mkdir -p "$out_dir/linux-x86-64"
gcc -O2 -std=c11 -Wall -Wextra -fPIC -shared \
  -o "$target.tmp" "$src_dir/ofql_mujoco.c" -lmujoco
mv "$target.tmp" "$target"
