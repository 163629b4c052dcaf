"""Walking distances on a street network from an OpenStreetMap extract (no Django inside).

A :class:`StreetGraph` is a symmetric CSR adjacency matrix of walkable OSM nodes with edge
lengths in metres, plus the node coordinates and a KD-tree for snapping points to it.
:class:`StraightLineModel` answers the same questions without a network (straight line times a
detour factor). Every answer carries the name of the model that produced it.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, Protocol, TypedDict

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

EARTH_RADIUS_M = 6_371_008.8
STREET_MODEL = "street_network"
STRAIGHT_MODEL = "straight_line"
DEFAULT_DETOUR = 1.3

# Ways a person may walk on (foot access is assumed unless tagged otherwise).
WALKABLE_HIGHWAYS = frozenset(
    {
        "footway",
        "path",
        "pedestrian",
        "living_street",
        "residential",
        "service",
        "steps",
        "track",
        "unclassified",
        "road",
        "tertiary",
        "tertiary_link",
        "secondary",
        "secondary_link",
        "primary",
        "primary_link",
        "crossing",
        "platform",
        "corridor",
        "bridleway",
    }
)
# Walkable only with an explicit foot permission or a sidewalk on the way itself.
CONDITIONAL_HIGHWAYS = frozenset({"trunk", "trunk_link", "cycleway"})
FOOT_YES = frozenset({"yes", "designated", "permissive", "official"})
ACCESS_NO = frozenset({"no", "private"})
SIDEWALK_YES = frozenset({"both", "left", "right", "yes"})

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def is_walkable(tags: dict[str, str]) -> bool:
    """Whether a way with these OSM tags may be walked on."""
    highway = tags.get("highway", "")
    foot = tags.get("foot", "")
    if not highway or foot == "no" or tags.get("area:highway"):
        return False
    if tags.get("access") in ACCESS_NO and foot not in FOOT_YES:
        return False
    if highway in WALKABLE_HIGHWAYS:
        return True
    if highway in CONDITIONAL_HIGHWAYS:
        sidewalk = {tags.get(k, "") for k in ("sidewalk", "sidewalk:both", "sidewalk:left")}
        sidewalk.add(tags.get("sidewalk:right", ""))
        return foot in FOOT_YES or bool(sidewalk & SIDEWALK_YES)
    return False


def haversine_m(
    lat1: FloatArray | float,
    lon1: FloatArray | float,
    lat2: FloatArray | float,
    lon2: FloatArray | float,
) -> FloatArray:
    """Great-circle distance in metres (vectorised)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0))), dtype=float)


def pairwise_haversine(lat: FloatArray, lon: FloatArray) -> FloatArray:
    return haversine_m(lat[:, None], lon[:, None], lat[None, :], lon[None, :])


class NoRoute(Exception):
    """Two points are not connected (cannot happen inside one connected component)."""


@dataclass
class Matrix:
    """Distances (metres) between points, and how they were obtained."""

    distances: FloatArray
    model: str
    snap_m: FloatArray  # distance from each point to where it joins the network
    nodes: IntArray | None = None  # graph node of each point (street model only)
    searches: NodeSearches | None = None  # shortest-path trees (street model only)


@dataclass
class NodeSearches:
    """The shortest-path trees behind a node matrix.

    The graph is undirected, so each pair of points needs one search only: `owner[i, j]` is the
    point whose search found the path between i and j (-1: none, beyond the cap), and
    `trees[o]` that search's predecessor row.
    """

    trees: dict[int, NDArray[np.int32]]
    owner: NDArray[np.int64]


class DistanceModel(Protocol):
    def matrix(self, lat: FloatArray, lon: FloatArray, *, cap: float | None = None) -> Matrix: ...

    def leg(
        self, matrix: Matrix, i: int, j: int, lat: FloatArray, lon: FloatArray
    ) -> list[tuple[float, float]]: ...


@dataclass
class StraightLineModel:
    """Without a street network: straight line times a detour factor."""

    detour: float = DEFAULT_DETOUR
    name: str = STRAIGHT_MODEL

    def matrix(self, lat: FloatArray, lon: FloatArray, *, cap: float | None = None) -> Matrix:
        lat, lon = np.asarray(lat, float), np.asarray(lon, float)
        return Matrix(
            distances=pairwise_haversine(lat, lon) * self.detour,
            model=self.name,
            snap_m=np.zeros(len(lat)),
        )

    def leg(
        self, matrix: Matrix, i: int, j: int, lat: FloatArray, lon: FloatArray
    ) -> list[tuple[float, float]]:
        return [(float(lat[i]), float(lon[i])), (float(lat[j]), float(lon[j]))]


