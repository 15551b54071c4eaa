# Sourced by the scripts that test the running service. `start_service APPARIER DB LOG` starts
# `apparier serve` on a free loopback port, in the background, and waits until it listens: it sets
# `server` (the process id, for the caller's cleanup) and `port`. Exits with the log when it cannot start.
start_service() {
    local apparier="$1" db="$2" log="$3"
    "$apparier" serve --db "$db" --port 0 2> "$log" &
    server=$!
    port=""
    for _ in $(seq 1 600); do
        port="$(sed -n 's|.*écoute sur http://127.0.0.1:\([0-9]*\).*|\1|p' "$log")"
        [ -n "$port" ] && return 0
        kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.1
    done
    echo "the service did not start"
    cat "$log"
    exit 1
}
