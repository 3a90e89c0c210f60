using InitOS.Core.Config;

namespace InitOS.Core.Lifecycle;

/// <summary>The <c>rancher.upgrade</c> keys, typed and clamped once.</summary>
/// <param name="Url">The release index (<c>rancher.upgrade.url</c>): a file path or an http(s) URL; null when unset.</param>
/// <param name="Image">The OS image repository (<c>rancher.upgrade.image</c>, default <c>initos/os</c>).</param>
/// <param name="Tries">Trial boots of a new version before GRUB falls back (<c>rancher.upgrade.tries</c>, 1..5, default 2).</param>
/// <param name="HealthTimeout">How long a trial boot has to become healthy (<c>rancher.upgrade.health_timeout</c>
/// seconds, 60..3600, default 600).</param>
/// <param name="HealthCheck">An extra shell command that must exit 0 before a trial boot is committed
/// (<c>rancher.upgrade.health_check</c>); null when unset.</param>
public sealed record UpgradeSettings(string? Url, string Image, int Tries, TimeSpan HealthTimeout, string? HealthCheck)
{
    /// <summary>The default OS image repository.</summary>
    public const string DefaultImage = "initos/os";

    /// <summary>The trial boot's health timeout when unset, in seconds.</summary>
    public const long DefaultHealthTimeoutSeconds = 600;

    /// <summary>The lowest health timeout, in seconds.</summary>
    public const long MinHealthTimeoutSeconds = 60;

    /// <summary>The highest health timeout, in seconds: an hour.</summary>
    public const long MaxHealthTimeoutSeconds = 3600;

    /// <summary>The settings when no <c>rancher.upgrade</c> key is set.</summary>
    public static UpgradeSettings Default { get; } =
        new(null, DefaultImage, BootSlots.DefaultTries, TimeSpan.FromSeconds(DefaultHealthTimeoutSeconds), null);

    /// <summary>The <c>rancher.upgrade</c> part of <see cref="BootSettings.Read"/> (the one reader of these keys):
    /// missing or unusable values take the defaults, numbers are clamped; <see cref="Default"/> without a config.</summary>
    public static UpgradeSettings From(LoadedConfig? config) =>
        config is null ? Default : BootSettings.Read(config).Upgrade.Value;
}
