#!/usr/bin/env bash
# Builds the CPU image (docker/Dockerfile, target cpu) with podman from a Debian base made with
# debootstrap (no registry), runs it with the network off, and checks it against the jar run
# outside the container:
#   1. `ofql demo` (a short toy-bandit sweep of every algorithm) in the container, read-only root,
#      /runs mounted, as a user other than root: the same `ofql table` and the same evals.csv
#      rows (all but wall_s) as the demo run by the jar on the host, and every file in /runs
#      owned by that user;
#   2. `ofql train` on a dataset mounted at /data (the CS285 Hopper recording from ../shared,
#      when present): the same evals.csv rows;
#   3. a Kubernetes-style pod (JOB_COMPLETION_INDEX=1, OFQL_SHARDS=2) runs shard 1/2 of a sweep.
# Prints the build time and the image's size.
#
# usage: scripts/check-image.sh [--no-build] [JAR [DIR]]
#   --no-build  use the image as it is (OFQL_IMAGE) instead of building it
#   JAR         the host's jar, default ofql-experiments/target/ofql.jar (mvn -B package -DskipTests)
#   DIR         scratch folder for runs (default /tmp/ofql-check-image; emptied)
#   OFQL_IMAGE  the image to build and run (default localhost/ofql:cpu)
#   OFQL_BASE_IMAGE  the Debian base (default localhost/ofql-debian:bookworm; made when missing)
#   OFQL_SHARED the shared data folder (default ../shared beside the repository)
#   OFQL_CHECK_PARTS  which of the checks 1-3 to run (default "demo train pod")
#   OFQL_MAVEN_CA  CA certificates (PEM) for Maven in the builder stage (default: the ones in
#               /usr/local/share/ca-certificates, if any)
# Needs root (debootstrap, podman build), podman, buildah's runc, and a JDK 17 for the host side.
# podman's settings come from containers.conf as usual (CONTAINERS_CONF).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

build=true
if [[ ${1:-} == --no-build ]]; then
  build=false
  shift
fi
jar=${1:-ofql-experiments/target/ofql.jar}
dir=${2:-/tmp/ofql-check-image}
image=${OFQL_IMAGE:-localhost/ofql:cpu}
base=${OFQL_BASE_IMAGE:-localhost/ofql-debian:bookworm}
shared=${OFQL_SHARED:-$repo/../shared}
[[ -f $jar ]] || { echo "check-image: $jar not found (mvn -B package -DskipTests)" >&2; exit 2; }
command -v podman >/dev/null 2>&1 || { echo "check-image: podman not found (apt-get install podman runc)" >&2; exit 2; }
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

export OMP_NUM_THREADS=1
rm -rf "$dir"
mkdir -p "$dir/host" "$dir/container" "$dir/logs"
dir=$(cd "$dir" && pwd)
# shellcheck source=/dev/null
source "$repo/scripts/check-lib.sh" check-image

