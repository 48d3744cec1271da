#!/usr/bin/env bash
# Shared by the check scripts (check-image.sh, check-slurm.sh): progress lines that carry the
# seconds since the check started, and a failure that names the check.
#   source "$repo/scripts/check-lib.sh" NAME
check_name=$1
check_start=$SECONDS

fail() {
  echo "$check_name: FAILED: $*" >&2
  exit 1
}
step() { echo "$check_name: [$((SECONDS - check_start)) s] $*"; }
# The last line of a check that passed, with anything worth repeating there.
passed() { echo "$check_name: OK in $((SECONDS - check_start)) s${1:+; $1}"; }
