"""Winners and losers in words: for each scenario against the first, which classes pay less or more at which
consumption bands, and by how much a month (from :class:`~gezopt.report.bill_bands.BandComparison`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gezopt.report.bill_bands import BandComparison, Outcome
from gezopt.report.wording import amount_range, name_list, number_list

BANDS_UNIT = "kWh a month"


def money(value: float) -> str:
    """``16.63`` (AZN with two decimals)."""
    return f"{value + 0.0:,.2f}"


@dataclass
class ClassChange:
    """What one scenario does to one class's bills at its bands, against the reference scenario."""

    consumer_class: str
    winners: list[tuple[float, float]] = field(default_factory=list)  # (band, AZN a month less)
    losers: list[tuple[float, float]] = field(default_factory=list)  # (band, AZN a month more)
    added: list[tuple[float, float]] = field(default_factory=list)  # (band, bill): billed here, not in the reference
    removed: list[float] = field(default_factory=list)  # bands billed in the reference, not here
    unchanged: list[float] = field(default_factory=list)

    def phrases(self) -> list[str]:
        """This class's changes as clauses of a sentence (none when nothing changed)."""
        name = f"{self.consumer_class} customers"
        said = []
        moves = [f"{verb} at {number_list([b for b, _ in changes], BANDS_UNIT)} "
                 f"(by {amount_range([d for _, d in changes], money)} AZN a month)"
                 for changes, verb in ((self.winners, "less"), (self.losers, "more")) if changes]
        if moves:
            said.append(f"{name} pay {' and '.join(moves)}")
        if self.added:
            said.append(f"{name}, a class billed only here, pay {amount_range([b for _, b in self.added], money)} "
                        f"AZN a month at {number_list([b for b, _ in self.added], BANDS_UNIT)}")
        if self.removed:
            said.append(f"{name} are not billed here")
        return said


def class_changes(bands: BandComparison, position: int) -> list[ClassChange]:
    """Scenario ``position``'s changes by class, in the order the classes first appear."""
    changes: dict[str, ClassChange] = {}
    for row in bands.rows:
        change = changes.setdefault(row.consumer_class, ClassChange(row.consumer_class))
        bill, reference = row.bills_azn_per_month[position], row.bills_azn_per_month[0]
        outcome = row.outcome(position)
        if outcome is Outcome.WINNER:
            change.winners.append((row.band_kwh_per_month, -row.difference_azn(position)))
        elif outcome is Outcome.LOSER:
            change.losers.append((row.band_kwh_per_month, row.difference_azn(position)))
        elif outcome is Outcome.UNCHANGED:
            change.unchanged.append(row.band_kwh_per_month)
        elif bill is not None:
            change.added.append((row.band_kwh_per_month, bill))
        elif reference is not None:
            change.removed.append(row.band_kwh_per_month)
    return list(changes.values())


def scenario_sentence(bands: BandComparison, position: int) -> str | None:
    """``Under X, against R: residential customers pay less at ...; the other bands are unchanged.``, or None
    when no bill at any band differs from the reference's."""
    changes = class_changes(bands, position)
    phrases = [phrase for change in changes for phrase in change.phrases()]
    if not phrases:
        return None
    if any(change.unchanged for change in changes):
        phrases.append("the other bands are unchanged")
    return f"Under {bands.scenarios[position]}, against {bands.reference}: {'; '.join(phrases)}."


def band_sentences(bands: BandComparison) -> list[str]:
    """A sentence per scenario whose bills at bands differ from the first's, then one naming those whose
    bills do not."""
    sentences, unchanged = [], []
    for position in range(1, len(bands.scenarios)):
        sentence = scenario_sentence(bands, position)
        if sentence is None:
            unchanged.append(bands.scenarios[position])
        else:
            sentences.append(sentence)
    if unchanged:
        sentences.append(f"Under {name_list(unchanged)}, no bill at any band differs from {bands.reference}.")
    return sentences
