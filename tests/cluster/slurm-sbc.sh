#!/usr/bin/env bash
# Cluster test: the README's Slurm job array on a one-node Slurm cluster started here, merged and checked against the
# unsharded study; then shards whose time limit is too short, stopped by SIGTERM, requeued and resumed.
#
# Needs root (slurmd runs as root) and Debian's slurm-wlm and munge, installed with apt-get when missing. Everything
# it starts (munged, slurmctld, slurmd, the jobs) lives under one scratch directory and is stopped at the end.
# Prints one line per check and ends with "cluster test: N passed, N failed"; exits non-zero when a check failed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/bayesglmm-slurm.XXXXXX")
cores=$(nproc)
passed=0
failed=0
started=()

log() { echo "[$(date -u +%H:%M:%S)] $*"; }
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
  show_logs
}

show_logs() {
  local f
  for f in "$work"/log/munged.log "$work"/log/slurmctld.log "$work"/log/slurmd.log; do
    [ -f "$f" ] && { echo "---- last lines of $f"; tail -n 25 "$f"; }
  done
  for f in "$work"/*/slurm-*.out; do
    [ -f "$f" ] && { echo "---- last lines of $f"; tail -n 15 "$f"; }
  done
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
    echo "---- squeue"; squeue 2>&1 | head -20
  fi
}

finish() {
  # Stop what this script started, newest first, by the pids it recorded.
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] && command -v scancel >/dev/null; then
    scancel --full --user=root --quiet 2>/dev/null || true
  fi
  local i pid
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid=$(cat "${started[$i]}" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  echo "cluster test: ${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ] && rm -rf "$work"
  exit $((failed > 0 ? 1 : 0))
}
trap finish EXIT

# Waits (at most $2 seconds) until squeue no longer lists job $1; false on timeout.
wait_job() {
  local id=$1 limit=$2 waited=0
  while [ -n "$(squeue -h -j "$id" 2>/dev/null)" ]; do
    [ "$waited" -ge "$limit" ] && return 1
    sleep 5
    waited=$((waited + 5))
  done
}

# Ranks of a study without the run-time column (the only one that differs between runs of the same simulation).
ranks() { awk -F, 'BEGIN { OFS = "," } { $10 = ""; print }' "$1/ranks.csv"; }

# Every array task of job $1 completed with exit code 0; prints each task's state, restarts and exit code.
tasks_completed() {
  local lines total ok line
  lines=$(scontrol -o show job "$1" 2>/dev/null)
  while read -r line; do
    [ -n "$line" ] && echo "  $(grep -o 'ArrayTaskId=[0-9]*\|JobState=[A-Z_]*\|Restarts=[0-9]*\|ExitCode=[0-9:]*' <<<"$line" | paste -sd' ')"
  done <<<"$lines"
  total=$(grep -c 'JobId=' <<<"$lines")
  ok=$(grep 'JobState=COMPLETED' <<<"$lines" | grep -c 'ExitCode=0:0')
  [ "$total" -gt 0 ] && [ "$ok" -eq "$total" ]
}

# ---- The programs: Slurm and munge, and the tool installed as the README's container image installs it.
if [ "$(id -u)" -ne 0 ]; then
  fail "the cluster test must run as root (slurmd runs as root); run it with sudo"
  exit 1
fi
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  log "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends slurm-wlm munge >"$work/apt.log" 2>&1 ||
    { apt-get -o DPkg::Lock::Timeout=900 update >>"$work/apt.log" 2>&1 &&
      apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends slurm-wlm munge >>"$work/apt.log" 2>&1; } ||
    { tail -n 20 "$work/apt.log"; fail "apt-get install slurm-wlm munge"; exit 1; }
fi
log "packing and installing the bayesglmm tool"
if dotnet pack "$repo/src/BayesGlmm.Cli" -c Release -o "$work/packages" >"$work/pack.log" 2>&1 &&
   dotnet tool install BayesGlmm.Tool --tool-path "$work/tool" --add-source "$work/packages" --ignore-failed-sources \
     >>"$work/pack.log" 2>&1 && "$work/tool/bayesglmm" --version >/dev/null; then
  pass "the tool installs from the packed repository (dotnet pack, dotnet tool install --tool-path)"
else
  tail -n 30 "$work/pack.log"
  fail "dotnet pack / dotnet tool install of BayesGlmm.Tool"
  exit 1
fi
export PATH="$work/tool:$PATH"

# ---- A one-node cluster: munged, slurmctld and slurmd with this machine's cores, all under $work.
mkdir -p "$work/log" "$work/state" "$work/spool" "$work/munge-key" "$work/munge"
chmod 700 "$work/munge-key"
chmod 755 "$work" "$work/munge"
head -c 1024 /dev/urandom >"$work/munge-key/munge.key"
chmod 400 "$work/munge-key/munge.key"
socket="$work/munge/munge.socket.2"
munged --force --socket="$socket" --key-file="$work/munge-key/munge.key" --log-file="$work/log/munged.log" \
  --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" ||
  { fail "munged did not start"; exit 1; }
started+=("$work/munge/munged.pid")

host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=bayesglmm
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cores State=UNKNOWN
PartitionName=batch Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF" || { fail "slurmctld did not start"; exit 1; }
started+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF" || { fail "slurmd did not start"; exit 1; }
started+=("$work/slurmd.pid")
for _ in $(seq 1 60); do
  [ "$(sinfo -h -o %t 2>/dev/null)" = "idle" ] && break
  sleep 1
done
if [ "$(sinfo -h -o %t 2>/dev/null)" = "idle" ]; then
  pass "a one-node Slurm cluster with $cores cores is up (munged, slurmctld, slurmd)"
else
  fail "the Slurm node did not become idle (sinfo: $(sinfo -h 2>&1))"
  exit 1
fi

# ---- The README's job-array script, as printed there.
script=$(awk '/^A Slurm job array/ { found = 1 } found && /^```bash$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' \
  "$repo/README.md")
merge_line=$(echo "$script" | sed -n 's/^# afterwards, once: *//p')
cpus=$(echo "$script" | sed -n 's/^#SBATCH --cpus-per-task=\([0-9]*\)$/\1/p')
for token in '#SBATCH --array=0-15' '--sims 1000 ' '/16 ' '--resume' '#SBATCH --signal=' '#SBATCH --requeue' 'scontrol requeue ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}'; do
  if ! grep -qF -- "$token" <<<"$script"; then
    fail "the README's Slurm script has no '$token'; update tests/cluster/slurm-sbc.sh with it"
    exit 1
  fi
done
[ -n "$merge_line" ] && [ -n "$cpus" ] || { fail "the README's Slurm script lost its merge line or --cpus-per-task"; exit 1; }
cap=$((cpus < cores ? cpus : cores))
# Only the study's size and the cores change; the rest is the README's text.
study_script() { # $1 simulations, $2 shards
  echo "$script" | sed -e "s|--sims 1000 |--sims $1 |" -e "s|#SBATCH --cpus-per-task=$cpus\$|#SBATCH --cpus-per-task=$cap|" \
    -e "s|#SBATCH --array=0-15\$|#SBATCH --array=0-$(($2 - 1))|" -e "s|/16 |/$2 |"
}
prepare() { # a directory for one study, with the repository's models/ beside the job script
  mkdir -p "$work/$1"
  ln -s "$repo/models" "$work/$1/models"
}
model=$(echo "$script" | sed -n 's/^bayesglmm sbc \([^ ]*\) .*/\1/p')
seed=$(echo "$script" | sed -n 's/.* --seed \([0-9]*\) .*/\1/p')
[ -n "$model" ] && [ -n "$seed" ] || { fail "the README's Slurm script lost its 'bayesglmm sbc MODEL' or '--seed N'"; exit 1; }
unsharded() { # $1 directory, $2 simulations: the same study in one run, without Slurm
  (cd "$work/$1" && nice -n 19 bayesglmm sbc "$model" --sims "$2" --seed "$seed" --out unsharded >unsharded.log 2>&1)
}

# ---- 1. The array as printed (16 shards), with 32 simulations.
prepare array
study_script 32 16 >"$work/array/job.sh"
log "submitting the README's job array: 16 shards of 32 simulations, --cpus-per-task=$cap"
job=$(cd "$work/array" && sbatch --parsable job.sh) || { fail "sbatch of the README's script"; exit 1; }
unsharded array 32 &
baseline=$!
if wait_job "$job" 1800 && tasks_completed "$job"; then
  pass "the README's job array (job $job): all 16 tasks completed with exit code 0"
else
  fail "the README's job array (job $job) did not complete"
fi
wait "$baseline" || fail "the unsharded study failed: $(tail -n 5 "$work/array/unsharded.log")"
if (cd "$work/array" && eval "$merge_line" >merge.log 2>&1); then
  pass "the README's merge line: $merge_line"
else
  fail "the README's merge line failed: $(tail -n 5 "$work/array/merge.log")"
fi
if [ -f "$work/array/study/all/ranks.csv" ] && diff <(ranks "$work/array/unsharded") <(ranks "$work/array/study/all") >"$work/array/diff.txt"; then
  pass "merged ranks equal the unsharded study's ($(($(wc -l <"$work/array/unsharded/ranks.csv") - 1)) rows)"
else
  head -n 20 "$work/array/diff.txt" 2>/dev/null
  fail "merged ranks differ from the unsharded study's"
fi

# ---- 2. Time limits and requeues: two shards whose time limit is too short for their work.
# sbatch --time=3 --signal=B:TERM@60: Slurm's timer (30 s) sends the warning between 90 and 120 s after a task starts,
# so each shard is sized to need about 150 s here (measured now): stopped once, and finished after one requeue
# unless the machine's speed changes on the way (more requeues are fine; none fails the check).
log "measuring the time of a simulation"
t0=$(date +%s.%N)
(cd "$work/array" && bayesglmm sbc "$model" --sims 2 --seed 99 --out calibrate-2 >/dev/null 2>&1)
t1=$(date +%s.%N)
(cd "$work/array" && bayesglmm sbc "$model" --sims 42 --seed 99 --out calibrate-42 >/dev/null 2>&1)
t2=$(date +%s.%N)
per_shard=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { f = ((c - b) - (b - a)) / 40; if (f < 0.005) f = 0.005; n = int(150 / f); print (n < 20 ? 20 : n) }')
sims=$((2 * per_shard))
log "a simulation takes about $(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%.3f", ((c - b) - (b - a)) / 40 }') s; $sims simulations in 2 shards"
prepare requeue
study_script "$sims" 2 >"$work/requeue/job.sh"
job=$(cd "$work/requeue" && sbatch --parsable --time=3 --signal=B:TERM@60 job.sh) || { fail "sbatch --time=3 --signal=B:TERM@60"; exit 1; }
log "submitted job $job (2 shards, --time=3 --signal=B:TERM@60); the unsharded study runs beside it at low priority"
unsharded requeue "$sims" &
baseline=$!
if wait_job "$job" 2700 && tasks_completed "$job"; then
  pass "the time-limited shards (job $job) completed with exit code 0"
else
  fail "the time-limited shards (job $job) did not complete"
fi
restarts=$(scontrol -o show job "$job" 2>/dev/null | grep -o 'Restarts=[0-9]*' | cut -d= -f2 | paste -sd' ')
interrupted=0
for shard in 0 1; do
  grep -q 'Interrupted after [0-9]* simulations' "$work/requeue/slurm-${job}_$shard.out" 2>/dev/null && interrupted=$((interrupted + 1))
done
if [ -n "$restarts" ] && ! grep -qw 0 <<<"$restarts" && [ "$interrupted" -eq 2 ]; then
  pass "each shard was stopped by SIGTERM, kept its finished simulations and was requeued (restarts: $restarts)"
else
  fail "the shards were not all stopped and requeued (restarts: ${restarts:-none}; logs with 'Interrupted after': $interrupted of 2)"
fi
wait "$baseline" || fail "the unsharded study failed: $(tail -n 5 "$work/requeue/unsharded.log")"
if (cd "$work/requeue" && eval "$merge_line" >merge.log 2>&1) && [ -f "$work/requeue/study/all/ranks.csv" ] &&
   diff <(ranks "$work/requeue/unsharded") <(ranks "$work/requeue/study/all") >"$work/requeue/diff.txt"; then
  pass "after the requeues the merged ranks equal the unsharded study's ($sims simulations)"
else
  head -n 20 "$work/requeue/diff.txt" 2>/dev/null
  fail "after the requeues the merged ranks differ from the unsharded study's"
fi
for f in "$work"/requeue/slurm-*.out; do
  echo "---- $(basename "$f")"
  grep -E 'Interrupted|simulations|Study written' "$f" | grep -v '^sbc:' | head -n 8
done
