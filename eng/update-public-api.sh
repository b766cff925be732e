#!/usr/bin/env bash
# Brings each library's PublicAPI.Unshipped.txt (src/TorchFluent, src/TorchFluent.Vision) in line with the code: adds
# the symbols the analyzer reports as new (RS0016) and removes the ones it reports as gone (RS0017). Review the diff:
# the public surface is deliberate.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/TorchFluent src/TorchFluent.Vision; do
  api=$project/PublicAPI.Unshipped.txt
  log=$(mktemp)
  dotnet build "$project/$(basename "$project").csproj" --no-incremental -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
  # Only this project's diagnostics: a referenced project's lines carry its own path.
  grep -F "$(pwd)/$project/" "$log" > "$log.own" || true
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
