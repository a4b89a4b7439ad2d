# bottle's init inside a bottle, run by `sh` as the agent's user (uid 1000) under
# the engine's init. It seeds Claude Code's config into the tmpfs home, starts the
# two relays that turn the supervisor's unix sockets into loopback ports, signals
# "ready" (a connection to the supervisor's ready.sock, and a line on standard
# error for the logs), and runs the agent: `print` runs `claude -p` once with
# the prompt; `interactive` runs Claude Code in a tmux session (`bottle attach`
# joins it) and waits for it to end. The container exits with the agent's status.
set -eu
mode="${1:-interactive}"
config=/etc/bottle
status_file=/tmp/bottle-agent-status

relay_listening() { # PORT_HEX: whether 127.0.0.1:PORT is in LISTEN state
  grep -q "0100007F:$1 00000000:0000 0A" /proc/net/tcp
}

wait_for() { # TRIES WHAT CHECK...: runs CHECK every 5 ms until it succeeds, TRIES times at most
  tries=$1
  what=$2
  shift 2
  until "$@"; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then
      echo "bottle-init: $what" >&2
      exit 125
    fi
    sleep 0.005
  done
}

relays_listening() { relay_listening 1F90 && relay_listening 0C38; }

supervisor_sockets() { [ -S /run/bottle/api.sock ] && [ -S /run/bottle/egress.sock ] && [ -S /run/bottle/hook.sock ]; }

signal_ready() { # once the supervisor's sockets exist; its start-up waits for this connection
  wait_for 6000 "the supervisor's sockets did not appear" supervisor_sockets
  socat -u OPEN:/dev/null UNIX-CONNECT:/run/bottle/ready.sock
}

case "$mode" in
session)
  # Inside tmux: the agent itself, once the relays listen (the session starts beside them).
  # Its status outlives the session for the init.
  wait_for 1000 "the relays did not start" relays_listening
  set +e
  if [ -f "$config/prompt.txt" ]; then
    claude "$(cat "$config/prompt.txt")"
  else
    claude
  fi
  echo "$?" >"$status_file"
  exit 0
  ;;
print | interactive) ;;
*)
  echo "bottle-init: unknown mode $mode" >&2
  exit 125
  ;;
esac

umask 077
# Claude Code's config folder is pinned (CLAUDE_CONFIG_DIR), and its global config lives in it.
cp "$config/claude.json" "${CLAUDE_CONFIG_DIR:-$HOME/.claude}/.claude.json"
# Masked files read as empty: git here never picks them up as new files.
mkdir -p "$HOME/.config/git"
cp "$config/git-ignore" "$HOME/.config/git/ignore"
socat TCP-LISTEN:8080,bind=127.0.0.1,reuseaddr,fork,nodelay UNIX-CONNECT:/run/bottle/api.sock 2>/dev/null &
socat TCP-LISTEN:3128,bind=127.0.0.1,reuseaddr,fork,nodelay UNIX-CONNECT:/run/bottle/egress.sock 2>/dev/null &

if [ "$mode" = print ]; then
  wait_for 1000 "the relays did not start" relays_listening
  signal_ready
  exec claude -p "$(cat "$config/prompt.txt")"
fi

# The tmux server starts while the relays come up (the session waits for them itself).
tmux -f "$config/tmux.conf" new-session -d -s agent -x 160 -y 48 "sh $config/init.sh session"
wait_for 1000 "the relays did not start" relays_listening
signal_ready
while tmux has-session -t agent 2>/dev/null; do sleep 0.2; done
if [ -f "$status_file" ]; then exit "$(cat "$status_file")"; fi
exit 1
