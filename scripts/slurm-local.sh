#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for tests of docker/slurm/ofql-sweep.sbatch:
# munged (as the munge user) with its own key and socket, a slurmctld and a slurmd, this host
# the only node, no cgroup enforcement (proctrack/linuxproc, task/none), every file under DIR.
#
# usage: scripts/slurm-local.sh start|stop|status [DIR]
#   DIR  state, spool, logs, munge key and slurm.conf (default /tmp/ofql-slurm)
# After `start`, point Slurm's commands at the cluster with
#   export SLURM_CONF=DIR/slurm.conf
# Needs root and Debian's slurm-wlm and munge (apt-get install slurm-wlm munge). Ports 6817 and
# 6818 on localhost (OFQL_SLURM_PORTS=ctld,slurmd to change).
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}
die() {
  echo "slurm-local: $*" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
action=$1
dir=${2:-/tmp/ofql-slurm}
IFS=, read -r ctld_port slurmd_port <<<"${OFQL_SLURM_PORTS:-6817,6818}"
conf=$dir/slurm.conf

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
  local name file pid
  for name in slurmd slurmctld munged; do
    file=$dir/run/$name.pid
    if pid_alive "$file"; then
      pid=$(cat "$file")
      kill "$pid"
      for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid"
      fi
      echo "slurm-local: stopped $name ($pid)"
    fi
    rm -f "$file"
  done
}

status() {
  local name ok=0
  for name in munged slurmctld slurmd; do
    if pid_alive "$dir/run/$name.pid"; then
      echo "slurm-local: $name running ($(cat "$dir/run/$name.pid"))"
    else
      echo "slurm-local: $name not running"
      ok=1
    fi
  done
  if [[ $ok -eq 0 ]]; then
    SLURM_CONF=$conf sinfo --noheader --format '%N %T %c cpus' || ok=1
  fi
  return "$ok"
}

start() {
  [[ $(id -u) -eq 0 ]] || die "slurmd needs root"
  for tool in munged mungekey slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install slurm-wlm munge)"
  done
  getent passwd munge >/dev/null || die "no munge user (apt-get install munge creates it)"
  stop >/dev/null
  mkdir -p "$dir"/{run,log,state,spool,munge}
  dir=$(cd "$dir" && pwd)
  conf=$dir/slurm.conf

  # munged refuses a key or socket folder that others can write, and wants the socket's folder
  # searchable by everyone (the Slurm daemons and job owners reach it).
  chown munge: "$dir/munge"
  chmod 711 "$dir/munge"
  if [[ ! -f $dir/munge/munge.key ]]; then
    mungekey --create --keyfile="$dir/munge/munge.key"
    chown munge: "$dir/munge/munge.key"
    chmod 400 "$dir/munge/munge.key"
  fi
  # Its pid file goes beside the key: munged runs as munge and cannot write into run/.
  runuser -u munge -- munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  cp "$dir/munge/munged.pid" "$dir/run/munged.pid"

  local host cpus mem_mb
  host=$(hostname -s)
  # Not nproc: it answers OMP_NUM_THREADS when that is set.
  cpus=$(getconf _NPROCESSORS_ONLN)
  mem_mb=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 9 / 10240))
  cat >"$conf" <<EOF
# Written by scripts/slurm-local.sh: one node, this host, for tests only.
ClusterName=ofqllocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
MpiDefault=none
# No cgroups: the machine's hybrid cgroup layout is not one Slurm's cgroup plugins accept.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# A job that names no memory gets its CPUs' share, not the whole node.
DefMemPerCPU=$((mem_mb / cpus))
ReturnToService=2
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

  export SLURM_CONF=$conf
  # -i: ignore state from an earlier start (jobs of a stopped cluster are gone).
  slurmctld -i
  slurmd
  local state=
  for _ in $(seq 60); do
    state=$(sinfo --noheader --format '%T' 2>/dev/null || true)
    if [[ $state == idle* || $state == mixed* || $state == allocated* ]]; then
      echo "slurm-local: node $host ($cpus CPUs, $mem_mb MB) $state; export SLURM_CONF=$conf"
      return 0
    fi
    sleep 1
  done
  tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  die "the node did not come up (state '$state'; logs above, in $dir/log)"
}

case $action in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
