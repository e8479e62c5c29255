import Testing

@testable import WanPreflight

/// The script `build --curl` writes: its headers, its key handling, its polling.
@Suite("Curl script")
struct CurlScriptTests {
  @Test("the curl script has the headers, reads the key at run time, and is valid bash")
  func curlScript() throws {
    let script = CurlScript(
      endpoint: "https://dashscope.aliyuncs.com/", bodyFile: "body.json", ossResolve: true,
      summary: "test"
    ).render()
    #expect(script.contains("-H 'X-DashScope-Async: enable'"))
    #expect(script.contains("-H 'X-DashScope-OssResourceResolve: enable'"))
    #expect(script.contains(#"-H "Authorization: Bearer $DASHSCOPE_API_KEY""#))
    #expect(script.contains("base='https://dashscope.aliyuncs.com'"))
    #expect(script.contains("/api/v1/tasks/$task_id"))
    let plain = CurlScript(
      endpoint: "https://x", bodyFile: "b.json", ossResolve: false, summary: "")
    #expect(!plain.render().contains("OssResourceResolve"))
  }

  @Test("the curl script decodes JSON escapes and gives up after WAN_PREFLIGHT_MAX_WAIT_SECONDS")
  func curlScriptEscapesAndMaxWait() throws {
    let script = CurlScript(
      endpoint: "https://x", bodyFile: "b.json", ossResolve: false, summary: ""
    )
    .render()
    #expect(script.contains("max_wait=${WAN_PREFLIGHT_MAX_WAIT_SECONDS:-1800}"))
    #expect(script.contains(#"-e 's#\\/#/#g' -e 's/\\u0026/\&/g'"#))
    #expect(script.contains(#"printf '%b' "$raw""#))
  }
}
