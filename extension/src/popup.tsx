// The toolbar popup: is PaperLens connected and as whom, what it made of this tab, the counts
// (saved, not interested, pending), the top picks "for you", and the saved library.
import { useEffect, useState } from "react"

import type { ApiMe } from "./protocol/generated"
import { describeStatus } from "./shared/connection-status"
import { PENDING_KEY, SAVED_KEY } from "./shared/published"
import { api } from "./ui/api"
import { ForYou } from "./ui/for-you"
import { Library } from "./ui/library"
import { PageStatus } from "./ui/page-status"
import { STATE_COLOURS, muted, page, quietButton, title } from "./ui/styles"
import { useConnectionStatus } from "./ui/use-connection"
import { useStored } from "./ui/use-stored"

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

function Popup() {
  const [status] = useConnectionStatus()
  const saved = useStored<string[]>("local", SAVED_KEY)
  const pending = useStored<string[]>("local", PENDING_KEY)
  const [me, setMe] = useState<ApiMe | null>(null)
  useEffect(() => {
    if (status?.state !== "connected") return
    api<ApiMe>({ what: "me" }).then((answer) => answer.ok && setMe(answer.data))
  }, [status?.state, saved?.join(","), pending?.length])

  return (
    <main style={{ ...page, width: 360 }}>
      <h1 style={title}>PaperLens</h1>
      <p id="connection" data-state={status?.state ?? "unknown"} style={{ margin: "0 0 8px" }}>
        <span aria-hidden style={{ color: STATE_COLOURS[status?.state ?? ""] ?? "#6b7280" }}>● </span>
        {status ? describeStatus(status) : "Starting…"}
      </p>
      <PageStatus />
      <p style={{ margin: "0 0 4px" }}>
        <span id="saved-count">{saved === null ? "" : plural(saved.length, "saved paper", "saved papers")}</span>
        {me && (
          <>
            {" · "}
            <span id="dismissed-count">{me.dismissed_count} not interested</span>
          </>
        )}
      </p>
      {pending && pending.length > 0 && (
        <p id="pending-count" style={{ ...muted, margin: "0 0 4px" }}>
          {plural(pending.length, "paper has a click", "papers have clicks")} waiting for the server
        </p>
      )}
      <ForYou />
      <Library />
      <p style={{ marginTop: 14 }}>
        <button id="open-options" type="button" style={quietButton} onClick={() => chrome.runtime.openOptionsPage()}>
          Options
        </button>
      </p>
    </main>
  )
}

export default Popup
