#!/usr/bin/env bash
# Debian libraries the Python packages load at run time: Pango for WeasyPrint (PDF),
# libmagic for python-magic (type of an uploaded file). Installed when missing and root.
set -euo pipefail
missing=()
ldconfig -p | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
ldconfig -p | grep -q 'libmagic.so.1' || missing+=(libmagic1)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Paquets Debian manquants : ${missing[*]} (installez-les : sudo apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "Installation des paquets Debian : ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
