"""The root ``node`` lookup, shared by every type that implements ``Node``."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.base import Node, from_global_id
from schema.context import Context
from schema.registry import node_resolvers, query_part
from services.scope import require_actor


@query_part
@strawberry.type
class NodeQuery:
    @strawberry.field(
        description="Fetch any object by its global id. Returns null when the id does not exist "
        "or is outside your scope; the two cases look the same."
    )
    async def node(self, info: Info[Context, None], id: strawberry.ID) -> Node | None:
        require_actor(info.context.actor)
        type_name, local_id = from_global_id(id)
        resolve = node_resolvers.get(type_name)
        if resolve is None:
            return None
        return await resolve(info, local_id)
