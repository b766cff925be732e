#!/usr/bin/env bash
# Brings each src/<Project>/PublicAPI.Unshipped.txt in line with the code: adds the symbols the analyzer reports as new
# (RS0016) and removes the ones it reports as gone (RS0017). Review the diff: the public surface is deliberate.
# Usage: bash eng/update-public-api.sh [src/Project ...]   (default: every project under src/ with a PublicAPI file)
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  for api in src/*/PublicAPI.Unshipped.txt; do projects+=("$(dirname "$api")"); done
fi
for dir in "${projects[@]}"; do
  dir=${dir%/}
  name=$(basename "$dir")
  api="$dir/PublicAPI.Unshipped.txt"
  log=$(mktemp)
  dotnet build "$dir/$name.csproj" --no-incremental -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
  # Only this project's diagnostics (a build also compiles its references).
  grep -F "[$(pwd)/$dir/$name.csproj]" "$log" > "$log.own" || true
  # Symbols may contain quotes (a default value such as ','), so cut at the analyzer's fixed wording, not at a quote.
  grep -o "RS0016: Symbol '.*' is not part of the declared" "$log.own" | sed "s/^RS0016: Symbol '//; s/' is not part of the declared\$//" | sort -u > "$log.add" || true
  grep -o "RS0017: Symbol '.*' is part of the declared" "$log.own" | sed "s/^RS0017: Symbol '//; s/' is part of the declared\$//" | sort -u > "$log.remove" || true
  {
    head -n 1 "$api"
    { tail -n +2 "$api"; cat "$log.add"; } | grep -v -x -F -f "$log.remove" | grep -v '^$' | sort -u
  } > "$log.new"
  mv "$log.new" "$api"
  echo "added $(wc -l < "$log.add"), removed $(wc -l < "$log.remove") public API lines in $api"
  rm -f "$log" "$log.own" "$log.add" "$log.remove"
done
