"""Picture metadata throughput: `provenance check` over a folder of JPEGs, beside `exiftool -j -r`.

    .venv/bin/python bench/metadata_bench.py                  # 5,000 generated JPEGs
    .venv/bin/python bench/metadata_bench.py --count 1000 --runs 3
    .venv/bin/python bench/metadata_bench.py --dir ~/pictures # any folder of pictures
    .venv/bin/python bench/metadata_bench.py --keep /tmp/jpegs  # write the corpus there and keep it

The generated JPEGs are small (Pillow encodes the pixels once per size) but carry the
metadata a wire picture does: EXIF (camera, software, artist, capture date, GPS on some),
an IPTC block in UTF-8 (declared by 1:90), undeclared Windows-1252 or plain ASCII, and an
XMP packet with photoshop:, dc:, xmp: and Iptc4xmpExt: fields, padded as writers pad it.
Captions come in five languages; some credits name a state source, some instructions say
"handout". The metadata segments are built here, byte by byte, and spliced after SOI.

Every tool runs on one core (taskset, and one thread for OpenMP/BLAS pools) as a whole
process over the folder, so start-up counts as a newsroom pays it. Rates are files per CPU
second of the process (wall time is shown too, but other load on the machine inflates it),
whole and past start-up (a one-file run's CPU taken off; for read_metadata, its loop alone),
with their ratio to exiftool's, and the peak RSS of each process.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image

from harness import cache_env, default_command, median, print_table

#: The goal from the issue: a check over a folder of pictures at least this many times exiftool's rate.
TARGET_RATIO = 5.0
SINGLE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                        "NUMEXPR_NUM_THREADS", "RAYON_NUM_THREADS", "TOKIO_WORKER_THREADS")}

# --- what the pictures say -------------------------------------------------------------------

CAMERAS = (("Canon", "Canon EOS R3"), ("NIKON CORPORATION", "NIKON Z 9"), ("SONY", "ILCE-1"),
           ("Canon", "Canon EOS-1D X Mark III"), ("FUJIFILM", "X-H2S"), ("Apple", "iPhone 15 Pro"))
SOFTWARE = ("Adobe Photoshop 25.1 (Macintosh)", "Photo Mechanic 6", "Adobe Photoshop Lightroom Classic 13.0",
            "FotoStation 8.0", "Ver.1.10")
PLACES = (("Pyongyang", "North Korea", 39.0392, 125.7625), ("Damascus", "Syria", 33.5138, 36.2765),
          ("Tehran", "Iran", 35.6892, 51.3890), ("Moscow", "Russia", 55.7558, 37.6173),
          ("Lyon", "France", 45.7640, 4.8357), ("Hamburg", "Germany", 53.5511, 9.9937),
          ("Valencia", "Spain", 39.4699, -0.3763), ("Napoli", "Italy", 40.8518, 14.2681),
          ("Genève", "Switzerland", 46.2044, 6.1432), ("Zürich", "Switzerland", 47.3769, 8.5417))
PHOTOGRAPHERS = ("Claire Dumas", "Jürgen Schäfer", "José Núñez", "Niccolò Ferrà", "Ahn Young-joon",
                 "Søren Bjørnstad", "Françoise Lemaître", "Ali Haider")
#: (credit, source, by-line or None): agency credits, then state-supplied ones.
AGENCY_CREDITS = (("AP", "AP", True), ("REUTERS", "REUTERS", True), ("AFP", "AFP", True),
                  ("dpa", "dpa", True), ("EFE", "EFE", True), ("ANSA", "ANSA", True))
STATE_CREDITS = (("KCNA via KNS", "Korean Central News Agency", False),
                 ("SANA/Handout via REUTERS", "SANA", False),
                 ("Russian Defence Ministry/Handout via REUTERS", "Russian Defence Ministry", False),
                 ("Iranian Presidency/WANA/Handout via REUTERS", "Iranian Presidency", False),
                 ("Agence centrale de presse coréenne/KCNA via AP", "KCNA", False))
HANDOUT_INSTRUCTIONS = (
    "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY. EDITORIAL USE ONLY. NO RESALES. NO ARCHIVES.",
    "HANDOUT - EDITORIAL USE ONLY - MANDATORY CREDIT - NO MARKETING",
    "RESTRICTED TO EDITORIAL USE - MANDATORY CREDIT - DISTRIBUTED AS A SERVICE TO CLIENTS",
    "USAGE ÉDITORIAL UNIQUEMENT - CRÉDIT OBLIGATOIRE - DOCUMENT REMIS",
    "Nur zur redaktionellen Verwendung - Handout - Pflichtnennung")
PLAIN_INSTRUCTIONS = ("", "", "EMBARGOED UNTIL 0600 GMT", "NO SALES", "Bitte Urheber nennen")
CAPTIONS = {
    "en": ("Workers repair a road in {city}, {country}, on {day}.",
           "People gather in a square in {city}, {country}, on {day}, as officials look on.",
           "A leader inspects troops in {city}, {country}, in this picture released on {day}."),
    "fr": ("Des ouvriers réparent une route à {city} ({country}), le {day}.",
           "Des habitants se rassemblent sur une place de {city}, le {day}, sous le regard des élus.",
           "Sur cette photo diffusée le {day}, le dirigeant inspecte des troupes à {city}."),
    "de": ("Arbeiter reparieren am {day} eine Straße in {city}, {country}.",
           "Menschen versammeln sich am {day} auf einem Platz in {city}. Das Foto wurde übermittelt.",
           "Ein Staatschef besichtigt Truppen in {city}; das Bild wurde am {day} veröffentlicht."),
    "es": ("Obreros reparan una carretera en {city} ({country}), el {day}.",
           "Vecinos se reúnen en una plaza de {city}, el {day}, bajo la mirada de los funcionarios.",
           "En esta foto difundida el {day}, el líder pasa revista a las tropas en {city}."),
    "it": ("Operai riparano una strada a {city} ({country}), {day}.",
           "Cittadini si radunano in una piazza di {city}, {day}, sotto lo sguardo delle autorità.",
           "In questa foto diffusa {day}, il leader passa in rassegna le truppe a {city}."),
}
DAYS = {"en": ("Tuesday", "12 March", "Sunday"), "fr": ("mardi", "12 mars", "dimanche"),
        "de": ("Dienstag", "12. März", "Sonntag"), "es": ("martes", "12 de marzo", "domingo"),
        "it": ("martedì", "12 marzo", "domenica")}
CAMERA_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/", "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/", "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
}


@dataclass
class Picture:
    """What one generated picture says, before it is written into its blocks."""

    caption: str
    credit: str
    source: str
    byline: str
    instructions: str
    city: str
    country: str
    make: str
    model: str
    software: str
    taken: str  # EXIF form: "2024:03:12 10:41:07"
    gps: tuple[float, float] | None
    iptc_charset: str  # "utf-8" (declared), "cp1252" (undeclared) or "ascii"

    @property
    def copyright(self) -> str:
        return f"{self.source} 2024"


def picture(rng: random.Random) -> Picture:
    lang = rng.choice(tuple(CAPTIONS))
    city, country, lat, lon = rng.choice(PLACES)
    state = rng.random() < 0.2
    credit, source, named = rng.choice(STATE_CREDITS if state else AGENCY_CREDITS)
    byline = rng.choice(PHOTOGRAPHERS) if named else "Handout"
    if named and credit in ("AP", "REUTERS"):
        credit = f"{credit}/{byline}" if credit == "REUTERS" else f"AP Photo/{byline}"
    handout = state or rng.random() < 0.05
    instructions = rng.choice(HANDOUT_INSTRUCTIONS if handout else PLAIN_INSTRUCTIONS)
    caption = rng.choice(CAPTIONS[lang]).format(city=city, country=country, day=rng.choice(DAYS[lang]))
    make, model = rng.choice(CAMERAS)
    taken = f"2024:{rng.randint(1, 12):02}:{rng.randint(1, 28):02} {rng.randint(0, 23):02}:{rng.randint(0, 59):02}:07"
    gps = (lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05)) if rng.random() < 0.3 else None
    charset = "ascii" if lang == "en" and caption.isascii() else rng.choice(("utf-8", "utf-8", "cp1252"))
    return Picture(caption, credit, source, byline, instructions, city, country, make, model,
                   rng.choice(SOFTWARE), taken, gps, charset)


# --- the blocks, byte by byte ----------------------------------------------------------------

def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def tiff_ifd(entries: list[tuple[int, int, bytes]], at: int, next_ifd: int = 0) -> bytes:
    """A big-endian IFD at offset `at` of (tag, type, value bytes) entries, its values after it."""
    sizes = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8}
    head, data = bytearray(struct.pack(">H", len(entries))), bytearray()
    data_at = at + 2 + 12 * len(entries) + 4
    for tag, kind, value in sorted(entries):
        count = len(value) // sizes[kind]
        if len(value) <= 4:
            head += struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack(">HHII", tag, kind, count, data_at + len(data))
            data += value + b"\x00" * (len(value) & 1)
    return bytes(head + struct.pack(">I", next_ifd) + data)


def ascii_value(text: str) -> bytes:
    return text.encode("utf-8") + b"\x00"


def rationals(degrees: float) -> bytes:
    whole, minutes = int(degrees), (degrees - int(degrees)) * 60
    seconds = round((minutes - int(minutes)) * 60 * 1000)
    return struct.pack(">IIIIII", whole, 1, int(minutes), 1, seconds, 1000)


def exif_block(pic: Picture) -> bytes:
    """IFD0 (camera, software, artist, copyright), the EXIF sub-IFD (capture date), GPS on some."""
    ifd0 = [(0x010F, 2, ascii_value(pic.make)), (0x0110, 2, ascii_value(pic.model)),
            (0x0131, 2, ascii_value(pic.software)), (0x0132, 2, ascii_value(pic.taken)),
            (0x013B, 2, ascii_value(pic.byline)), (0x8298, 2, ascii_value(pic.copyright))]
    exif = [(0x9003, 2, ascii_value(pic.taken)), (0x9004, 2, ascii_value(pic.taken))]
    gps = []
    if pic.gps:
        lat, lon = pic.gps
        gps = [(0x0000, 1, b"\x02\x03\x00\x00"), (0x0001, 2, b"N\x00" if lat >= 0 else b"S\x00"),
               (0x0002, 5, rationals(abs(lat))), (0x0003, 2, b"E\x00" if lon >= 0 else b"W\x00"),
               (0x0004, 5, rationals(abs(lon)))]
    # Lay the IFDs out one after another: offsets need the sizes of those before.
    pointers = [(0x8769, 4, b"\x00" * 4)] + ([(0x8825, 4, b"\x00" * 4)] if gps else [])
    first = tiff_ifd(ifd0 + pointers, 8)
    exif_at = 8 + len(first)
    exif_ifd = tiff_ifd(exif, exif_at)
    gps_at = exif_at + len(exif_ifd)
    pointers = [(0x8769, 4, struct.pack(">I", exif_at))] + ([(0x8825, 4, struct.pack(">I", gps_at))] if gps else [])
    first = tiff_ifd(ifd0 + pointers, 8)
    blocks = [first, exif_ifd] + ([tiff_ifd(gps, gps_at)] if gps else [])
    return b"MM\x00*" + struct.pack(">I", 8) + b"".join(blocks)


def iim_dataset(record: int, number: int, value: bytes) -> bytes:
    return bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value


def iptc_block(pic: Picture) -> bytes:
    """An IIM block in a Photoshop 8BIM resource, in the picture's charset (UTF-8 declared by 1:90)."""
    encoding = "utf-8" if pic.iptc_charset == "utf-8" else "cp1252"
    datasets = [iim_dataset(1, 90, b"\x1b%G")] if pic.iptc_charset == "utf-8" else []
    datasets.append(iim_dataset(2, 0, b"\x00\x04"))
    for number, text in ((120, pic.caption), (110, pic.credit), (115, pic.source), (80, pic.byline),
                         (40, pic.instructions), (90, pic.city), (101, pic.country),
                         (55, pic.taken[:10].replace(":", "")), (60, pic.taken[11:].replace(":", "") + "+0000")):
        if text:
            datasets.append(iim_dataset(2, number, text.encode(encoding, "replace")))
    iim = b"".join(datasets)
    resource = b"8BIM" + struct.pack(">HHI", 0x0404, 0, len(iim)) + iim + b"\x00" * (len(iim) & 1)
    return b"Photoshop 3.0\x00" + resource


