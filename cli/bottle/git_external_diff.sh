# GIT_EXTERNAL_DIFF in a bottle (pinned by the managed settings, so no settings file can
# name another program). git runs it once per changed file with
#   PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH XFRM-MSG]
# (or PATH alone for an unmerged path) and stops when it exits non-zero. It prints the
# unified diff git would print itself: an empty value is no way out, git then tries to
# run "" and every `git diff` fails.
if [ "$#" -lt 7 ]; then
  echo "* Unmerged path $1"
  exit 0
fi
new_path=${8:-$1}
old_label="a/$1"
new_label="b/$new_path"
[ "$2" = /dev/null ] && old_label=/dev/null
[ "$5" = /dev/null ] && new_label=/dev/null
printf 'diff --git a/%s b/%s\n' "$1" "$new_path"
diff -u --label "$old_label" --label "$new_label" -- "$2" "$5"
[ "$?" -le 1 ]
