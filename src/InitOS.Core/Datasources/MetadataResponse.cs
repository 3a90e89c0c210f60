namespace InitOS.Core.Datasources;

/// <summary>The answer to a <see cref="MetadataRequest"/>.</summary>
/// <param name="Status">HTTP status code; 0 when the service did not answer.</param>
/// <param name="Body">The response body (empty when there is none).</param>
/// <param name="Headers">Response headers, names lower-cased.</param>
/// <param name="Error">Why there is no answer (refused, timed out …); <c>null</c> when there is one.</param>
/// <param name="TimedOut">True when the request ran out of its time bound (as opposed to failing fast).</param>
public sealed record MetadataResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string> Headers, string? Error, bool TimedOut = false)
{
    /// <summary>True when the service answered with any HTTP status.</summary>
    public bool Answered => Status != 0;

    /// <summary>True for a 2xx answer.</summary>
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The body decoded as UTF-8.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>A response that never arrived, with the reason.</summary>
    public static MetadataResponse NoAnswer(string error, bool timedOut = false) => new(0, [], new Dictionary<string, string>(), error, timedOut);

    /// <summary>A one-line description for logs: status code or the error.</summary>
    public string Describe() => Answered ? $"HTTP {Status}" : Error ?? "no answer";
}
