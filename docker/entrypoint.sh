#!/usr/bin/env bash
# Container entrypoint: runs the ofql command line with the container's arguments, e.g.
#   docker run ... ofql:gpu sweep --config /runs/sweep.json --out /runs --shard 0/4
# JAVA_OPTS adds JVM options (space separated), e.g. JAVA_OPTS="-Xmx32g".
#
# In a Kubernetes Indexed Job each pod gets JOB_COMPLETION_INDEX (0 .. completions-1): a `sweep`
# given without --shard then runs shard JOB_COMPLETION_INDEX/OFQL_SHARDS, so the Job's pod
# template needs no per-pod arguments. OFQL_SHARDS must equal the Job's completions.
set -euo pipefail

jar=${OFQL_JAR:-/opt/ofql/ofql.jar}
read -r -a java_opts <<<"${JAVA_OPTS:-}"

die() {
  echo "entrypoint: $*" >&2
  exit 2
}

args=("$@")
if [[ ${1:-} == sweep && -n ${JOB_COMPLETION_INDEX:-} ]]; then
  sharded=false
  for a in "$@"; do
    if [[ $a == --shard || $a == --shard=* ]]; then
      sharded=true
    fi
  done
  if ! $sharded; then
    index=$JOB_COMPLETION_INDEX
    count=${OFQL_SHARDS:-}
    [[ -n $count ]] || die "JOB_COMPLETION_INDEX is set but OFQL_SHARDS is not: set it to the Job's completions"
    [[ $count =~ ^[1-9][0-9]*$ ]] || die "OFQL_SHARDS must be a positive integer, got '$count'"
    [[ $index =~ ^(0|[1-9][0-9]*)$ ]] || die "JOB_COMPLETION_INDEX must be an integer >= 0, got '$index'"
    ((index < count)) || die "JOB_COMPLETION_INDEX $index is not below OFQL_SHARDS $count: completions and OFQL_SHARDS differ"
    args+=(--shard "$index/$count")
  fi
fi

# A job killed for memory should exit at once (so the scheduler sees it) rather than limp on.
exec java -XX:+ExitOnOutOfMemoryError "${java_opts[@]}" -Dai.djl.offline=true -jar "$jar" "${args[@]}"
