#!/usr/bin/env bash
# Load benchmark (a script, not a test): `openness serve`'s index page and /api/v1/releases
# against Debian's nginx serving the same bytes as static files, on loopback, 64 connections,
# bounded runs: first as sent without compression, then with `Accept-Encoding: gzip` (nginx's
# `gzip_static` serving the service's own gzip bytes beside the files, so both send the same
# bytes). Needs Debian's wrk and nginx (apt-get install wrk nginx-light).
# Usage: tests/serve/bench.sh [BIN] [SECONDS]   (BIN defaults to target/release/openness)
set -euo pipefail
bin="${1:-target/release/openness}"; secs="${2:-10}"
tmp="$(mktemp -d)"; serve_port=18480; nginx_port=18481
cleanup() { [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null; [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$bin" serve --db "$tmp/openness.db" --listen "127.0.0.1:$serve_port" 2>"$tmp/serve.log" & serve_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$serve_port/healthz" >/dev/null && break; sleep 0.1; done
mkdir -p "$tmp/www/api/v1"
fetch() { # path file
  curl -sf "http://127.0.0.1:$serve_port$1" -o "$tmp/www/$2"
  curl -sf -H 'Accept-Encoding: gzip' "http://127.0.0.1:$serve_port$1" -o "$tmp/www/$2.gz"
  gzip -t "$tmp/www/$2.gz"
}
fetch / index.html
fetch /api/v1/releases api/v1/releases.json
cat >"$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
user root;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  types { application/json json; }
  gzip_static on;
  server { listen 127.0.0.1:$nginx_port; root $tmp/www; }
}
CONF
nginx -c "$tmp/nginx.conf"
sleep 0.3
run() { # label url [wrk options]
  local out rps p99 label="$1" url="$2"; shift 2
  out="$(wrk -t2 -c64 -d"${secs}s" --latency "$@" "$url")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  printf '%-40s %12s req/s   p99 %8s\n' "$label" "$rps" "$p99"
}
size() { wc -c <"$tmp/www/$1"; }
echo "index: $(size index.html) bytes ($(size index.html.gz) gzip); releases JSON: $(size api/v1/releases.json) bytes ($(size api/v1/releases.json.gz) gzip); ${secs} s per run, 64 connections; load: $(cut -d' ' -f1-3 /proc/loadavg)"
gz=(-H 'Accept-Encoding: gzip')
run "nginx  /index.html (static)" "http://127.0.0.1:$nginx_port/index.html"
run "serve  / (index)" "http://127.0.0.1:$serve_port/"
run "nginx  /api/v1/releases.json (static)" "http://127.0.0.1:$nginx_port/api/v1/releases.json"
run "serve  /api/v1/releases" "http://127.0.0.1:$serve_port/api/v1/releases"
run "nginx  /index.html (gzip_static)" "http://127.0.0.1:$nginx_port/index.html" "${gz[@]}"
run "serve  / (gzip)" "http://127.0.0.1:$serve_port/" "${gz[@]}"
run "nginx  /api/v1/releases.json (gzip_static)" "http://127.0.0.1:$nginx_port/api/v1/releases.json" "${gz[@]}"
run "serve  /api/v1/releases (gzip)" "http://127.0.0.1:$serve_port/api/v1/releases" "${gz[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
