namespace InitOS.Core.Config;

/// <summary>
/// The numbers the init takes from the merged config, read once after loading and clamped (issue 12): a value
/// outside its range is used at the nearest bound and reported with the layer (file:line:column) that set it.
/// <list type="bullet">
/// <item><c>rancher.shutdown_timeout</c>: 5..3600 s (the shutdown watchdog).</item>
/// </list>
/// <c>rancher.network.dhcp_timeout</c> is read by <see cref="Network.NetworkSettings"/> (1..3600 s);
/// <c>rancher.http_load_retries</c> has no reader (see <see cref="Schema.UnappliedKeys"/>).
/// </summary>
public sealed record InitSettings
{
    /// <summary>Lowest shutdown watchdog, in seconds.</summary>
    public const long MinShutdownSeconds = 5;

    /// <summary>Highest shutdown watchdog, in seconds: an hour.</summary>
    public const long MaxShutdownSeconds = 3600;

    /// <summary>How long a shutdown may take before the power action is forced; null when unset (the
    /// shutdown's own default applies; os-config.yml sets 60 s).</summary>
    public TimeSpan? ShutdownTimeout { get; init; }

    /// <summary>Values that were clamped or ignored, with their source.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Reads the settings from a loaded config.</summary>
    public static InitSettings From(LoadedConfig config)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var settings = new InitSettings();
        const string key = "rancher.shutdown_timeout";
        if (ConfigNumber.Clamp(config.Get(key), key, MinShutdownSeconds, MaxShutdownSeconds, " s", out var problem) is { } seconds)
        {
            settings = settings with { ShutdownTimeout = TimeSpan.FromSeconds(seconds) };
        }
        if (problem != null)
        {
            var (source, line, column) = config.SourceOf(key);
            diagnostics.Add(new ConfigDiagnostic(source, line, column, problem));
        }
        return settings with { Diagnostics = diagnostics };
    }
}
