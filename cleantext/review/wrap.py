"""Cutting a line of text into screen rows of a given width, counted in terminal cells.

Wide (CJK) characters take two cells and are never split across rows: a
row ends before a character that would not fit.

>>> cuts("ab中文cd", 3)
(0, 2, 3, 5)
>>> cuts("ab中文cd", 8), cuts("", 8)
((0,), (0,))
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len, chop_cells


@lru_cache(maxsize=8192)
def cuts(text: str, width: int) -> tuple[int, ...]:
    """Where each row starts (character offsets, the first 0) for rows of at most `width` cells.

    A width under 2 is taken as 2, room for one wide character.
    """
    if cell_len(text) <= width:
        return (0,)
    starts = [0]
    for row in chop_cells(text, max(width, 2)):
        starts.append(starts[-1] + len(row))
    return tuple(starts[:-1])


def guesses(cells: list[int], width: int) -> list[int]:
    """About how many rows `cuts` gives lines of so many cells (`display_width`), without
    looking at each character.

    >>> guesses([10, 0], 4), len(cuts("1700余公里", 4))  # "1700余公里" is 10 cells
    ([3, 1], 3)
    """
    width = max(width, 2)
    return [(size + width - 1) // width or 1 for size in cells]
