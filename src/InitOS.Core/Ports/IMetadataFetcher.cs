using InitOS.Core.Datasources;

namespace InitOS.Core.Ports;

/// <summary>
/// One HTTP exchange with a cloud metadata service. The adapter performs exactly the request it is given
/// (method, headers, per-request timeout) and never retries; retry and fallback decisions live in the
/// datasources.
/// </summary>
public interface IMetadataFetcher
{
    /// <summary>
    /// Sends <paramref name="request"/>. A request that gets no answer (refused, unreachable, timed out) comes
    /// back as a <see cref="MetadataResponse"/> with <see cref="MetadataResponse.Answered"/> false, not as an
    /// exception; only cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    Task<MetadataResponse> SendAsync(MetadataRequest request, CancellationToken cancellationToken);
}
