"""Profile refusals: refused Python code (a module such as torch.utils.data, a function, a
builtin) trips a profile hook as it is entered, whatever alias, subclass or import path reached it.

The hook compares what is entered with the code objects, builtins and folders that the refused
dotted names stand for, so that a new name for the same code changes nothing. Items set it only
where they refuse some Python code: profiling slows every call.
"""

from __future__ import annotations


def profile_refusals(safe, report, profile_dropped):
    """profiler(dotted names) -> the profile hook that trips on what they stand for.
    `report` and `profile_dropped` are the audit hook's."""
    resolved: dict[str, tuple] = {}  # dotted name: (codes, builtins, folders) it stands for

    def resolve(dotted: str) -> tuple:
        if dotted not in resolved:
            parts, value = dotted.split("."), None
            for cut in safe.range(safe.len(parts), 0, -1):
                try:
                    value = safe.import_module(".".join(parts[:cut]))
                except safe.ImportError:
                    continue
                for part in parts[cut:]:
                    value = safe.getattr(value, part)
                break
            hit = ("refused", dotted)
            if safe.type(value) is safe.ModuleType:
                path = value.__file__
                folder = safe.dirname(path) + safe.sep if path.endswith("__init__.py") else path
                resolved[dotted] = ({}, {}, ((folder, hit),))
            elif safe.hasattr(value, "__code__"):
                resolved[dotted] = ({safe.id(value.__code__): (value.__code__, hit)}, {}, ())
            else:
                resolved[dotted] = ({}, {safe.id(value): (value, hit)}, ())
        return resolved[dotted]

    def profiler(attributes: list):
        codes, builtins, folders = {}, {}, []
        for dotted in attributes:
            more_codes, more_builtins, more_folders = resolve(dotted)
            codes.update(more_codes)
            builtins.update(more_builtins)
            folders.extend(more_folders)
        prefixes = safe.tuple(folder for folder, _ in folders)
        id, next = safe.id, safe.next  # looked up once: the hook runs on every call

        def profile(frame, event, arg):
            hit = None
            if event == "call":
                code = frame.f_code
                entry = codes.get(id(code))
                if entry is not None and entry[0] is code:
                    hit = entry[1]
                elif prefixes and code.co_filename.startswith(prefixes):
                    hit = next(h for folder, h in folders if code.co_filename.startswith(folder))
            elif event == "c_call":
                entry = builtins.get(id(arg))
                if entry is not None and entry[0] is arg:
                    hit = entry[1]
            if hit is not None:
                profile_dropped()
                report(hit)

        return profile

    return profiler
