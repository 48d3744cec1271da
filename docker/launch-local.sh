#!/usr/bin/env bash
# Launches an `ofql sweep` over the GPUs of this host: one container per GPU, container i runs
# shard i/n of the sweep on GPU i only, all write into the same output folder. Waits for every
# shard and reports each one's exit code; exits non-zero if any shard failed.
#
# usage: docker/launch-local.sh [--dry-run] IMAGE CONFIG DATA_DIR OUT_DIR [NUM_GPUS] [-- SWEEP_ARGS...]
#   IMAGE     a Docker image built from docker/Dockerfile (e.g. ofql:gpu), or the path of an
#             ofql.jar (ending in .jar) to run plain java processes instead of containers
#   CONFIG    the sweep's JSON file (see `ofql sweep --help`); dataset paths inside it must be
#             container paths (/data/...) in container mode, or left to OFQL_DATA_DIR
#   DATA_DIR  datasets, mounted read-only at /data (OFQL_DATA_DIR)
#   OUT_DIR   run folders, mounted at /runs; logs go to OUT_DIR/logs/shard-i.log
#   NUM_GPUS  default: the number of GPUs nvidia-smi lists
#   SWEEP_ARGS extra options for every shard's `ofql sweep`
#   --dry-run prints the commands instead of running them
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

dry_run=false
if [[ ${1:-} == --dry-run ]]; then
  dry_run=true
  shift
fi
[[ $# -ge 4 ]] || usage
image=$1 config=$2 data_dir=$3 out_dir=$4
shift 4
num_gpus=
if [[ $# -gt 0 && $1 != -- ]]; then
  num_gpus=$1
  shift
fi
if [[ $# -gt 0 ]]; then
  [[ $1 == -- ]] || usage
  shift
fi
sweep_args=("$@")

die() {
  echo "launch-local: $*" >&2
  exit 2
}

[[ -f $config ]] || die "config file '$config' not found"
[[ -d $data_dir ]] || die "data dir '$data_dir' is not a directory"
if [[ -z $num_gpus ]]; then
  command -v nvidia-smi >/dev/null 2>&1 || die "nvidia-smi not found: give NUM_GPUS explicitly"
  num_gpus=$(nvidia-smi --list-gpus | grep -c '^GPU ')
fi
[[ $num_gpus =~ ^[1-9][0-9]*$ ]] || die "NUM_GPUS must be a positive integer, got '$num_gpus'"

mode=docker
if [[ $image == *.jar ]]; then
  mode=process
  [[ -f $image ]] || die "jar '$image' not found"
fi

if ! $dry_run; then
  mkdir -p "$out_dir/logs"
fi
abs() { (cd "$1" && pwd); }
config_dir=$(abs "$(dirname "$config")")
config_name=$(basename "$config")
data_abs=$(abs "$data_dir")
if $dry_run && [[ ! -d $out_dir ]]; then
  out_abs=$out_dir
else
  out_abs=$(abs "$out_dir")
fi

# The command of shard i, one word per line of the array `cmd`.
shard_command() {
  local i=$1
  if [[ $mode == docker ]]; then
    cmd=(docker run --rm --name "ofql-sweep-$$-$i" --gpus "device=$i"
      --user "$(id -u):$(id -g)"
      -v "$data_abs:/data:ro" -v "$out_abs:/runs" -v "$config_dir:/config:ro"
      "$image" sweep --config "/config/$config_name" --out /runs --shard "$i/$num_gpus"
      "${sweep_args[@]}")
  else
    cmd=(env "CUDA_VISIBLE_DEVICES=$i" "OFQL_DATA_DIR=$data_abs"
      java -Dai.djl.offline=true -jar "$image"
      sweep --config "$config_dir/$config_name" --out "$out_abs" --shard "$i/$num_gpus"
      "${sweep_args[@]}")
  fi
}

if $dry_run; then
  for ((i = 0; i < num_gpus; i++)); do
    shard_command "$i"
    printf '%q ' "${cmd[@]}"
    echo
  done
  exit 0
fi

pids=()
stop_all() {
  echo "launch-local: interrupted, stopping the shards" >&2
  for ((i = 0; i < ${#pids[@]}; i++)); do
    if [[ $mode == docker ]]; then
      docker stop "ofql-sweep-$$-$i" >/dev/null 2>&1 || true
    fi
    kill "${pids[$i]}" 2>/dev/null || true
  done
}
trap 'stop_all; exit 130' INT TERM

for ((i = 0; i < num_gpus; i++)); do
  shard_command "$i"
  log="$out_abs/logs/shard-$i.log"
  echo "launch-local: shard $i/$num_gpus on GPU $i, log $log"
  "${cmd[@]}" >"$log" 2>&1 &
  pids+=($!)
done

failed=0
for ((i = 0; i < num_gpus; i++)); do
  rc=0
  wait "${pids[$i]}" || rc=$?
  echo "launch-local: shard $i/$num_gpus exited with $rc"
  if [[ $rc -ne 0 ]]; then
    failed=$((failed + 1))
  fi
done
trap - INT TERM
if [[ $failed -gt 0 ]]; then
  echo "launch-local: $failed of $num_gpus shards failed (logs in $out_abs/logs)" >&2
  exit 1
fi
echo "launch-local: all $num_gpus shards finished"
