#!/usr/bin/env bash
# A one-node Slurm cluster for the tests, without systemd, in a folder of its own:
#   .ci/slurm-cluster.sh install          apt-get slurm-wlm and munge when missing (root; CI's first step)
#   .ci/slurm-cluster.sh start DIR        write DIR/slurm.conf, start munged (if not running), slurmctld and slurmd;
#                                         waits until the node takes jobs; prints "SLURM_CONF=DIR/slurm.conf"
#   .ci/slurm-cluster.sh stop DIR         stop the daemons this script started in DIR, by pid
set -euo pipefail

install() {
  if command -v slurmctld >/dev/null && command -v munged >/dev/null; then
    return 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

# A TCP port nothing listens on (and not $1).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 20000))
    [ "$port" = "${1:-}" ] && continue
    if ! command -v ss >/dev/null || ! ss -Htln "sport = :$port" | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  echo "slurm-cluster: no free port found" >&2
  return 1
}

start() {
  local dir
  dir="$(realpath -m "$1")"
  mkdir -p "$dir/state" "$dir/spool"
  local host cpus ctld_port slurmd_port
  host="$(hostname -s)"
  cpus="$(nproc)"
  # Ports of its own, so a cluster already running on this machine (the default 6817/6818) is never joined by mistake.
  ctld_port="$(free_port)"
  slurmd_port="$(free_port "$ctld_port")"
  cat >"$dir/slurm.conf" <<CONF
ClusterName=peftu-test
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
JobRequeue=1
MinJobAge=600
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  # munge: one key, one daemon per machine; reused when already up.
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
  fi
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  if ! munge -n >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    echo started >"$dir/munged.started"
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export SLURM_CONF="$dir/slurm.conf"
  /usr/sbin/slurmctld -D -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
  echo $! >"$dir/slurmctld.pid.started"
  /usr/sbin/slurmd -D -f "$SLURM_CONF" >"$dir/slurmd.out" 2>&1 &
  echo $! >"$dir/slurmd.pid.started"
  for _ in $(seq 300); do
    for daemon in slurmctld slurmd; do
      if ! kill -0 "$(cat "$dir/$daemon.pid.started")" 2>/dev/null; then
        echo "slurm-cluster: $daemon exited at start; its log:" >&2
        tail -n 20 "$dir/$daemon.out" "$dir/$daemon.log" >&2 2>/dev/null || true
        stop "$dir"
        return 1
      fi
    done
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 0.1
  done
  echo "slurm-cluster: the node did not come up within 30 s; logs in $dir" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  stop "$dir"
  return 1
}

stop() {
  local dir
  dir="$(realpath -m "$1")"
  for daemon in slurmd slurmctld; do
    if [ -f "$dir/$daemon.pid.started" ]; then
      local pid
      pid="$(cat "$dir/$daemon.pid.started")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$daemon.pid.started"
    fi
  done
  if [ -f "$dir/munged.started" ]; then
    pkill -u munge -x munged 2>/dev/null || true
    rm -f "$dir/munged.started"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start "${2:?start DIR}" ;;
  stop) stop "${2:?stop DIR}" ;;
  *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac
