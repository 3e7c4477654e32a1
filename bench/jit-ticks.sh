# Sourced by run.sh and replay.sh: the CPU time (user + system, in clock ticks) a JVM has used, and the part of it
# its JIT compiler threads used. A service whose compilers still take a good part of its CPU is not yet warm.
# A stat line is "pid (name) state …" and a thread's name may hold spaces ("C2 CompilerThre"), so the fields are
# counted after its ")".
cpu_ticks_of() { sed 's/^.*) //' "$1" | awk '{print $12 + $13}'; }
service_ticks() { cpu_ticks_of "/proc/$1/stat"; }   # service_ticks PID
jit_ticks() {                                         # jit_ticks PID
  local task sum=0
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      "C1 CompilerThre"*|"C2 CompilerThre"*) sum=$((sum + $(cpu_ticks_of "$task/stat"))) ;;
    esac
  done
  echo "$sum"
}

# warm_until_quiet PID MIN MAX COMMAND...: runs COMMAND (one warm-up slice of load) at least MIN and at most MAX
# times, and stops once the JIT compilers took under JIT_QUIET_PERCENT (default 3) of the JVM's CPU in a slice.
warm_until_quiet() {
  local pid=$1 min=$2 max=$3 slice cpu0 jit0
  shift 3
  for slice in $(seq 1 "$max"); do
    cpu0=$(service_ticks "$pid"); jit0=$(jit_ticks "$pid")
    "$@" > /dev/null
    if (( slice >= min && ($(jit_ticks "$pid") - jit0) * 100 < ($(service_ticks "$pid") - cpu0) * ${JIT_QUIET_PERCENT:-3} )); then
      return 0
    fi
  done
}
