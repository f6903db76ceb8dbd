# Shared by the scenarios' make.sh scripts: source it, do not run it.
#   HERE=$(cd "$(dirname "$0")" && pwd); . "$HERE/../lib.sh"
#   require_tools sipp tcpdump ...   # exits 1 naming the first missing tool
#   scenario_netns oneway            # NS=vw-oneway-$$ with lo up, WORK scratch dir, PIDS, cleanup on EXIT
#   cd "$WORK"; start_capture 'BPF filter'   # tcpdump on the namespace's lo -> $WORK/capture.pcap, PID in TCPDUMP
#   ... PIDS+=("$!") after each background job ...; stop "$TCPDUMP" INT
# Every process is stopped by its own PID; the namespace and the scratch dir go away on exit (KEEP_WORK=1 keeps
# the scratch dir and its tool logs). Background jobs call `ip netns exec` directly (no shell function) so that
# $! is the program's own PID: ip netns exec execs the program in place.

require_tools() {   # require_tools TOOL...: every tool on PATH, else exit 1
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null || { echo "missing: $t" >&2; exit 1; }
    done
}

stop() {   # stop PID [SIGNAL]: polite signal (TERM by default), then KILL after 3 s; only our own PIDs
    local pid=$1 sig=${2:-TERM} i
    kill -"$sig" "$pid" 2>/dev/null || return 0
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local p
    for p in "${PIDS[@]}"; do stop "$p"; done
    ip netns del "$NS" 2>/dev/null || true
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}

scenario_netns() {   # scenario_netns NAME: network namespace vw-NAME-<pid> with only lo (up), scratch dir WORK
    NS=vw-$1-$$
    WORK=$(mktemp -d)
    PIDS=()
    trap cleanup EXIT
    ip netns add "$NS"
    ip netns exec "$NS" ip link set lo up
}

start_capture() {   # start_capture [BPF FILTER]: tcpdump on the namespace's lo into $WORK/capture.pcap
    local i
    # --immediate-mode: without it a SIGINT ends tcpdump before it drains its TPACKET_V3 ring (last packets lost).
    ip netns exec "$NS" tcpdump -i lo -Z root -s 0 -U --immediate-mode -w "$WORK/capture.pcap" "$@" \
        2>"$WORK/tcpdump.err" &
    TCPDUMP=$!
    PIDS+=("$TCPDUMP")
    for i in $(seq 50); do grep -q listening "$WORK/tcpdump.err" && break; sleep 0.1; done
}
