#!/usr/bin/env bash
# The G2P study, one run after the other (niced; 2 cores): the tuned bahdanau2014 main run, then the
# ablations at a smaller equal budget (bahdanau2014, cho2014, sutskever2014 with and without source
# reversal; all emb 64 / hidden 256 / dropout 0.15 / batch 256 / Adam 2e-3 + schedule: run.ts defaults),
# then the report.
# Every run is resumable: rerun this script after an interruption and finished runs are only re-evaluated.
# Usage: bash bench/g2p/suite.sh [MAIN_BUDGET_S=1800] [ABLATION_BUDGET_S=600] [BACKEND=tensorflow]
set -u
cd "$(dirname "$0")/../.."
MAIN=${1:-1800}
AB=${2:-600}
BE=${3:-tensorflow}
run() { nice -n 10 node --import tsx bench/g2p/run.ts --backend "$BE" "$@" || echo "run $* FAILED" >&2; }
run --preset bahdanau2014 --budget "$MAIN" --check 300
run --preset bahdanau2014 --name ab-bahdanau2014 --budget "$AB" --check "$((AB / 2))"
run --preset cho2014 --name ab-cho2014 --budget "$AB" --check "$((AB / 2))"
run --preset sutskever2014 --name ab-sutskever2014-rev --reverse true --budget "$AB" --check "$((AB / 2))"
run --preset sutskever2014 --name ab-sutskever2014-norev --reverse false --budget "$AB" --check "$((AB / 2))"
nice -n 10 node --import tsx bench/g2p/report.ts
