"""End-to-end test of `wan-preflight serve` through the official DashScope Python SDK.

Run by scripts/sdk-e2e.sh, which starts the server and passes its address:

    e2e.py --base http://127.0.0.1:PORT --bin .build/debug/wan-preflight --key KEY

Every case calls the SDK as a user would (local files, so the SDK's upload flow runs), downloads
the video the task names and measures it with `wan-preflight probe` (no ffprobe) against the
plan `wan-preflight check` makes for the same request. Prints one line a case, `ok` or `FAIL`
with the reason, and exits 1 when any case failed.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

import dashscope
from dashscope import VideoSynthesis
from dashscope.common.error import InvalidTask, UploadFileException

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEDIA = os.path.join(ROOT, "fixtures", "media")
MODEL = "wan2.7-i2v"


def media_path(relative):
    return os.path.join(MEDIA, relative)


# The six legal combinations of wan27-i2v-rules.md, on the fixtures the sample requests use.
# Some are given as file:// URIs and some as plain paths: the SDK uploads both.
SIX = [
    ("first_frame", [("first_frame", "image/png_750x1000.png", "file")], "720P", 5),
    (
        "first_frame+driving_audio",
        [
            ("first_frame", "image/jpeg_640x480.jpg", "path"),
            ("driving_audio", "audio/wav_3s_8000_mono.wav", "file"),
        ],
        "720P",
        3,
    ),
    (
        "first_frame+last_frame",
        [
            ("first_frame", "image/jpeg_640x480.jpg", "file"),
            ("last_frame", "image/webp_640x480.webp", "path"),
        ],
        "720P",
        4,
    ),
    (
        "first_frame+last_frame+driving_audio",
        [
            ("first_frame", "image/png_640x480.png", "path"),
            ("last_frame", "image/webp_640x480.webp", "file"),
            ("driving_audio", "audio/mp3_3s_44100_stereo.mp3", "path"),
        ],
        "720P",
        5,
    ),
    ("first_clip", [("first_clip", "video/mp4_h264_aac_3s_320x240.mp4", "path")], "720P", 8),
    (
        "first_clip+last_frame",
        [
            ("first_clip", "video/mov_h264_2s_320x240.mov", "file"),
            ("last_frame", "image/png_640x480.png", "path"),
        ],
        "720P",
        6,
    ),
]


class CaseFailure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CaseFailure(message)


def expect_equal(found, wanted, what):
    if found != wanted:
        raise CaseFailure(f"{what}: {found!r}, expected {wanted!r}")


class Run:
    def __init__(self, args):
        self.base = args.base.rstrip("/")
        self.bin = os.path.abspath(args.bin)
        self.key = args.key
        self.work = tempfile.mkdtemp(prefix="sdk-e2e-")
        self.failures = 0
        self.state = {}
        dashscope.base_http_api_url = self.base + "/api/v1"

    # -- helpers ------------------------------------------------------------------------------

    def tool(self, *arguments, allowed=(0,)):
        done = subprocess.run(
            [self.bin, *arguments], capture_output=True, text=True, timeout=300
        )
        if done.returncode not in allowed:
            raise CaseFailure(
                f"wan-preflight {' '.join(arguments)} exited {done.returncode}: {done.stderr.strip()}"
            )
        return done

    def write_request(self, name, media, resolution, duration):
        body = {
            "model": MODEL,
            "input": {
                "prompt": f"end-to-end case {name}",
                "media": [{"type": kind, "url": media_path(rel)} for kind, rel, _ in media],
            },
            "parameters": {"resolution": resolution, "duration": duration},
        }
        path = os.path.join(self.work, name.replace("+", "_") + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(body, f)
        return path

    def plan(self, request_path):
        report = json.loads(self.tool("check", "--format", "json", request_path).stdout)
        expect(report["ok"], f"check does not pass {request_path}: {report['diagnostics']}")
        return report["plan"]

    def download(self, url, name):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
        expect("Expires" in query, f"video_url has no Expires= query: {url}")
        path = os.path.join(self.work, name + ".mp4")
        with urllib.request.urlopen(url, timeout=60) as response:
            expect_equal(response.status, 200, "video download status")
            with open(path, "wb") as f:
                f.write(response.read())
        return path

    def probe(self, path):
        report = json.loads(self.tool("probe", "--format", "json", path).stdout)
        expect(report["files"][0]["ok"], f"probe cannot read the video {path}")
        return report["files"][0]["media"]

    def check_video(self, path, plan):
        """The downloaded file is the MP4 the plan predicts: W×H, frames, fps, codec, audio."""
        media = self.probe(path)
        out = plan["output"]
        expect_equal(media["format"], "mp4", "container")
        streams = media["streams"]
        video = streams[media["primary_video_stream"]]
        expect_equal(video["codec"], "h264", "video codec")
        expect_equal(video["pixel_format"], "yuv420p", "pixel format")
        expect_equal((video["width"], video["height"]), (out["width"], out["height"]), "W×H")
        expect_equal(video["frame_count"], out["frames"], "frame count")
        expect_equal(video["average_frame_rate"], out["fps"], "frame rate")
        expect("primary_audio_stream" in media, "the video has no audio track")
        audio = streams[media["primary_audio_stream"]]
        expect_equal(audio["codec"], "aac", "audio codec")
        # AAC is coded in frames of 1024 samples: the track may end up to one frame late.
        frame_seconds = 1024 / audio["sample_rate"]
        gap = audio["duration_seconds"] - out["seconds"]
        expect(
            -0.001 <= gap <= frame_seconds + 0.001,
            f"audio lasts {audio['duration_seconds']} s for a {out['seconds']} s video",
        )
        return video, audio

    def sdk_media(self, media):
        entries = []
        for kind, rel, form in media:
            path = media_path(rel)
            url = "file://" + path if form == "file" else path
            entries.append({"type": kind, "url": url})
        return entries

    # -- the cases ----------------------------------------------------------------------------

    def case(self, name, body):
        started = time.monotonic()
        try:
            detail = body()
            print(f"ok    {name} ({time.monotonic() - started:.1f} s){': ' + detail if detail else ''}")
        except CaseFailure as failure:
            self.failures += 1
            print(f"FAIL  {name}: {failure}")
        except Exception:  # a crash in the SDK or here is a failure of the case, with its trace
            self.failures += 1
            print(f"FAIL  {name}: unexpected error\n{traceback.format_exc()}")
        sys.stdout.flush()

    def combination(self, name, media, resolution, duration):
        request = self.write_request(name, media, resolution, duration)
        plan = self.plan(request)
        expect_equal(plan["task"], name, "check's task")
        sent = self.sdk_media(media)
        response = VideoSynthesis.call(
            model=MODEL,
            prompt=f"end-to-end case {name}",
            media=sent,
            resolution=resolution,
            duration=duration,
            api_key=self.key,
        )
        expect_equal(response.status_code, 200, "status_code")
        output = response.output
        expect_equal(output.task_status, "SUCCEEDED", f"task status ({output})")
        # The SDK rewrote every local file to the oss:// key it uploaded it under.
        for entry in sent:
            expect(entry["url"].startswith("oss://"), f"not uploaded: {entry['url']}")
        for field in ("submit_time", "scheduled_time", "end_time"):
            expect(field in output, f"output has no {field}")
        usage = response.usage
        expect_equal(usage["duration"], plan["billed_seconds"], "usage.duration")
        expect_equal(usage["output_video_duration"], plan["output"]["seconds"], "usage.output_video_duration")
        expect_equal(usage["video_count"], 1, "usage.video_count")
        expect_equal(usage["SR"], int(resolution.rstrip("P")), "usage.SR")
        clip_seconds = plan["output"]["seconds"] - (plan.get("continuation_seconds") or plan["output"]["seconds"])
        expect_equal(usage["input_video_duration"], clip_seconds, "usage.input_video_duration")
        video, audio = self.check_video(self.download(output.video_url, name.replace("+", "_")), plan)
        self.state.setdefault("succeeded", []).append(
            {"task_id": output.task_id, "width": video["width"], "height": video["height"]}
        )
        if name == "first_frame+driving_audio":
            self.state["uploaded_audio"] = sent[1]["url"]
        return f"{video['width']}x{video['height']}, {video['frame_count']} frames, audio {audio['duration_seconds']} s"

    def bad_duration(self):
        media = [{"type": "first_frame", "url": media_path("image/png_640x480.png")}]
        response = VideoSynthesis.async_call(
            model=MODEL, media=media, duration=20, resolution="720P", api_key=self.key
        )
        expect_equal(response.status_code, 400, "status_code")
        expect_equal(response.code, "InvalidParameter", "code")
        expect(response.message, "no message")
        # call() does the same request and then refuses to wait for a task that was not created.
        try:
            VideoSynthesis.call(model=MODEL, media=media, duration=20, api_key=self.key)
            raise CaseFailure("call() returned for a rejected task")
        except InvalidTask as error:
            expect('"status_code": 400' in str(error), f"InvalidTask without the status: {error}")
        return f"400 {response.code}: {response.message}"

    def failed_first_frame(self):
        name = "first_frame_200x900"
        media = [("first_frame", "image/png_200x900.png", "path")]
        request = self.write_request(name, media, "720P", 5)
        report = json.loads(self.tool("check", "--format", "json", request, allowed=(1,)).stdout)
        rules = [d.get("rule") for d in report["diagnostics"] if d.get("severity") == "error"]
        expect(rules, "check finds no error for a 200×900 first frame")
        response = VideoSynthesis.call(
            model=MODEL, media=self.sdk_media(media), duration=5, resolution="720P", api_key=self.key
        )
        expect_equal(response.status_code, 200, "status_code")
        output = response.output
        expect_equal(output.task_status, "FAILED", "task status")
        expect_equal(output["code"], "InvalidParameter", "output.code")
        expect(output["message"], "FAILED task without a message")
        expect(response.usage is None, f"a failed task has usage: {response.usage}")
        expect_equal(output.video_url, "", "video_url of a failed task")
        return f"FAILED {output['code']}: {output['message']} (check: {', '.join(rules)})"

    def no_key(self):
        inline = self.data_uri("image/png_640x480.png", "image/png")
        media = [{"type": "first_frame", "url": inline}]
        empty = VideoSynthesis.async_call(model=MODEL, media=media, api_key="")
        expect_equal(empty.status_code, 401, "status_code without a key")
        expect_equal(empty.code, "InvalidApiKey", "code without a key")
        wrong = VideoSynthesis.async_call(model=MODEL, media=media, api_key=self.key + "-wrong")
        expect_equal(wrong.status_code, 401, "status_code with a wrong key")
        expect_equal(wrong.code, "InvalidApiKey", "code with a wrong key")
        # With a local file the first request is the upload policy, and the SDK raises.
        local = [{"type": "first_frame", "url": media_path("image/png_640x480.png")}]
        try:
            VideoSynthesis.call(model=MODEL, media=local, api_key="")
            raise CaseFailure("call() returned without a key")
        except UploadFileException as error:
            expect("InvalidApiKey" in str(error), f"upload refused without the code: {error}")
        return f"401 {empty.code}: {empty.message} / {wrong.message}"

    def rate_limit(self, count=12):
        time.sleep(1.1)  # an empty window, whatever the cases before did
        inline = self.data_uri("image/png_640x480.png", "image/png")
        statuses = []
        codes = set()
        accepted = []
        for _ in range(count):
            response = VideoSynthesis.async_call(
                model=MODEL,
                media=[{"type": "first_frame", "url": inline}],
                duration=2,
                resolution="720P",
                api_key=self.key,
            )
            statuses.append(response.status_code)
            if response.status_code == 429:
                codes.add(response.code)
            elif response.status_code == 200:
                accepted.append(response.output.task_id)
        expect(429 in statuses, f"no 429 in {count} submissions in a row: {statuses}")
        expect(set(statuses) <= {200, 429}, f"statuses other than 200/429: {statuses}")
        expect_equal(codes, {"Throttling.RateQuota"}, "429 codes")
        expect(len(accepted) >= 5, f"fewer than 5 accepted before the limit: {statuses}")
        for task_id in accepted:  # leave the machine idle for what follows
            VideoSynthesis.cancel(task_id, api_key=self.key)
        return f"{statuses.count(200)} accepted, {statuses.count(429)} refused with 429 Throttling.RateQuota"

    def curl_script(self):
        name = "curl_first_frame_audio"
        request = self.write_request(
            name,
            [("first_frame", "image/jpeg_640x480.jpg", "path"), ("driving_audio", "audio/wav_3s_8000_mono.wav", "path")],
            "720P",
            3,
        )
        plan = self.plan(request)
        uploaded = self.state.get("uploaded_audio")
        expect(uploaded, "no uploaded audio from the first_frame+driving_audio case to map")
        script = os.path.join(self.work, "submit.sh")
        endpoint = self.base
        self.tool(
            "build", request, "--curl", script, "--endpoint", endpoint,
            "--map", f"{media_path('audio/wav_3s_8000_mono.wav')}={uploaded}",
        )
        environment = dict(os.environ, DASHSCOPE_API_KEY=self.key, WAN_PREFLIGHT_POLL_SECONDS="1",
                           WAN_PREFLIGHT_MAX_WAIT_SECONDS="120")
        done = subprocess.run([script], capture_output=True, text=True, env=environment, timeout=180)
        expect_equal(done.returncode, 0, f"submit.sh exit status ({done.stderr.strip()})")
        url = done.stdout.strip()
        expect(url.startswith(self.base + "/"), f"submit.sh printed {url!r}, not an emulator URL")
        video, _ = self.check_video(self.download(url, name), plan)
        return f"submit.sh printed the video URL; {video['width']}x{video['height']}, {video['frame_count']} frames"

    def data_uri(self, relative, mime):
        with open(media_path(relative), "rb") as f:
            return f"data:{mime};base64," + base64.b64encode(f.read()).decode("ascii")

    def run(self, state_path):
        for name, media, resolution, duration in SIX:
            self.case(f"sdk {name}", lambda: self.combination(name, media, resolution, duration))
        self.case("sdk bad duration -> 400 InvalidParameter", self.bad_duration)
        self.case("sdk 200x900 first frame -> FAILED task", self.failed_first_frame)
        self.case("sdk without a key -> 401 InvalidApiKey", self.no_key)
        self.case("build --curl script against the emulator", self.curl_script)
        self.case("sdk past the rate -> 429 Throttling.RateQuota", self.rate_limit)
        if state_path:
            with open(state_path, "w", encoding="utf-8") as f:
                json.dump(self.state, f)
        return self.failures

    def after_restart(self, state_path):
        with open(state_path, encoding="utf-8") as f:
            state = json.load(f)

        def restored():
            tasks = state.get("succeeded", [])
            expect(tasks, "no task from before the restart to look for")
            for task in tasks:
                response = VideoSynthesis.fetch(task["task_id"], api_key=self.key)
                expect_equal(response.status_code, 200, "status_code after restart")
                expect_equal(response.output.task_status, "SUCCEEDED", f"task {task['task_id']} after restart")
                media = self.probe(self.download(response.output.video_url, "restored_" + task["task_id"]))
                video = media["streams"][media["primary_video_stream"]]
                expect_equal((video["width"], video["height"]), (task["width"], task["height"]), "W×H after restart")
            unknown = VideoSynthesis.fetch("no-such-task-0000", api_key=self.key)
            expect_equal(unknown.output.task_status, "UNKNOWN", "an unknown task id")
            return f"{len(tasks)} tasks and their videos kept across a restart with --data"

        self.case("serve --data keeps tasks across a restart", restored)
        return self.failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the emulator, http://127.0.0.1:PORT")
    parser.add_argument("--bin", required=True, help="the wan-preflight executable")
    parser.add_argument("--key", required=True, help="the API key the emulator accepts")
    parser.add_argument("--state", help="where to keep what a restarted server must still know")
    parser.add_argument("--after-restart", action="store_true", help="check --state against a restarted server")
    args = parser.parse_args()
    run = Run(args)
    failures = run.after_restart(args.state) if args.after_restart else run.run(args.state)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
