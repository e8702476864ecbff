"""Each schema module registers its Query and Mutation parts here; ``schema.root`` merges them."""

from __future__ import annotations

query_parts: list[type] = []
mutation_parts: list[type] = []
extra_types: list[type] = []


def query_part(cls: type) -> type:
    query_parts.append(cls)
    return cls


def mutation_part(cls: type) -> type:
    mutation_parts.append(cls)
    return cls


def extra_type(cls: type) -> type:
    """Register a type that no field returns directly (e.g. a Node implementation)."""
    extra_types.append(cls)
    return cls

# Global-id type name -> async function (info, local id) returning the object, or None
# when it does not exist or is outside the caller's scope (the two must look the same).
node_resolvers: dict[str, object] = {}


def node_resolver(type_name: str):
    def register(func):
        node_resolvers[type_name] = func
        return func

    return register
