"""The identifier check looks a text up place by place: only where the first letters start a
stored value are the windows of each stored length compared. Same findings as ``in``, and
far fewer lookups than a window per stored length at every place."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kimdesk.report import privacy
from kimdesk.report.privacy import _by_length, contains_any

letters = st.text(alphabet="abc@. 1", max_size=8)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(letters, max_size=5), text=st.text(alphabet="abc@. 1", max_size=40))
def test_the_check_finds_what_in_finds(values: list[str], text: str) -> None:
    # Short values (shorter than the prefix), the empty value and the empty text included.
    assert contains_any(text, _by_length(values)) == any(value in text for value in values)


class CountingSet(frozenset[str]):
    lookups = 0

    def __contains__(self, item: object) -> bool:
        CountingSet.lookups += 1
        return super().__contains__(item)


def test_a_text_costs_about_one_lookup_per_letter() -> None:
    # E-mail addresses of twenty different lengths, as a caseload holds them.
    emails = [f"{'x' * n}@example.net" for n in range(1, 21)]
    index = _by_length(emails)
    counted = privacy.Lengths(
        groups=tuple((n, CountingSet(group)) for n, group in index.groups),
        prefix=index.prefix,
        prefixes=CountingSet(index.prefixes),
    )
    text = "Termin beim Jobcenter am Montag, Unterlagen vollständig eingereicht " * 3
    CountingSet.lookups = 0
    assert not contains_any(text, counted)
    # One lookup of the first letters per place; a window per length at every place would
    # have been twenty per place.
    assert CountingSet.lookups <= len(text)
