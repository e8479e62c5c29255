#!/usr/bin/env bash
# Regenerates fuzz/seeds/probe: small structure seeds for FuzzProbe that put the fuzzer next to
# the size fields our own parsers read (IsoBoxScanner, ImageHeaderReader's PNG walk). Each seed
# is a file that probes fine or fails cleanly; what matters is that it holds the structure:
#
#   iso_*   the committed MP4 fixtures with their mdat as size 0 (to the end), as a 64-bit
#           largesize (size 1), after a free box with a largesize, with co64 instead of stco,
#           and a bare ftyp/free/moov skeleton whose boxes use every size form
#   png_*   8x8 PNGs holding every compressed chunk kind (zTXt, iCCP, compressed iTXt) and the
#           uncompressed ones (tEXt, iTXt, eXIf), chunks that add up to exactly the 16 MiB
#           budget, and a last chunk whose length is 0xFFFFFFFF
#
# Deterministic (python3, zlib); needs the committed fixtures/media. fuzz/run.sh seeds from here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/probe"
media="$here/../../fixtures/media"
rm -rf "$out"
mkdir -p "$out"
python3 - "$out" "$media" <<'PY'
import os, struct, sys, zlib
out, media = sys.argv[1], sys.argv[2]

def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

def read(relative):
    return open(os.path.join(media, relative), "rb").read()

# --- ISO BMFF ---
def boxes(data):
    """The top-level boxes: (type, start, size)."""
    result, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        result.append((kind, offset, size))
        offset += size
    return result

faststart = read("video/mp4_h264_aac_3s_320x240.mp4")  # ftyp, moov, free, mdat
moov_at_end = read("video/mp4_h264_12s_160x120.mp4")   # ftyp, free, mdat, moov
(_, free_at, _), (_, mdat_at, mdat_size) = boxes(faststart)[2:4]

# The trailing mdat with size 0: it runs to the end of the file.
write("iso_mdat_size0.mp4", faststart[:mdat_at] + struct.pack(">I", 0) + faststart[mdat_at + 4:])
# The free box and the mdat header as one 16-byte largesize header: the samples stay put.
write("iso_mdat_largesize.mp4", faststart[:free_at]
      + struct.pack(">I4sQ", 1, b"mdat", mdat_size + 8) + faststart[mdat_at + 8:])
# moov at the end behind an mdat with a largesize (8 bytes more, so every chunk offset moves).
kinds = boxes(moov_at_end)
(_, m_at, m_size), (_, moov_at, moov_size) = kinds[2], kinds[3]
def shift_chunk_offsets(moov, delta, to64=False):
    """moov with every stco offset moved by delta (and stco turned into co64 when to64)."""
    containers = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}
    def rebuild(body):
        result, offset = b"", 0
        while offset + 8 <= len(body):
            size, kind = struct.unpack(">I4s", body[offset:offset + 8])
            inner = body[offset + 8:offset + size]
            if kind in containers:
                inner = rebuild(inner)
            elif kind == b"stco":
                count = struct.unpack(">I", inner[4:8])[0]
                values = [v + delta for v in struct.unpack(">%dI" % count, inner[8:8 + 4 * count])]
                if to64:
                    kind, inner = b"co64", inner[:8] + struct.pack(">%dQ" % count, *values)
                else:
                    inner = inner[:8] + struct.pack(">%dI" % count, *values)
            result += struct.pack(">I4s", 8 + len(inner), kind) + inner
            offset += size
        return result
    return rebuild(moov)
write("iso_moov_at_end_mdat_largesize.mp4", moov_at_end[:m_at]
      + struct.pack(">I4sQ", 1, b"mdat", m_size + 8) + moov_at_end[m_at + 8:moov_at]
      + shift_chunk_offsets(moov_at_end[moov_at:moov_at + moov_size], 8))
# co64 (64-bit chunk offsets) instead of stco, moov first: every offset moves by the growth.
moov_start = boxes(faststart)[1][1]
moov = faststart[moov_start:free_at]
grown = len(shift_chunk_offsets(moov, 0, to64=True)) - len(moov)
write("iso_co64.mp4", faststart[:moov_start] + shift_chunk_offsets(moov, grown, to64=True)
      + faststart[free_at:])
# A skeleton: ftyp, a free box of each size form (32-bit, 64-bit, to the end).
ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"isom", 0x200, b"isom")
write("iso_skeleton_size_forms.mp4", ftyp + struct.pack(">I4s", 8, b"free")
      + struct.pack(">I4sQ", 1, b"free", 24) + b"\0" * 8 + struct.pack(">I4s", 8, b"moov")
      + struct.pack(">I4s", 0, b"mdat") + b"\0" * 16)

# --- PNG ---
signature = b"\x89PNG\r\n\x1a\n"
def chunk(kind, body, length=None):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body) if length is None else length) + kind + body + struct.pack(">I", crc)
ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
idat = chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + bytes(range(24)) for _ in range(8))))
iend = chunk(b"IEND", b"")
exif = b"MM\x00*" + struct.pack(">IH", 8, 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + b"\0" * 4
xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description tiff:Orientation="3"/></x:xmpmeta>'
profile = zlib.compress(b"\0" * 128 + b"acsp" + b"\0" * 300)
every = (chunk(b"iCCP", b"icc\x00\x00" + profile)
         + chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"compressed text " * 64))
         + chunk(b"iTXt", b"Description\x00\x01\x00en\x00Beschreibung\x00"
                 + zlib.compress("compressed international text ".encode() * 64))
         + chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp)
         + chunk(b"tEXt", b"Title\x00seed") + chunk(b"eXIf", exif))
write("png_every_compressed_chunk.png", signature + ihdr + every + idat + iend)
write("png_itxt_compressed.png", signature + ihdr + chunk(b"iTXt", b"Comment\x00\x01\x00\x00\x00"
      + zlib.compress(b"x" * 4096)) + idat + iend)
# Four zTXt of 4 MiB each: exactly the budget (16 MiB is allowed; one byte more is a bomb).
four = zlib.compress(b"\x00" * (4 << 20), 9)
write("png_ztxt_at_budget.png", signature + ihdr
      + b"".join(chunk(b"zTXt", b"Part%d\x00\x00" % i + four) for i in range(4)) + idat + iend)
# A chunk whose length says 0xFFFFFFFF after the image data.
write("png_length_ffffffff.png", signature + ihdr + idat + chunk(b"tEXt", b"a\x00b", 0xFFFFFFFF))
PY
echo "make-seeds: wrote $(ls "$out" | wc -l) files to $out" >&2
