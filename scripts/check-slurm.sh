#!/usr/bin/env bash
# Runs docker/slurm/ofql-sweep.sbatch on a real single-node Slurm cluster on this machine
# (scripts/slurm-local.sh) and checks it against the same sweep run without Slurm:
#   1. the toy sweep below (toy-bandit x {fql, ofql}, one seed, 20 steps, a checkpoint at 10 and
#      one evaluation at the end) runs as one process;
#   2. the same sweep runs as a 2-task array job (`sbatch --array=0-1`); once both tasks end,
#      `ofql table` over the shared output folder must equal the table of step 1;
#   3. again into a fresh folder, but task 1 is cancelled with `scancel` after its first
#      checkpoint and submitted again alone (OFQL_SHARDS=2 sbatch --array=1): it must report
#      that it resumes, and the table must again equal that of step 1.
# The runs are deterministic on the CPU with one thread, so the tables match exactly.
#
# usage: scripts/check-slurm.sh [--launch jar|podman] [--keep] [JAR [DIR]]
#   --launch  how the array tasks run ofql (OFQL_LAUNCH): the jar (default), or the image
#             OFQL_IMAGE (default localhost/ofql:cpu) through podman
#   --keep    leave the cluster running and DIR in place
#   JAR       default ofql-experiments/target/ofql.jar (mvn -B package -DskipTests)
#   DIR       scratch folder: cluster state, runs, logs (default /tmp/ofql-check-slurm; emptied)
# Needs root, slurm-wlm and munge. Takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}
launch=jar keep=false
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --launch) launch=${2:-}; shift 2 ;;
    --keep) keep=true; shift ;;
    *) usage ;;
  esac
done
[[ $launch == jar || $launch == podman ]] || usage
jar=${1:-ofql-experiments/target/ofql.jar}
dir=${2:-/tmp/ofql-check-slurm}
[[ -f $jar ]] || { echo "check-slurm: $jar not found (mvn -B package -DskipTests)" >&2; exit 2; }
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

export OMP_NUM_THREADS=1
rm -rf "$dir/runs" "$dir/logs" "$dir/tables"
mkdir -p "$dir/runs" "$dir/logs" "$dir/tables" "$dir/data"
dir=$(cd "$dir" && pwd)
# shellcheck source=/dev/null
source "$repo/scripts/check-lib.sh" check-slurm

bash "$repo/scripts/slurm-local.sh" start "$dir/slurm"
export SLURM_CONF=$dir/slurm/slurm.conf
if ! $keep; then
  trap 'bash "$repo/scripts/slurm-local.sh" stop "$dir/slurm" >/dev/null || true' EXIT
fi

cat >"$dir/sweep.json" <<'EOF'
{
  "tasks": ["toy-bandit"],
  "algos": ["fql", "ofql"],
  "seeds": [0],
  "steps": 20,
  "eval_every": 20,
  "checkpoint_every": 10,
  "log_every": 10,
  "set": {"*": {"batchSize": "32"}}
}
EOF

ofql() { java -Dai.djl.offline=true -jar "$jar" "$@"; }

step "the sweep without Slurm"
ofql sweep --config "$dir/sweep.json" --out "$dir/runs/plain" >"$dir/logs/plain.log" 2>&1 ||
  { tail -n 20 "$dir/logs/plain.log" >&2; fail "the sweep without Slurm failed"; }
ofql table "$dir/runs/plain" >"$dir/tables/plain.md"
cat "$dir/tables/plain.md"

# Submits the template with the given extra sbatch options; prints the job id.
submit() {
  local out=$1
  shift
  env OFQL_LAUNCH="$launch" OFQL_JAR="$jar" OFQL_IMAGE="${OFQL_IMAGE:-localhost/ofql:cpu}" \
    OFQL_CONFIG="$dir/sweep.json" OFQL_DATA="$dir/data" OFQL_RUNS="$dir/runs/$out" \
    sbatch --parsable --gres=none --mem=2G --cpus-per-task=1 --time=30 \
    --output="$dir/logs/$out-%A_%a.out" "$@" "$repo/docker/slurm/ofql-sweep.sbatch"
}

# Waits until no task of job $1 is queued or running.
wait_job() {
  local waited=0
  while [[ -n $(squeue --noheader --jobs "$1" 2>/dev/null) ]]; do
    sleep 2
    waited=$((waited + 2))
    ((waited < 1800)) || fail "job $1 still running after 30 minutes"
  done
}

# Checks that task $2 of job $1 exited with 0 (Slurm keeps finished jobs for MinJobAge, 300 s).
check_exit() {
  local code
  code=$(scontrol show job "$1_$2" | sed -n 's/.* ExitCode=\([0-9:]*\).*/\1/p')
  [[ $code == 0:0 ]] || { cat "$dir"/logs/*-"$1_$2".out >&2 || true; fail "array task $1_$2 exit code '$code'"; }
}

step "the sweep as a 2-task array job (OFQL_LAUNCH=$launch)"
job=$(submit array --array=0-1)
wait_job "$job"
check_exit "$job" 0
check_exit "$job" 1
cat "$dir"/logs/array-*.out
ofql table "$dir/runs/array" >"$dir/tables/array.md"
diff "$dir/tables/plain.md" "$dir/tables/array.md" || fail "the array job's table differs from the plain sweep's"
step "the array job's table equals the plain sweep's"

step "again, cancelling task 1 after its first checkpoint"
job=$(submit resume --array=0-1)
# Shard 1 of 2 runs the second job in (task, algorithm) order: toy-bandit/ofql.
state=$dir/runs/resume/toy-bandit/ofql/state.json
waited=0
until [[ -f $state ]]; do
  sleep 0.5
  waited=$((waited + 1))
  ((waited < 3600)) || fail "no checkpoint of task 1 after 30 minutes"
done
scancel "${job}_1"
wait_job "$job"
check_exit "$job" 0
[[ ! -f $dir/runs/resume/toy-bandit/ofql/summary.json ]] ||
  fail "task 1 finished before it was cancelled: nothing to resume (make the sweep longer)"
step "task 1 cancelled at $(tr -d ' \n' <"$state")"
again=$(OFQL_SHARDS=2 submit resume --array=1)
wait_job "$again"
check_exit "$again" 1
cat "$dir/logs/resume-${again}_1.out"
grep -q "toy-bandit/ofql (resuming)" "$dir/logs/resume-${again}_1.out" ||
  fail "the resubmitted task did not resume"
ofql table "$dir/runs/resume" >"$dir/tables/resume.md"
diff "$dir/tables/plain.md" "$dir/tables/resume.md" || fail "the resumed sweep's table differs from the plain sweep's"
step "the cancelled and resubmitted sweep's table equals the plain sweep's"
passed
