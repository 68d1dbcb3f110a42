// Owns the "for you" recommendations: the one standing recommend request the background keeps
// open on the connection (the server pushes it again after every model change), and the last
// answer, kept in session storage (key `for_you`) for the popup to show whenever it opens.
import type { Recommend, Recommendations } from "../protocol"
import { FOR_YOU_KEY } from "../shared/published"
import { storageArea } from "../shared/storage"

export const FOR_YOU_REQUEST = "for-you"
const FOR_YOU_LIMIT = 10

export function forYouRequest(): Recommend {
  return { type: "recommend", request_id: FOR_YOU_REQUEST, limit: FOR_YOU_LIMIT }
}

export async function storeForYou(frame: Recommendations): Promise<void> {
  await storageArea("session").set({ [FOR_YOU_KEY]: frame })
}
