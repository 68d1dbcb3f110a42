// Owns the storage keys under which the background publishes state for the popup to read: the
// saved and pending sets (background/library/library.ts writes them; local storage, like the
// queue they are derived from) and the last "for you" recommendations (background/for-you.ts;
// session storage).
export const SAVED_KEY = "saved_ids"
export const PENDING_KEY = "pending_ids"
export const FOR_YOU_KEY = "for_you"