def xmp_packet(pic: Picture) -> bytes:
    """An RDF/XML packet with the fields newsroom tools mirror from IPTC, padded by 2 KB as writers pad it."""
    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    simple = {"photoshop:Credit": pic.credit, "photoshop:Source": pic.source, "photoshop:City": pic.city,
              "photoshop:Country": pic.country, "photoshop:Instructions": pic.instructions,
              "photoshop:DateCreated": pic.taken[:10].replace(":", "-") + "T" + pic.taken[11:],
              "xmp:CreatorTool": pic.software, "Iptc4xmpExt:DigitalSourceType": CAMERA_SOURCE_TYPE}
    body = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in simple.items() if value)
    body += f"<dc:description>{alt(pic.caption)}</dc:description><dc:rights>{alt(pic.copyright)}</dc:rights>"
    body += f"<dc:creator><rdf:Seq><rdf:li>{escape(pic.byline)}</rdf:li></rdf:Seq></dc:creator>"
    body += f"<Iptc4xmpCore:Location>{escape(pic.city)}</Iptc4xmpCore:Location>"
    xmlns = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in XMP_NAMESPACES.items())
    padding = ("\n" + " " * 99) * 20
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">'
            f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" {xmlns}>{body}</rdf:Description></rdf:RDF></x:xmpmeta>'
            f'{padding}<?xpacket end="w"?>').encode("utf-8")


