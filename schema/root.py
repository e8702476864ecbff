"""The root schema: merges every module's Query and Mutation parts and adds the limits."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Iterator

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.types.base_scalars import wrap_parser
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule

from schema.errors import ErrorPolicy
from schema.registry import extra_types, mutation_parts, query_parts
from services.settings import Settings

# Modules that register schema parts, in the order their fields appear in the schema.
SCHEMA_MODULES = (
    "schema.node",
    "schema.accounts",
    "schema.agencies",
    "schema.students",
    "schema.visits",
    "schema.imports",
    "schema.reports",
    "schema.audit",
    "schema.partners",
    "schema.tips",
)


# Parsed and validated documents kept per process, least recently used first out. The app
# and the console send a few dozen distinct documents.
QUERY_CACHE_SIZE = 256

# Strawberry's own UUID scalar has no description; this one is the same with one.
UUID_SCALAR = strawberry.scalar(
    name="UUID",
    description="A UUID in its 36-character text form, e.g. 5f0c1f4e-8c1b-4d3a-9a57-2d1f0e6b7c11.",
    serialize=str,
    parse_value=wrap_parser(uuid.UUID, "UUID"),
)


class KeepSyntaxErrors(ParserCache):
    """Strawberry's parser cache, except that a document that does not parse is left to Strawberry.

    ``ParserCache`` parses in an extension hook, where a syntax error escapes the operation
    and so skips ``ErrorPolicy``. Strawberry then parses the document itself and reports the
    syntax error as usual, with its code.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        except GraphQLError:
            pass
        yield


def _load_modules() -> None:
    for name in SCHEMA_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def _merge(name: str, parts: list[type], description: str) -> type:
    """Merge the registered parts into one root type, refusing two parts that define one field."""
    # Order the parts by SCHEMA_MODULES, not by import order, which depends on what imported
    # the modules first (a test, say), so the printed schema stays the same.
    parts = sorted(parts, key=lambda part: SCHEMA_MODULES.index(part.__module__))
    seen: dict[str, type] = {}
    for part in parts:
        for field in part.__strawberry_definition__.fields:
            if field.name in seen:
                raise ValueError(
                    f"{name}.{field.name} is defined by both {seen[field.name].__name__} and {part.__name__}."
                )
            seen[field.name] = part
    return strawberry.type(type(name, tuple(parts), {}), description=description)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """Build the schema with the query limits of ``settings`` (defaults when None)."""
    settings = settings or Settings()
    _load_modules()
    query = _merge("Query", query_parts, "Everything you can read. Lists are scoped to your agency's subtree.")
    mutation = (
        _merge("Mutation", mutation_parts, "Everything you can change. Each takes one input and returns a payload with `errors`.")
        if mutation_parts
        else None
    )
    # The limiters' rule classes are made once here, not per request: the validation cache
    # is keyed by the rules, so a fresh class per request would never hit it.
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    if not settings.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    extensions = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        # Apps send the same few documents again and again; parsing and validating each
        # once per process saves about 2 ms of CPU per request (bench/README.md, d).
        lambda: KeepSyntaxErrors(maxsize=QUERY_CACHE_SIZE),
        lambda: ValidationCache(maxsize=QUERY_CACHE_SIZE),
        ErrorPolicy,
    ]
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        types=list(extra_types),
        extensions=extensions,
        config=StrawberryConfig(scalar_map={uuid.UUID: UUID_SCALAR}),
    )


def print_schema_sdl() -> str:
    """Return the schema in SDL, as committed in ``schema.graphql``."""
    return build_schema().as_str() + "\n"