if $build; then
  if ! podman image exists "$base"; then
    step "making the base image $base"
    bash "$repo/scripts/make-base-image.sh" "$base"
  fi
  # The CAs this machine added to its trust store (update-ca-certificates), for Maven in the
  # builder stage: a network that re-signs TLS needs them, and the build secret keeps them out
  # of every layer.
  secret=()
  ca=${OFQL_MAVEN_CA:-}
  if [[ -z $ca ]] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    ca=$dir/logs/maven-ca.pem
    cat /usr/local/share/ca-certificates/*.crt >"$ca"
  fi
  if [[ -n $ca ]]; then
    secret=(--secret "id=maven-ca,src=$ca")
  fi
  step "podman build --target cpu -t $image ${secret[*]}"
  t0=$SECONDS
  podman build -f docker/Dockerfile --target cpu "${secret[@]}" \
    --build-arg BUILD_IMAGE="$base" --build-arg RUNTIME_IMAGE="$base" -t "$image" . >"$dir/logs/build.log" 2>&1 ||
    { tail -n 30 "$dir/logs/build.log" >&2; fail "the image did not build (log: $dir/logs/build.log)"; }
  step "built in $((SECONDS - t0)) s"
fi
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "check-image: $image is $((size / 1048576)) MiB"

# A user other than root when run as root, so that the check means something: the container
# must write its files as the user it is given, as the launchers give it the caller's.
if [[ $(id -u) -eq 0 ]]; then
  user=65534:65534
else
  user=$(id -u):$(id -g)
fi
chown "$user" "$dir/container"

# The container as docker/launch-local.sh and the Slurm template run it, network off.
in_container() {
  local data=$1
  shift
  podman run --rm --network none --read-only --user "$user" --env OMP_NUM_THREADS=1 \
    --volume "$data:/data:ro" --volume "$dir/container:/runs" "$@"
}
host() { java -Dai.djl.offline=true -jar "$jar" "$@"; }
parts=" ${OFQL_CHECK_PARTS:-demo train pod} "
part() { [[ $parts == *" $1 "* ]]; }

# evals.csv without the wall_s column (the time a run took), for every run under a folder.
evals() {
  (cd "$1" && find . -name evals.csv | sort | while read -r f; do
    echo "== $f"
    awk -F, -v OFS=, '{ $3 = ""; print }' "$f"
  done)
}

demo=(demo --steps 20 --seeds "0,1" --batch-size 32)
if part demo; then
step "ofql ${demo[*]} on the host"
t0=$SECONDS
host "${demo[@]}" --out "$dir/host/demo" >"$dir/logs/host-demo.log" 2>&1 ||
  { tail -n 20 "$dir/logs/host-demo.log" >&2; fail "the demo failed on the host"; }
host_s=$((SECONDS - t0))
step "ofql ${demo[*]} in the container (network none, read-only root, user $user)"
t0=$SECONDS
in_container "$dir/host" "$image" "${demo[@]}" --out /runs/demo >"$dir/logs/container-demo.log" 2>&1 ||
  { tail -n 20 "$dir/logs/container-demo.log" >&2; fail "the demo failed in the container"; }
container_s=$((SECONDS - t0))
step "demo: ${host_s} s on the host, ${container_s} s in the container"
host table "$dir/host/demo" >"$dir/logs/host-table.md"
host table "$dir/container/demo" >"$dir/logs/container-table.md"
cat "$dir/logs/container-table.md"
diff "$dir/logs/host-table.md" "$dir/logs/container-table.md" || fail "the demo's table differs"
diff <(evals "$dir/host/demo") <(evals "$dir/container/demo") || fail "the demo's evals.csv differ"
step "demo: the same table and evals.csv rows in and out of the container"
owners=$(find "$dir/container" -printf '%U:%G\n' | sort -u)
[[ $owners == "$user" ]] || fail "files in /runs owned by $owners, not $user"
step "every file in /runs belongs to $user"
fi

data=$shared/data/cs285
if ! part train; then
  :
elif [[ -f $data/hopper-expert-cs285.hdf5 ]]; then
  data=$(cd "$data" && pwd)
  train=(train --algo ofql --task hopper-expert-v2 --seeds 0 --steps 20 --eval-every 10 --eval-episodes 1
    --set batchSize=32)
  step "ofql ${train[*]} on the mounted CS285 Hopper recording"
  host "${train[@]}" --dataset "$data/hopper-expert-cs285.hdf5" --out "$dir/host/train" >"$dir/logs/host-train.log" 2>&1 ||
    { tail -n 20 "$dir/logs/host-train.log" >&2; fail "train failed on the host"; }
  in_container "$data" "$image" "${train[@]}" --dataset /data/hopper-expert-cs285.hdf5 --out /runs/train \
    >"$dir/logs/container-train.log" 2>&1 || { tail -n 20 "$dir/logs/container-train.log" >&2; fail "train failed in the container"; }
  diff <(evals "$dir/host/train") <(evals "$dir/container/train") || fail "train's evals.csv differ"
  evals "$dir/container/train"
  step "train: the same evals.csv rows in and out of the container"
else
  step "SKIPPED train on a dataset: no $data/hopper-expert-cs285.hdf5 (set OFQL_SHARED)"
fi

if part pod; then
step "pod 1 of an Indexed Job with 2 completions (JOB_COMPLETION_INDEX=1, OFQL_SHARDS=2)"
in_container "$dir/host" --env JOB_COMPLETION_INDEX=1 --env OFQL_SHARDS=2 "$image" \
  sweep --tasks toy-bandit --algos fql,ofql --seeds 0 --steps 2 --eval-every 2 --set batchSize=8 \
  --out /runs/pod1 >"$dir/logs/pod1.log" 2>&1 || { cat "$dir/logs/pod1.log" >&2; fail "the pod's sweep failed"; }
ran=$(cd "$dir/container/pod1" && find . -name summary.json | sort | tr '\n' ' ')
[[ $ran == "./toy-bandit/ofql/summary.json " ]] || fail "pod 1 of 2 ran '$ran', expected toy-bandit/ofql only"
grep -q "sweep 1/2" "$dir/logs/pod1.log" || fail "pod 1 did not report shard 1/2"
step "pod 1 of 2 ran shard 1/2: toy-bandit/ofql only"
fi
passed "$image is $((size / 1048576)) MiB"