def jpeg_with_metadata(pixels: bytes, pic: Picture) -> bytes:
    segments = (segment(0xE1, b"Exif\x00\x00" + exif_block(pic)),
                segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet(pic)),
                segment(0xED, iptc_block(pic)))
    return pixels[:2] + b"".join(segments) + pixels[2:]


def base_jpegs(rng: random.Random) -> list[bytes]:
    """A few small encoded pictures of different sizes and content, reused under the metadata."""
    encoded = []
    for width, height in ((160, 120), (240, 160), (120, 180), (320, 213), (200, 200), (96, 64)):
        image = Image.effect_noise((width, height), rng.uniform(20, 80)).convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        encoded.append(out.getvalue())
    return encoded


def write_pictures(folder: Path, count: int, seed: int) -> dict[str, int]:
    """`count` JPEGs in `folder` (100 per subfolder, as a photo desk's day folders); what they hold."""
    rng = random.Random(seed)
    bases = base_jpegs(rng)
    tally = {"GPS": 0, "state credit": 0, "handout instructions": 0, "IPTC UTF-8": 0, "IPTC cp1252": 0}
    for index in range(count):
        pic = picture(rng)
        day = folder / f"day-{index // 100:03}"
        day.mkdir(parents=True, exist_ok=True)
        (day / f"picture-{index:05}.jpg").write_bytes(jpeg_with_metadata(rng.choice(bases), pic))
        tally["GPS"] += pic.gps is not None
        tally["state credit"] += pic.byline == "Handout"
        tally["handout instructions"] += pic.instructions in HANDOUT_INSTRUCTIONS
        tally["IPTC UTF-8"] += pic.iptc_charset == "utf-8"
        tally["IPTC cp1252"] += pic.iptc_charset == "cp1252"
    return tally


