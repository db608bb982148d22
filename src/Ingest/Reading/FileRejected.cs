namespace Survey.Ingest.Reading;

/// <summary>A structural problem that rejects the whole file (the message is Swedish: the uploader reads it).</summary>
internal sealed class FileRejected(string message) : Exception(message);
