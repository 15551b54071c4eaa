#!/usr/bin/env bash
# The desk in a real browser: Debian's chromium and chromium-driver, Python's selenium and
# axe-selenium-python (installed here when missing). Builds the demo store in a temporary folder, adds two
# platforms and their accounts and a candidate whose id is a script, starts `apparier serve` on a free
# loopback port, then walks the desk as an assistant does (Tests/browser/desk_test.py).
# Screenshots of every page go to browser-screenshots/ (not committed). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/serve.sh

packages=(chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check "selenium==4.51.0" "axe-selenium-python==2.1.6" 2>&1 \
  | grep -v "Running pip as the 'root' user" || true

swift build --product apparier
apparier="$(swift build --show-bin-path)/apparier"

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db="$work/bureau.sqlite"

"$apparier" demo --db "$db" --cache "$work/cache" > /dev/null 2>&1
cat > "$work/script.json" <<'EOF'
[{"id": "<script>alert(1)</script>", "commune": "62041", "metiersRecherches": ["D1106"], "permis": ["B"],
  "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}]
EOF
"$apparier" import candidates "$work/script.json" --db "$db" > /dev/null
"$apparier" platform create --id arras --name "Proch'emploi Arras" --contact "03 21 00 00 00 · arras@prochemploi.fr" \
  --epci "CU d'Arras" --db "$db" > /dev/null
"$apparier" platform create --id dunkerque --name "Proch'emploi Dunkerque" --epci "CU de Dunkerque" --db "$db" > /dev/null
export DESK_PASSWORD="un mot de passe assez long"
APPARIER_PASSWORD="$DESK_PASSWORD" "$apparier" user create --login claire --name "Claire Martin" --platform arras --role admin --db "$db" > /dev/null
APPARIER_PASSWORD="$DESK_PASSWORD" "$apparier" user create --login lea --name "Léa Dubois" --platform dunkerque --db "$db" > /dev/null

start_service "$apparier" "$db" "$work/serve.log"

mkdir -p browser-screenshots
DESK_URL="http://127.0.0.1:$port" DESK_SCREENSHOTS="$PWD/browser-screenshots" DESK_DB="$db" APPARIER="$apparier" \
  python3 Tests/browser/desk_test.py