# --- the runs --------------------------------------------------------------------------------

#: Reads every picture with read_metadata alone, after imports; prints the loop's CPU seconds.
READ_ONLY = r"""
import json, sys, time
from pathlib import Path
from provenance.metadata import read_metadata
paths = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
began = time.process_time()
problems = sum(len(read_metadata(p).problems) for p in paths)
print(json.dumps({"files": len(paths), "cpu": time.process_time() - began, "problems": problems}))
"""
#: Times one command with harness.timed_run from a small interpreter of its own. Linux hands a
#: forked child its parent's resident size as a starting peak, and this bench holds whole
#: reports: a fresh parent keeps each command's peak RSS its own. CPU seconds come from
#: RUSAGE_CHILDREN, so other load on the machine does not count against a tool.
MEASURE = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from harness import timed_run
before = resource.getrusage(resource.RUSAGE_CHILDREN)
run = timed_run(sys.argv[3:])
after = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[2], "wb") as out:
    out.write(run.stdout)
print(json.dumps({"seconds": run.seconds, "peak_rss_mib": run.peak_rss_mib, "exit_code": run.exit_code,
                  "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
                  "stderr": run.stderr.decode("utf-8", "replace").strip()[-800:]}))
"""


@dataclass
class Measured:
    """One finished run: wall and CPU seconds, peak RSS, and where its output is."""

    seconds: float
    cpu: float
    peak_rss_mib: float
    stdout: Path

    def json(self):
        return json.loads(self.stdout.read_bytes())


class Runner:
    """Runs commands one at a time, pinned to one core, each output in a file of its own."""

    def __init__(self, folder: Path, env: dict[str, str], pin: bool):
        self.folder, self.env, self.count = folder, env, 0
        self.taskset = shutil.which("taskset") if pin else None

    def __call__(self, argv: list[str]) -> Measured:
        self.count += 1
        stdout = self.folder / f"out-{self.count}"
        pinned = [self.taskset, "-c", "0", *argv] if self.taskset else argv
        helper = subprocess.run([sys.executable, "-c", MEASURE, str(Path(__file__).parent), str(stdout), *pinned],
                                env=self.env, capture_output=True, check=True)
        result = json.loads(helper.stdout)
        if result["exit_code"] != 0:
            sys.exit(f"bench: {' '.join(argv)} exited {result['exit_code']}:\n{result['stderr']}")
        return Measured(result["seconds"], result["cpu"], result["peak_rss_mib"], stdout)


@dataclass
class Column:
    """One tool's timed runs over the folder, and its runs over one file (its start-up)."""

    name: str
    files: int
    runs: list[Measured]
    startup: list[Measured] = field(default_factory=list)
    loop_cpu: float | None = None  # for read_metadata: the reading loop alone

    @property
    def seconds(self) -> float:
        return median([run.seconds for run in self.runs])

    @property
    def cpu(self) -> float:
        return median([run.cpu for run in self.runs])

    @property
    def startup_cpu(self) -> float | None:
        return median([run.cpu for run in self.startup]) if self.startup else None

    @property
    def cpu_rate(self) -> float:
        return self.files / self.cpu

    @property
    def steady_cpu_rate(self) -> float | None:
        """Files per CPU second once started: the loop alone, or the run less a one-file run."""
        if self.loop_cpu is not None:
            return self.files / self.loop_cpu
        startup = self.startup_cpu
        return self.files / (self.cpu - startup) if startup is not None and self.cpu > startup else None


