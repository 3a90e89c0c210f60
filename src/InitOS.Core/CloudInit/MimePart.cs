namespace InitOS.Core.CloudInit;

/// <summary>One leaf part of a MIME multipart user-data message, transfer encoding already undone.</summary>
/// <param name="ContentType">Media type, lower-case, without parameters (<c>text/cloud-config</c>).</param>
/// <param name="FileName">The <c>filename</c> of its Content-Disposition, when given.</param>
/// <param name="Body">The decoded body.</param>
public sealed record MimePart(string ContentType, string? FileName, byte[] Body);
