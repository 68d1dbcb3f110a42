// The options page: where the user points PaperLens at their server and pastes the token the
// `paperlens` command gave them. Saving asks the background to connect at once, and the status
// line follows the connection until it settles.
import { type FormEvent, useEffect, useState } from "react"

import { type ReconnectMessage } from "./messages"
import { type ConnectionStatus, describeStatus } from "./lib/connection-status"
import { DEFAULT_SERVER_URL, loadSettings, normalizeServerUrl, saveSettings } from "./lib/settings"
import { STATE_COLOURS, button, page, title } from "./ui/styles"
import { useConnectionStatus } from "./ui/use-connection"

const field = { display: "block", margin: "4px 0 12px", width: "100%", maxWidth: 420, padding: 6, font: "inherit" }

function Options() {
  const [serverUrl, setServerUrl] = useState("")
  const [token, setToken] = useState("")
  const [status, setStatus] = useConnectionStatus()
  const [saved, setSaved] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

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
    const next = (await chrome.runtime.sendMessage({ kind: "reconnect" } satisfies ReconnectMessage)) as
      | ConnectionStatus
      | undefined
    if (next) setStatus(next)
    setSaved(true)
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
        <button id="save" type="submit" style={button}>
          Save
        </button>
      </form>
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
