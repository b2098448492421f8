#!/usr/bin/env bash
# The G2P study, one run after the other (niced; 2 cores): the tuned bahdanau2014 main run, then the
# seeds' ablations at an equal number of epochs (bahdanau2014, cho2014, sutskever2014 with and without
# source reversal; all emb 64 / hidden 256 / dropout 0.15 / batch 256 / Adam 2e-3: run.ts defaults),
# then the report. Equal epochs, not equal wall clock: a cheaper model must not win by seeing more data.
# Then issue 14's recipe ablations against ab-ep<N>-bahdanau2014 at the same epochs (label smoothing
# 0.1; batch 512 with the rate scaled by sqrt 2), and the long run that keeps its dev checks' weights
# for checkpoint averaging (average.ts: the last one vs the mean of the last 2, 4, 8), and that long run
# again with more regularisation (label smoothing 0.1, the peer's dropout 0.25: the first one overfit at
# the constant rate, training loss 0.14 while dev WER stalled at 27-30). Then issue 16's
# vaswani2017 rows at the main and the long budget, 2 + 2 layers of d_ff 512 (2.7x cheaper a step than
# the preset's 3 + 3 of 1024 on G2P's short words: 449 vs 1,202 ms over the first 100 steps at batch 256).
# Every run is resumable: rerun this script after an interruption and finished runs are only re-evaluated.
# Usage: bash bench/g2p/suite.sh [MAIN_BUDGET_S=1800] [ABLATION_EPOCHS=5] [BACKEND=tensorflow] [LONG_BUDGET_S=7200]
set -u
cd "$(dirname "$0")/../.."
MAIN=${1:-1800}
EP=${2:-5}
BE=${3:-tensorflow}
LONG=${4:-7200}
run() { nice -n 10 node --import tsx bench/g2p/run.ts --backend "$BE" "$@" || echo "run $* FAILED" >&2; }
run --preset bahdanau2014 --budget "$MAIN" --check 300
run --preset bahdanau2014 --name "ab-ep$EP-bahdanau2014" --epochs "$EP"
run --preset cho2014 --name "ab-ep$EP-cho2014" --epochs "$EP"
run --preset sutskever2014 --name "ab-ep$EP-sutskever2014-rev" --reverse true --epochs "$EP"
run --preset sutskever2014 --name "ab-ep$EP-sutskever2014-norev" --reverse false --epochs "$EP"
run --preset bahdanau2014 --name "ab-ep$EP-ls01" --label-smoothing 0.1 --epochs "$EP"
run --preset bahdanau2014 --name "ab-ep$EP-b512" --batch 512 --lr 0.0028 --epochs "$EP"
run --preset bahdanau2014 --name "bahdanau2014-$((LONG / 3600))h" --budget "$LONG" --check 300 --keep-checkpoints
nice -n 10 node --import tsx bench/g2p/average.ts --run "bahdanau2014-$((LONG / 3600))h" --backend "$BE"
run --preset bahdanau2014 --name "bahdanau2014-$((LONG / 3600))h-reg" --label-smoothing 0.1 --dropout 0.25 \
  --budget "$LONG" --check 300 --keep-checkpoints
nice -n 10 node --import tsx bench/g2p/average.ts --run "bahdanau2014-$((LONG / 3600))h-reg" --backend "$BE"
# the budget's decay, A/B on one machine in one session: cosine against the x0.5/x0.25 steps
run --preset bahdanau2014 --name "ab-$((MAIN / 60))m-cosine" --budget "$MAIN" --check 300 --budget-decay cosine
run --preset bahdanau2014 --name "ab-$((MAIN / 60))m-steps" --budget "$MAIN" --check 300 --budget-decay steps
# the plateau decay against steps at twice the main budget, where the constant rate stalls
run --preset bahdanau2014 --name "plateau-$((2 * MAIN / 60))m" --budget "$((2 * MAIN))" --check 300 \
  --budget-decay plateau
run --preset bahdanau2014 --name "steps-$((2 * MAIN / 60))m" --budget "$((2 * MAIN))" --check 300 --budget-decay steps
run --preset vaswani2017 --layers 2 --ff 512 --budget "$MAIN" --check 300
run --preset vaswani2017 --layers 2 --ff 512 --name "vaswani2017-$((LONG / 3600))h" --budget "$LONG" --check 300 \
  --keep-checkpoints
nice -n 10 node --import tsx bench/g2p/average.ts --run "vaswani2017-$((LONG / 3600))h" --backend "$BE"
nice -n 10 node --import tsx bench/g2p/report.ts
