"""Route metadata that both validates requests and generates the OpenAPI document.

Why one declaration for both: a description written beside the routes
drifts; here every documented query parameter is also the parser the view
receives its arguments from, and the paths come from Flask's URL map, so the
document cannot describe a parameter or a path the server does not have.
"""
from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

from flask import Flask, request
from werkzeug.exceptions import BadRequest

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "status"],
    "properties": {
        "error": {"type": "string", "description": "HTTP reason phrase"},
        "message": {"type": "string", "description": "what was wrong, in one line"},
        "status": {"type": "integer"},
    },
}


@dataclass(frozen=True)
class Param:
    """A query-string parameter: its documentation and its parser in one."""

    name: str
    description: str
    type: str = "string"  # string | integer
    default: Any = None
    required: bool = False
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    enum: Optional[Sequence[str]] = None
    max_length: Optional[int] = None
    repeated: bool = False  # documented only: the view reads the list itself

    def schema(self) -> dict:
        item: dict = {"type": self.type}
        for key, value in (
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("enum", list(self.enum) if self.enum else None),
            ("maxLength", self.max_length),
            ("default", self.default),
        ):
            if value is not None:
                item[key] = value
        if self.type == "string" and self.required:
            item["minLength"] = 1
        return {"type": "array", "items": item} if self.repeated else item

    def parse(self, raw: Optional[str]) -> Any:
        """The typed value of one raw query-string value, or a 400 naming the problem."""
        if raw is None or (raw == "" and not self.required):
            if self.required:
                raise BadRequest(f"missing required parameter '{self.name}'")
            return self.default
        if self.type == "integer":
            try:
                value: Any = int(raw)
            except ValueError:
                raise BadRequest(f"parameter '{self.name}' must be an integer, not {raw!r}") from None
            if self.minimum is not None and value < self.minimum:
                raise BadRequest(f"parameter '{self.name}' must be >= {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise BadRequest(f"parameter '{self.name}' must be <= {self.maximum}")
            return value
        if self.required and not raw.strip():
            raise BadRequest(f"parameter '{self.name}' must not be empty")
        if self.max_length is not None and len(raw) > self.max_length:
            raise BadRequest(f"parameter '{self.name}' is longer than {self.max_length} characters")
        if self.enum and raw not in self.enum:
            raise BadRequest(f"parameter '{self.name}' must be one of {', '.join(self.enum)}; got {raw!r}")
        return raw


@dataclass(frozen=True)
class Operation:
    summary: str
    description: str
    tag: str
    params: tuple[Param, ...] = ()
    responses: dict = field(default_factory=dict)  # status -> (description, {media type: schema})
    request_body: Optional[dict] = None
    bind: bool = True  # pass parsed params to the view as keyword arguments


def operation(
    summary: str,
    *,
    tag: str,
    params: Sequence[Param] = (),
    responses: Optional[dict] = None,
    request_body: Optional[dict] = None,
    bind: bool = True,
) -> Callable:
    """Attach OpenAPI metadata to a view and, with *bind*, parse its query parameters.

    The view's docstring becomes the operation's description.
    """

    def decorate(view: Callable) -> Callable:
        op = Operation(
            summary=summary,
            description=inspect.cleandoc(view.__doc__ or ""),
            tag=tag,
            params=tuple(params),
            responses=responses or {},
            request_body=request_body,
            bind=bind,
        )

        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if op.bind:
                for p in op.params:
                    kwargs[p.name.replace("-", "_")] = p.parse(request.args.get(p.name))
            return view(*args, **kwargs)

        wrapper.openapi = op  # type: ignore[attr-defined]
        return wrapper

    return decorate


_ARG = re.compile(r"<(?:(?P<conv>[a-zA-Z_]+)(?:\([^)]*\))?:)?(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>")


def _path_param(app: Flask, converter_name: Optional[str], name: str) -> dict:
    """A path parameter whose schema is the converter's own regex, so docs and routing agree."""
    converter = app.url_map.converters[converter_name or "default"]
    schema: dict = {"type": "string"}
    if converter_name == "int":
        schema = {"type": "integer"}
    elif converter_name not in (None, "default", "string"):
        schema["pattern"] = f"^{converter.regex}$"
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": getattr(converter, "description", name),
        "schema": schema,
    }


def _responses(op: Operation) -> dict:
    out: dict = {}
    for status, (description, content) in sorted(op.responses.items(), key=lambda kv: str(kv[0])):
        entry: dict = {"description": description}
        if content:
            entry["content"] = {media: {"schema": schema} for media, schema in content.items()}
        out[str(status)] = entry
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    out.setdefault("4XX", {"description": "bad request, unknown id or unacceptable format", **error})
    out.setdefault("5XX", {"description": "query timeout, busy or internal error", **error})
    return out


def openapi_document(app: Flask, *, title: str, version: str, description: str) -> dict:
    """The OpenAPI 3.0 description of every route that carries :func:`operation` metadata."""
    paths: dict = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        op: Optional[Operation] = getattr(view, "openapi", None)
        if op is None:
            continue
        path = _ARG.sub(lambda m: "{" + m.group("name") + "}", rule.rule)
        parameters = [_path_param(app, m.group("conv"), m.group("name")) for m in _ARG.finditer(rule.rule)]
        parameters += [
            {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "description": p.description,
                "schema": p.schema(),
                **({"style": "form", "explode": True} if p.repeated else {}),
            }
            for p in op.params
        ]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            entry: dict = {
                "operationId": f"{rule.endpoint.replace('.', '_')}_{method.lower()}",
                "summary": op.summary,
                "description": op.description,
                "tags": [op.tag],
                "responses": _responses(op),
            }
            if parameters:
                entry["parameters"] = parameters
            if method == "POST" and op.request_body:
                entry["requestBody"] = op.request_body
            paths.setdefault(path, {})[method.lower()] = entry
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": version, "description": description},
        "paths": paths,
        "components": {"schemas": {"Error": ERROR_SCHEMA}},
    }
