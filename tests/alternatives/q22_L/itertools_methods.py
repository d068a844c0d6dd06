"""Alternative: methods built from itertools and operator; the items kept in a tuple."""

import itertools
import operator


class L:
    def __init__(self, items=None):
        self._items = tuple(items) if items is not None else ()

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __repr__(self):
        return f"L({list(self._items)!r})"

    def __eq__(self, other):
        return isinstance(other, (L, list)) and list(self._items) == list(other)

    def __getitem__(self, idx):
        if isinstance(idx, int):
            return self._items[idx]
        if isinstance(idx, slice):
            return L(self._items[idx])
        idx = list(idx)
        if idx and all(isinstance(i, bool) for i in idx):
            if len(idx) != len(self._items):
                raise IndexError("the mask must have one bool per item")
            return L(itertools.compress(self._items, idx))
        return L(operator.itemgetter(*idx)(self._items) if len(idx) > 1 else [self._items[i] for i in idx])

    def map(self, f):
        return L(f(x) for x in self._items)

    def filter(self, f):
        return L(itertools.compress(self._items, map(f, self._items)))

    def unique(self):
        return L({x: None for x in self._items})

    def itemgot(self, idx):
        return L(map(operator.itemgetter(idx), self._items))

    def attrgot(self, name, default=None):
        def get(o):
            return o.get(name, default) if isinstance(o, dict) else getattr(o, name, default)
        return L(map(get, self._items))

    def argwhere(self, f):
        return L(i for i, x in enumerate(self._items) if f(x))

    def sorted(self, key=None, reverse=False):
        return L(sorted(self._items, key=key, reverse=reverse))

    def zipwith(self, *others):
        return L(zip(self._items, *others))

    def concat(self):
        return L(itertools.chain.from_iterable(x if isinstance(x, (list, tuple, L)) else (x,) for x in self._items))
