#!/usr/bin/env python3
"""Regenerates test/fixtures/sacrebleu/expected.json, the reference values our TS BLEU/chrF must match.

Usage: pip install sacrebleu==2.6.0 && python3 scripts/sacrebleu-expected.py
CI only reads the JSON, so re-run this only when the cases below change.
"""
import json
import pathlib

import sacrebleu

CASES = [
    {
        "name": "identical",
        "hyps": ["the cat sat on the mat", "a quick brown fox jumps over the lazy dog"],
        "refs": ["the cat sat on the mat", "a quick brown fox jumps over the lazy dog"],
    },
    {
        "name": "empty hypothesis",
        "hyps": ["", "there is a cat"],
        "refs": ["the cat is on the mat", "there is a cat on the mat"],
    },
    {
        "name": "partial overlap with unmatched higher orders",
        "hyps": ["the cat is on the mat", "dogs chase a cat", "one two three four five"],
        "refs": ["the cat sat on the mat", "the dog chases the cat", "five four three two one"],
    },
    {
        "name": "13a punctuation and entities",
        "hyps": ["Hello, world!", "it's 3.5$-ish", "1,000 people - 2010-2020 &amp; &quot;more&quot;", "a-\nb <skipped>c"],
        "refs": ["Hello world !", "it's 3.5 $-ish", "1,000 people-2010 - 2020 & \"more\".", "ab c"],
    },
    {
        "name": "short hypotheses (brevity penalty)",
        "hyps": ["the cat", "on the mat today", "2021-05-03"],
        "refs": ["the cat sat on the mat", "it was on the mat today , really", "2021-05-03"],
    },
    {
        "name": "unicode and python whitespace",
        "hyps": ["Größe naïve café 😀 ok", "日本語 の テキスト", "tab\there\u00a0nbsp\u2009thin\x1fsep", "x\ufeffy  end  "],
        "refs": ["Größe naive café 😀😀 ok", "日本語のテキスト", "tab here nbsp thin sep", "x\ufeffy end"],
    },
    {
        "name": "no overlap at all",
        "hyps": ["xyz qrs", ""],
        "refs": ["the mat", "a dog"],
    },
    {
        "name": "too short for any 4-gram",
        "hyps": ["the cat", "sat"],
        "refs": ["the cat sat", "sat down"],
    },
    {
        "name": "dates",
        "hyps": ["2021-05-03", "1999-12-31", "2049-01-01", "1950-06-15"],
        "refs": ["2021-05-03", "1999-12-30", "2049-10-01", "1950-06-15"],
    },
]


def expected(case):
    bleu = sacrebleu.corpus_bleu(case["hyps"], [case["refs"]])
    chrf = sacrebleu.corpus_chrf(case["hyps"], [case["refs"]])
    return {
        **case,
        "bleu": {
            "score": bleu.score,
            "precisions": bleu.precisions,
            "bp": bleu.bp,
            "sys_len": bleu.sys_len,
            "ref_len": bleu.ref_len,
        },
        "chrf": {"score": chrf.score},
    }


def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "sacrebleu" / "expected.json"
    data = {"sacrebleu": sacrebleu.__version__, "cases": [expected(c) for c in CASES]}
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {out}")


if __name__ == "__main__":
    main()
