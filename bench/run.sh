#!/usr/bin/env bash
# nta-top benchmark (issue 4): `npm run bench` (full, ~6-7 min, ~30 s more to make the capture) or
# `npm run bench -- --quick` (~1 min).
#
#   bash bench/run.sh [--quick] [--regen] [--only STEPS] [--out FILE]
#
#   --quick       small capture (150k packets), one run each, short live runs; writes
#                 bench/cache/BENCH-quick.md instead of BENCH.md
#   --regen       rebuild the cached capture even if bench/cache has one
#   --only STEPS  comma list of: capture,offline,live,screen,memory (default: all)
#   --out FILE    where the markdown goes (default BENCH.md, or bench/cache/BENCH-quick.md)
#
# Needs root (network namespaces, live capture) on Debian 12; installs what it lacks with apt-get.
# Traffic exists only inside the namespaces this script creates (ip netns + veth, no route out);
# every traffic source is bounded in count and time, and an EXIT trap removes the namespaces, the
# tmux sessions (tmux -L bench) and every process the script started.
#
# Steps (each writes key=value results into bench/cache/results-<mode>.json via bench/lib.mjs):
#   capture  real traffic between two namespaces → bench/cache/<mode>.pcap (cached)
#   offline  hyperfine: nta-top --report json vs tshark, tcpdump -w /dev/null, libpcap baseline;
#            in-process stage rates (bench/ingest.mjs); peak RSS of the report run; CPU profiles
#   live     tcpreplay --topspeed onto a veth pair: headless, dashboard in tmux, tcpdump, and both
#            nta-top modes again with -B 2048 (tcpdump's buffer); 300 kpps with the dashboard; 1 kpps lightness;
#            key latency while saturated; time to the first frame
#   screen   snapshot + draw at 120x40 with 100k talkers and a full ring (bench/screen.mjs)
#   memory   peak RSS with the default ring and with 1,000,000 packets held
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
CACHE=$BENCH/cache
QUICK=0
REGEN=0
ONLY="capture,offline,live,screen,memory"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --regen) REGEN=1 ;;
    --only) ONLY="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  MODE=quick; TARGET=150000; GEN_SECONDS=20; GEN_SCALE=1; RUNS=1; TSHARK_RUNS=1; LIVE_RUNS=1
  LIGHT_SECONDS=3; LIGHT_WARM=2; OUT=${OUT:-$CACHE/BENCH-quick.md}
else
  MODE=full; TARGET=1000000; GEN_SECONDS=150; GEN_SCALE=1; RUNS=5; TSHARK_RUNS=3; LIVE_RUNS=3
  LIGHT_SECONDS=20; LIGHT_WARM=10; OUT=${OUT:-$ROOT/BENCH.md}
