#!/usr/bin/env python3
"""Runs the shell steps of action.yml (the composite GitHub Action) here, as a runner would:

    scripts/test-action.py BIN_FOLDER

`${{ inputs.X }}` becomes the case's input (or the input's default), `$GITHUB_ACTION_PATH` a
temporary folder whose `.build/release` links to BIN_FOLDER's binary, `$GITHUB_OUTPUT` a
temporary file. The steps that install packages, build, cache or upload are left to GitHub
(`make test-install` and CI cover the build); the lint and SARIF steps run on a folder of
requests with one error, and each case's exit status and outputs are checked.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIPPED = ("Install", "Cache", "Build", "Upload")


def steps(action):
    return [s for s in action["runs"]["steps"] if "run" in s and not s["name"].startswith(SKIPPED)]


def expand(text, inputs):
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], text)


def run_step(step, inputs, env, cwd):
    condition = step.get("if", "")
    if "inputs.sarif == 'true'" in condition and inputs["sarif"] != "true":
        return None
    step_env = dict(env)
    for key, value in step.get("env", {}).items():
        step_env[key] = expand(str(value), inputs)
    return subprocess.run(["bash", "-e", "-c", expand(step["run"], inputs)], env=step_env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def main():
    binary = os.path.abspath(os.path.join(sys.argv[1], "wan-preflight"))
    with open(os.path.join(ROOT, "action.yml")) as f:
        action = yaml.safe_load(f)
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    work = tempfile.mkdtemp()
    try:
        action_path = os.path.join(work, "action")
        os.makedirs(os.path.join(action_path, ".build", "release"))
        os.symlink(binary, os.path.join(action_path, ".build", "release", "wan-preflight"))
        repo = os.path.join(work, "repo")
        os.makedirs(os.path.join(repo, "jobs"))
        os.mkdir(os.path.join(repo, ".git"))
        shutil.copy(os.path.join(ROOT, "fixtures/media/image/png_640x480.png"), repo)
        good = {"model": "wan2.7-i2v", "input": {"prompt": "a cat",
                "media": [{"type": "first_frame", "url": "../png_640x480.png"}]},
                "parameters": {"resolution": "720P", "duration": 5}}
        with open(os.path.join(repo, "jobs", "good.json"), "w") as f:
            json.dump(good, f)
        bad = json.loads(json.dumps(good))
        bad["parameters"]["duration"] = 20
        cases = [  # inputs, the lint step's exit status, a text its output holds
            ({"paths": "jobs/good.json"}, 0, ""),
            ({"paths": "jobs"}, 1, "::error"),
            ({"paths": "jobs/good.json", "max-seconds": "4"}, 1, ""),
            ({"paths": "jobs", "format": "json", "sarif": "true"}, 1, '"schema"'),
        ]
        failures = []
        with open(os.path.join(repo, "jobs", "bad.json"), "w") as f:
            json.dump(bad, f)
        for given, status, text in cases:
            inputs = dict(defaults, **given)
            output_file = os.path.join(work, "github_output")
            open(output_file, "w").close()
            env = dict(os.environ, GITHUB_ACTION_PATH=action_path, GITHUB_OUTPUT=output_file)
            sarif = os.path.join(repo, "wan-preflight.sarif")
            if os.path.exists(sarif):
                os.remove(sarif)
            lint, write = [run_step(s, inputs, env, repo) for s in steps(action)]
            if lint.returncode != status:
                failures.append(f"{given}: lint exit {lint.returncode}, expected {status}: {lint.stderr[-300:]}")
            if text not in lint.stdout:
                failures.append(f"{given}: lint output lacks {text!r}")
            if inputs["sarif"] == "true":
                if write is None or write.returncode != 0 or not os.path.exists(sarif):
                    failures.append(f"{given}: the SARIF step wrote no {sarif}: "
                                    f"{write and write.stderr[-300:]!r}")
                elif json.load(open(sarif)).get("version") != "2.1.0":
                    failures.append(f"{given}: {sarif} is not SARIF 2.1.0")
                elif "file=wan-preflight.sarif" not in open(output_file).read():
                    failures.append(f"{given}: no sarif-file output")
            elif write is not None:
                failures.append(f"{given}: the SARIF step ran without sarif: true")
        for failure in failures:
            print("test-action:", failure, file=sys.stderr)
        if failures:
            sys.exit(1)
        print(f"test-action: the lint and SARIF steps of action.yml pass {len(cases)} cases")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
