#!/usr/bin/env bash
# Checks that the npm tarball and the Python wheel carry the license text, byte for byte the
# repository's LICENSE (Apache-2.0): `package/LICENSE` in the tarball, `*.dist-info/licenses/LICENSE`
# in the wheel. Used by scripts/release.sh on what it built and by .ci/hosts.sh.
# Usage: scripts/check-packages.sh <package.tgz> <package.whl>
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tgz="$1"
whl="$2"
python="${PYTHON:-python3}"

# The committed copies the two packages are built from.
for copy in hosts/node/LICENSE hosts/python/LICENSE; do
  cmp -s "$root/LICENSE" "$root/$copy" || { echo "check-packages: $copy differs from LICENSE" >&2; exit 1; }
done

tar -xzOf "$tgz" package/LICENSE | cmp -s "$root/LICENSE" - \
  || { echo "check-packages: $tgz has no package/LICENSE equal to LICENSE" >&2; exit 1; }

"$python" - "$whl" "$root/LICENSE" <<'PY'
import sys, zipfile
wheel, license_path = sys.argv[1], sys.argv[2]
expected = open(license_path, "rb").read()
names = [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".dist-info/licenses/LICENSE")]
if not names or zipfile.ZipFile(wheel).read(names[0]) != expected:
    sys.exit(f"check-packages: {wheel} has no dist-info/licenses/LICENSE equal to LICENSE")
PY
echo "check-packages: LICENSE in $(basename "$tgz") and $(basename "$whl")"
