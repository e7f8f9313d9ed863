"""kg export: every format loads in the tools its users have (Gephi, networkx, igraph, pandas, RDF parsers)."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.export.network import comention_network, relation_network, write_gexf, write_graphml
from kg.export.rdf import FORMATS, write_rdf
from kg.export.tables import write_tables
from kg.graph.store import open_store
from test_graph_samples import build_samples, sample_documents

ROOT = Path(__file__).resolve().parent.parent
GEXF_NAMESPACES = ("http://gexf.net/1.3", "http://www.gexf.net/1.3")
# how each GEXF attribute type's values must parse
GEXF_TYPES = {"string": str, "long": int, "integer": int, "double": float, "float": float,
              "boolean": lambda v: {"true": True, "false": False}[v]}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    location = tmp_path_factory.mktemp("export") / "store"
    build_samples(location)
    opened = open_store(location, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=["relations", "co-mentions"])
def network(request, store) -> nx.Graph:
    return relation_network(store) if request.param == "relations" else comention_network(store)


def check_gexf_13(path: Path) -> None:
    """The rules Gephi's GEXF 1.3 reader enforces and networkx.write_gexf is known to break."""
    root = ET.parse(path).getroot()
    ns = root.tag[1:].split("}")[0]
    assert ns in GEXF_NAMESPACES and root.get("version") == "1.3"
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    declared: dict[tuple[str, str], str] = {}
    for attributes in root.iter(q("attributes")):
        for attribute in attributes.iter(q("attribute")):
            key = (attributes.get("class"), attribute.get("id"))
            assert key not in declared, f"attribute {key} declared twice"
            declared[key] = attribute.get("type")
    titles = [(c, a.get("title")) for c in ("node", "edge") for attrs in root.iter(q("attributes"))
              if attrs.get("class") == c for a in attrs.iter(q("attribute"))]
    assert len(titles) == len(set(titles)), "an attribute title is declared with two types"
    for kind in ("node", "edge"):
        ids = [el.get("id") for el in root.iter(q(kind))]
        assert all(ids) and len(ids) == len(set(ids)), f"empty or repeated {kind} ids"
        for el in root.iter(q(kind)):
            for value in el.iter(q("attvalue")):
                declared_type = declared.get((kind, value.get("for")))
                assert declared_type, f"{kind} attvalue for undeclared attribute {value.get('for')}"
                GEXF_TYPES[declared_type](value.get("value"))  # raises if the value has another type
                assert not value.get("value", "").startswith("["), "list-valued attribute"


def test_networks_carry_the_attributes_gephi_needs(store):
    graph = relation_network(store)
    city = graph.nodes["locality/330600"]
    assert city["label"] == "绍兴市" and city["type"] == "Locality" and city["level"] == "city"
    assert city["adcode"] == "330600" and 29 < city["latitude"] < 31 and 120 < city["longitude"] < 121
    holds = graph.get_edge_data("person/林振华", "locality/330600")["holds_position"]
    assert holds["title"] == "市委书记" and holds["weight"] == 1.0
    assert holds["first_date"] == holds["last_date"] == "2024-05-06"
    assert "implements" in graph.get_edge_data("locality/330681", "program/千万工程")
    assert "located_in" in graph.get_edge_data("locality/330683", "locality/330600")  # gazetteer hierarchy
    comentions = comention_network(store)
    assert comentions.has_edge("person/林振华", "locality/330600")  # same paragraph of a.txt
    assert not comentions.has_edge("person/林振华", "person/王建国")  # never in one paragraph
    assert comentions["person/林振华"]["locality/330683"]["weight"] == 2.0  # a paragraph in each document


def test_gexf_is_valid_gexf_13_and_round_trips(network: nx.Graph, tmp_path: Path):
    path = tmp_path / "graph.gexf"
    write_gexf(network, path)
    check_gexf_13(path)
    back = nx.read_gexf(path, version="1.3")
    assert set(back.nodes) == set(network.nodes)
    assert back.number_of_edges() == network.number_of_edges()
    for node, attrs in network.nodes(data=True):
        assert back.nodes[node]["label"] == attrs["label"]
    assert "绍兴市" in path.read_text(encoding="utf-8")


def test_graphml_loads_in_networkx_and_igraph(network: nx.Graph, tmp_path: Path):
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "graph.graphml"
    write_graphml(network, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(network.nodes) and back.number_of_edges() == network.number_of_edges()
    assert back.nodes["locality/330600"]["label"] == "绍兴市"
    loaded = igraph.Graph.Read_GraphML(str(path))
    assert loaded.vcount() == network.number_of_nodes() and loaded.ecount() == network.number_of_edges()
    assert "绍兴市" in loaded.vs["label"]


def test_csv_tables_load_in_pandas(network: nx.Graph, tmp_path: Path):
    pd = pytest.importorskip("pandas")
    entities_path, relations_path = write_tables(network, tmp_path / "csv")
    entities = pd.read_csv(entities_path, dtype={"adcode": str})
    relations = pd.read_csv(relations_path)
    assert len(entities) == network.number_of_nodes() and len(relations) == network.number_of_edges()
    assert entities.set_index("id").loc["locality/330600", "label"] == "绍兴市"
    assert entities.set_index("id").loc["locality/330600", "adcode"] == "330600"
    assert set(relations["source"]) | set(relations["target"]) <= set(entities["id"])
    assert (relations["weight"] >= 1).all()


def test_network_exports_leave_document_texts_out(network: nx.Graph, tmp_path: Path):
    """Document texts live on Document nodes; node and table exports describe entities only."""
    write_gexf(network, tmp_path / "graph.gexf")
    write_graphml(network, tmp_path / "graph.graphml")
    write_tables(network, tmp_path / "csv")
    written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file())
    lines = [line for doc in sample_documents() for line in doc.text.splitlines() if len(line) > 12]
    assert lines and not [line for line in lines if line in written]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_rdf_exports_parse_back(store, fmt: str, tmp_path: Path):
    path = tmp_path / f"graph.{fmt}"
    with open(path, "wb") as fh:
        written = write_rdf(store, fmt, fh)
    parsed = list(ox.parse(path=str(path), format=FORMATS[fmt]))
    all_quads = set(store.quads())
    if FORMATS[fmt].supports_datasets:
        assert set(parsed) == all_quads and written == len(all_quads)
    else:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in all_quads}
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in parsed} == triples
        assert written == len(triples) == len(parsed)


def test_turtle_and_jsonld_load_in_rdflib(store, tmp_path: Path):
    import rdflib

    for fmt, rdflib_format in (("turtle", "turtle"), ("jsonld", "json-ld")):
        path = tmp_path / f"graph.{fmt}"
        with open(path, "wb") as fh:
            write_rdf(store, fmt, fh)
        dataset = rdflib.Dataset()
        dataset.parse(path, format=rdflib_format)
        labels = {str(o) for _, _, o, _ in dataset.quads((None, rdflib.SKOS.prefLabel, None, None))}
        assert "绍兴市" in labels


def test_kg_export_command_writes_each_format(store, tmp_path: Path):
    for fmt in ("gexf", "nquads", "csv"):
        out = tmp_path / ("csv" if fmt == "csv" else f"graph.{fmt}")
        run = subprocess.run([sys.executable, "-m", "kg", "export", "--store", store.location, "--format", fmt,
                              "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert run.returncode == 0, run.stderr
        assert out.exists() and "→" in run.stderr
    check_gexf_13(tmp_path / "graph.gexf")
    run = subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(tmp_path / "nothing"), "--format",
                          "turtle", "--out", str(tmp_path / "x.ttl")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "no graph at" in run.stderr
