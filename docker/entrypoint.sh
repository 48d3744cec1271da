#!/usr/bin/env bash
# Container entrypoint: runs the ofql command line with the container's arguments, e.g.
#   docker run ... ofql:gpu sweep --config /runs/sweep.json --out /runs --shard 0/4
# JAVA_OPTS adds JVM options (space separated), e.g. JAVA_OPTS="-Xmx32g".
set -euo pipefail

jar=${OFQL_JAR:-/opt/ofql/ofql.jar}
read -r -a java_opts <<<"${JAVA_OPTS:-}"

# A job killed for memory should exit at once (so the scheduler sees it) rather than limp on.
exec java -XX:+ExitOnOutOfMemoryError "${java_opts[@]}" -Dai.djl.offline=true -jar "$jar" "$@"