# --- addresses (street + house number -> point), stored with the network -------------------
_STREET_SUFFIXES = (("strasse", "str"), ("straße", "str"), ("str.", "str"), ("platz", "pl"))


def normalise_street(name: str) -> str:
    """'Hersbrucker Straße' == 'hersbrucker str.' == 'Hersbrucker-Strasse'."""
    text = " ".join(name.lower().replace("-", " ").split())
    for long, short in _STREET_SUFFIXES:
        if text.endswith(long):
            text = text[: -len(long)] + short
            break
    return text.replace(" ", "").rstrip(".")


@dataclass(frozen=True)
class Address:
    street: str
    housenumber: str  # "" for the street as a whole
    postcode: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.street} {self.housenumber}".strip()


class AddressPoint(TypedDict):
    street: str
    housenumber: str
    lat: float
    lon: float
    postcode: NotRequired[str]
    kind: NotRequired[str]  # e.g. "craft=carpenter"; "" for a plain address


@dataclass
class AddressBook:
    """Addresses of an extract (nodes and buildings with addr:street and addr:housenumber)."""

    street: NDArray[np.str_]
    housenumber: NDArray[np.str_]
    postcode: NDArray[np.str_]
    lat: FloatArray
    lon: FloatArray
    _index: dict[str, list[int]] | None = field(default=None, repr=False)

    @classmethod
    def empty(cls) -> AddressBook:
        none = np.array([], dtype=str)
        return cls(none, none, none, np.array([]), np.array([]))

    @classmethod
    def from_points(cls, points: list[AddressPoint]) -> AddressBook:
        if not points:
            return cls.empty()
        return cls(
            street=np.array([str(p["street"]) for p in points]),
            housenumber=np.array([str(p["housenumber"]) for p in points]),
            postcode=np.array([str(p.get("postcode", "")) for p in points]),
            lat=np.array([float(p["lat"]) for p in points]),
            lon=np.array([float(p["lon"]) for p in points]),
        )

    def __len__(self) -> int:
        return len(self.street)

    @property
    def index(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, street in enumerate(self.street.tolist()):
                index.setdefault(normalise_street(street), []).append(i)
            self._index = index
        return self._index

    def find(self, query: str) -> Address | None:
        """The address for 'Street 12a' (also 'Street 12a, 91207 Lauf'); for a street without
        a known house number, the middle of the street's addresses."""
        text = query.split(",")[0].strip()
        words = text.split()
        number = ""
        if len(words) > 1 and words[-1][:1].isdigit():
            number = words.pop().lower()
        elif len(words) > 2 and words[-2][:1].isdigit() and len(words[-1]) == 1:
            number = (words[-2] + words[-1]).lower()  # "12 a"
            words = words[:-2]
        rows = self.index.get(normalise_street(" ".join(words)))
        if not rows:
            return None
        if number:
            for i in rows:
                if self.housenumber[i].lower().replace(" ", "") == number:
                    return self._address(i)
        # the street as a whole: the known address nearest to the street's centre
        lat, lon = self.lat[rows], self.lon[rows]
        middle = int(np.argmin(haversine_m(lat.mean(), lon.mean(), lat, lon)))
        found = self._address(rows[middle])
        return Address(found.street, "", found.postcode, found.lat, found.lon)

    def _address(self, i: int) -> Address:
        return Address(
            str(self.street[i]),
            str(self.housenumber[i]),
            str(self.postcode[i]),
            float(self.lat[i]),
            float(self.lon[i]),
        )


def _padded(limit: float) -> float:
    """A search limit a little above ``limit``: a node at exactly that distance, computed
    by the search in another order of additions, is still found (float64 and float32)."""
    return limit * (1.0 + 1e-6) + 1e-3 if np.isfinite(limit) else limit


@dataclass
class StreetGraph:
    """A walkable street network: node coordinates and a symmetric CSR of edge lengths."""

    node_ids: IntArray
    lat: FloatArray
    lon: FloatArray
    indptr: NDArray[np.int32]
    indices: NDArray[np.int32]
    weights: FloatArray
    name: str = ""
    detour_bound: float = 1.6  # first search radius = straight line x this; widened if short
    addresses: AddressBook = field(default_factory=AddressBook.empty)
    _csr: csr_matrix | None = field(default=None, repr=False)
    _tree: cKDTree | None = field(default=None, repr=False)

    model_name = STREET_MODEL

    # --- shape -------------------------------------------------------------------------
    @property
    def node_count(self) -> int:
        return len(self.node_ids)

    @property
    def edge_count(self) -> int:
        """Undirected edges (each is stored in both directions)."""
        return len(self.indices) // 2

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(south, west, north, east)"""
        return (
            float(self.lat.min()),
            float(self.lon.min()),
            float(self.lat.max()),
            float(self.lon.max()),
        )

    @property
    def csr(self) -> csr_matrix:
        if self._csr is None:
            n = self.node_count
            self._csr = csr_matrix(
                (self.weights.astype(np.float64), self.indices, self.indptr), shape=(n, n)
            )
        return self._csr

    # --- storage -----------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        streets, street_index = np.unique(self.addresses.street, return_inverse=True)
        postcodes, postcode_index = np.unique(self.addresses.postcode, return_inverse=True)
        # written beside the target and renamed over it: a process that loads the graph
        # while it is rebuilt (a web worker, a parallel test) sees the old file or the new
        # one, never half of one
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
        with partial.open("wb") as handle:
            np.savez(
                handle,
                node_ids=self.node_ids,
                lat=self.lat,
                lon=self.lon,
                indptr=self.indptr,
                indices=self.indices,
                weights=self.weights.astype(np.float32),
                name=np.array(self.name),
                # street names once, then an index per address (keeps the file small)
                addr_streets=streets,
                addr_street_index=street_index.astype(np.int32),
                addr_housenumber=self.addresses.housenumber,
                addr_postcodes=postcodes,
                addr_postcode_index=postcode_index.astype(np.int32),
                addr_lat=self.addresses.lat,
                addr_lon=self.addresses.lon,
            )
        os.replace(partial, path)
        return path

    @classmethod
    def load(cls, path: str | Path) -> StreetGraph:
        with np.load(path, allow_pickle=False) as data:
            addresses = (
                AddressBook(
                    data["addr_streets"][data["addr_street_index"]],
                    data["addr_housenumber"],
                    data["addr_postcodes"][data["addr_postcode_index"]],
                    data["addr_lat"],
                    data["addr_lon"],
                )
                if "addr_streets" in data.files
                else AddressBook.empty()  # stored before addresses were kept
            )
            return cls(
                addresses=addresses,
                node_ids=data["node_ids"],
                lat=data["lat"],
                lon=data["lon"],
                indptr=data["indptr"],
                indices=data["indices"],
                weights=data["weights"].astype(np.float64),
                name=str(data["name"]),
            )

    # --- snapping ----------------------------------------------------------------------
    def _local_xy(self, lat: FloatArray, lon: FloatArray) -> FloatArray:
        lat0 = math.radians(float(self.lat.mean()))
        x = np.radians(np.asarray(lon, float)) * math.cos(lat0) * EARTH_RADIUS_M
        y = np.radians(np.asarray(lat, float)) * EARTH_RADIUS_M
        return np.column_stack([x, y])

    @property
    def tree(self) -> cKDTree:
        if self._tree is None:
            self._tree = cKDTree(self._local_xy(self.lat, self.lon))
        return self._tree

    def snap(self, lat: FloatArray, lon: FloatArray) -> tuple[IntArray, FloatArray]:
        """Nearest network node of each point and the distance to it in metres."""
        lat, lon = np.atleast_1d(lat), np.atleast_1d(lon)
        _dist, nodes = self.tree.query(self._local_xy(lat, lon))
        nodes = np.asarray(nodes, dtype=np.int64)
        exact = haversine_m(lat, lon, self.lat[nodes], self.lon[nodes])
        return nodes, exact

    def contains(self, lat: float, lon: float, *, margin_m: float = 1000.0) -> bool:
        """Whether a point lies within `margin_m` of the network."""
        _node, dist = self.snap(np.array([lat]), np.array([lon]))
        return bool(dist[0] <= margin_m)

    # --- shortest paths ----------------------------------------------------------------
    def node_matrix(
        self, nodes: IntArray, *, bounded: bool = True, cap: float | None = None
    ) -> tuple[FloatArray, NodeSearches]:
        """Distances between graph nodes and the searches that found them.

        Unbounded: one full single-source run per node. Bounded: the graph is undirected, so
        each pair needs one search. Points are taken most central first; each one searches
        only to the points still left, with a limit of `detour_bound` x the largest straight
        line to them (the last point needs no search at all). A search that misses a target
        (a detour longer than the bound) is repeated without a bound, so the answer is exact.
        With a `cap` (metres), distances beyond it are not needed and come back as inf.
        """
        nodes = np.asarray(nodes, dtype=np.int64)
        k = len(nodes)
        out = np.full((k, k), np.inf)
        np.fill_diagonal(out, 0.0)
        owner = np.full((k, k), -1, dtype=np.int64)
        np.fill_diagonal(owner, np.arange(k))
        trees: dict[int, NDArray[np.int32]] = {}
        if not bounded:
            dist, preds = dijkstra(self.csr, directed=True, indices=nodes, return_predecessors=True)
            for i in range(k):
                trees[i] = preds[i]
            owner[:] = np.arange(k)[:, None]
            return dist[:, nodes], NodeSearches(trees, owner)
        ceiling = np.inf if cap is None else float(cap)
        # guess: the walk is at most `detour_bound` x the straight line (checked, may fail);
        # upper: a sure upper bound, walking via a point searched before (triangle rule)
        guess = pairwise_haversine(self.lat[nodes], self.lon[nodes]) * self.detour_bound + 50.0
        upper = np.full((k, k), np.inf)
        left = list(range(k))
        while len(left) > 1:
            sub = np.ix_(left, left)
            need = np.minimum(guess[sub], upper[sub]).max(axis=1)
            pick = int(np.argmin(need))
            sure = float(upper[sub][pick].max())
            i = left.pop(pick)
            targets = nodes[left]
            first = min(_padded(float(need[pick])), ceiling)
            dist, pred = self._search(int(nodes[i]), first)
            if not np.isfinite(dist[targets]).all():
                # a long detour, or a bound that equals the distance up to rounding (the
                # triangle sum and the search add the same edges in another order): search
                # again to the sure bound, padded; unbounded when there is none
                second = min(_padded(sure), ceiling)
                if second > first:
                    dist, pred = self._search(int(nodes[i]), second)
            trees[i] = pred
            found = dist[targets]
            out[i, left] = out[left, i] = found
            reached = np.asarray(left)[np.isfinite(found)]
            owner[i, reached] = owner[reached, i] = i
            via = dist[nodes]
            np.minimum(upper, via[:, None] + via[None, :], out=upper)
        return out, NodeSearches(trees, owner)

    def _search(self, source: int, limit: float) -> tuple[FloatArray, NDArray[np.int32]]:
        dist, pred = dijkstra(
            self.csr, directed=True, indices=source, return_predecessors=True, limit=limit
        )
        return dist, pred

    def matrix(
        self,
        lat: FloatArray,
        lon: FloatArray,
        *,
        bounded: bool = True,
        cap: float | None = None,
    ) -> Matrix:
        """Many-to-many walking distances between points (snapped to the network).

        With a `cap` (metres), pairs farther apart than that may come back as inf.
        """
        nodes, snap = self.snap(lat, lon)
        inner = None if cap is None else max(0.0, cap - float(snap.min()) * 2)
        dist, searches = self.node_matrix(nodes, bounded=bounded, cap=inner)
        # Walking to and from the network counts too (straight, off the graph).
        total = dist + snap[:, None] + snap[None, :]
        np.fill_diagonal(total, 0.0)
        if cap is None and not np.isfinite(total).all():
            raise NoRoute("Some points are not connected by walkable ways.")
        return Matrix(
            distances=total, model=self.model_name, snap_m=snap, nodes=nodes, searches=searches
        )

    def node_path(self, predecessors: NDArray[np.int32], source: int, target: int) -> list[int]:
        path = [target]
        while path[-1] != source:
            prev = int(predecessors[path[-1]])
            if prev < 0:
                raise NoRoute(f"No path from node {source} to node {target}.")
            path.append(prev)
        return path[::-1]

    def leg(
        self, matrix: Matrix, i: int, j: int, lat: FloatArray, lon: FloatArray
    ) -> list[tuple[float, float]]:
        """Coordinates from point i to point j along the street network."""
        assert matrix.nodes is not None and matrix.searches is not None
        owner = int(matrix.searches.owner[i, j])
        if owner < 0:
            raise NoRoute(f"No path between points {i} and {j} within the limit.")
        other = j if owner == i else i
        tree = matrix.searches.trees.get(owner)
        if tree is None:  # the same node: nothing to walk on the network
            path = [int(matrix.nodes[i])]
        else:
            path = self.node_path(tree, int(matrix.nodes[owner]), int(matrix.nodes[other]))
            if owner == j:
                path.reverse()  # undirected: the way back is the same way
        coords = [(float(lat[i]), float(lon[i]))]
        coords += [(float(self.lat[n]), float(self.lon[n])) for n in path]
        coords.append((float(lat[j]), float(lon[j])))
        return _dedupe(coords)

    def shortest_path(
        self, lat1: float, lon1: float, lat2: float, lon2: float
    ) -> tuple[float, list[tuple[float, float]]]:
        lat = np.array([lat1, lat2])
        lon = np.array([lon1, lon2])
        m = self.matrix(lat, lon)
        return float(m.distances[0, 1]), self.leg(m, 0, 1, lat, lon)


def _dedupe(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [coords[0]]
    for point in coords[1:]:
        if point != out[-1]:
            out.append(point)
    return out


# --- building from OpenStreetMap ------------------------------------------------------------
def graph_from_edges(
    node_ids: IntArray,
    lat: FloatArray,
    lon: FloatArray,
    u: IntArray,
    v: IntArray,
    *,
    name: str = "",
    largest_component: bool = True,
    weights: FloatArray | None = None,
) -> StreetGraph:
    """A graph from node coordinates and undirected edges (indices into the node arrays).

    Edge lengths are haversine metres unless `weights` are given; parallel edges keep the
    shortest; only the largest connected component is kept.
    """
    u, v = np.asarray(u, np.int64), np.asarray(v, np.int64)
    keep = u != v
    u, v = u[keep], v[keep]
    w = haversine_m(lat[u], lon[u], lat[v], lon[v]) if weights is None else weights[keep]
    w = np.maximum(np.asarray(w, float), 0.01)  # a zero weight would vanish from the CSR
    n = len(node_ids)
    # Symmetric, duplicates resolved to the shortest: sort by length so the first wins.
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    ww = np.concatenate([w, w])
    order = np.lexsort((ww, cols, rows))
    rows, cols, ww = rows[order], cols[order], ww[order]
    first = np.ones(len(rows), bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, ww = rows[first], cols[first], ww[first]
    matrix = coo_matrix((ww, (rows, cols)), shape=(n, n)).tocsr()
    if largest_component and n:
        _count, labels = connected_components(matrix, directed=False)
        sizes = np.bincount(labels)
        keep_nodes = np.flatnonzero(labels == sizes.argmax())
    else:
        keep_nodes = np.flatnonzero(np.diff(matrix.indptr) > 0) if n else np.arange(0)
    matrix = matrix[keep_nodes][:, keep_nodes].tocsr()
    matrix.sort_indices()
    return StreetGraph(
        node_ids=np.asarray(node_ids, np.int64)[keep_nodes],
        lat=np.asarray(lat, float)[keep_nodes],
        lon=np.asarray(lon, float)[keep_nodes],
        indptr=matrix.indptr.astype(np.int32),
        indices=matrix.indices.astype(np.int32),
        weights=matrix.data.astype(np.float64),
        name=name,
    )


def build_graph(path: str | Path, *, name: str = "", addresses: bool = True) -> StreetGraph:
    """Read an .osm.pbf / .osm / .osm.gz extract and build its walkable graph, with the
    extract's addresses (street + house number) for finding a start by address."""
    import osmium

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    refs: list[int] = []
    way_ends: list[int] = []
    coords: dict[int, tuple[float, float]] = {}
    processor = osmium.FileProcessor(str(path)).with_locations()
    for obj in processor:
        if not isinstance(obj, osmium.osm.Way) or "highway" not in obj.tags:
            continue
        tags = {tag.k: tag.v for tag in obj.tags}
        if not is_walkable(tags):
            continue
        way_nodes = []
        for node in obj.nodes:
            if not node.location.valid():
                continue  # a node outside the extract
            coords[node.ref] = (node.location.lat, node.location.lon)
            way_nodes.append(node.ref)
        if len(way_nodes) >= 2:
            refs.extend(way_nodes)
            way_ends.append(len(refs))
    if not refs:
        raise ValueError(f"No walkable ways in {path.name}.")
    ref_array = np.asarray(refs, np.int64)
    # consecutive pairs inside each way (not across way boundaries)
    starts = np.arange(len(ref_array) - 1)
    boundary = np.zeros(len(ref_array), bool)
    boundary[np.asarray(way_ends[:-1], np.int64) - 1] = True
    starts = starts[~boundary[:-1]]
    node_ids = np.fromiter(coords.keys(), np.int64, len(coords))
    order = np.argsort(node_ids)
    node_ids = node_ids[order]
    latlon = np.array(list(coords.values()), float)[order]
    u = np.searchsorted(node_ids, ref_array[starts])
    v = np.searchsorted(node_ids, ref_array[starts + 1])
    graph = graph_from_edges(node_ids, latlon[:, 0], latlon[:, 1], u, v, name=name or path.stem)
    if addresses:
        graph.addresses = AddressBook.from_points(address_points(path))
    return graph


def grid_graph(
    rows: int,
    cols: int,
    *,
    spacing_m: float = 40.0,
    lat0: float = 52.5,
    lon0: float = 13.3,
    jitter: float = 0.2,
    drop: float = 0.08,
    seed: int = 1,
) -> StreetGraph:
    """A city-like test network: a jittered grid with some missing blocks and diagonals."""
    rng = np.random.default_rng(seed)
    r, c = np.divmod(np.arange(rows * cols), cols)
    dy = (r + rng.uniform(-jitter, jitter, r.size)) * spacing_m
    dx = (c + rng.uniform(-jitter, jitter, c.size)) * spacing_m
    lat = lat0 + np.degrees(dy / EARTH_RADIUS_M)
    lon = lon0 + np.degrees(dx / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    idx = np.arange(rows * cols).reshape(rows, cols)
    edges_u = [idx[:, :-1].ravel(), idx[:-1, :].ravel()]
    edges_v = [idx[:, 1:].ravel(), idx[1:, :].ravel()]
    diag = rng.random((rows - 1) * (cols - 1)) < 0.05
    edges_u.append(idx[:-1, :-1].ravel()[diag])
    edges_v.append(idx[1:, 1:].ravel()[diag])
    u, v = np.concatenate(edges_u), np.concatenate(edges_v)
    keep = rng.random(u.size) >= drop
    return graph_from_edges(idx.ravel(), lat, lon, u[keep], v[keep], name=f"grid{rows}x{cols}")


# --- places with an address (for demo companies) ---------------------------------------------
PLACE_KEYS = ("craft", "shop", "office", "amenity", "healthcare")


def address_points(path: str | Path) -> list[AddressPoint]:
    """Nodes and buildings with street and house number: where companies can be placed.

    Each point has street, housenumber, lat, lon and `kind` ("craft=carpenter", "" for a plain
    address). Buildings are placed at the mean of their outline.
    """
    import osmium

    points: list[AddressPoint] = []
    for obj in osmium.FileProcessor(str(path)).with_locations():
        tags = obj.tags
        if "addr:street" not in tags or "addr:housenumber" not in tags:
            continue
        if isinstance(obj, osmium.osm.Node):
            lat, lon = obj.location.lat, obj.location.lon
        elif isinstance(obj, osmium.osm.Way):
            locs = [(n.location.lat, n.location.lon) for n in obj.nodes if n.location.valid()]
            if not locs:
                continue
            lat = sum(p[0] for p in locs) / len(locs)
            lon = sum(p[1] for p in locs) / len(locs)
        else:
            continue
        kind = next((f"{k}={tags[k]}" for k in PLACE_KEYS if k in tags), "")
        points.append(
            {
                "street": tags["addr:street"],
                "housenumber": tags["addr:housenumber"],
                "postcode": tags.get("addr:postcode") or "",
                "lat": float(lat),
                "lon": float(lon),
                "kind": kind,
            }
        )
    return points
