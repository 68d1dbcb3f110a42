// Owns the popup's "For you" list: the top recommendations the server pushed (kept by the
// background under `for_you`), each opening its paper page; it follows every new push.
import type { Recommendations } from "../protocol"
import { FOR_YOU_KEY } from "../shared/published"
import { heading, link, list, muted } from "./styles"
import { useStored } from "./use-stored"

export function ForYou() {
  const forYou = useStored<Recommendations>("session", FOR_YOU_KEY)
  return (
    <section aria-labelledby="for-you-heading">
      <h2 id="for-you-heading" style={heading}>
        For you{forYou && !forYou.personal ? " · popular so far" : ""}
      </h2>
      {!forYou || forYou.papers.length === 0 ? (
        <p style={muted}>{forYou ? "Nothing to recommend yet." : "Waiting for the server…"}</p>
      ) : (
        <ol id="for-you" style={list}>
          {forYou.papers.map((item) => (
            <li key={item.paper.id} data-paper-id={item.paper.id} style={{ margin: "3px 0" }}>
              <a href={`https://huggingface.co/papers/${item.paper.id}`} target="_blank" rel="noreferrer" title={item.reason} style={link}>
                {item.paper.title}
              </a>{" "}
              <span style={muted} aria-label={`score ${Math.round(item.score * 100)} of 100`}>
                {Math.round(item.score * 100)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
