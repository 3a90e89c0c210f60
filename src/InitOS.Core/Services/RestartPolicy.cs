using System.Globalization;

namespace InitOS.Core.Services;

/// <summary>A container restart policy: <c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure[:N]</c>.</summary>
/// <param name="Name">The policy name.</param>
/// <param name="MaxRetries">For <c>on-failure</c>: the retry limit (0 = unlimited).</param>
public sealed record RestartPolicy(string Name, long MaxRetries = 0)
{
    /// <summary>Never restart.</summary>
    public static RestartPolicy No { get; } = new("no");

    /// <summary>Parses the compose <c>restart</c> value; throws <see cref="ServiceSpecException"/> on an unknown policy.</summary>
    public static RestartPolicy Parse(string service, string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0 || t == "no")
        {
            return No;
        }
        if (t == "always" || t == "unless-stopped")
        {
            return new(t);
        }
        if (t == "on-failure")
        {
            return new(t);
        }
        if (t.StartsWith("on-failure:", StringComparison.Ordinal)
            && long.TryParse(t.AsSpan(11), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return new("on-failure", n);
        }
        throw new ServiceSpecException(service, "restart", $"unknown restart policy '{t}'");
    }

    /// <inheritdoc/>
    public override string ToString() => Name == "on-failure" && MaxRetries > 0
        ? string.Create(CultureInfo.InvariantCulture, $"on-failure:{MaxRetries}")
        : Name;
}
