"""Benchmark the Blancco XML reader on crafted nesting (reports nested in blancco_data, the shape that once
took quadratic time), against a plain linear floor: `xml.etree.ElementTree.iterparse` over the same bytes.

Prints one JSON object: for each size (30 KB, 300 KB, 3 MB), its bytes, elements, the reader's seconds,
the floor's seconds and their ratio, which stays flat when the reading is linear. The fully nested shape is
refused by the depth cap at once; its time is printed as `deep_refused_seconds`.
"""

import io
import json
import time
import xml.etree.ElementTree as PlainElementTree

from django.core.management.base import BaseCommand

from fairfleet.reuse.erasure_import import MAX_DEPTH, ErasureImportRefused, XmlWalk, read_blancco_xml

SIZES = {"30KB": 30 * 1024, "300KB": 300 * 1024, "3MB": 3 * 1024 * 1024}
LEVELS = (MAX_DEPTH - 2) // 2


def crafted(size: int) -> bytes:
    """Blocks of reports nested as deep as the cap allows, repeated up to `size` bytes."""
    block = b"<report><blancco_data>" * LEVELS + b"</blancco_data></report>" * LEVELS
    return b"<root>" + block * max(1, size // len(block)) + b"</root>"


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return round(time.perf_counter() - start, 4)


def _floor(content: bytes) -> None:
    for _event, _element in PlainElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
        pass


def _deep_refused(content: bytes) -> None:
    try:
        read_blancco_xml(content)
    except ErasureImportRefused:
        return


class Command(BaseCommand):
    help = "Time the Blancco XML reader on crafted nesting against a plain iterparse floor; prints JSON."

    def handle(self, *args, **options):
        results = {}
        for label, size in SIZES.items():
            content = crafted(size)
            walk = XmlWalk()
            seconds = _seconds(lambda content=content, walk=walk: read_blancco_xml(content, walk))
            floor = _seconds(lambda content=content: _floor(content))
            results[label] = {
                "bytes": len(content),
                "elements": walk.elements,
                "visited": walk.visited,
                "seconds": seconds,
                "baseline_seconds": floor,
                "ratio": round(seconds / floor, 2) if floor else None,
            }
        deep = b"<root>" + b"<report><blancco_data>" * 150_000 + b"</blancco_data></report>" * 150_000 + b"</root>"
        results["deep_refused_seconds"] = _seconds(lambda: _deep_refused(deep))
        results["deep_bytes"] = len(deep)
        self.stdout.write(json.dumps(results))
