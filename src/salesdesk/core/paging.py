"""Pages without a total: "page N" with previous and next.

Counting every row a reader may see can cost more than reading the page itself (100,000 accounts for a
coordinator, every entry of a long account history), so a page reads one item more than it shows to
know whether a next page exists. Pages are by offset: lists are read from the top, and a filter finds a
record faster than paging.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# Deep offsets read (and throw away) every row before the page; nobody pages this far by hand.
MAX_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class ListPage[T]:
    object_list: Sequence[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self) -> Iterator[T]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_number(page: object) -> int:
    """The page asked for: 1 when missing or not a number, at most MAX_PAGE."""
    try:
        return min(max(1, int(str(page or 1))), MAX_PAGE)
    except ValueError:
        return 1


def page_of[T](items: Sequence[T], number: int, size: int) -> ListPage[T]:
    """Page `number` of `items`, which hold the pages up to it and at least one item more if there is
    a next page (a sliced query of `size + 1` rows, or the newest entries up to that page)."""
    start = (number - 1) * size
    return ListPage(
        object_list=items[start : start + size], number=number, has_next=len(items) > start + size
    )
