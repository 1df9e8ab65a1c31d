"""The review web app and JSON API: `create_app(project)` builds it; nothing at import."""
