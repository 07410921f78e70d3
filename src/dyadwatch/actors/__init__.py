"""Actors: the registry of coded entities and the lookup of a phrase as of a date."""

from dyadwatch.actors.registry import Registry, default_registry, load_registry, norm

__all__ = ["Registry", "default_registry", "load_registry", "norm"]
