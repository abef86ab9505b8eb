"""Per-label accuracy and the most frequent confusions, shared by the label benchmarks."""

from __future__ import annotations

from collections import Counter


class LabelTally:
    """Counts (gold, predicted) pairs; prints each gold label's accuracy and the confusions."""

    def __init__(self) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()

    def add(self, gold: str, pred: str) -> None:
        self.pairs[(gold, pred)] += 1

    @property
    def correct(self) -> int:
        return sum(n for (gold, pred), n in self.pairs.items() if gold == pred)

    def print(self, width: int) -> None:
        per_label: dict[str, list[int]] = {}
        for (gold, pred), n in self.pairs.items():
            counts = per_label.setdefault(gold, [0, 0])
            counts[0] += n if gold == pred else 0
            counts[1] += n
        for label, (ok, n) in sorted(per_label.items()):
            print(f"{label:{width}} {ok:3}/{n:3}  {100 * ok / n:5.1f}")
        print("most frequent confusions (gold -> predicted):")
        wrong = Counter({pair: n for pair, n in self.pairs.items() if pair[0] != pair[1]})
        for (gold, pred), n in wrong.most_common(8):
            print(f"  {n:3}  {gold} -> {pred}")
