#!/usr/bin/env bash
# Installs the system libraries Apparier links against, on Debian or Ubuntu:
#   libblas-dev          CBLAS headers and libblas.so
#   libopenblas0-pthread OpenBLAS, which Debian's alternatives system then serves as libblas.so.3
#   libsqlite3-dev       SQLite, for the embedded store
set -euo pipefail
packages=(libblas-dev libopenblas0-pthread libsqlite3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
