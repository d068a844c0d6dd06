"""Alternative: L as a subclass of list, so storage, iteration and equality come from list."""


class L(list):
    @property
    def items(self):
        return list(self)

    def __repr__(self) -> str:
        return f"L({list(self)!r})"

    def __getitem__(self, idx):
        if isinstance(idx, int):
            return super().__getitem__(idx)
        if isinstance(idx, slice):
            return L(super().__getitem__(idx))
        idx = list(idx)
        if idx and all(type(i) is bool for i in idx):
            if len(idx) != len(self):
                raise IndexError(f"mask of length {len(idx)} for {len(self)} items")
            return L(item for item, keep in zip(self, idx) if keep)
        return L(super(L, self).__getitem__(i) for i in idx)

    def map(self, f):
        return L(map(f, self))

    def filter(self, f):
        return L(filter(f, self))

    def unique(self):
        seen, kept = set(), []
        for item in self:
            if item not in seen:
                seen.add(item)
                kept.append(item)
        return L(kept)

    def itemgot(self, idx):
        return L(item[idx] for item in self)

    def attrgot(self, name, default=None):
        return L(item.get(name, default) if isinstance(item, dict) else getattr(item, name, default) for item in self)

    def argwhere(self, f):
        return L(i for i in range(len(self)) if f(super(L, self).__getitem__(i)))

    def sorted(self, key=None, reverse=False):
        copy = L(self)
        copy.sort(key=key, reverse=reverse)
        return copy

    def zipwith(self, *others):
        return L(zip(self, *others))

    def concat(self):
        flat = L()
        for item in self:
            if isinstance(item, (list, tuple)):
                flat.extend(item)
            else:
                flat.append(item)
        return flat
