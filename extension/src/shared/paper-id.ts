// Owns what counts as a paper id (shared_schema/paper.json's pattern): the content script reads
// ids from links and URLs with it, and the background keeps ids that do not match out of its
// queue and its pages, since the server would refuse them on every replay.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/

export function isPaperId(id: unknown): id is string {
  return typeof id === "string" && ID_PATTERN.test(id)
}