fi
# The node flags bin/nta-top runs with (its shebang; scripts/node-flags.mjs reads it for the JS side): scripts that stand in for it use the same.
NF=$(sed -n '1s/^#!.*[[:space:]]node[[:space:]]*//p' "$(dirname "$0")/../bin/nta-top")
# bin/nta-top starts node without NODE_EXTRA_CA_CERTS (env -u in its shebang: with it set, Node
# parses that file first, 50-65 ms); the scripts that stand in for it and `node -e 0` do the same.
unset NODE_EXTRA_CA_CERTS
step() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
say() { printf '[bench %4ds] %s\n' "$SECONDS" "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (network namespaces and live capture need it): sudo npm run bench"
mkdir -p "$CACHE"
RES=$CACHE/results-$MODE.json
PCAP=$CACHE/$MODE.pcap
WORK=$(mktemp -d /tmp/nta-bench.XXXXXX)
TAG="ntb$$"
NAMESPACES=()
PGIDS=()
TMUX_SESSIONS=()

cleanup() {
  trap - EXIT INT TERM
  for s in "${TMUX_SESSIONS[@]}"; do tmux -L bench kill-session -t "$s" 2>/dev/null; done
  for g in "${PGIDS[@]}"; do kill -TERM -- "-$g" 2>/dev/null; done
  sleep 0.3
  for g in "${PGIDS[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done
  wait 2>/dev/null
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Tools: install what is missing (Debian 12), then check.
ensure_tools() {
  local pkgs=(tcpdump tshark wireshark-common tcpreplay hyperfine ethtool dnsmasq-base iputils-ping
              tmux gcc libc6-dev libpcap-dev iproute2 time procps python3 make g++)
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing: ${missing[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  fi
  for t in ip tcpdump tshark editcap mergecap capinfos tcpreplay hyperfine ethtool dnsmasq ping tmux gcc node /usr/bin/time; do
    command -v "$t" >/dev/null || die "missing tool: $t"
  done
}

ensure_build() {
  if [ ! -d node_modules ]; then say "npm ci"; npm ci --no-audit --no-fund >/dev/null 2>&1 || die "npm ci failed"; fi
  [ -f build/Release/nta_pcap.node ] || { say "building the native binding"; npm rebuild >/dev/null 2>&1 || die "npm rebuild failed"; }
  say "npm run build"
  npm run build >/dev/null 2>&1 || die "npm run build failed (run it to see why)"
  gcc -O2 -Wall -o "$CACHE/pcap_count" "$BENCH/pcap_count.c" -lpcap || die "cannot compile bench/pcap_count.c"
}

put() { node "$BENCH/lib.mjs" put "$RES" "$@"; }

# start CMD in namespace NS as the leader of a new process group (recorded for cleanup); the pid
# is left in $LAST_PID. A hard timeout bounds it.
spawn_ns() {
  local ns=$1 log=$2 limit=$3; shift 3
  setsid ip netns exec "$ns" timeout -s KILL "$limit" "$@" >"$log" 2>&1 </dev/null &
  LAST_PID=$!
  PGIDS+=("$LAST_PID")
}
stop_group() { # stop_group PGID SIGNAL: signal, wait up to 5 s, then KILL
  local g=$1 sig=${2:-TERM}
  kill -"$sig" -- "-$g" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$g" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$g" 2>/dev/null
  wait "$g" 2>/dev/null
}

new_ns() { ip netns add "$1" || die "ip netns add $1"; NAMESPACES+=("$1"); ip -n "$1" link set lo up; }
offloads_off() { ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off >/dev/null 2>&1 || say "note: ethtool -K $2 failed"; }

# ---------------------------------------------------------------------------------------------
# 1. The capture: real traffic between two namespaces.
gen_capture() {
  local ns_s="${TAG}_srv" ns_c="${TAG}_cli" vs="${TAG}s" vc="${TAG}c"
  say "capture: namespaces $ns_s <-> $ns_c, target $TARGET packets, at most ${GEN_SECONDS}s of traffic"
  new_ns "$ns_s"; new_ns "$ns_c"
  ip link add "$vs" type veth peer name "$vc" || die "ip link add veth"
  ip link set "$vs" netns "$ns_s"; ip link set "$vc" netns "$ns_c"
  local ns
  for ns in "$ns_s" "$ns_c"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
      net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_tw_reuse=1 >/dev/null 2>&1
  done
  offloads_off "$ns_s" "$vs"; offloads_off "$ns_c" "$vc"
  # Hosts: 4 + 4 server addresses, 200 IPv4 + 60 IPv6 client addresses (268 hosts in all).
  local s4=() s6=() i
  {
    for i in 1 2 3 4; do echo "addr add 10.214.0.$i/16 dev $vs"; echo "addr add fd00:214::$i/64 dev $vs nodad"; done
    echo "link set $vs up"
  } | ip -n "$ns_s" -batch - || die "server addresses"
  for i in 1 2 3 4; do s4+=("10.214.0.$i"); s6+=("fd00:214::$i"); done
  : >"$WORK/src4"; : >"$WORK/src6"
  {
    for i in $(seq 1 200); do echo "addr add 10.214.1.$i/16 dev $vc"; echo "10.214.1.$i" >>"$WORK/src4"; done
    for i in $(seq 1 60); do printf 'addr add fd00:214::1:%x/64 dev %s nodad\n' "$i" "$vc"; printf 'fd00:214::1:%x\n' "$i" >>"$WORK/src6"; done
    echo "link set $vc up"
  } | ip -n "$ns_c" -batch - || die "client addresses"
  local raw=$WORK/raw.pcap limit=$((GEN_SECONDS + 60))
  spawn_ns "$ns_s" "$WORK/tcpdump.err" "$limit" tcpdump -i "$vs" -s 0 -B 65536 -n -c "$TARGET" -w "$raw"
  local cap_pid=$LAST_PID
  for _ in $(seq 1 50); do grep -q "listening on" "$WORK/tcpdump.err" 2>/dev/null && break; sleep 0.1; done
  local dns_args=(--keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll --bind-interfaces
    --except-interface=lo --port=53 --user=root --pid-file="$WORK/dnsmasq.pid" --local=/nta.test/ --dns-forward-max=1000
    --cache-size=1000 --host-record=www.nta.test,10.214.0.1,fd00:214::1 --host-record=srv.nta.test,10.214.0.2
    --host-record=mail.nta.test,10.214.0.3 --host-record=api.nta.test,10.214.0.4,fd00:214::4
    --host-record=cdn.nta.test,10.214.0.2,fd00:214::2 --mx-host=nta.test,mail.nta.test,10
    --txt-record=nta.test,"v=nta-top bench" --cname=alias.nta.test,www.nta.test)
  for i in "${s4[@]}" "${s6[@]}"; do dns_args+=(--listen-address="$i"); done
  spawn_ns "$ns_s" "$WORK/dnsmasq.log" "$limit" dnsmasq "${dns_args[@]}"
  local dns_pid=$LAST_PID
  spawn_ns "$ns_s" "$WORK/server.log" "$limit" node "$BENCH/traffic.mjs" server
  local srv_pid=$LAST_PID
  for _ in $(seq 1 50); do grep -q "ready" "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
  local t0=$SECONDS
  spawn_ns "$ns_c" "$WORK/client.log" "$((GEN_SECONDS + 10))" node "$BENCH/traffic.mjs" client \
    --servers4 "$(IFS=,; echo "${s4[*]}")" --servers6 "$(IFS=,; echo "${s6[*]}")" \
    --src4 "$WORK/src4" --src6 "$WORK/src6" --seconds "$GEN_SECONDS" --scale "$GEN_SCALE"
  local cli_pid=$LAST_PID
  # Until tcpdump has its count, or the client's time is up.
  while kill -0 "$cap_pid" 2>/dev/null && kill -0 "$cli_pid" 2>/dev/null; do sleep 0.5; done
  local gen_s=$((SECONDS - t0))
  stop_group "$cli_pid" TERM
  sleep 0.5
  stop_group "$cap_pid" INT
  stop_group "$srv_pid" TERM
  stop_group "$dns_pid" TERM
  cat "$WORK/client.log" >&2
  grep -E 'packets (captured|received|dropped)' "$WORK/tcpdump.err" >&2
  local n; n=$(capinfos -M -c "$raw" | awk -F': *' '/Number of packets/ {print $2}')
  [ "${n:-0}" -gt 0 ] || die "the capture is empty"
  say "captured $n real packets in ${gen_s}s"
  # Fewer than the target (time ran out): repeat the real capture, each copy shifted in time to
  # follow the previous one, until the target is reached; said in BENCH.md.
  local copies=1
  if [ "$n" -lt "$TARGET" ]; then
    copies=$(( (TARGET + n - 1) / n ))
    local dur; dur=$(capinfos -M -u "$raw" | awk -F': *' '/Capture duration/ {print int($2) + 1}')
    local parts=("$raw") k
    for k in $(seq 1 $((copies - 1))); do
      editcap -t $((k * dur)) "$raw" "$WORK/seg$k.pcap" || die editcap
      parts+=("$WORK/seg$k.pcap")
    done
    mergecap -F pcap -a -w "$WORK/big.pcap" "${parts[@]}" || die mergecap
    editcap -F pcap -c "$TARGET" "$WORK/big.pcap" "$WORK/cut.pcap" >/dev/null || die editcap
    # editcap -c writes cut_00000_… files; take the first
    mv "$(ls "$WORK"/cut_00000_*.pcap 2>/dev/null | head -1 || echo "$WORK/cut.pcap")" "$PCAP.tmp" || die "cut"
    rm -f "$WORK"/seg*.pcap "$WORK/big.pcap" "$WORK"/cut*.pcap
  else
    cp "$raw" "$PCAP.tmp"
  fi
  mv "$PCAP.tmp" "$PCAP"
  local total; total=$(capinfos -M -c "$PCAP" | awk -F': *' '/Number of packets/ {print $2}')
  node "$BENCH/lib.mjs" put "$CACHE/$MODE.pcap.json" capture.real_packets "$n" capture.copies "$copies" \
    capture.packets "$total" capture.gen_seconds "$gen_s" capture.hosts 268 capture.bytes "$(stat -c %s "$PCAP")" \
    capture.date "$(date -u +%FT%TZ)"
  ip netns del "$ns_c"; ip netns del "$ns_s"
  say "capture ready: $PCAP ($total packets)"
}

step_capture() {
  if [ "$REGEN" = 1 ] || [ ! -s "$PCAP" ] || [ ! -s "$CACHE/$MODE.pcap.json" ]; then gen_capture
  else say "capture: using cached $PCAP (--regen to rebuild)"; fi
}

# ---------------------------------------------------------------------------------------------
# 2. Offline: nta-top against tshark, tcpdump and the libpcap baseline, in this same run.
hf() { # hf KEY RUNS WARMUP COMMAND: hyperfine, median etc. into the results
  local key=$1 runs=$2 warm=$3 cmd=$4
  put "$key.cmd" "$cmd"
  hyperfine -N --style none --warmup "$warm" --runs "$runs" --export-json "$WORK/hf.json" "$cmd" >/dev/null 2>"$WORK/hf.err" \
    || { cat "$WORK/hf.err" >&2; die "hyperfine failed: $cmd"; }
  node "$BENCH/lib.mjs" hyperfine "$RES" "$key" "$WORK/hf.json"
  say "  $key: median $(node "$BENCH/lib.mjs" get "$RES" "$key.median_s") s"
}
# Start-up against length: the same commands on the capture three times over in one file
# (each copy shifted in time to follow the previous one: editcap -t, mergecap -a): Node's start,
# the bundle load and the JIT warm-up weigh less in the longer file. The file lives
# in $WORK (about 3 × the capture's size) and is deleted at the end of the step.
step_offline_x3() {
  local P=$1 P3="$WORK/x3.pcap" dur n
  dur=$(capinfos -M -u "$P" | awk -F': *' '/Capture duration/ {print int($2) + 1}')
  editcap -F pcap -t "$dur" "$P" "$WORK/x3-1.pcap" || die editcap
  editcap -F pcap -t $((2 * dur)) "$P" "$WORK/x3-2.pcap" || die editcap
  mergecap -F pcap -a -w "$P3" "$P" "$WORK/x3-1.pcap" "$WORK/x3-2.pcap" || die mergecap
  rm -f "$WORK/x3-1.pcap" "$WORK/x3-2.pcap"
  n=$(capinfos -M -c "$P3" | awk -F': *' '/Number of packets/ {print $2}')
  put offline.x3.packets "$n"
  say "offline x3: $P three times over ($n packets; mergecap leaves it in the page cache)"
  hf offline.x3.libpcap "$RUNS" 1 "bench/cache/pcap_count $P3"
  hf offline.x3.nta "$RUNS" 1 "bin/nta-top -r $P3 --report json"
  hf offline.x3.nta_ring "$RUNS" 1 "node $NF bench/ingest.mjs engine-ring $P3 1"
  rm -f "$P3"
}
step_offline() {
  local P=${PCAP#"$ROOT"/} s
  say "offline: $P, $RUNS runs each (tshark $TSHARK_RUNS)"
  cat "$P" >/dev/null   # page cache
  hf offline.node "$RUNS" 1 "node -e 0"   # the machine's speed right now: bare Node start-up
  hf offline.libpcap "$RUNS" 1 "bench/cache/pcap_count $P"
  hf offline.tcpdump "$RUNS" 1 "tcpdump -r $P -w /dev/null"
  hf offline.nta "$RUNS" 1 "bin/nta-top -r $P --report json"
  hf offline.nta_ring "$RUNS" 1 "node $NF bench/ingest.mjs engine-ring $P 1"
  hf offline.tshark "$TSHARK_RUNS" 0 "tshark -r $P -q -z io,phs -z conv,ip"
  bin/nta-top -r "$P" --report json >"$CACHE/$MODE.report.json" || die "nta-top --report json failed"
  put offline.nta.packets "$(node "$BENCH/lib.mjs" json-get "$CACHE/$MODE.report.json" packets)" \
      offline.nta.transport_packets "$(node "$BENCH/lib.mjs" json-get "$CACHE/$MODE.report.json" transport_packets)" \
      offline.nta.distinct_hosts "$(node "$BENCH/lib.mjs" json-get "$CACHE/$MODE.report.json" distinct_hosts)" \
      offline.nta.distinct_conversations "$(node "$BENCH/lib.mjs" json-get "$CACHE/$MODE.report.json" distinct_conversations)" \
      offline.nta.ip_packets "$(node "$BENCH/lib.mjs" json-get "$CACHE/$MODE.report.json" ip_packets)" \
      offline.nta.bytes "$(node "$BENCH/lib.mjs" json-get "$CACHE/$MODE.report.json" bytes)"
  put offline.libpcap.out "$(bench/cache/pcap_count "$P")"
  local rss; rss=$( { /usr/bin/time -f '%M' bin/nta-top -r "$P" --report json >/dev/null; } 2>&1 | tail -1)
  put offline.nta.rss_kib "$rss"
  # nta-top's own stages, in process (median of the passes; the first pass pays the JIT warm-up)
  local reps=3; [ "$QUICK" = 1 ] && reps=1
  for s in read decode aggregate engine-headless engine-ring; do
    put "stage.$s" "$(node $NF bench/ingest.mjs "$s" "$P" "$reps")"
  done
  [ "$QUICK" = 1 ] && return 0
  step_offline_x3 "$P"
  # where the time of the report run goes
  rm -rf "$WORK/prof"
  node --cpu-prof --cpu-prof-dir="$WORK/prof" --cpu-prof-interval 200 bin/nta-top -r "$P" --report json >/dev/null
  put profile.report "$(node "$BENCH/profile.mjs" "$WORK"/prof/*.cpuprofile)"
  rm -rf "$WORK/prof"
  node --cpu-prof --cpu-prof-dir="$WORK/prof" --cpu-prof-interval 200 bench/ingest.mjs engine-ring "$P" 1 >/dev/null
  put profile.ring "$(node "$BENCH/profile.mjs" "$WORK"/prof/*.cpuprofile)"
}

# ---------------------------------------------------------------------------------------------
# 3. Live: tcpreplay onto a veth pair between two namespaces made here (no addresses, IPv6 off,
#    so the only frames on the pair are the replayed ones).
NS_R=""; NS_K=""; VR=""; VK=""
setup_live_ns() {
  NS_R="${TAG}_rep"; NS_K="${TAG}_cap"; VR="${TAG}r"; VK="${TAG}k"
  new_ns "$NS_R"; new_ns "$NS_K"
  ip link add "$VR" type veth peer name "$VK" || die "ip link add veth"
  ip link set "$VR" netns "$NS_R"; ip link set "$VK" netns "$NS_K"
  local ns v
  for ns in "$NS_R" "$NS_K"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null
  done
  for v in "$NS_R:$VR" "$NS_K:$VK"; do
    ns=${v%%:*}; v=${v#*:}
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$v.disable_ipv6=1" >/dev/null
    offloads_off "$ns" "$v"
    ip -n "$ns" link set "$v" mtu 9000 up
  done
  sleep 0.5
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
clk_tck() { getconf CLK_TCK; }
packet_socket_open() { [ "$(ip netns exec "$NS_K" cat /proc/net/packet | wc -l)" -ge 2 ]; }
wait_packet_socket() {
  for _ in $(seq 1 100); do packet_socket_open && { sleep 0.3; return 0; }; sleep 0.05; done
  die "the capture tool did not open its socket"
}
# wait_dash_up SESSION: the dashboard's first frame is in the pane, then 0.5 s more, so that its
# start-up (UI modules, terminfo, first frame) is not counted as CPU per captured packet.
wait_dash_up() {
  for _ in $(seq 1 200); do pane "$1" | grep -q ' pkts ' && { sleep 0.5; return 0; }; sleep 0.05; done
  die "the dashboard drew no first frame: $(pane "$1" | head -3)"
}
wait_gone() { for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$1" 2>/dev/null; }
# replay PREFIX ARGS...: tcpreplay in the replay namespace; PREFIX.sent/sent_pps into the results
replay() {
  local prefix=$1; shift
  ip netns exec "$NS_R" timeout 300 tcpreplay -K -i "$VR" "$@" >"$WORK/replay.log" 2>&1 || { cat "$WORK/replay.log" >&2; die "tcpreplay failed"; }
  node "$BENCH/lib.mjs" tcpreplay "$RES" "$prefix" "$WORK/replay.log"
}
# finish_live PREFIX CAPTURED DROPPED IFDROPPED CPU_TICKS: loss and CPU per packet
finish_live() {
  local p=$1 cap=$2 drop=$3 ifdrop=$4 ticks=$5 hz; hz=$(clk_tck)
  local sent; sent=$(node "$BENCH/lib.mjs" get "$RES" "$p.sent")
  put "$p.captured" "$cap" "$p.dropped" "$drop" "$p.if_dropped" "$ifdrop" "$p.cpu_s" "$(awk -v t="$ticks" -v h="$hz" 'BEGIN{print t/h}')" \
      "$p.loss_pct" "$(awk -v s="$sent" -v c="$cap" 'BEGIN{ if (s>0) printf "%.4f", 100*(s-c)/s; else print "" }')" \
      "$p.cpu_us_per_packet" "$(awk -v t="$ticks" -v h="$hz" -v c="$cap" 'BEGIN{ if (c>0) printf "%.3f", 1e6*t/h/c; else print "" }')"
  say "  $p: sent $sent at $(node "$BENCH/lib.mjs" get "$RES" "$p.sent_pps") pps, captured $cap, kernel drops $drop, $(node "$BENCH/lib.mjs" get "$RES" "$p.cpu_us_per_packet") µs CPU/packet"
}

live_headless() { # live_headless PREFIX REPLAY-ARGS...   ($NTA_EXTRA: more nta-top options, e.g. -B 2048)
  local p=$1; shift
  put live.headless.cmd "ip netns exec NS bin/nta-top -i VETH --report json  (SIGTERM after the replay)"
  # shellcheck disable=SC2086
  ip netns exec "$NS_K" bin/nta-top -i "$VK" --report json --duration 300 ${NTA_EXTRA:-} >"$WORK/h.json" 2>"$WORK/h.err" &
  local pid=$!
  wait_packet_socket
  local c0; c0=$(cpu_ticks "$pid")
  replay "$p" "$@"
  sleep 1.5
  local c1; c1=$(cpu_ticks "$pid")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null
  local J="node $BENCH/lib.mjs json-get $WORK/h.json"
  finish_live "$p" "$($J packets)" "$($J dropped)" "$($J if_dropped)" $((c1 - c0))
}
live_tcpdump() {
  local p=$1; shift
  put live.tcpdump.cmd "ip netns exec NS tcpdump -i VETH -w /dev/null  (SIGINT after the replay)"
  ip netns exec "$NS_K" timeout 300 tcpdump -i "$VK" -n -w /dev/null 2>"$WORK/td.err" &
  local tpid=$! pid
  wait_packet_socket
  pid=$(pgrep -P "$tpid" | head -1); [ -n "$pid" ] || pid=$tpid
  local c0; c0=$(cpu_ticks "$pid")
  replay "$p" "$@"
  sleep 1
  local c1; c1=$(cpu_ticks "$pid")
  kill -INT "$pid"; wait "$tpid" 2>/dev/null
  local cap drop ifd
  cap=$(awk '/packets captured/ {print $1}' "$WORK/td.err")
  drop=$(awk '/dropped by kernel/ {print $1}' "$WORK/td.err")
  ifd=$(awk '/dropped by interface/ {print $1}' "$WORK/td.err")
  finish_live "$p" "${cap:-0}" "${drop:-0}" "${ifd:-0}" $((c1 - c0))
}
# The dashboard in tmux: tmux_start NAME COMMAND; the pane runs COMMAND with exec, so the pane's pid
# (left in $TPID) is the program's.
TPID=""
tmux_start() {
  local name=$1 cmd=$2
  TMUX_SESSIONS+=("$name")
  tmux -L bench new-session -d -s "$name" -x 120 -y 40 "exec env LANG=C.UTF-8 $cmd" || die "tmux new-session"
  TPID=$(tmux -L bench list-panes -t "$name" -F '#{pane_pid}')
}
pane() { tmux -L bench capture-pane -p -t "$1" 2>/dev/null; }
tmux_quit() { # tmux_quit NAME PID
  tmux -L bench send-keys -t "$1" q 2>/dev/null
  wait_gone "$2"
  tmux -L bench kill-session -t "$1" 2>/dev/null
}
live_dashboard() { # the real binary: CPU from /proc; exact count and drops from its exit summary (tcpdump's words)
  local p=$1; shift
  put live.dashboard.cmd "tmux -L bench new-session -x 120 -y 40 'ip netns exec NS bin/nta-top -i VETH 2>ERR'  (q after the replay; counts from the exit summary)"
  local s="${TAG}dash" pid
  rm -f "$WORK/dash.err"
  tmux_start "$s" "ip netns exec $NS_K $ROOT/bin/nta-top -i $VK 2>$WORK/dash.err"; pid=$TPID
  wait_packet_socket
  wait_dash_up "$s"
  local c0; c0=$(cpu_ticks "$pid")
  replay "$p" "$@"
  sleep 2.3   # one more refresh after the last packet
  local c1; c1=$(cpu_ticks "$pid")
  local h; h=$(pane "$s" | sed -n 2p)
  put "$p.header" "$h" "$p.rss_kib" "$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null)"
  tmux_quit "$s" "$pid"
  local sum cnt drops ifdrops
  sum=$(grep -E '^nta-top: [0-9]+ packets captured' "$WORK/dash.err" | tail -1)
  [ -n "$sum" ] || die "the dashboard printed no exit summary: $(head -c 300 "$WORK/dash.err")"
  put "$p.summary" "$sum"
  cnt=$(sed -nE 's/^nta-top: ([0-9]+) packets captured.*/\1/p' <<<"$sum")
  drops=$(sed -nE 's/.* ([0-9]+) dropped by kernel.*/\1/p' <<<"$sum")
  ifdrops=$(sed -nE 's/.* ([0-9]+) dropped by interface.*/\1/p' <<<"$sum")
  finish_live "$p" "$cnt" "$drops" "$ifdrops" $((c1 - c0))
}
unround() { awk -v v="$1" 'BEGIN{ m=1; if (v ~ /k$/) m=1e3; if (v ~ /M$/) m=1e6; sub(/[kM]$/, "", v); printf "%d", v*m }'; }
live_dash_exact() { # the same dashboard wiring (bench/dash-live.mjs), exact count and pcap_stats
  local p=$1; shift   # $BUFFER_KIB: kernel buffer as nta-top -B (default: nta-top's 16 MiB)
  put live.dash_exact.cmd "tmux -L bench new-session -x 120 -y 40 'ip netns exec NS node $NF bench/dash-live.mjs VETH OUT.json [BUFFER_KIB]'"
  local s="${TAG}dx" pid
  rm -f "$WORK/dx.json"
  tmux_start "$s" "ip netns exec $NS_K node $NF $BENCH/dash-live.mjs $VK $WORK/dx.json ${BUFFER_KIB:-}"; pid=$TPID
  wait_packet_socket
  wait_dash_up "$s"
  local c0; c0=$(cpu_ticks "$pid")
  replay "$p" "$@"
  sleep 2.3
  local c1; c1=$(cpu_ticks "$pid")
  kill -TERM "$pid"; wait_gone "$pid"
  tmux -L bench kill-session -t "$s" 2>/dev/null
  [ -s "$WORK/dx.json" ] || die "bench/dash-live.mjs wrote no result"
  local J="node $BENCH/lib.mjs json-get $WORK/dx.json"
  finish_live "$p" "$($J packets)" "$($J stats.dropped)" "$($J stats.ifDropped)" $((c1 - c0))
}
live_keys() { # key latency while capture is saturated: space toggles PAUSED in the header
  local s="${TAG}keys" pid lat=()
  tmux_start "$s" "ip netns exec $NS_K $ROOT/bin/nta-top -i $VK"; pid=$TPID
  wait_packet_socket
  ( replay live.keys --topspeed --loop 3 "$PCAP" ) &
  local rp=$!
  sleep 1
  local i t0 t1 want
  local toggles=6; [ "$QUICK" = 1 ] && toggles=2
  for i in $(seq 1 "$toggles"); do
    if [ $((i % 2)) = 1 ]; then want=yes; else want=no; fi
    t0=$(date +%s%N)
    tmux -L bench send-keys -t "$s" Space
    for _ in $(seq 1 400); do
      if pane "$s" | head -1 | grep -q PAUSED; then [ "$want" = yes ] && break; else [ "$want" = no ] && break; fi
    done
    t1=$(date +%s%N)
    lat+=($(( (t1 - t0) / 1000000 )))
    sleep 0.2
  done
  wait "$rp"
  tmux_quit "$s" "$pid"
  put live.keys.ms "${lat[*]}" live.keys.median_ms "$(node "$BENCH/lib.mjs" median "${lat[@]}")" \
      live.keys.max_ms "$(printf '%s\n' "${lat[@]}" | sort -n | tail -1)"
  say "  key latency under saturation (ms): ${lat[*]}"
}
live_light() { # CPU of the dashboard at 1,000 packets/s: the first LIGHT_WARM s, then LIGHT_SECONDS s
  local s="${TAG}light" pid
  tmux_start "$s" "ip netns exec $NS_K $ROOT/bin/nta-top -i $VK"; pid=$TPID
  wait_packet_socket
  local c0 t0 c1 t1 c2 t2 hz; hz=$(clk_tck)
  c0=$(cpu_ticks "$pid"); t0=$(date +%s%N)
  replay live.light_warm --pps 1000 -L $((LIGHT_WARM * 1000)) "$PCAP"
  c1=$(cpu_ticks "$pid"); t1=$(date +%s%N)
  replay live.light --pps 1000 -L $((LIGHT_SECONDS * 1000)) "$PCAP"
  c2=$(cpu_ticks "$pid"); t2=$(date +%s%N)
  tmux_quit "$s" "$pid"
  local warm pct
  warm=$(awk -v c=$((c1 - c0)) -v h="$hz" -v ns=$((t1 - t0)) 'BEGIN{printf "%.2f", 100*(c/h)/(ns/1e9)}')
  pct=$(awk -v c=$((c2 - c1)) -v h="$hz" -v ns=$((t2 - t1)) 'BEGIN{printf "%.2f", 100*(c/h)/(ns/1e9)}')
  put live.light.cpu_pct "$pct" live.light.seconds "$LIGHT_SECONDS" live.light.warm_cpu_pct "$warm" live.light.warm_seconds "$LIGHT_WARM"
  say "  dashboard at 1,000 pps: $warm% of one core in the first ${LIGHT_WARM}s, then $pct%"
}
# first frame: from the pane's exec of the program (and from tmux starting) to the header's bytes
# reaching tmux's client. Each
# run has a tmux server of its own in control mode (tmux -C), which streams what the pane writes
# as %output lines: waiting for " pkts " there costs nothing, where polling `tmux capture-pane`
# in a loop (this script before 2026-12-07) forks a process every few ms and took most of a core
# of this 2-core machine from the program it timed (+100-150 ms on the same binary).
first_frame() { # first_frame KEY COMMAND
  local key=$1 cmd=$2 n=5 ms=() xms=() i s pid srv cli sock p t0 t1 line feed exec_ns
  [ "$QUICK" = 1 ] && n=1
  for i in $(seq 1 "$n"); do
    s="${TAG}ff$i"
    rm -f "$WORK/ff.exec"
    t0=$EPOCHREALTIME; t1=
    # The pane's shell notes the time just before it execs the command: the start as the user
    # sees it (a command typed into a terminal that is already there), without tmux's own.
    while IFS= read -r line; do
      [[ $line == *' pkts '* ]] && { t1=$EPOCHREALTIME; break; }
    done < <(sleep 20 | tmux -L "$s" -C new-session -x 120 -y 40 "date +%s%N >$WORK/ff.exec; exec env LANG=C.UTF-8 $cmd" 2>&1)
    feed=$!
    [ -n "$t1" ] || die "first frame: no header within 20 s from: $cmd"
    exec_ns=$(cat "$WORK/ff.exec")
    xms+=($(( (${t1/./} * 1000 - exec_ns) / 1000000 )))
    pid=$(tmux -L "$s" list-panes -F '#{pane_pid}' 2>/dev/null)
    srv=$(tmux -L "$s" display -p '#{pid}' 2>/dev/null)
    cli=$(tmux -L "$s" list-clients -F '#{client_pid}' 2>/dev/null)
    sock=$(tmux -L "$s" display -p '#{socket_path}' 2>/dev/null)
    ms+=($(( (${t1/./} - ${t0/./}) / 1000 )))
    # SIGHUP: nta-top quits, so does sleep. The control client, whose output nobody reads any
    # more, would otherwise keep itself and its server alive: both are ended by pid.
    tmux -L "$s" kill-server 2>/dev/null
    kill "$cli" "$srv" "$feed" 2>/dev/null
    for p in $pid $srv $cli; do wait_gone "$p"; done
    [ -n "$sock" ] && rm -f "$sock"
  done
  put "$key.ms" "${ms[*]}" "$key.median_ms" "$(node "$BENCH/lib.mjs" median "${ms[@]}")" \
    "$key.exec_ms" "${xms[*]}" "$key.exec_median_ms" "$(node "$BENCH/lib.mjs" median "${xms[@]}")"
  say "  first frame $key (ms): from tmux new-session ${ms[*]}; from the exec ${xms[*]}"
}

step_live() {
  say "live: tcpreplay onto a veth pair, $LIVE_RUNS run(s) each"
  setup_live_ns
  put live.replay.cmd "ip netns exec NS tcpreplay -K --topspeed -i VETH ${PCAP#"$ROOT"/}"
  local i
  for i in $(seq 1 "$LIVE_RUNS"); do
    live_headless "live.headless.$i" --topspeed "$PCAP"
    live_dashboard "live.dashboard.$i" --topspeed "$PCAP"
    live_dash_exact "live.dash_exact.$i" --topspeed "$PCAP"
    live_tcpdump "live.tcpdump.$i" --topspeed "$PCAP"
    # the same with tcpdump's 2 MiB kernel buffer (nta-top -B 2048): what the 16 MiB default buys
    if [ "$QUICK" = 0 ]; then
      NTA_EXTRA="-B 2048" live_headless "live.headless_b2.$i" --topspeed "$PCAP"
      BUFFER_KIB=2048 live_dash_exact "live.dash_b2.$i" --topspeed "$PCAP"
    fi
  done
  local n300=$TARGET; [ "$QUICK" = 1 ] || n300=600000
  for i in $(seq 1 "$LIVE_RUNS"); do
    live_dash_exact "live.dash300k.$i" --pps 300000 -L "$n300" "$PCAP"
    [ "$QUICK" = 0 ] && BUFFER_KIB=2048 live_dash_exact "live.dash300k_b2.$i" --pps 300000 -L "$n300" "$PCAP"
  done
  live_keys
  live_light
  # what tmux itself adds: a shell that prints a header-like line at once
  first_frame screen.first_frame_tmux "sh -c 'echo \" 0 pkts 0 B\"; exec sleep 30'"
  first_frame screen.first_frame_live "ip netns exec $NS_K $ROOT/bin/nta-top -i $VK"
  first_frame screen.first_frame_file "$ROOT/bin/nta-top -r $PCAP"
  ip netns del "$NS_R"; ip netns del "$NS_K"
}

# ---------------------------------------------------------------------------------------------
# 4. Screen: snapshot + draw with 100,000 talkers and a full ring (fake 120x40 terminal).
step_screen() {
  local frames=40; [ "$QUICK" = 1 ] && frames=10
  say "screen: 100,000 talkers, $frames frames at 120x40"
  put screen.cmd "node $NF bench/screen.mjs 100000 $frames"
  put screen.result "$(node $NF bench/screen.mjs 100000 "$frames")"
  put screen.result_200k_cap "$(NTA_BENCH_MAX_TALKERS=200000 node $NF bench/screen.mjs 100000 "$frames")"
  # "whatever the number of talkers": ten times the cap's worth of sources, every table evicting
  put screen.result_1m "$(node $NF bench/screen.mjs 1000000 10)"
}

# ---------------------------------------------------------------------------------------------
# 5. Memory: peak RSS of the dashboard reading the capture, default ring and 1,000,000 packets.
mem_run() { # mem_run KEY ARGS...
  local key=$1; shift
  local s="${TAG}mem" pid t0 t1
  put "$key.cmd" "bin/nta-top -r ${PCAP#"$ROOT"/} $*  (dashboard in tmux, 120x40; VmHWM at EOF)"
  t0=$(date +%s%N)
  tmux_start "$s" "$ROOT/bin/nta-top -r $PCAP $*"; pid=$TPID
  for _ in $(seq 1 1200); do pane "$s" | head -1 | grep -q 'EOF' && break; sleep 0.1; done
  t1=$(date +%s%N)
  local hwm; hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  put "$key.rss_kib" "$hwm" "$key.eof_s" "$(awk -v ns=$((t1 - t0)) 'BEGIN{printf "%.2f", ns/1e9}')" "$key.header" "$(pane "$s" | sed -n 2p)"
  tmux_quit "$s" "$pid"
  say "  $key: peak RSS $((hwm / 1024)) MiB"
}
step_memory() {
  say "memory: peak RSS"
  mem_run memory.default
  mem_run memory.ring1m --ring-packets 1000000 --ring-bytes 1G
  put memory.ring1m_inprocess "$(node $NF bench/ingest.mjs ring-1m "$PCAP" 1)"
}

# ---------------------------------------------------------------------------------------------
versions() {
  put env.date "$(date -u '+%Y-%m-%d %H:%M UTC')" env.mode "$MODE" env.nproc "$(nproc)" \
      env.cpu "$(lscpu | sed -nE 's/^Model name: *//p' | head -1)" \
      env.mem "$(free -h | awk '/^Mem:/ {print $2}')" env.kernel "$(uname -r)" \
      env.os "$(. /etc/os-release; echo "$PRETTY_NAME")" \
      v.node "$(node --version)" v.libpcap "$("$CACHE/pcap_count" --version)" \
      v.tshark "$(tshark --version 2>/dev/null | head -1)" v.tcpdump "$(tcpdump --version 2>&1 | head -1)" \
      v.tcpreplay "$(tcpreplay --version 2>&1 | head -1)" v.hyperfine "$(hyperfine --version)" \
      v.nta "$(bin/nta-top --version)"
}

ensure_tools
ensure_build
rm -f "$RES"
versions
step capture && step_capture
[ -s "$PCAP" ] && [ -s "$CACHE/$MODE.pcap.json" ] || die "no capture: run with --only capture first"
# The capture's facts (packet count, mix) go into every report, whether or not this run made it.
node "$BENCH/lib.mjs" merge "$RES" "$CACHE/$MODE.pcap.json"
step offline && step_offline
step live && step_live
step screen && step_screen
step memory && step_memory
node "$BENCH/report.mjs" "$RES" >"$OUT.tmp" && mv "$OUT.tmp" "$OUT" && say "wrote ${OUT#"$ROOT"/}"
