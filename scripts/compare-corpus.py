#!/usr/bin/env python3
"""Compares what `wan-preflight probe` says of each file of a media corpus with what ffprobe and
exiftool say, and prints every difference (one line per fact), so each can be explained.

    scripts/compare-corpus.py [--binary .build/debug/wan-preflight] [--corpus ../shared/corpus]

The differences it prints today, and why each is ours or theirs, are in docs/corpus.md. The
table of outcomes the tests hold the probe to is fixtures/corpus/expected.tsv (CorpusTableTests).

Needs ffprobe and exiftool on PATH (Debian: ffmpeg, libimage-exiftool-perl). The tool itself
never runs them; this script is for the developers.
"""

import argparse
import json
import os
import subprocess
import sys

def run_json(command):
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        return None


def manifest(corpus):
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle][1:]
    return [(row[0], row[4] if len(row) > 4 else "") for row in rows if row and row[0]]


def ratio(text):
    if not text or "/" not in text:
        return None
    numerator, denominator = text.split("/")
    try:
        numerator, denominator = float(numerator), float(denominator)
    except ValueError:
        return None
    return numerator / denominator if denominator else None


def rounded(value, places=3):
    return None if value is None else round(float(value), places)


def ffprobe_rotation(stream):
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return int(side["rotation"])
    tags = stream.get("tags", {})
    return int(tags["rotate"]) if "rotate" in tags else 0


def compare(path, media, probe, exif):
    """Lists (fact, ours, theirs) where our facts differ from ffprobe's or exiftool's."""
    differences = []
    their_streams = {s["index"]: s for s in (probe or {}).get("streams", [])}
    for stream in media.get("streams", []):
        theirs = their_streams.get(stream["index"])
        if theirs is None:
            differences.append((f"stream {stream['index']}", "present", "absent"))
            continue
        label = f"stream {stream['index']} "
        if stream.get("kind") in ("video", "image"):
            for ours_key, their_key in (("width", "width"), ("height", "height")):
                if stream.get(ours_key) != theirs.get(their_key):
                    differences.append((label + ours_key, stream.get(ours_key), theirs.get(their_key)))
            rotation = ffprobe_rotation(theirs)
            # ffprobe's angle is counter-clockwise; ours is the clockwise turn a player makes.
            if stream.get("kind") == "video" and (stream.get("rotation", 0) % 360) != (-rotation % 360):
                differences.append((label + "rotation (cw)", stream.get("rotation", 0), -rotation % 360))
            sar = theirs.get("sample_aspect_ratio")
            ours_sar = stream.get("sample_aspect_ratio")
            if stream.get("kind") == "video" and sar not in (None, "0:1", "1:1") and ours_sar != sar:
                differences.append((label + "sar", ours_sar, sar))
            if stream.get("kind") == "video":
                fps = ratio(theirs.get("avg_frame_rate"))
                if fps and stream.get("average_frame_rate") and abs(fps - stream["average_frame_rate"]) > 0.01:
                    differences.append((label + "fps", stream.get("average_frame_rate"), round(fps, 3)))
                frames = theirs.get("nb_read_packets") or theirs.get("nb_frames")
                if frames and stream.get("frame_count") and int(frames) != stream["frame_count"]:
                    differences.append((label + "frames", stream["frame_count"], int(frames)))
            if stream.get("pixel_format") and theirs.get("pix_fmt") and stream["pixel_format"] != theirs["pix_fmt"]:
                differences.append((label + "pix_fmt", stream["pixel_format"], theirs["pix_fmt"]))
        if stream.get("kind") == "audio":
            for ours_key, their_key in (("sample_rate", "sample_rate"), ("channels", "channels")):
                theirs_value = theirs.get(their_key)
                theirs_value = int(theirs_value) if theirs_value is not None else None
                if stream.get(ours_key) != theirs_value:
                    differences.append((label + ours_key, stream.get(ours_key), theirs_value))
        if stream.get("codec") != (theirs.get("codec_name") or "none"):
            differences.append((label + "codec", stream.get("codec"), theirs.get("codec_name")))
    their_duration = rounded((probe or {}).get("format", {}).get("duration"))
    ours_duration = rounded(media.get("duration_seconds"))
    if media.get("kind") != "image" and their_duration != ours_duration:
        differences.append(("duration", ours_duration, their_duration))
    if media.get("kind") == "image" and exif:
        their_orientation = exif.get("Orientation")
        ours_orientation = (media.get("image", {}).get("orientation") or {}).get("value")
        if their_orientation in range(2, 9) and ours_orientation != their_orientation:
            differences.append(("exif orientation", ours_orientation, their_orientation))
    return differences


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/debug/wan-preflight")
    parser.add_argument("--corpus", default="../shared/corpus")
    arguments = parser.parse_args()

    entries = manifest(arguments.corpus)
    paths = [os.path.join(arguments.corpus, path) for path, _ in entries]
    ours = run_json([arguments.binary, "probe", "--format", "json"] + paths)
    if ours is None:
        sys.exit(f"compare-corpus: {arguments.binary} printed no JSON")
    total = 0
    for (relative, what), file in zip(entries, ours["files"]):
        media, error = file.get("media"), file.get("error")
        if error is not None:
            theirs = run_json(["ffprobe", "-v", "error", "-of", "json", "-show_format", file["path"]])
            opened = "ffprobe opens it" if theirs and theirs.get("format") else "ffprobe fails too"
            print(f"{relative}: refused ({error.get('code')}: {error.get('message', '')}); {opened}; manifest: {what}")
            continue
        probe = run_json(["ffprobe", "-v", "error", "-of", "json", "-count_packets",
                          "-show_streams", "-show_format", file["path"]])
        exif = None
        if media.get("kind") == "image":
            exif_list = run_json(["exiftool", "-json", "-n", "-Orientation", file["path"]])
            exif = exif_list[0] if exif_list else None
        for fact, mine, theirs in compare(relative, media, probe, exif):
            total += 1
            print(f"{relative}: {fact}: ours {mine}, theirs {theirs}")
    print(f"{len(entries)} files, {sum(1 for f in ours['files'] if f.get('error'))} refused, {total} differing facts")


if __name__ == "__main__":
    main()
