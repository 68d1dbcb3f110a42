// The options page: where the user points PaperLens at their server and pastes the token the
// `paperlens` command gave them. "Test connection" checks what is typed without saving it and
// names the failure; saving asks the background to connect at once, and the status line follows
// the connection until it settles.
import { type FormEvent, useEffect, useState } from "react"

import type { TestResult } from "./background/handlers/test-connection"
import { type ConnectionStatus, describeStatus } from "./shared/connection-status"
import { DEFAULT_SERVER_URL, loadSettings, normalizeServerUrl, saveSettings } from "./shared/settings"
import { ask } from "./ui/api"
import { STATE_COLOURS, button, page, quietButton, title } from "./ui/styles"
import { useConnectionStatus } from "./ui/use-connection"

const field = { display: "block", margin: "4px 0 12px", width: "100%", maxWidth: 420, padding: 6, font: "inherit" }

function Options() {
  const [serverUrl, setServerUrl] = useState("")
  const [token, setToken] = useState("")
  const [status, setStatus] = useConnectionStatus()
  const [saved, setSaved] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [test, setTest] = useState<TestResult | "testing" | null>(null)

  useEffect(() => {
    loadSettings().then((s) => {
      setServerUrl(s.serverUrl)
      setToken(s.token)
    })
  }, [])

  async function save(event: FormEvent) {
    event.preventDefault()
    const url = normalizeServerUrl(serverUrl)
    if (!url) {
      setProblem(`Server URL must be an http:// address such as ${DEFAULT_SERVER_URL}; got "${serverUrl}".`)
      return
    }
    setProblem(null)
    setServerUrl(url)
    await saveSettings({ serverUrl: url, token })
    const next = await ask<ConnectionStatus | undefined>({ kind: "reconnect" })
    if (next) setStatus(next)
    setSaved(true)
  }

  async function testConnection() {
    setTest("testing")
    setTest(await ask<TestResult>({ kind: "test-connection", serverUrl, token }))
  }

  const words = problem ?? (status ? `${saved ? "Saved. " : ""}${describeStatus(status)}` : saved ? "Saved." : "")
  return (
    <main style={{ ...page, maxWidth: 520 }}>
      <h1 style={title}>PaperLens options</h1>
      <form onSubmit={save}>
        <label htmlFor="server-url">Server URL</label>
        <input
          id="server-url"
          type="text"
          inputMode="url"
          spellCheck={false}
          placeholder={DEFAULT_SERVER_URL}
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          style={field}
        />
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="printed by `paperlens` when it created your user"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          style={field}
        />
        <div style={{ display: "flex", gap: 8 }}>
          <button id="save" type="submit" style={button}>
            Save
          </button>
          <button id="test" type="button" style={{ ...quietButton, fontSize: 14, padding: "6px 14px" }} onClick={testConnection}>
            Test connection
          </button>
        </div>
      </form>
      <p
        id="test-result"
        role="status"
        data-code={test === null ? "" : test === "testing" ? "testing" : test.code}
        style={{ marginTop: 12, color: test === null || test === "testing" ? "#4b5563" : test.ok ? "#15803d" : "#b91c1c" }}>
        {test === "testing" ? "Testing…" : (test?.message ?? "")}
      </p>
      <p
        id="status"
        role="status"
        data-state={problem ? "invalid" : (status?.state ?? "unknown")}
        style={{ marginTop: 12, color: problem ? "#dc2626" : STATE_COLOURS[status?.state ?? ""] }}>
        {words}
      </p>
    </main>
  )
}

export default Options