def exiftool_column(run: Runner, folder: Path, one: Path, files: int, runs: int) -> Column | None:
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        print("exiftool is not installed (Debian: libimage-exiftool-perl): no exiftool column, no ratio")
        return None
    timings = [run([exiftool, "-j", "-r", str(folder)]) for _ in range(runs)]
    read = len(timings[0].json())
    if read != files:
        print(f"warning: exiftool reported {read} files of {files}")
    return Column("exiftool -j -r", files, timings, [run([exiftool, "-j", "-r", str(one)]) for _ in range(3)])


def provenance_column(run: Runner, folder: Path, one: Path, files: int, runs: int) -> Column:
    command = default_command()
    run(command.check(str(one)))  # fills the rule cache, as an everyday run has it
    timings = [run(command.check(str(folder))) for _ in range(runs)]
    items = timings[0].json().get("articles", [])
    if len(items) != files:
        print(f"warning: provenance reported {len(items)} items for {files} files")
    findings = [f["rule"] for item in items for f in item.get("findings", [])]
    print(f"provenance: {len(findings)} findings over {len(items)} pictures; rules that fired: "
          + ", ".join(f"{rule} {count}" for rule, count in sorted(Counter(findings).items())))
    return Column("provenance check", files, timings, [run(command.check(str(one))) for _ in range(3)])


