import App
import Testing

/// Root of the App suites. Serialized: on PostgreSQL all suites share one database.
@Suite(.serialized) struct AppTests {}
