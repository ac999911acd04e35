#!/usr/bin/env bash
# The recipe of the service's embedded default model (MuQ-MuLan "small"), start to finish.
# Usage: model-export/recipes/default-model.sh WORK_DIR
# Needs: model-export/target/model-export.jar built; Debian packages timgm6mb-soundfont (synthetic
# corpus) and drascula-music, asc-music (unlabelled real music). Every step is seeded.
set -euo pipefail
WORK=${1:?usage: default-model.sh WORK_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=${JAR:-$ROOT/model-export/target/model-export.jar}
ME="$JAVA --enable-native-access=ALL-UNNAMED -Xmx8g -jar $JAR"
# Step counts can be lowered for a quick run (the committed bundle's MODEL_CARD says which were used).
RVQ_STEPS=${RVQ_STEPS:-300}; PRETRAIN_STEPS=${PRETRAIN_STEPS:-800}; MULAN_STEPS=${MULAN_STEPS:-3000}; SECS=${SECS:-4.8}
REAL=(--data /usr/share/scummvm/drascula/audio --data /usr/share/games/asc/music)
mkdir -p "$WORK"
cd "$WORK"
t() { local s=$SECONDS; "$@"; echo "step took $((SECONDS - s)) s: $*" | tee -a times.log; }

# 1. Data: 1200 labelled synthetic clips (80/10/10 split) and a held-out corpus rendered with another seed.
[ -f synth-train/manifest.jsonl ] || t $ME synth --out synth-train --clips 1200 --seed 1 --seconds 10
[ -f synth-heldout/manifest.jsonl ] || t $ME synth --out synth-heldout --clips 300 --seed 2 --seconds 10 --split-ratios 0,0,1

# 2. Mel-RVQ on synthetic plus real music (mel statistics measured first).
t $ME train-rvq --data synth-train/manifest.jsonl "${REAL[@]}" --split all --out rvq \
  --steps $RVQ_STEPS --batch-size 8 --seconds $SECS --lr 3e-3 --warmup 20 --stat-batches 8 --seed 1 --resume

# 3. MuQ pre-training (masked token prediction) on the same audio.
t $ME pretrain --rvq rvq --config small --data synth-train/manifest.jsonl "${REAL[@]}" --split all --out muq \
  --steps $PRETRAIN_STEPS --batch-size 16 --seconds $SECS --lr 5e-4 --warmup 80 --seed 1 --resume

# 4. MuQ-MuLan on every captioned synthetic training clip (the held-out corpus has another seed);
#    text side bge-small-en-v1.5 (frozen) under the trainable head; the whole audio tower learns;
#    half the texts are tag prompts ("{tag} music"), half captions.
t $ME train-mulan --muq muq --data synth-train/manifest.jsonl --split all --out mulan --freeze none \
  --tag-text-prob 0.5 --steps $MULAN_STEPS --batch-size 16 --seconds $SECS --lr 5e-4 --warmup 100 --seed 1 --resume

# 5. Export with fp16 weights (fp32 arithmetic) to keep the committed bundle small.
t $ME export --checkpoint mulan --precision fp16 --name muq-mulan-small --out bundle

# 6. Quality on the held-out corpus (rerunnable on its own: the figures of MODEL_CARD.md).
t $ME eval --bundle bundle --manifest synth-heldout/manifest.jsonl --out eval
