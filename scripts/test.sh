#!/usr/bin/env bash
# Installs what the tests need (Debian packages; Java dependencies come from Maven Central) and runs every test.
# Usage: scripts/test.sh [extra Maven arguments]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# command -> Debian package providing it
declare -A need=(
  [java]=openjdk-17-jdk-headless [mvn]=maven [tshark]=tshark [tcpdump]=tcpdump [sipp]=sip-tester
  [prometheus]=prometheus [promtool]=prometheus [amtool]=prometheus-alertmanager [turnserver]=coturn
  [iptables]=iptables [ip]=iproute2 [chromium]=chromium [node]=nodejs [npm]=npm
)
missing=()
for cmd in "${!need[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}"); done
# libpcap for pcap4j (no -dev package needed)
ldconfig -p 2>/dev/null | grep -q 'libpcap.so.0.8' || missing+=(libpcap0.8)
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "scripts/test.sh: installing Debian packages: $pkgs"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi

# npm (from the machine's Node.js) lets the dashboard tests install @grafana/schema, typescript and the Compose
# schema into analyzer/target/dashboards-npm; without it those checks skip with a message.
command -v npm >/dev/null 2>&1 || echo "scripts/test.sh: npm not found: dashboard type checks will be skipped"

exec mvn -B -Dstyle.color=never verify "$@"