def read_only_column(run: Runner, folder: Path, files: int, runs: int) -> Column:
    timings = [run([sys.executable, "-c", READ_ONLY, str(folder)]) for _ in range(runs)]
    return Column("read_metadata only", files, timings, loop_cpu=median([t.json()["cpu"] for t in timings]))


def print_columns(columns: list[Column], baseline: Column | None) -> None:
    def cell(value: float | None, form: str) -> str:
        return "-" if value is None else format(value, form)

    def ratio(column: Column) -> float | None:
        return column.cpu_rate / baseline.cpu_rate if baseline else None

    def steady_ratio(column: Column) -> float | None:
        ours, theirs = column.steady_cpu_rate, baseline.steady_cpu_rate if baseline else None
        return ours / theirs if ours and theirs else None

    rows = [
        ("files", [str(c.files) for c in columns]),
        ("wall s (median)", [cell(c.seconds, ".2f") for c in columns]),
        ("files/s (wall)", [cell(c.files / c.seconds, ",.0f") for c in columns]),
        ("CPU s (median)", [cell(c.cpu, ".2f") for c in columns]),
        ("files per CPU s", [cell(c.cpu_rate, ",.0f") for c in columns]),
        ("start-up CPU s (one file)", [cell(c.startup_cpu, ".2f") for c in columns]),
        ("files per CPU s past start-up", [cell(c.steady_cpu_rate, ",.0f") for c in columns]),
        ("x exiftool (files per CPU s)", [cell(ratio(c), ".1f") for c in columns]),
        ("x exiftool past start-up", [cell(steady_ratio(c), ".1f") for c in columns]),
        ("peak RSS MiB", [cell(max(r.peak_rss_mib for r in c.runs), ".0f") for c in columns]),
    ]
    print_table([column.name for column in columns], rows)
    if baseline:
        ours = ratio(next(c for c in columns if c.name == "provenance check"))
        verdict = "meets" if ours >= TARGET_RATIO else "misses"
        print(f"\nprovenance check reads {ours:.1f}x as many files per CPU second as exiftool: "
              f"{verdict} the {TARGET_RATIO:.0f}x goal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, help="time this folder of pictures instead of generated ones")
    parser.add_argument("--keep", type=Path, help="write the generated pictures into this folder and keep them")
    parser.add_argument("--count", type=int, default=5000, help="pictures to generate (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per tool (default 1)")
    parser.add_argument("--no-read-only", action="store_true", help="skip the read_metadata-only column")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the runs to one core with taskset")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or args.keep or Path(tmp) / "pictures"
        if args.dir is None:
            tally = write_pictures(folder, args.count, args.seed)
            print(f"{args.count} JPEGs in {folder}: " + ", ".join(f"{n} with {what}" for what, n in tally.items()))
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
        one = Path(tmp) / "one" / paths[0].name
        one.parent.mkdir()
        shutil.copyfile(paths[0], one)
        env = {**cache_env(Path(tmp) / "cache"), **SINGLE_THREAD}
        run = Runner(Path(tmp), env, not args.no_pin)
        print(f"timing {len(paths)} files, {args.runs} run(s) each" + (", pinned to core 0" if run.taskset else ""))
        baseline = exiftool_column(run, folder, one, len(paths), args.runs)
        columns = ([baseline] if baseline else []) + [provenance_column(run, folder, one, len(paths), args.runs)]
        if not args.no_read_only:
            columns.append(read_only_column(run, folder, len(paths), args.runs))
        print()
        print_columns(columns, baseline)


if __name__ == "__main__":
    main()
