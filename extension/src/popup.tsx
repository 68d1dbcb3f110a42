// The toolbar popup: is PaperLens connected, as whom, and how many papers are saved.
import { describeStatus } from "./lib/connection-status"
import { STATE_COLOURS, button, page, title } from "./ui/styles"
import { useConnectionStatus, useSavedCount } from "./ui/use-connection"

function Popup() {
  const [status] = useConnectionStatus()
  const saved = useSavedCount()
  return (
    <main style={{ ...page, width: 300 }}>
      <h1 style={title}>PaperLens</h1>
      <p id="connection" data-state={status?.state ?? "unknown"} style={{ margin: "0 0 8px" }}>
        <span aria-hidden style={{ color: STATE_COLOURS[status?.state ?? ""] ?? "#6b7280" }}>● </span>
        {status ? describeStatus(status) : "Starting…"}
      </p>
      <p id="saved-count" style={{ margin: "0 0 12px" }}>
        {saved === null ? "" : `${saved} saved ${saved === 1 ? "paper" : "papers"}`}
      </p>
      <button id="open-options" type="button" style={button} onClick={() => chrome.runtime.openOptionsPage()}>
        Options
      </button>
    </main>
  )
}

export default Popup
