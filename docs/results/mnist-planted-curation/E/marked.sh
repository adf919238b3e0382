#!/bin/bash
# share of the marked (shortcut) test 7s predicted 2, per fine-tuned model; $1 = output file
cd /work/wt-exp
node dist/src/cli/main.js query "SELECT ref, count(*) AS n, round(avg((predicted = 2)::INT), 4) AS share FROM test_predictions t JOIN planted p ON p.run_id = t.run_id AND p.split = 'test' AND p.sample = t.sample AND p.kind = 'shortcut' WHERE t.run_id = '${2:-mnist-planted-curation}' AND t.source = 'finetune' GROUP BY ref ORDER BY ref" --csv > "$1"
