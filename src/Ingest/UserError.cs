namespace Survey;

/// <summary>
/// A mistake the user can fix (bad arguments, rejected input, missing prerequisites). The CLI prints the message
/// on one line and exits with code 2; it is never shown as a stack trace.
/// </summary>
public class UserError(string message) : Exception(message);
