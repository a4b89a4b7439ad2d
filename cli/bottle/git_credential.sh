# git's credential helper in a bottle, named by the bottle's system git config
# (/etc/bottle/gitconfig, which GIT_CONFIG_SYSTEM is pinned to) once per host that
# has a credential in the manifest. git runs it as `... NAME get` with the request
# on stdin. It answers with the phantom held in the variable NAME: the egress
# proxy swaps the real value in on the wire, only toward that credential's hosts
# and paths. It knows no secret, and store/erase are ignored.
[ "$2" = get ] || exit 0
cat >/dev/null
case "$1" in
  '' | *[!A-Za-z0-9_]*) exit 0 ;;
esac
value=$(printenv "$1") || exit 0
[ -n "$value" ] || exit 0
printf 'username=x-access-token\npassword=%s\n' "$value"
