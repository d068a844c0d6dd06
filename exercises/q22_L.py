"""q22 L: Build a small version of fastai's `L`, a list whose methods return new lists.

fastai keeps file names, labels and predictions in an `L`: a list with extra methods, each of
which returns a new `L`, so that steps chain: `L(files).map(label_of).unique().sorted()`. The
container part (building, length, iterating, printing, comparing, plain indexing) is written
for you. Write the parts marked as not implemented; every one of them returns a new `L` and
leaves the `L` it was called on as it was. [q22.new_l]
"""

from collections.abc import Callable, Iterable


class L:
    """A list-like container whose methods return new `L`s.

    Example:
        >>> L([3, 1, 2, 1]).map(lambda x: x * 10).unique().sorted()
        L([10, 20, 30])
    """

    def __init__(self, items: Iterable | None = None):
        self.items = [] if items is None else list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __repr__(self) -> str:
        return f"L({self.items!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, (L, list)) and self.items == list(other)

    def __getitem__(self, idx):
        """`l[2]` is one item and `l[1:3]` an L, as for a list. Two more ways give an L:

        - a list of ints picks those positions, in that order, repeats and negatives allowed:
          `L("abcd")[[3, 0, 0]] == L(["d", "a", "a"])`; [q22.positions]
        - a list of bools, one per item, keeps the items marked True:
          `L("abcd")[[True, False, False, True]] == L(["a", "d"])`; [q22.mask] a list of bools
          whose length differs from the L's raises IndexError. [q22.mask_length]

        A list that holds only bools is a mask; any other list holds positions, even one that
        starts with a bool: `L("abc")[[True, 0]] == L(["b", "a"])`. [q22.mask_or_positions]
        """
        if isinstance(idx, int):
            return self.items[idx]
        if isinstance(idx, slice):
            return L(self.items[idx])
        raise NotImplementedError("q22: L.__getitem__ is not implemented yet")

    def map(self, f: Callable) -> "L":
        """`f` applied to every item: `L([1, 2]).map(str) == L(["1", "2"])`. [q22.map]"""
        raise NotImplementedError("q22: L.map is not implemented yet")

    def filter(self, f: Callable) -> "L":
        """The items for which `f(item)` is true, in order: `L([1, 2, 3]).filter(lambda x: x > 1) == L([2, 3])`.
        [q22.filter]"""
        raise NotImplementedError("q22: L.filter is not implemented yet")

    def unique(self) -> "L":
        """Each distinct item once, in the order of first appearance (items must be hashable):
        `L([3, 1, 3, 2, 1]).unique() == L([3, 1, 2])`. [q22.unique]"""
        raise NotImplementedError("q22: L.unique is not implemented yet")

    def itemgot(self, idx) -> "L":
        """`item[idx]` of every item: `L([(1, "a"), (2, "b")]).itemgot(1) == L(["a", "b"])`. [q22.itemgot]"""
        raise NotImplementedError("q22: L.itemgot is not implemented yet")

    def attrgot(self, name: str, default=None) -> "L":
        """The attribute `name` of every item, `default` where an item lacks it; for dict items
        the value under the key `name` (or `default`):
        `L([{"y": 1}, {}]).attrgot("y", 0) == L([1, 0])`. [q22.attrgot]"""
        raise NotImplementedError("q22: L.attrgot is not implemented yet")

    def argwhere(self, f: Callable) -> "L":
        """The positions of the items for which `f(item)` is true:
        `L([5, 6, 7, 8]).argwhere(lambda x: x % 2 == 0) == L([1, 3])`. [q22.argwhere]"""
        raise NotImplementedError("q22: L.argwhere is not implemented yet")

    def sorted(self, key: Callable | None = None, reverse: bool = False) -> "L":
        """A sorted copy, `key` and `reverse` as for Python's `sorted`:
        `L(["bb", "a", "ccc"]).sorted(key=len) == L(["a", "bb", "ccc"])`. [q22.sorted]"""
        raise NotImplementedError("q22: L.sorted is not implemented yet")

    def zipwith(self, *others: Iterable) -> "L":
        """Tuples pairing each item with the items at the same position in `others`, as far as
        the shortest goes: `L([1, 2, 3]).zipwith("ab") == L([(1, "a"), (2, "b")])`. [q22.zipwith]"""
        raise NotImplementedError("q22: L.zipwith is not implemented yet")

    def concat(self) -> "L":
        """One level flattened: items that are lists, tuples or Ls are replaced by their items,
        any other item (a string included) is kept as it is:
        `L([[1, 2], (3,), L([4]), 5, "ab"]).concat() == L([1, 2, 3, 4, 5, "ab"])`. [q22.concat]"""
        raise NotImplementedError("q22: L.concat is not implemented yet")
