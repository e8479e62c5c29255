import Foundation

/// A shell script that submits a built body to the API and waits for the video.
///
/// It reads the API key from `$DASHSCOPE_API_KEY` when it runs: no key is ever written into it.
/// It POSTs the body file (kept beside it, so large bodies stay off the command line) with every
/// required header, then polls `GET /api/v1/tasks/{task_id}` until the task ends, and prints the
/// `video_url` with its JSON escapes (`\/`, `\u0026`) decoded. `WAN_PREFLIGHT_POLL_SECONDS`
/// changes the polling interval (default 15 s; the task query limit is 20 requests a second);
/// after `WAN_PREFLIGHT_MAX_WAIT_SECONDS` (default ``defaultMaxWaitSeconds``) of polling it
/// gives up with exit status 1, naming the task to query later.
public struct CurlScript: Sendable {
  /// The API host, e.g. `https://dashscope.aliyuncs.com` or a workspace host.
  public var endpoint: String
  /// The body file's path, relative to the script's folder (or absolute).
  public var bodyFile: String
  /// Whether to send `X-DashScope-OssResourceResolve: enable` (any `oss://` URL).
  public var ossResolve: Bool
  /// One line about the task, written as a comment at the top.
  public var summary: String

  /// How long the script polls before it gives up, unless `WAN_PREFLIGHT_MAX_WAIT_SECONDS` says.
  public static let defaultMaxWaitSeconds = 1800

  /// Creates a script description.
  public init(endpoint: String, bodyFile: String, ossResolve: Bool, summary: String) {
    self.endpoint = endpoint
    self.bodyFile = bodyFile
    self.ossResolve = ossResolve
    self.summary = summary
  }

  /// The script's text.
  public func render() -> String {
    let body =
      bodyFile.hasPrefix("/")
      ? shellQuoted(bodyFile) : "\"$(dirname \"$0\")\"/" + shellQuoted(bodyFile)
    var headers = [
      "-H \"Authorization: Bearer $DASHSCOPE_API_KEY\"", "-H 'Content-Type: application/json'",
      "-H 'X-DashScope-Async: enable'",
    ]
    if ossResolve { headers.append("-H 'X-DashScope-OssResourceResolve: enable'") }
    let endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
    return #"""
      #!/usr/bin/env bash
      # Submits a wan2.7-i2v task and waits for the video. Made by wan-preflight build.
      # \#(summary)
      # The API key is read from DASHSCOPE_API_KEY when this runs; it is not stored here.
      set -euo pipefail
      : "${DASHSCOPE_API_KEY:?set DASHSCOPE_API_KEY to your DashScope API key}"
      base=\#(shellQuoted(endpoint))
      body=\#(body)

      # Pulls a string field out of a JSON response without needing jq, its JSON escapes decoded:
      # \/ and the \u00XX forms some servers write for & = < > ' by sed (any bash), the rest by
      # printf %b (\uXXXX needs bash 4.2 or later).
      field() {
        local raw
        raw=$(sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -n 1 \
          | sed -e 's#\\/#/#g' -e 's/\\u0026/\&/g' -e 's/\\u003[dD]/=/g' -e 's/\\u003[cC]/</g' \
            -e 's/\\u003[eE]/>/g' -e "s/\\\\u0027/'/g")
        printf '%b' "$raw"
      }

      response=$(curl -sS -X POST "$base/api/v1/services/aigc/video-generation/video-synthesis" \
        \#(headers.joined(separator: " \\\n  ")) \
        --data-binary @"$body")
      task_id=$(printf '%s' "$response" | field task_id)
      if [ -z "$task_id" ]; then
        echo "submit failed: $response" >&2
        exit 1
      fi
      interval=${WAN_PREFLIGHT_POLL_SECONDS:-15}
      max_wait=${WAN_PREFLIGHT_MAX_WAIT_SECONDS:-\#(Self.defaultMaxWaitSeconds)}
      case "$max_wait" in
        '' | *[!0-9]*)
          echo "WAN_PREFLIGHT_MAX_WAIT_SECONDS must be a whole number of seconds, not '$max_wait'" >&2
          exit 2 ;;
      esac
      deadline=$((SECONDS + max_wait))
      echo "task $task_id submitted; polling every $interval s for at most $max_wait s" >&2

      while true; do
        sleep "$interval"
        status_json=$(curl -sS -H "Authorization: Bearer $DASHSCOPE_API_KEY" \
          "$base/api/v1/tasks/$task_id")
        status=$(printf '%s' "$status_json" | field task_status)
        case "$status" in
          SUCCEEDED)
            printf '%s\n' "$(printf '%s' "$status_json" | field video_url)"
            exit 0 ;;
          FAILED|CANCELED|UNKNOWN)
            echo "task $task_id ended $status: $status_json" >&2
            exit 1 ;;
          *)
            echo "task $task_id: ${status:-no status yet}" >&2 ;;
        esac
        if [ "$SECONDS" -ge "$deadline" ]; then
          echo "gave up on task $task_id: still ${status:-without a status} after $max_wait s" \
            "(WAN_PREFLIGHT_MAX_WAIT_SECONDS); it may yet finish: query $base/api/v1/tasks/$task_id" >&2
          exit 1
        fi
      done

      """#
  }

  private func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
