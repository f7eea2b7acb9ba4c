"""Checking a record of coprod.upstream against the installed Voilà, jupyter_server, jupyter_client
(and the rest): is the attribute still there, of its kind, with the parameters coprod overrides,
the source coprod copied, the name it replaced? Run by tests/unit/test_upstream.py after every
upgrade; nothing at run time imports it."""

from __future__ import annotations

from coprod.upstream import PREHEATING_MANAGER, Reliance


class UpstreamChanged(AssertionError):
    """What coprod relies on is no longer as it was written for."""


def resolve(owner: str):
    """The module, class or object named ``owner`` (PREHEATING_MANAGER: made as Voilà makes it)."""
    import importlib

    if owner == PREHEATING_MANAGER:
        from voila.voila_kernel_manager import voila_kernel_manager_factory

        from coprod.kernels import CappedKernelManager

        return voila_kernel_manager_factory(CappedKernelManager, True, 0)
    parts = owner.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise ImportError(owner)


def parameters_of(function) -> str:
    """A function's parameters as written, without annotations: ``self, *, kernel_id=None, **kwargs``."""
    import inspect

    shown, starred = [], False
    parameters = list(inspect.signature(function).parameters.values())
    for number, parameter in enumerate(parameters):
        if parameter.kind is parameter.KEYWORD_ONLY and not starred:
            shown.append("*")
            starred = True
        if parameter.kind is parameter.VAR_POSITIONAL:
            shown.append("*" + parameter.name)
            starred = True
        elif parameter.kind is parameter.VAR_KEYWORD:
            shown.append("**" + parameter.name)
        else:
            default = "" if parameter.default is parameter.empty else f"={parameter.default!r}"
            shown.append(parameter.name + default)
        following = parameters[number + 1].kind if number + 1 < len(parameters) else None
        if parameter.kind is parameter.POSITIONAL_ONLY and following is not parameter.POSITIONAL_ONLY:
            shown.append("/")
    return ", ".join(shown)


def fingerprint_of(function) -> str:
    """A short hash of a function's source: any change upstream changes it."""
    import hashlib
    import inspect
    import textwrap

    return hashlib.sha256(textwrap.dedent(inspect.getsource(function)).encode()).hexdigest()[:16]


def problems(reliance: Reliance, target=None) -> list[str]:
    """What is no longer as ``reliance`` says, on ``target`` (the owner, or an instance of it for a
    record ``on_instance``; by default the owner, resolved)."""
    import inspect

    import traitlets

    if target is None:
        target = resolve(reliance.owner)
    said = f"{reliance.where} (relied on by {', '.join(reliance.modules)}: {reliance.use})"
    if not hasattr(target, reliance.name):
        return [f"{said} is gone from {getattr(target, '__name__', type(target).__name__)}"]
    value = getattr(target, reliance.name)
    found = []
    kind = reliance.kind
    if kind == "dict" and not isinstance(value, dict | traitlets.Dict):
        found.append(f"{said} is no longer a dict but {type(value).__name__}")
    elif kind == "trait" and not isinstance(value, traitlets.TraitType):
        found.append(f"{said} is no longer a trait but {type(value).__name__}")
    elif kind == "class" and not isinstance(value, type):
        found.append(f"{said} is no longer a class but {type(value).__name__}")
    elif kind in ("method", "coroutine"):
        if not callable(value):
            found.append(f"{said} is no longer a function but {type(value).__name__}")
        elif inspect.iscoroutinefunction(value) != (kind == "coroutine"):
            found.append(f"{said} is {'no longer' if kind == 'coroutine' else 'now'} a coroutine function")
    if reliance.parameters is not None and callable(value):
        now = parameters_of(value)
        if now != reliance.parameters:
            found.append(f"{said} now takes ({now}), not ({reliance.parameters})")
    if reliance.fingerprint is not None and fingerprint_of(value) != reliance.fingerprint:
        found.append(f"{said} was rewritten upstream (fingerprint {fingerprint_of(value)}, not "
                     f"{reliance.fingerprint}): read it again, change coprod's copy, then the fingerprint")
    if reliance.same_as is not None and value is not resolve(reliance.same_as):
        found.append(f"{said} is no longer {reliance.same_as}")
    if reliance.source_has:
        if inspect.isfunction(value) or inspect.isclass(value):
            written = inspect.getsource(value)
        else:  # an attribute: its owner's source, where it is made
            written = inspect.getsource(target if inspect.isclass(target) or inspect.ismodule(target) else type(target))
        found += [f"{said} no longer says {text!r}" for text in reliance.source_has if text not in written]
    return found


def check(reliance: Reliance, target=None) -> None:
    """Raise UpstreamChanged, saying what changed, unless ``reliance`` still holds (see problems)."""
    found = problems(reliance, target)
    if found:
        raise UpstreamChanged("; ".join(found))
