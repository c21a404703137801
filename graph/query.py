"""Read-only SPARQL: refuse updates, run over the merged default graph (see graph.store), hand back plain results.

Results are materialised (`QueryResult`) so they outlive the store snapshot they were read from and can be
passed between threads, rendered as a table, or serialised in the standard SPARQL result formats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from ontology import PREFIXES

Term = NamedNode | BlankNode | Literal | Triple

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV,
                   "xml": QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
                 "xml": RdfFormat.RDF_XML}

# What a SPARQL update starts with once the prologue (BASE/PREFIX) and comments are out of the way.
# Comments are found by skipping IRIs and strings (long ones first), which may hold a '#' themselves.
_COMMENT_OR_TOKEN = re.compile(
    r'''<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*'''
)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*", re.IGNORECASE)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
# SERVICE would make the store fetch other URLs on the caller's behalf: not from a public endpoint.
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.IGNORECASE)


class QueryError(ValueError):
    """A query that cannot run: bad syntax, or an update sent to the read-only query entry point."""


def is_update(sparql: str) -> bool:
    text = _COMMENT_OR_TOKEN.sub(lambda m: " " if m.group().startswith("#") else m.group(), sparql)
    return _UPDATE.match(text, _PROLOGUE.match(text).end()) is not None


def is_federated(sparql: str) -> bool:
    """Whether the query has a SERVICE clause (IRIs, strings and comments do not count)."""
    return _SERVICE.search(_COMMENT_OR_TOKEN.sub(" ", sparql)) is not None


def run_query(store: Store, sparql: str) -> QueryResult:
    """SELECT, ASK, CONSTRUCT or DESCRIBE over the merge of all named graphs (ontology included): the
    store keeps it as the default graph (see graph.store)."""
    if is_update(sparql):
        raise QueryError("SPARQL updates are refused: the graph changes only through ingest and remove")
    if is_federated(sparql):
        raise QueryError("SERVICE (federated query) is refused: queries run on this graph only")
    try:
        result = store.query(sparql, prefixes=PREFIXES)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    if isinstance(result, QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in result)
        return QueryResult("select", variables=variables, rows=rows)
    return QueryResult("graph", triples=tuple(result))


@dataclass(frozen=True, slots=True)
class QueryResult:
    kind: str  # "select", "ask" or "graph" (CONSTRUCT/DESCRIBE)
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = field(default=())

    def records(self) -> list[dict[str, object]]:
        """Rows as plain Python values (IRIs and literals as their lexical value, numbers as numbers)."""
        if self.kind == "ask":
            return [{"boolean": self.boolean}]
        if self.kind == "graph":
            return [{"subject": t.subject.value, "predicate": t.predicate.value, "object": python_value(t.object)}
                    for t in self.triples]
        return [{v: python_value(term) for v, term in zip(self.variables, row, strict=True)} for row in self.rows]

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows of short display strings (prefixed names, bare literals) for a terminal."""
        if self.kind == "ask":
            return ["boolean"], [["true" if self.boolean else "false"]]
        if self.kind == "graph":
            return ["subject", "predicate", "object"], [[compact(t.subject), compact(t.predicate), compact(t.object)]
                                                        for t in self.triples]
        return list(self.variables), [["" if term is None else compact(term) for term in row] for row in self.rows]

    def serialize(self, format: str = "json") -> bytes:
        """SPARQL results (json, csv, tsv, xml) for SELECT/ASK; RDF (ttl, nt, jsonld, xml) for CONSTRUCT/DESCRIBE."""
        if self.kind == "graph":
            if format == "json":
                format = "jsonld"
            if format not in GRAPH_FORMATS:
                raise QueryError(f"a graph result is written as one of {sorted(GRAPH_FORMATS)}, not {format!r}")
            return serialize(self.triples, format=GRAPH_FORMATS[format], prefixes=PREFIXES)
        if format not in _RESULT_FORMATS:
            raise QueryError(f"query results are written as one of {sorted(_RESULT_FORMATS)}, not {format!r}")
        document = json.dumps(self._sparql_json(), ensure_ascii=False).encode("utf-8")
        if format == "json":
            return document
        return parse_query_results(document, QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[format])

    def _sparql_json(self) -> dict:
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [{v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
                    for row in self.rows]
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}


def _json_term(term: Term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        result = {"type": "literal", "value": term.value}
        if term.language:
            result["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            result["datatype"] = term.datatype.value
        return result
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def python_value(term: Term | None) -> object:
    """A literal as a Python value (str, int, float, bool); an IRI as its string; None stays None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in _NUMERIC:
            try:
                return _NUMERIC[datatype](term.value)
            except ValueError:
                return term.value
        if datatype == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, Triple):
        return str(term)
    return term.value


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(term: Term) -> str:
    """ykgid:person-gan-yu rather than the full IRI; a literal's value without quotes."""
    if isinstance(term, NamedNode):
        for prefix, namespace in _LONGEST_FIRST:
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, Literal):
        return term.value
    return str(term)
