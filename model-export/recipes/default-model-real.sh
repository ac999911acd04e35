#!/usr/bin/env bash
# The recipe of the next embedded default model (issue 17): MuQ-MuLan "small" trained on synthetic
# AND real music, with the audio-audio contrastive objective on real tracks. Stage by stage, each
# stage at most about two hours on the project's 2-core CPU machine, each resumable: rerunning a
# stage continues from its last checkpoint (every 200 steps) and a finished stage is skipped.
#
# Usage: model-export/recipes/default-model-real.sh WORK_DIR STAGE
#   STAGE: data | tokenizer | pretrain-1 | pretrain-2 | mulan-1 | mulan-2 | mulan-3 | export | eval | all
# Needs: model-export/target/model-export.jar built; apt-get, dpkg-deb, unzip, ffmpeg (real-music.sh);
# the SoundFont timgm6mb-soundfont for synth. Every step is seeded.
#
# Times: measured per step on the quiet 2-core VM by the current default's recipe (pretrain 2.25 s,
# MuLan 1.15 s per step at batch 16 x 4.8 s); a MuLan step with 16 real tracks in two views each
# costs about 3x (48 clips through the audio tower instead of 16). Stage sizes follow from that.
set -euo pipefail
WORK=${1:?usage: default-model-real.sh WORK_DIR STAGE}
STAGE=${2:?usage: default-model-real.sh WORK_DIR STAGE}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=${JAR:-$ROOT/model-export/target/model-export.jar}
ME="$JAVA --enable-native-access=ALL-UNNAMED -Xmx8g -jar $JAR"
SECS=${SECS:-4.8}
PRETRAIN_STEPS=${PRETRAIN_STEPS:-6000}   # two stages of 3000 (~1.9 h each)
MULAN_STEPS=${MULAN_STEPS:-6000}         # three stages of 2000 (~1.9 h each)
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
cd "$WORK"
t() { local s=$SECONDS; "$@"; echo "$(date -u +%FT%TZ) step took $((SECONDS - s)) s: $*" | tee -a times.log; }

SYNTH=(--data synth-train/manifest.jsonl)
REAL=(--data real/train.jsonl)

stage_data() {   # ~45 min: real music (~15 min: download, decode to WAV) and synthetic clips (~15 + 3 min)
  "$ROOT/model-export/recipes/real-music.sh" "$WORK" all
  [ -f synth-train/manifest.jsonl ] || t $ME synth --out synth-train --clips 1200 --seed 1 --seconds 10
  [ -f synth-heldout/manifest.jsonl ] || t $ME synth --out synth-heldout --clips 300 --seed 2 --seconds 10 --split-ratios 0,0,1
}

stage_tokenizer() {   # ~5 min: Mel-RVQ on synthetic plus real training music
  t $ME train-rvq "${SYNTH[@]}" "${REAL[@]}" --split all --out rvq \
    --steps 300 --batch-size 8 --seconds $SECS --lr 3e-3 --warmup 20 --stat-batches 8 --seed 1 --resume
}

pretrain_until() {   # MuQ masked-token pre-training on real and synthetic audio together
  t $ME pretrain --rvq rvq --config small "${SYNTH[@]}" "${REAL[@]}" --split all --out muq \
    --steps $PRETRAIN_STEPS --until "$1" --batch-size 16 --seconds $SECS --lr 5e-4 --warmup 200 --seed 1 --resume
}

mulan_until() {
  # Text objective on every captioned synthetic clip and the real training tracks (their package's
  # description as caption, its tags as "{tag} music" prompts); audio-audio InfoNCE on 16 real
  # tracks a step, two 4.8 s crops 30 s apart (start and end of a 30 s window), temperature 0.1.
  t $ME train-mulan --muq muq "${SYNTH[@]}" "${REAL[@]}" --split all --out mulan --freeze none \
    --tag-text-prob 0.5 --real-music real/train.jsonl --audio-contrastive-weight 1.0 \
    --audio-contrastive-temperature 0.1 --audio-contrastive-span 30 --real-batch-size 16 \
    --steps $MULAN_STEPS --until "$1" --batch-size 16 --seconds $SECS --lr 5e-4 --warmup 200 --seed 1 --resume
}

stage_export() {   # seconds
  t $ME export --checkpoint mulan --precision fp16 --name muq-mulan-small --out bundle
}

stage_eval() {   # ~40 min: synthetic held-out corpus and the two held-out real packages, baselines in the same run
  t $ME eval --bundle bundle --manifest synth-heldout/manifest.jsonl \
    --real-music real/ufoai-music --real-music real/hyperrogue-music --out eval
}

case "$STAGE" in
  data) stage_data ;;
  tokenizer) stage_tokenizer ;;
  pretrain-1) pretrain_until $((PRETRAIN_STEPS / 2)) ;;
  pretrain-2) pretrain_until $PRETRAIN_STEPS ;;
  mulan-1) mulan_until $((MULAN_STEPS / 3)) ;;
  mulan-2) mulan_until $((2 * MULAN_STEPS / 3)) ;;
  mulan-3) mulan_until $MULAN_STEPS ;;
  export) stage_export ;;
  eval) stage_eval ;;
  all)
    stage_data; stage_tokenizer
    pretrain_until $((PRETRAIN_STEPS / 2)); pretrain_until $PRETRAIN_STEPS
    mulan_until $((MULAN_STEPS / 3)); mulan_until $((2 * MULAN_STEPS / 3)); mulan_until $MULAN_STEPS
    stage_export; stage_eval ;;
  *) echo "default-model-real.sh: unknown stage '$STAGE'" >&2; exit 2 ;;
esac
