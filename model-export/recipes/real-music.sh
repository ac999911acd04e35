#!/usr/bin/env bash
# Real music for the default model: fetches Debian's packaged game soundtracks with
# `apt-get download` (nothing is installed system-wide), extracts each with `dpkg -x` into its own
# folder and records each package's version and licence.
#
# Usage: model-export/recipes/real-music.sh WORK_DIR [train|heldout|all]   (default all)
# Needs: apt-get, dpkg-deb, unzip, ffmpeg (with libopenmpt); model-export/target/model-export.jar.
#
# Writes, below WORK_DIR/real:
#   debs/<pkg>_<version>_all.deb     the downloaded packages
#   <pkg>/                           each package extracted (its audio and usr/share/doc/<pkg>/copyright)
#   wav/<pkg>/...wav                 every track decoded once to 24 kHz mono 16-bit WAV (ffmpeg: Ogg, MP3,
#                                    Opus, tracker modules; xblast's headerless .raw is unsigned 8-bit
#                                    mono at 22 050 Hz), so training decodes no Vorbis at every step
#   packages.tsv                     package, role, version, licence (from the copyright file), track count
#   train.jsonl                      the training catalog (training packages only; built by
#                                    `model-export real-music-catalog`, which refuses held-out packages)
# The held-out packages are evaluated with `model-export eval --real-music WORK_DIR/real/<pkg>` (the
# original files: ffmpeg cannot read 4 of hyperrogue's Ogg files that the Java decoder reads)
# and never enter a training catalog.
set -euo pipefail
WORK=${1:?usage: real-music.sh WORK_DIR [train|heldout|all]}
WHICH=${2:-all}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=${JAR:-$ROOT/model-export/target/model-export.jar}

# Exactly these packages (issue 17; defined once, in ai.muq.data.RealMusicPackages); everything else
# stays out of training.
mapfile -t TRAIN_PACKAGES < <("$JAVA" -jar "$JAR" real-music-catalog --list train)
mapfile -t HELDOUT_PACKAGES < <("$JAVA" -jar "$JAR" real-music-catalog --list held-out)
[ ${#TRAIN_PACKAGES[@]} -gt 0 ] && [ ${#HELDOUT_PACKAGES[@]} -gt 0 ] || { echo "real-music.sh: no package list from $JAR" >&2; exit 1; }

case "$WHICH" in
  train) SETS=(train) ;;
  heldout) SETS=(heldout) ;;
  all) SETS=(train heldout) ;;
  *) echo "real-music.sh: second argument must be train, heldout or all, not '$WHICH'" >&2; exit 2 ;;
esac

OUT="$WORK/real"
mkdir -p "$OUT/debs"
OUT=$(cd "$OUT" && pwd)

# The licence as the copyright file states it: the machine-readable "License:" fields (DEP-5),
# else the first line that names a licence.
licence_of() {
  local f=$1
  if grep -q '^License:' "$f"; then
    grep '^License:' "$f" | sed 's/^License:[[:space:]]*//' | sort -u | paste -sd ';' -
  else
    grep -m1 -iE 'GPL|General Public|Creative Commons|CC-BY|BY-SA|public domain|Artistic|BSD|MIT|free' "$f" \
      | sed 's/^[[:space:]]*//' | tr '\t' ' ' | cut -c1-160
  fi
}

# Decodes every track of a package once into WAV_DIR/<pkg>/<same relative path>.wav.
to_wav() {
  local pkg=$1 src dst
  [ -f "$OUT/wav/$pkg/.done" ] && return 0
  rm -rf "$OUT/wav/$pkg"
  find "$OUT/$pkg" -type f \( -iname '*.ogg' -o -iname '*.mp3' -o -iname '*.flac' -o -iname '*.wav' -o -iname '*.opus' \
      -o -iname '*.xm' -o -iname '*.mod' -o -iname '*.it' -o -iname '*.s3m' -o -iname '*.raw' \) -not -path '*/doc/*' -print0 \
    | sort -z | while IFS= read -r -d '' src; do
      dst="$OUT/wav/$pkg/${src#"$OUT/$pkg/"}.wav"
      mkdir -p "$(dirname "$dst")"
      if [[ "$src" == *.raw ]]; then
        ffmpeg -nostdin -loglevel error -f u8 -ar 22050 -ac 1 -i "$src" -ac 1 -ar 24000 -c:a pcm_s16le -y "$dst"
      else
        ffmpeg -nostdin -loglevel error -i "$src" -vn -ac 1 -ar 24000 -c:a pcm_s16le -y "$dst"
      fi || { echo "real-music.sh: ffmpeg cannot decode $src; left out" >&2; rm -f "$dst"; }
    done
  touch "$OUT/wav/$pkg/.done"
}

fetch() {
  local pkg=$1 role=$2
  if ! ls "$OUT/debs/${pkg}"_*.deb >/dev/null 2>&1; then
    (cd "$OUT/debs" && apt-get download "$pkg")
  fi
  local deb
  deb=$(ls "$OUT/debs/${pkg}"_*.deb | head -1)
  if [ ! -d "$OUT/$pkg" ]; then
    rm -rf "$OUT/$pkg.tmp" && dpkg -x "$deb" "$OUT/$pkg.tmp"
    # Game archives (ufoai's 0music.pk3 is a zip) are unpacked beside themselves.
    find "$OUT/$pkg.tmp" -name '*.pk3' -print0 | while IFS= read -r -d '' a; do unzip -q -o "$a" -d "${a%.pk3}.pk3.d"; done
    mv "$OUT/$pkg.tmp" "$OUT/$pkg"
  fi
  local version licence tracks copyright="$OUT/$pkg/usr/share/doc/$pkg/copyright"
  version=$(dpkg-deb -f "$deb" Version)
  if [ -f "$copyright" ]; then licence=$(licence_of "$copyright"); else licence="(no copyright file in the package)"; fi
  to_wav "$pkg"
  tracks=$(find "$OUT/wav/$pkg" -type f -name '*.wav' | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$role" "$version" "$licence" "$tracks" > "$OUT/$pkg.info"
}

apt-get update -qq 2>/dev/null || echo "real-music.sh: apt-get update failed (not root?); using the present lists" >&2
for set in "${SETS[@]}"; do
  if [ "$set" = train ]; then
    for p in "${TRAIN_PACKAGES[@]}"; do fetch "$p" train; done
  else
    for p in "${HELDOUT_PACKAGES[@]}"; do fetch "$p" heldout; done
  fi
done
# packages.tsv: one row per package fetched so far (by this or an earlier run).
{ printf 'package\trole\tversion\tlicence\ttracks\n'; cat "$OUT"/*.info; } > "$OUT/packages.tsv.tmp"
mv "$OUT/packages.tsv.tmp" "$OUT/packages.tsv"
column -t -s $'\t' "$OUT/packages.tsv" || cat "$OUT/packages.tsv"

# The training catalog: every decodable track of the training packages with its package's weak
# description as caption and tags (model-export's built-in descriptions, docs/training.md).
if [[ " ${SETS[*]} " == *" train "* ]]; then
  "$JAVA" -jar "$JAR" real-music-catalog --root "$OUT/wav" --info "$OUT/packages.tsv" --out "$OUT/train.jsonl" \
    "${TRAIN_PACKAGES[@]}"
fi
