"""The WebSocket side of the server: connection registry, per-message handlers, the /ws route."""
