#!/bin/bash
cd /work/wt-exp
for S in 1 2 3; do
  R=mnist-planted-curation-s$S
  date
  nice -n 10 npx i2x run configs/mnist-planted-curation.yaml --set seed=$S --run-id $R > F$S-run.log 2>&1 || { echo "run $S failed"; continue; }
  date
  nice -n 10 npx i2x finetune configs/mnist-planted-curation.yaml --set seed=$S --run-id $R \
    --set finetune.curation.maxRemovedFraction=0.6 --set 'finetune.strategies=[full,curated,random]' \
    --set 'finetune.curation.baselines=[]' --set finetune.curation.action=mask --set finetune.curation.classes=pair > F$S.log 2>&1 || { echo "finetune $S failed"; continue; }
  mkdir -p F$S && cp -a artifacts/$R/finetune artifacts/$R/curation F$S/ && cp F$S.log F$S/
  ./marked.sh F$S/planted-test-7s.csv $R
  node dist/src/cli/main.js query "SELECT sample FROM planted WHERE run_id='$R' AND split='train' AND kind='shortcut' ORDER BY sample" --csv > F$S/shortcut-train.csv
done
date
