#!/usr/bin/env bash
# Compares the toolkit's kitchen model with D4RL's own, both compiled in the installed MuJoCo
# (libmujoco-dev 2.2.2): same start state, same smooth random actions, D4RL's control rule without
# observation noise. Prints per-episode state differences and how often an arm link touches
# something in each model (the only place the two models differ). Needs a clone of
# Farama-Foundation/D4RL; nothing of it is copied into this project.
#
# usage: scripts/kitchen-compare.sh D4RL_CLONE [EPISODES] [AMPLITUDE] [SMOOTHING]
#   defaults 6 episodes, amplitude 1, smoothing 0.9 (about 2 minutes on a busy 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/.."
d4rl=${1:?usage: scripts/kitchen-compare.sh D4RL_CLONE [EPISODES] [AMPLITUDE] [SMOOTHING]}
original=$d4rl/d4rl/kitchen/adept_envs/franka/assets/franka_kitchen_jntpos_act_ab.xml
[[ -f $original ]] || { echo "kitchen-compare: $original not found (expected a clone of Farama-Foundation/D4RL)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -std=c11 -Wall -o "$work/kitchen_compare" scripts/kitchen_compare.c -lmujoco -lm
ours=$PWD/ofql-core/src/main/resources/io/ofql/env/kitchen.xml
# D4RL's model names its meshes and textures relative to its own folder.
cd "$(dirname "$original")"
"$work/kitchen_compare" "$original" "$ours" "${2:-6}" "${3:-1}" "${4:-0.9}"
