#!/usr/bin/env bash
# Regenerates every golden with real PyTorch. Needs Debian's python3-torch and python3-torchvision
# (apt-get install -y python3-torch python3-torchvision); uses /usr/bin/python3, not the python3 on PATH.
# Goldens are committed; CI never runs this. Never edit a golden by hand.
set -euo pipefail
cd "$(dirname "$0")"
for script in gen_*.py; do
  /usr/bin/python3 "$script"
done
