using InitOS.Core.Network;

namespace InitOS.Core.Config;

/// <summary>The proxy keys of <c>rancher.network</c>; null (the default) or blank means unset.</summary>
public sealed record ProxySettings
{
    /// <summary><c>rancher.network.http_proxy</c>.</summary>
    public Setting<string?> Http { get; init; } = new(null);

    /// <summary><c>rancher.network.https_proxy</c>.</summary>
    public Setting<string?> Https { get; init; } = new(null);

    /// <summary><c>rancher.network.no_proxy</c>.</summary>
    public Setting<string?> NoProxy { get; init; } = new(null);

    /// <summary>The settings as environment pairs, both spellings (<see cref="ProxyEnvironment.For"/>); empty when
    /// none is set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment => ProxyEnvironment.For(Http.Value, Https.Value, NoProxy.Value);
}
